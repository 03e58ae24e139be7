/**
 * A long import does not hold the event loop: store calls are synchronous and signing
 * runs in process, so without a break between rows a 10,000-row import would answer no
 * other request until it ended. Between rows the import lets the event loop run: a timer
 * set before it fires while it is still going.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importParticipants } from '../../src/programs/csvImportRun.js';
import { createTestApp, type TestApp } from '../fixtures/testDeps.js';
import { FIXTURE_STAFF, makeBatch, makeParticipant } from '../fixtures/programs.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

describe('a long import', () => {
  it('lets timers and other requests run between its rows', async () => {
    const { batch } = await makeBatch(t);
    const people = [];
    for (let i = 0; i < 6; i++) people.push(await makeParticipant(t));
    const csv = ['email,name,modules,score:final', ...people.map((p) => `${p.email},,all,88`)].join('\n');
    let fired = false;
    setTimeout(() => {
      fired = true;
    }, 0);
    const firedAtRow: boolean[] = [];
    const result = await importParticipants(t.deps.programs, FIXTURE_STAFF, batch.id, csv, {
      dryRun: false,
      onRow: () => firedAtRow.push(fired),
    });
    expect(result.counts.issued).toBe(6);
    // Every row signs a certificate (milliseconds each): the timer ran before the last row.
    expect(firedAtRow.at(-1)).toBe(true);
  });
});
