/**
 * One anonymous request must not freeze the server. The two payloads that used to hold the
 * event loop for 13-32 s (an inline @context of 5,000 type-scoped terms, 25,000 claim
 * objects) are sent over real HTTP while /health is polled: each is refused within 5 s
 * and /health keeps answering within 500 ms of how fast it answers with nothing hostile in
 * flight, measured just before (so a busy machine does not fail the test, and a held event
 * loop, seconds long, always does). With the default caps they are
 * refused before any JSON-LD work; with the caps lifted, the time budget stops them on a
 * worker thread (422 verification_too_costly), and the next honest credential verifies.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startLiveServer, type LiveServer } from '../fixtures/liveServer.js';
import { claimFlood, scopedContextBomb } from '../fixtures/hostileCredentials.js';
import { issueVia } from '../fixtures/http.js';
import { openBadgeRequest } from '../fixtures/credentials.js';
import { plainSvg } from '../fixtures/badgeImages.js';
import { bakeSvg } from '../../src/rendering/baking.js';

let server: LiveServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/**
 * The answer's bound: the work these payloads cause unchecked took 13-32 s; 5 s proves it
 * was stopped with room for a busy CI machine (2.5 s was once missed by 40 ms there).
 */
const ANSWER_WITHIN_MS = 5_000;

/** Polls /health every 20 ms until stopped; returns the slowest answer in ms. */
async function pollHealth(baseUrl: string): Promise<{ stop(): Promise<number> }> {
  // One request first, so the client's own start-up (connection, first fetch) is not timed.
  await (await fetch(`${baseUrl}/health`)).text();
  let running = true;
  let slowest = 0;
  const loop = (async () => {
    while (running) {
      const started = performance.now();
      const res = await fetch(`${baseUrl}/health`);
      await res.text();
      slowest = Math.max(slowest, performance.now() - started);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      return slowest;
    },
  };
}

/**
 * How slow /health is with nothing hostile in flight, polled for a second: the same machine,
 * the same moment. On a busy CI machine (two test files, a browser) a quiet answer can take
 * tens of milliseconds; what the test must catch is the request that held the loop for seconds.
 */
async function quietHealth(baseUrl: string): Promise<number> {
  const health = await pollHealth(baseUrl);
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  return health.stop();
}

/**
 * The event loop was never held for long: /health no slower than 500 ms beyond its quiet
 * slowest. The allowance is the main thread's JSON.parse of the 670 KB body before the caps
 * see it: 35-50 ms on a quiet machine, 90-250 ms on a busy one, more beside a browser test
 * (measured 2026-12-07; moving
 * that parse off the main thread is issue 22's). The freezes this test exists for were 13-32 s.
 */
function expectHealthHeld(slowest: number, quiet: number): void {
  expect(slowest, `slowest /health ${Math.round(slowest)} ms, quiet ${Math.round(quiet)} ms`).toBeLessThan(
    quiet + 500,
  );
}

async function send(
  path: string,
  body: unknown,
): Promise<{ status: number; body: Record<string, unknown>; ms: number }> {
  const started = performance.now();
  const res = await fetch(`${server!.baseUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify(body),
  });
  const parsed = (await res.json()) as Record<string, unknown>;
  expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  return { status: res.status, body: parsed, ms: performance.now() - started };
}

const PAYLOADS: Array<[string, () => Record<string, unknown>]> = [
  [
    'an inline @context of 5,000 type-scoped terms, 2,000 of them used',
    () => scopedContextBomb(5_000, 2_000),
  ],
  ['25,000 small claim objects', () => claimFlood(25_000)],
];

describe('with the default caps', () => {
  for (const [name, make] of PAYLOADS) {
    it(`${name} is refused before any JSON-LD work, as a credential and inside a presentation, while /health answers`, async () => {
      server = await startLiveServer({ env: { MAX_BODY_BYTES: String(8 * 1024 * 1024) } });
      const credential = make();
      const quiet = await quietHealth(server.baseUrl);
      const health = await pollHealth(server.baseUrl);
      const direct = await send('/credentials/verify', { verifiableCredential: credential });
      const inside = await send('/presentations/verify', {
        verifiablePresentation: {
          '@context': ['https://www.w3.org/ns/credentials/v2'],
          type: ['VerifiablePresentation'],
          verifiableCredential: [credential],
        },
      });
      const slowest = await health.stop();
      for (const answer of [direct, inside]) {
        expect([413, 422]).toContain(answer.status);
        expect(['credential_too_large', 'credential_too_complex']).toContain(answer.body.code);
        expect(answer.body.detail).toMatch(/at most|larger than|more than/);
        expect(answer.ms).toBeLessThan(ANSWER_WITHIN_MS);
      }
      expectHealthHeld(slowest, quiet);
    });
  }
});

it('a baked SVG badge carrying 25,000 claim objects is refused the same way, its JSON read off the event loop', async () => {
  server = await startLiveServer({ env: { MAX_BODY_BYTES: String(8 * 1024 * 1024) } });
  const svg = bakeSvg(plainSvg(), claimFlood(25_000));
  const quiet = await quietHealth(server.baseUrl);
  const health = await pollHealth(server.baseUrl);
  const started = performance.now();
  const res = await fetch(`${server.baseUrl}/credentials/verify`, {
    method: 'POST',
    headers: { 'content-type': 'image/svg+xml', accept: 'application/json' },
    body: svg,
  });
  const body = (await res.json()) as Record<string, unknown>;
  const slowest = await health.stop();
  expect([413, 422]).toContain(res.status);
  expect(['credential_too_large', 'credential_too_complex']).toContain(body.code);
  expect(performance.now() - started).toBeLessThan(ANSWER_WITHIN_MS);
  expectHealthHeld(slowest, quiet);
});

describe('with the caps lifted, the time budget', () => {
  const LIFTED = {
    MAX_BODY_BYTES: String(8 * 1024 * 1024),
    VERIFY_MAX_CREDENTIAL_BYTES: String(8 * 1024 * 1024),
    VERIFY_MAX_CLAIMS: '1000000',
    VERIFY_MAX_CONTEXT_TERMS: '1000000',
  };
  for (const [name, make] of PAYLOADS) {
    it(`stops ${name} with 422 verification_too_costly within 5 s while /health answers, and the next credential verifies`, async () => {
      server = await startLiveServer({ env: LIFTED });
      const { vc } = await issueVia(server.testApp, openBadgeRequest());
      // The first verification starts a thread (jsonld and the contexts load once, ~1 s).
      expect(
        (
          await fetch(`${server.baseUrl}/credentials/verify`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ verifiableCredential: vc }),
          })
        ).status,
      ).toBe(200);
      const quiet = await quietHealth(server.baseUrl);
      const health = await pollHealth(server.baseUrl);
      const answer = await send('/credentials/verify', { verifiableCredential: make() });
      const slowest = await health.stop();
      expect(answer.status, JSON.stringify(answer.body)).toBe(422);
      expect(answer.body.code).toBe('verification_too_costly');
      expect(answer.ms).toBeLessThan(ANSWER_WITHIN_MS);
      expectHealthHeld(slowest, quiet);
      const after = await fetch(`${server.baseUrl}/credentials/verify`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ verifiableCredential: vc }),
      });
      expect(after.status).toBe(200);
      expect(((await after.json()) as { verified: boolean }).verified).toBe(true);
    });
  }
});
