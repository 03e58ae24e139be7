/**
 * Counts read as English on the console pages fixed for "1 participants" and the like: a
 * batch with one participant whose certificate was re-issued once, and a report with one
 * rating. (The helper itself: test/plural.test.ts.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../fixtures/testDeps.js';
import { signIn, type SignedIn } from '../../fixtures/sessions.js';
import {
  FIXTURE_STAFF,
  makeBatch,
  makeParticipant,
  passingEvents,
  recordAll,
} from '../../fixtures/programs.js';
import { giveFeedback, reissueCertificate } from '../../../src/programs/staffIssuance.js';
import { get } from './consoleFixtures.js';

let t: TestApp;
let staff: SignedIn;
let batchId: string;

beforeAll(async () => {
  t = await createTestApp();
  staff = await signIn(t, 'staff');
  const { batch } = await makeBatch(t);
  batchId = batch.id;
  const person = await makeParticipant(t);
  await recordAll(t, passingEvents(batch.id, person.id));
  await reissueCertificate(t.deps.programs, FIXTURE_STAFF, batch.id, person.id, {
    reason: 'Typo in the name',
  });
  const { credentialId } = (await t.deps.stores.enrolments.getEnrolment(batch.id, person.id))!;
  await giveFeedback(
    t.deps.programs,
    { id: person.id, label: person.name, role: 'participant' },
    credentialId!,
    { rating: 5 },
  );
});
afterAll(async () => {
  await t.close();
});

describe('counts of one', () => {
  it('the batch tracker: "1 participant", "re-issued 1 time"', async () => {
    const html = await (
      await get(t, `/admin/programmes/batches/${encodeURIComponent(batchId)}`, staff)
    ).text();
    expect(html).toContain('<caption>1 participant, what needs attention first</caption>');
    expect(html).toContain('issued (re-issued 1 time)');
    expect(html).not.toMatch(/\b1 participants\b|time\(s\)/);
  });

  it('the programme reports: "1 rating"', async () => {
    const html = await (await get(t, '/admin/programmes/reports', staff)).text();
    expect(html).toContain('1 rating, average 5 of 5.');
    expect(html).not.toMatch(/\b1 ratings\b|\b1 certificates\b/);
  });
});
