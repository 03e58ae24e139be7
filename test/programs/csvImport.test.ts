/**
 * CSV import through POST /programs/batches/:id/import: the dry run says per line what
 * would happen and writes nothing; the import issues, and importing the same file again
 * issues nothing twice; file problems and row problems are reported by line; the route's
 * security cases (401, 403, 415, 413 beyond the upload limit, 404 for another batch).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../fixtures/testDeps.js';
import { expectProblem, type Json } from '../fixtures/http.js';
import { makeBatch, makeParticipant } from '../fixtures/programs.js';
import type { BatchRecord, UserRecord } from '../../src/storage/ports.js';

let t: TestApp;
let key: string;
let batch: BatchRecord;
let ready: UserRecord;
let noConsent: UserRecord;

beforeAll(async () => {
  t = await createTestApp();
  key = await t.keyWithScopes(['programs:manage']);
  ({ batch } = await makeBatch(t));
  ready = await makeParticipant(t);
  noConsent = await makeParticipant(t, { consent: false });
});
afterAll(async () => {
  await t.close();
});

const csv = () =>
  [
    'email,name,modules,score:final',
    `${ready.email},,all,88`,
    `${noConsent.email},,all,90`,
    'new.person@example.org,New Person,m1,75',
    'nameless@example.org,,all,99',
    `${ready.email.toUpperCase()},,all,88`,
    'x@example.org,X,m9,10',
  ].join('\n');

const upload = (
  body: string,
  options: { dryRun?: boolean; key?: string; type?: string; batchId?: string } = {},
) =>
  Promise.resolve(
    t.app.request(
      `/programs/batches/${options.batchId ?? batch.id}/import${options.dryRun ? '?dryRun=1' : ''}`,
      {
        method: 'POST',
        headers: {
          'content-type': options.type ?? 'text/csv',
          ...(options.key === '' ? {} : { authorization: `Bearer ${options.key ?? key}` }),
        },
        body,
      },
    ),
  );

describe('CSV import', () => {
  it('a dry run lists per line what would happen and writes nothing', async () => {
    const res = await upload(csv(), { dryRun: true });
    expect(res.status).toBe(200);
    const result = (await res.json()) as Json;
    expect(result.dryRun).toBe(true);
    expect(result.outcomes).toEqual([
      { line: 2, email: ready.email, outcome: 'would_issue' },
      { line: 3, email: noConsent.email, outcome: 'waiting_consent' },
      { line: 4, email: 'new.person@example.org', outcome: 'not_met', missing: ['module:m2'] },
      {
        line: 5,
        email: 'nameless@example.org',
        outcome: 'error',
        message: expect.stringMatching(/add a "name" column/),
      },
      { line: 7, email: 'x@example.org', outcome: 'error', message: 'the course has no module "m9"' },
    ]);
    expect(result.errors).toEqual([{ line: 6, message: `${ready.email} already appears on line 2` }]);
    expect(await t.deps.stores.enrolments.listEnrolments(batch.id)).toEqual([]);
    expect(await t.deps.stores.users.getByEmail('new.person@example.org')).toBeUndefined();
  });

  it('imports: issues, waits for consent, creates accounts; a second import issues nothing twice', async () => {
    const result = (await (await upload(csv())).json()) as Json;
    expect(result.outcomes.map((o: Json) => o.outcome)).toEqual([
      'issued',
      'waiting_consent',
      'not_met',
      'error',
      'error',
    ]);
    expect(result.counts).toEqual({ issued: 1, waiting_consent: 1, not_met: 1, error: 2 });
    expect(await t.deps.stores.credentials.listByHolder(ready.id)).toHaveLength(1);
    expect(await t.deps.stores.users.getByEmail('new.person@example.org')).toMatchObject({
      name: 'New Person',
    });

    const again = (await (await upload(csv())).json()) as Json;
    expect(again.outcomes.map((o: Json) => o.outcome)).toEqual([
      'already_issued',
      'waiting_consent',
      'not_met',
      'error',
      'error',
    ]);
    expect(await t.deps.stores.credentials.listByHolder(ready.id)).toHaveLength(1);
    expect((await t.deps.stores.audit.list({ action: 'batch.imported', limit: 5 })).length).toBe(2);
  });

  it('refuses a file it cannot read at all with 400 naming the line', async () => {
    const problem = await expectProblem(await upload('name\nx\n'), 400, 'invalid_request');
    expect(problem.detail).toMatch(/line 1: The header has no "email" column/);
  });

  it('has the security cases', async () => {
    await expectProblem(await upload(csv(), { key: '' }), 401);
    await expectProblem(await upload(csv(), { key: await t.keyWithScopes(['programs:events']) }), 403);
    await expectProblem(await upload(csv(), { type: 'application/json' }), 415);
    await expectProblem(await upload(csv(), { batchId: 'no-such-batch' }), 404);
    // Uploads may be larger than other bodies, up to MAX_UPLOAD_BYTES (12 MiB by default).
    expect(
      (await upload(`email\n${'a'.repeat(2 * 1024 * 1024)}@example.org\n`, { dryRun: true })).status,
    ).toBe(200);
    await expectProblem(await upload('x'.repeat(12 * 1024 * 1024 + 1)), 413);
  });
});
