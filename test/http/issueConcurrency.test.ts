/**
 * Concurrent and repeated issue requests: an idempotency key yields one credential however
 * many requests race for it; requests without a key never share a certificate number or a
 * status index; a caller-chosen credential id is issued once, and a second request for it
 * is 409 conflict, never a 500.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createTestApp, type TestApp } from '../fixtures/testDeps.js';
import { openBadgeRequest } from '../fixtures/credentials.js';
import { expectProblem, issueVia, post, type Json } from '../fixtures/http.js';

let t: TestApp;

beforeEach(async () => {
  t = await createTestApp();
});
afterEach(async () => {
  vi.restoreAllMocks();
  await t.close();
});

async function issueInParallel(
  count: number,
  body: () => Json,
): Promise<Array<{ status: number; body: Json }>> {
  const responses = await Promise.all(
    Array.from({ length: count }, () => post(t, '/credentials/issue', body(), t.adminKey)),
  );
  return Promise.all(
    responses.map(async (res) => ({ status: res.status, body: (await res.json()) as Json })),
  );
}

const numberOf = (vc: Json): string => vc.credentialSubject.identifier[0].identityHash;

describe('racing requests', () => {
  it('with one idempotency key produce one credential and spend one certificate number', async () => {
    const results = await issueInParallel(4, () => ({
      credential: openBadgeRequest(),
      options: { idempotencyKey: 'batch-7-learner-12' },
    }));
    expect(results.map((r) => r.status).sort()).toEqual([200, 200, 200, 201]);
    const ids = new Set(results.map((r) => r.body.verifiableCredential.id));
    expect(ids.size).toBe(1);
    const year = t.clock.now.getUTCFullYear();
    expect(new Set(results.map((r) => numberOf(r.body.verifiableCredential)))).toEqual(
      new Set([`SP-${year}-000001`]),
    );
    expect(numberOf((await issueVia(t, openBadgeRequest())).vc)).toBe(`SP-${year}-000002`);
  });

  // Racers that find the record still reserved each sign it; with a moving clock their
  // proofs differ, so only the stored one may be handed out.
  it('with one idempotency key all receive the one stored credential, even on a ticking clock', async () => {
    const start = t.clock.now.getTime();
    let reads = 0;
    Object.defineProperty(t.clock, 'now', { get: () => new Date(start + 1000 * reads++), set: () => {} });
    const results = await issueInParallel(3, () => ({
      credential: openBadgeRequest(),
      options: { idempotencyKey: 'batch-7-learner-13' },
    }));
    const stored = (await t.deps.stores.credentials.getByIdempotencyKey('batch-7-learner-13'))!.credential;
    for (const r of results) expect(r.body.verifiableCredential).toEqual(stored);
  });

  it('without keys get distinct certificate numbers and status indexes', async () => {
    const results = await issueInParallel(6, () => ({ credential: openBadgeRequest() }));
    expect(results.every((r) => r.status === 201)).toBe(true);
    const vcs = results.map((r) => r.body.verifiableCredential as Json);
    expect(new Set(vcs.map(numberOf)).size).toBe(6);
    expect(new Set(vcs.map((vc) => vc.credentialStatus.id)).size).toBe(6);
    expect(new Set(vcs.map((vc) => vc.id)).size).toBe(6);
  });
});

describe('a caller-chosen credential id', () => {
  const id = 'urn:uuid:6f1d2c3b-4a59-4e68-8f7a-9b0c1d2e3f40';

  it('is issued once; asking again (another or no idempotency key) is 409 conflict', async () => {
    const first = await issueVia(t, openBadgeRequest({ id }));
    expect(first.status).toBe(201);
    expect(first.vc.id).toBe(id);
    for (const options of [{}, { idempotencyKey: 'another-key-entirely' }]) {
      const res = await post(
        t,
        '/credentials/issue',
        { credential: openBadgeRequest({ id }), options },
        t.adminKey,
      );
      const problem = await expectProblem(res, 409, 'conflict');
      expect(problem.detail).toContain(id);
    }
    expect((await t.deps.stores.credentials.get(id))?.credential).toEqual(first.vc);
  });

  // The early "already issued?" check cannot see a racing request; the store must catch it.
  it('is 409 conflict, never a 500, when requests for it race', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const results = await issueInParallel(3, () => ({ credential: openBadgeRequest({ id }) }));
    expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409]);
    for (const r of results.filter((r) => r.status === 409)) expect(r.body.code).toBe('conflict');
  });

  it('racing requests for one id still issue exactly one credential', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const results = await issueInParallel(3, () => ({ credential: openBadgeRequest({ id }) }));
    expect(results.filter((r) => r.status === 201)).toHaveLength(1);
    for (const r of results.filter((r) => r.status !== 201))
      expect(r.body.requestId).toEqual(expect.any(String));
    const winner = results.find((r) => r.status === 201)!.body.verifiableCredential as Json;
    expect((await t.deps.stores.credentials.get(id))?.credential).toEqual(winner);
    // The losers' transactions rolled back: no certificate number was spent on them.
    expect(numberOf((await issueVia(t, openBadgeRequest())).vc)).toBe(
      `SP-${t.clock.now.getUTCFullYear()}-000002`,
    );
  });
});
