/**
 * The verification threads (src/verification/verificationThreads.ts) behind the pooled
 * verifier: the time budget ends a thread mid-task (422) and the next verification runs on
 * a fresh one; a task that finds no free thread within the queue wait is refused (503);
 * every verification asks main for the status list again, so a status change counts at once
 * even when the thread holds the list; closing the pool fails what still waits.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../fixtures/testDeps.js';
import { issueVia, setStatusVia, type Json } from '../fixtures/http.js';
import { openBadgeRequest } from '../fixtures/credentials.js';
import { claimFlood } from '../fixtures/hostileCredentials.js';
import { createPooledVerifier, ownStatusListUrls } from '../../src/verification/pooledVerifier.js';
import { statusListUrl } from '../../src/status/statusEntries.js';
import type { Verifier } from '../../src/verification/verifier.js';
import { AppError } from '../../src/errors.js';

/** The caps lifted, so a costly credential reaches the thread and its budget. */
const LIFTED = {
  maxCredentialBytes: 64 * 1024 * 1024,
  maxClaims: 1e7,
  maxContextTerms: 1e7,
  maxDepth: 1_000,
};

let t: TestApp;
let vc: Json;
beforeAll(async () => {
  t = await createTestApp();
  ({ vc } = await issueVia(t, openBadgeRequest()));
});
afterAll(async () => {
  await t?.close();
});

/** A verifier with a pool of its own (`threads`), over the test app's DID resolver and status lists. */
function verifierWith(
  threads: number,
  options: { budgetMs?: number; queueWaitMs?: number; statusCalls?: string[]; prefetch?: boolean } = {},
): Verifier {
  return createPooledVerifier({
    resolveDid: t.deps.verify.resolveDid,
    fetchStatusList: async (url) => {
      options.statusCalls?.push(url);
      return t.deps.verify.fetchStatusList(url);
    },
    now: () => new Date(),
    limits: LIFTED,
    threads,
    budgetMs: options.budgetMs ?? 5_000,
    ...(options.prefetch ? { ownStatusListPrefix: statusListUrl(t.deps.config.publicUrl, '') } : {}),
    ...(options.queueWaitMs !== undefined ? { queueWaitMs: options.queueWaitMs } : {}),
  });
}

async function refusal(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

describe('verification threads', () => {
  it('end a verification past its budget with verification_too_costly, then verify on a fresh thread', async () => {
    const verifier = verifierWith(1, { budgetMs: 300 });
    try {
      // Started first, so the thread is loaded before the costly one is timed.
      expect((await verifier.credential(vc)).verified).toBe(true);
      const started = performance.now();
      const stopped = await refusal(verifier.credential(claimFlood(25_000)));
      expect(stopped.code).toBe('verification_too_costly');
      expect(stopped.extra).toEqual({ budgetMs: 300 });
      // 25,000 claims take seconds unchecked: the answer came at the budget, not at the end.
      expect(performance.now() - started).toBeLessThan(2_500);
      expect((await verifier.credential(vc)).verified).toBe(true);
    } finally {
      await verifier.close();
    }
  });

  it('refuse with verification_busy what finds no thread free within the queue wait', async () => {
    // The wait covers a thread's start-up too (~1 s): long enough for the first one.
    const verifier = verifierWith(1, { budgetMs: 5_000, queueWaitMs: 2_000 });
    try {
      expect((await verifier.credential(vc)).verified).toBe(true);
      const costly = verifier.credential(claimFlood(25_000)).catch((e: unknown) => e);
      const busy = await refusal(verifier.credential(vc));
      expect(busy.code).toBe('verification_busy');
      expect(((await costly) as AppError).code).toBe('verification_too_costly');
    } finally {
      await verifier.close();
    }
  });

  it('ask for the status list on every verification, so a revocation counts at once', async () => {
    const statusCalls: string[] = [];
    const verifier = verifierWith(2, { statusCalls });
    const { vc } = await issueVia(t, openBadgeRequest());
    try {
      const body = JSON.stringify({ verifiableCredential: vc });
      const results = await Promise.all(Array.from({ length: 4 }, () => verifier.credentialRequest(body)));
      expect(results.map((r) => r.verified)).toEqual([true, true, true, true]);
      expect(statusCalls).toHaveLength(4);
      expect((await setStatusVia(t, vc.id as string, 'revoke')).status).toBe(200);
      const revoked = await verifier.credential(vc);
      expect(revoked.verified).toBe(false);
      expect(revoked.errors.map((e) => e.code)).toEqual(['revoked']);
      expect(statusCalls).toHaveLength(5);
    } finally {
      await verifier.close();
    }
  });

  it('read our own status list ahead for a free thread, use it only where the credential asks, and fresh every time', async () => {
    const statusCalls: string[] = [];
    const verifier = verifierWith(1, { statusCalls, prefetch: true });
    const { vc } = await issueVia(t, openBadgeRequest());
    const own = statusListUrl(t.deps.config.publicUrl, '');
    // A mention of another of our lists in the envelope is read ahead, and never used.
    const body = JSON.stringify({ verifiableCredential: vc, options: { note: `${own}no-such-list` } });
    try {
      expect((await verifier.credentialRequest(body)).verified).toBe(true);
      const before = statusCalls.length;
      const again = await verifier.credentialRequest(body);
      expect(again.verified).toBe(true);
      expect(again.checks.find((c) => c.id === 'status')).toEqual({ id: 'status', valid: true });
      // Read ahead: the credential's own list and the mention (which fails and is dropped).
      expect(statusCalls.slice(before).sort()).toEqual(
        [(vc.credentialStatus as Json).statusListCredential, `${own}no-such-list`].sort(),
      );
      expect((await setStatusVia(t, vc.id as string, 'revoke')).status).toBe(200);
      const revoked = await verifier.credentialRequest(body);
      expect(revoked.errors.map((e) => e.code)).toEqual(['revoked']);
    } finally {
      await verifier.close();
    }
  });

  it('find the URLs of our own lists in a body: plain strings only, each once, at most four', () => {
    const own = 'https://certs.example.org/status/';
    const body = JSON.stringify({
      a: `${own}1`,
      b: [`${own}2#17`, `${own}1`, 'https://elsewhere.example/status/3', `${own}4`, `${own}5`, `${own}6`],
    });
    expect(ownStatusListUrls(body, own)).toEqual([`${own}1`, `${own}2`, `${own}4`, `${own}5`]);
    expect(ownStatusListUrls(`{"a":"${own}7\\"x"}`, own)).toEqual([]);
    expect(ownStatusListUrls('{"a":"none here"}', own)).toEqual([]);
  });

  it('fail what still waits when closed, and refuse work afterwards', async () => {
    const verifier = verifierWith(1, { budgetMs: 3_000 });
    const first = verifier.credential(claimFlood(25_000)).catch((e: unknown) => e);
    const waiting = verifier.credential(vc).catch((e: unknown) => e);
    await new Promise((resolve) => setTimeout(resolve, 50));
    await verifier.close();
    expect(await waiting).toBeInstanceOf(Error);
    expect(await first).toBeInstanceOf(Error);
    await expect(verifier.credential(vc)).rejects.toThrow(/closed/);
  });
});
