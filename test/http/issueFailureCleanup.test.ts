/**
 * Issuance the credential makes fail (400) leaves nothing behind: the reservation is
 * discarded, so the same credential id and idempotency key issue at once when the request
 * is corrected. A failure of ours (500) keeps the reservation, as a crash does, so the
 * retry signs that very credential. A reservation left by a crash whose stored body can
 * no longer be signed gives way to the retry's body.
 */
import { afterEach, beforeEach, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../fixtures/testDeps.js';
import { plainCredentialRequest } from '../fixtures/credentials.js';
import { post, verifyVia, type Json } from '../fixtures/http.js';
import { shuffleIndex } from '../../src/status/shuffle.js';

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
});
afterEach(async () => {
  await t.close();
});

async function issue(credential: Json, idempotencyKey: string): Promise<{ status: number; body: Json }> {
  const res = await post(t, '/credentials/issue', { credential, options: { idempotencyKey } }, t.adminKey);
  return { status: res.status, body: (await res.json()) as Json };
}

it('a term the contexts do not define: 400, then the same id and key issue once corrected', async () => {
  const id = 'urn:uuid:5f0c1a0e-0000-4000-8000-000000000001';
  // Only the VC 2.0 context: the examples context would define any term through @vocab.
  const bad = {
    '@context': ['https://www.w3.org/ns/credentials/v2'],
    id,
    type: ['VerifiableCredential'],
    credentialSubject: { id: 'did:example:x', favouriteColour: 'blue' },
  };
  const refused = await issue(bad, 'cleanup-key-1');
  expect(refused.status).toBe(400);
  expect(refused.body.code).toBe('invalid_credential');
  expect(refused.body.detail).toContain('favouriteColour');
  expect(await t.deps.stores.credentials.get(id)).toBeUndefined();
  const fixed = await issue(plainCredentialRequest({ id }), 'cleanup-key-1');
  expect(fixed.status).toBe(201);
  expect((fixed.body.verifiableCredential as Json).id).toBe(id);
  expect((await verifyVia(t, fixed.body.verifiableCredential as Json)).body.verified).toBe(true);
});

it('a failure of our own (the signer throws) keeps the reservation, as a crash does, and says so to another key', async () => {
  const id = 'urn:uuid:5f0c1a0e-0000-4000-8000-000000000002';
  const sign = t.deps.issue.sign;
  t.deps.issue.sign = async () => {
    throw new Error('the key store is unavailable');
  };
  const failed = await issue(plainCredentialRequest({ id }), 'cleanup-key-2');
  expect(failed.status).toBe(500);
  expect(JSON.stringify(failed.body)).not.toContain('key store');
  t.deps.issue.sign = sign;
  const otherKey = await issue(plainCredentialRequest({ id }), 'cleanup-key-2b');
  expect(otherKey.status).toBe(409);
  expect(otherKey.body.detail).toMatch(/is being issued; retry with the idempotency key/);
  const retried = await issue(plainCredentialRequest({ id }), 'cleanup-key-2');
  expect(retried.status).toBe(200);
  expect((retried.body.verifiableCredential as Json).id).toBe(id);
});

it('a crash left a reservation that cannot be signed: the retry with the same key issues its own body', async () => {
  // A reservation made before today's checks existed, with a body the signer refuses.
  await t.deps.stores.credentials.reserve({
    id: 'urn:uuid:5f0c1a0e-0000-4000-8000-000000000003',
    idempotencyKey: 'cleanup-key-3',
    issuerDid: t.deps.identity.did,
    purposes: ['revocation'],
    statusListLength: t.deps.issue.statusListLength,
    certificatePrefix: 'SP',
    year: 2026,
    isPublic: false,
    shuffle: shuffleIndex,
    now: new Date().toISOString(),
    build: () => ({
      '@context': ['https://www.w3.org/ns/credentials/v2'],
      id: 'urn:uuid:5f0c1a0e-0000-4000-8000-000000000003',
      type: ['VerifiableCredential'],
      issuer: t.deps.identity.did,
      credentialSubject: { favouriteColour: 'blue' },
    }),
  });
  const retried = await issue(
    plainCredentialRequest({ id: 'urn:uuid:5f0c1a0e-0000-4000-8000-000000000004' }),
    'cleanup-key-3',
  );
  expect(retried.status).toBe(201);
  expect((retried.body.verifiableCredential as Json).id).toBe(
    'urn:uuid:5f0c1a0e-0000-4000-8000-000000000004',
  );
  expect(
    await t.deps.stores.credentials.get('urn:uuid:5f0c1a0e-0000-4000-8000-000000000003'),
  ).toBeUndefined();
  expect((await t.deps.stores.credentials.getByIdempotencyKey('cleanup-key-3'))?.state).toBe('issued');
});

it('a VC 1.1 credential gets the status context only with a status entry', async () => {
  const v1 = {
    '@context': ['https://www.w3.org/2018/credentials/v1'],
    type: ['VerifiableCredential'],
    credentialSubject: { id: 'did:example:x' },
  };
  const withStatus = await issue(v1, 'cleanup-key-5');
  expect(withStatus.status, JSON.stringify(withStatus.body)).toBe(201);
  const vc = withStatus.body.verifiableCredential as Json;
  expect(vc.credentialStatus).toBeDefined();
  expect(vc['@context']).toContain('https://www.w3.org/ns/credentials/status/v1');
  expect((await verifyVia(t, vc)).body.verified).toBe(true);
  const withoutStatus = await post(
    t,
    '/credentials/issue',
    { credential: v1, options: { statusPurposes: [] } },
    t.adminKey,
  );
  const plain = ((await withoutStatus.json()) as Json).verifiableCredential as Json;
  expect(withoutStatus.status).toBe(201);
  expect(plain.credentialStatus).toBeUndefined();
  expect(plain['@context']).not.toContain('https://www.w3.org/ns/credentials/status/v1');
});

it('a credential past the verifier caps is refused at issuance (422), so nothing is signed that the verifier would refuse', async () => {
  const claims = Array.from({ length: 995 }, (_, i) => ({ n: i }));
  const refused = await issue(
    plainCredentialRequest({ credentialSubject: { id: 'did:example:h', claims } }),
    'cleanup-key-6',
  );
  expect(refused.status).toBe(422);
  expect(refused.body.code).toBe('credential_too_complex');
  expect(await t.deps.stores.credentials.getByIdempotencyKey('cleanup-key-6')).toBeUndefined();
  const fits = await issue(
    plainCredentialRequest({ credentialSubject: { id: 'did:example:h', claims: claims.slice(0, 900) } }),
    'cleanup-key-6',
  );
  expect(fits.status).toBe(201);
  expect((await verifyVia(t, fits.body.verifiableCredential as Json)).body.verified).toBe(true);
});

it('a VC 1.1 credential with VC 2.0 dates is refused, as a VC 2.0 credential with VC 1.1 dates is', async () => {
  const v1 = {
    '@context': ['https://www.w3.org/2018/credentials/v1'],
    type: ['VerifiableCredential'],
    credentialSubject: { id: 'did:example:x' },
    validUntil: '1935-02-14T06:43:11Z',
  };
  const refused = await issue(v1, 'cleanup-key-7');
  expect(refused.status).toBe(400);
  expect(refused.body.detail).toBe(
    'VC 1.1 credentials use issuanceDate/expirationDate, not validFrom/validUntil',
  );
});
