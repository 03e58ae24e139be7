/**
 * The pooled signer sends small credentials to its thread when the thread is up and free
 * and signs them here otherwise (so a cohort finishing together uses both cores and the
 * thread's queue never grows); the first one signs here while the thread warms up; every
 * signature verifies, wherever it was made.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPooledSigner } from '../../src/credentials/pooledSigner.js';
import { createDocumentLoader, loadBundledContexts } from '../../src/jsonld/documentLoader.js';
import { createDidResolver } from '../../src/jsonld/didResolver.js';
import { createTestApp, type TestApp } from '../fixtures/testDeps.js';
import { plainCredentialRequest } from '../fixtures/credentials.js';
import { verifyVia } from '../fixtures/http.js';

let t: TestApp;
let signer: ReturnType<typeof createPooledSigner>;

beforeAll(async () => {
  t = await createTestApp();
  const ownDocuments = new Map([[t.deps.identity.did, t.deps.identity.didDocument]]);
  signer = createPooledSigner({
    keyPair: t.deps.identity.keyPair,
    documentLoader: createDocumentLoader({
      contexts: loadBundledContexts(),
      resolveDid: createDidResolver({ ownDocuments }),
    }),
    ownDocuments,
    threads: 1,
    budgetMs: 30_000,
  });
});
afterAll(async () => {
  await signer.close();
  await t.close();
});

const unsigned = () =>
  plainCredentialRequest({
    id: `urn:uuid:${crypto.randomUUID()}`,
    issuer: t.deps.identity.did,
    validFrom: `${new Date().toISOString().slice(0, 19)}Z`,
  });

describe('the pooled signer', () => {
  it('signs small credentials here until signing is sustained, then warms the thread up and uses it when free', async () => {
    const first = await signer(unsigned());
    expect(signer.signedOnThreads()).toBe(0);
    expect((await verifyVia(t, first)).body.verified).toBe(true);
    // Until the thread is up, small credentials keep signing here; then it takes them.
    let signed = 1;
    while (signer.signedOnThreads() === 0 && signed < 2_000) {
      await signer(unsigned());
      signed++;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    expect(signer.signedOnThreads()).toBeGreaterThan(0);
    const before = signer.signedOnThreads();
    const alone = await signer(unsigned());
    expect(signer.signedOnThreads()).toBe(before + 1);
    expect((await verifyVia(t, alone)).body.verified).toBe(true);
  });

  it('shares many at once between the thread and here, and every signature verifies', async () => {
    const before = signer.signedOnThreads();
    // More at once than the thread's short line: the rest sign here.
    const signed = await Promise.all(Array.from({ length: 40 }, () => signer(unsigned())));
    const onThread = signer.signedOnThreads() - before;
    expect(onThread).toBeGreaterThan(0);
    expect(onThread).toBeLessThan(40);
    for (const vc of signed) expect((await verifyVia(t, vc)).body.verified).toBe(true);
    expect(new Set(signed.map((vc) => vc.id)).size).toBe(40);
  });
});
