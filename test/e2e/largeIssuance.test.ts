/**
 * Issuing a large credential does not hold the event loop: one of 900 claim objects (what
 * the caps let through) is expanded, canonicalised and signed on a signing thread (handed
 * the key as a KeyObject), while /health keeps answering within 100 ms. Small credentials,
 * the platform's own certificates among them, sign on the calling thread unless signing is
 * sustained (test/credentials/pooledSigner.test.ts).
 */
import { afterEach, expect, it } from 'vitest';
import { startLiveServer, type LiveServer } from '../fixtures/liveServer.js';
import { openBadgeRequest, plainCredentialRequest } from '../fixtures/credentials.js';
import { isSmallCredential, SIGN_IN_PROCESS_MAX_OBJECTS } from '../../src/credentials/pooledSigner.js';

let server: LiveServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

it('a credential of 900 claim objects is issued (201) and verifies, while /health answers within 100 ms throughout', async () => {
  server = await startLiveServer();
  const { baseUrl, testApp } = server;
  await (await fetch(`${baseUrl}/health`)).text();
  let slowest = 0;
  let polling = true;
  const poll = (async () => {
    while (polling) {
      const started = performance.now();
      await (await fetch(`${baseUrl}/health`)).text();
      slowest = Math.max(slowest, performance.now() - started);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  })();
  const claims = Array.from({ length: 900 }, (_, i) => ({ n: i }));
  const started = performance.now();
  const res = await fetch(`${baseUrl}/credentials/issue`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${testApp.adminKey}` },
    body: JSON.stringify({
      credential: plainCredentialRequest({ credentialSubject: { id: 'did:example:large', claims } }),
    }),
  });
  const issuedIn = performance.now() - started;
  polling = false;
  await poll;
  const body = (await res.json()) as { verifiableCredential: Record<string, unknown> };
  expect(res.status, JSON.stringify(body).slice(0, 300)).toBe(201);
  console.log(
    `900-claim credential issued in ${Math.round(issuedIn)} ms; slowest /health ${Math.round(slowest)} ms`,
  );
  expect(slowest).toBeLessThan(100);
  const verified = await fetch(`${baseUrl}/credentials/verify`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ verifiableCredential: body.verifiableCredential }),
  });
  expect(verified.status).toBe(200);
});

it('signs on the calling thread only what is small: our certificates yes, a large or inline-context credential no', () => {
  expect(isSmallCredential(openBadgeRequest())).toBe(true);
  const many = {
    credentialSubject: { claims: Array.from({ length: SIGN_IN_PROCESS_MAX_OBJECTS }, () => ({})) },
  };
  expect(isSmallCredential(many)).toBe(false);
  expect(
    isSmallCredential(
      plainCredentialRequest({
        '@context': ['https://www.w3.org/ns/credentials/v2', { ex: 'https://example.org/' }],
      }),
    ),
  ).toBe(false);
});
