/**
 * POST /credentials/issue: what a signed Open Badge and a plain VC look like, the proof
 * types on offer, idempotency keys, and the requests the issuer refuses (with nothing
 * stored and no certificate number spent).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../fixtures/testDeps.js';
import { openBadgeRequest, plainCredentialRequest } from '../fixtures/credentials.js';
import { expectProblem, issueVia, post, type Json } from '../fixtures/http.js';

const OB3_SCHEMA =
  'https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json';
const ED25519_2020_CONTEXT = 'https://w3id.org/security/suites/ed25519-2020/v1';

let t: TestApp;

beforeEach(async () => {
  t = await createTestApp();
});
afterEach(async () => {
  await t.close();
});

const seconds = (d: Date) => `${d.toISOString().slice(0, 19)}Z`;
const certificateNumbers = (vc: Json) =>
  (vc.credentialSubject.identifier as Json[]).map((i) => i.identityHash);

describe('an Open Badges 3.0 credential', () => {
  it('is answered 201 with a signed credential carrying everything the issuer owns', async () => {
    const res = await post(t, '/credentials/issue', { credential: openBadgeRequest() }, t.adminKey);
    expect(res.status).toBe(201);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    const vc = ((await res.json()) as Json).verifiableCredential as Json;
    const { did, verificationMethod } = t.deps.identity;

    expect(vc.id).toMatch(/^urn:uuid:[0-9a-f-]{36}$/);
    expect(vc.issuer).toEqual({ id: did, type: ['Profile'], name: 'SayPro', url: 'http://localhost:3000' });
    expect(vc.validFrom).toBe(seconds(t.clock.now));
    expect(vc.credentialSchema).toEqual([{ id: OB3_SCHEMA, type: '1EdTechJsonSchemaValidator2019' }]);
    // The schema type is defined by the OB extensions context, as in the OB 3.0 examples
    // (wallets bundle it), not by undefined-terms/v2.
    expect(vc['@context']).toEqual([
      'https://www.w3.org/ns/credentials/v2',
      'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json',
      'https://purl.imsglobal.org/spec/ob/v3p0/extensions.json',
    ]);
    expect(vc.credentialSubject.name).toBe('Zoë Ngcobo-Müller');

    expect(Array.isArray(vc.proof)).toBe(true);
    expect(vc.proof).toHaveLength(1);
    expect(vc.proof[0]).toMatchObject({
      type: 'DataIntegrityProof',
      cryptosuite: 'eddsa-rdfc-2022',
      proofPurpose: 'assertionMethod',
      verificationMethod,
      created: seconds(t.clock.now),
    });
    expect(vc.proof[0].proofValue).toMatch(/^z[1-9A-HJ-NP-Za-km-z]{80,90}$/);

    // One status entry (the 1EdTech schema allows a single object), for revocation.
    const status = vc.credentialStatus as Json;
    expect(Array.isArray(status)).toBe(false);
    expect(status).toMatchObject({ type: 'BitstringStatusListEntry', statusPurpose: 'revocation' });
    expect(status.statusListIndex).toMatch(/^(0|[1-9][0-9]*)$/);
    expect(Number(status.statusListIndex)).toBeLessThan(131_072);
    expect(status.statusListCredential).toMatch(/^http:\/\/localhost:3000\/status\/[A-Za-z0-9_-]+$/);
    expect(status.id).toBe(`${status.statusListCredential}#${status.statusListIndex}`);

    const year = t.clock.now.getUTCFullYear();
    expect(certificateNumbers(vc)).toEqual([`SP-${year}-000001`]);
    expect(vc.credentialSubject.identifier[0]).toMatchObject({
      type: 'IdentityObject',
      identityType: 'identifier',
      hashed: false,
    });

    const record = await t.deps.stores.credentials.get(vc.id);
    expect(record).toMatchObject({
      state: 'issued',
      certificateNumber: `SP-${year}-000001`,
      credential: vc,
      isPublic: false,
    });
  });

  it('numbers certificates in sequence', async () => {
    const year = t.clock.now.getUTCFullYear();
    const first = (await issueVia(t, openBadgeRequest())).vc;
    const second = (await issueVia(t, openBadgeRequest())).vc;
    expect([...certificateNumbers(first), ...certificateNumbers(second)]).toEqual([
      `SP-${year}-000001`,
      `SP-${year}-000002`,
    ]);
    expect(second.id).not.toBe(first.id);
  });

  it('is signed with Ed25519Signature2020 on request, with its context added', async () => {
    const { vc } = await issueVia(t, openBadgeRequest(), { proofType: 'Ed25519Signature2020' });
    expect(vc['@context']).toContain(ED25519_2020_CONTEXT);
    expect(vc.proof).toHaveLength(1);
    expect(vc.proof[0]).toMatchObject({
      type: 'Ed25519Signature2020',
      verificationMethod: t.deps.identity.verificationMethod,
    });
    expect(vc.proof[0].cryptosuite).toBeUndefined();
  });

  it('carries a suspension entry instead when asked', async () => {
    const { vc } = await issueVia(t, openBadgeRequest(), { statusPurposes: ['suspension'] });
    expect(vc.credentialStatus).toMatchObject({ statusPurpose: 'suspension' });
  });
});

describe('a plain VC 2.0 credential', () => {
  it('gets both status purposes as an array and the issuer as a DID string', async () => {
    const { status, vc } = await issueVia(t, plainCredentialRequest());
    expect(status).toBe(201);
    expect(vc.issuer).toBe(t.deps.identity.did);
    expect(vc.credentialSchema).toBeUndefined();
    expect(vc.credentialSubject.identifier).toBeUndefined();
    expect(vc.proof).toMatchObject({ type: 'DataIntegrityProof', cryptosuite: 'eddsa-rdfc-2022' });
    const entries = vc.credentialStatus as Json[];
    expect(entries.map((e) => e.statusPurpose)).toEqual(['revocation', 'suspension']);
    for (const entry of entries) expect(entry.statusListIndex).toMatch(/^(0|[1-9][0-9]*)$/);
    expect(entries[0]!.statusListCredential).not.toBe(entries[1]!.statusListCredential);
  });
});

describe('idempotency keys', () => {
  it('return the same credential with 200 the second time, even for a different body', async () => {
    const options = { idempotencyKey: 'enrolment-4711-web-101' };
    const first = await issueVia(t, openBadgeRequest(), options);
    const again = await issueVia(t, openBadgeRequest({ name: 'Something else' }), options);
    expect(first.status).toBe(201);
    expect(again.status).toBe(200);
    expect(again.vc).toEqual(first.vc);
    const other = await issueVia(t, openBadgeRequest(), { idempotencyKey: 'enrolment-4712-web-101' });
    expect(other.status).toBe(201);
    expect(other.vc.id).not.toBe(first.vc.id);
  });
});

describe('refused requests', () => {
  const id = 'urn:uuid:0f6a3a4e-1c1b-4a8e-9d51-7a3f4b2c1d00';

  async function expectNothingStored(): Promise<void> {
    expect(await t.deps.stores.credentials.get(id)).toBeUndefined();
    expect(await t.deps.stores.credentials.getByIdempotencyKey('refused-request-key')).toBeUndefined();
    const { vc } = await issueVia(t, openBadgeRequest());
    expect(certificateNumbers(vc)).toEqual([`SP-${t.clock.now.getUTCFullYear()}-000001`]);
  }

  async function refuse(credential: Json, code: string, options: Json = {}): Promise<Json> {
    const res = await post(
      t,
      '/credentials/issue',
      { credential: { ...credential, id }, options: { idempotencyKey: 'refused-request-key', ...options } },
      t.adminKey,
    );
    const body = await expectProblem(res, 400, code);
    await expectNothingStored();
    return body;
  }

  it('a credential failing the Open Badges schema: 400 schema_invalid', async () => {
    const credential = openBadgeRequest();
    delete (credential.credentialSubject as Json).achievement;
    const body = await refuse(credential, 'schema_invalid');
    expect(body.detail).toContain("required property 'achievement'");
    expect(body.errors).toEqual([expect.objectContaining({ path: '/credentialSubject' })]);
  });

  it.each([
    ['did:web:someone-else.example'],
    [{ id: 'did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK', type: ['Profile'] }],
  ])('an issuer that is not us (%j): 400 unsupported_issuer', async (issuer) => {
    const body = await refuse(openBadgeRequest({ issuer }), 'unsupported_issuer');
    expect(body.detail).toContain(t.deps.identity.did);
  });

  it('a credentialStatus supplied by the caller: 400', async () => {
    const credentialStatus = {
      id: 'https://evil.example/status#1',
      type: 'BitstringStatusListEntry',
      statusPurpose: 'revocation',
      statusListIndex: '1',
      statusListCredential: 'https://evil.example/status',
    };
    const body = await refuse(plainCredentialRequest({ credentialStatus }), 'invalid_credential');
    expect(body.detail).toContain('credentialStatus');
  });

  it('both status purposes on an Open Badge: 400', async () => {
    const body = await refuse(openBadgeRequest(), 'invalid_request', {
      statusPurposes: ['revocation', 'suspension'],
    });
    expect(body.detail).toMatch(/one credentialStatus/);
  });

  it('an unknown @context (never fetched): 400 invalid_credential', async () => {
    const body = await refuse(
      plainCredentialRequest({
        '@context': ['https://www.w3.org/ns/credentials/v2', 'https://evil.example/ctx'],
      }),
      'invalid_credential',
    );
    expect(body.detail).toContain('https://evil.example/ctx');
  });

  it('a term its @context does not define: 400, the reservation dropped, the key usable again', async () => {
    const v1 = {
      '@context': ['https://www.w3.org/2018/credentials/v1'],
      type: ['VerifiableCredential'],
      credentialSubject: { id: 'did:example:x', favouriteColour: 'blue' },
    };
    const res = await post(
      t,
      '/credentials/issue',
      { credential: v1, options: { idempotencyKey: 'undefined-term-key' } },
      t.adminKey,
    );
    expect((await expectProblem(res, 400, 'invalid_credential')).detail).toContain('favouriteColour');
    expect(await t.deps.stores.credentials.getByIdempotencyKey('undefined-term-key')).toBeUndefined();
    expect(
      (await issueVia(t, plainCredentialRequest(), { idempotencyKey: 'undefined-term-key' })).status,
    ).toBe(201);
  });

  it.each([
    ['a proof', { proof: { type: 'DataIntegrityProof' } }],
    ['VC 1.1 dates on a 2.0 credential', { issuanceDate: '2024-01-01T00:00:00Z' }],
    [
      'validUntil before validFrom',
      { validFrom: '2030-01-02T00:00:00Z', validUntil: '2030-01-01T00:00:00Z' },
    ],
  ])('a credential with %s: 400 invalid_credential', async (_what, overrides) => {
    await refuse(plainCredentialRequest(overrides), 'invalid_credential');
  });
});
