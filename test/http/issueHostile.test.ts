/**
 * POST /credentials/issue with input that used to pass preparation and then throw while
 * signing (a 500): it is now a 400 invalid_credential naming the field, and nothing is
 * stored. What is valid still signs and verifies. Verification fails a credential that makes
 * no claims with `credential_subject_missing`, even when it carries a good signature.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../fixtures/testDeps.js';
import { plainCredentialRequest } from '../fixtures/credentials.js';
import { expectProblem, issueVia, post, verifyVia, type Json } from '../fixtures/http.js';
import { verifyCredential } from '../../src/verification/verifyCredential.js';

const V2 = 'https://www.w3.org/ns/credentials/v2';
const EXAMPLES = 'https://www.w3.org/ns/credentials/examples/v2';

let t: TestApp;

beforeEach(async () => {
  t = await createTestApp();
});
afterEach(async () => {
  await t.close();
});

const seconds = (d: Date) => `${d.toISOString().slice(0, 19)}Z`;

describe('refused before anything is reserved or signed', () => {
  /** Posts with an idempotency key and asserts a 400 invalid_credential with nothing stored. */
  async function refuse(credential: Json, detail: RegExp): Promise<Json> {
    const res = await post(
      t,
      '/credentials/issue',
      { credential, options: { idempotencyKey: 'hostile-request-key' } },
      t.adminKey,
    );
    const body = await expectProblem(res, 400, 'invalid_credential');
    expect(body.detail).toMatch(detail);
    expect(await t.deps.stores.credentials.getByIdempotencyKey('hostile-request-key')).toBeUndefined();
    return body;
  }

  it.each<[string, unknown, RegExp]>([
    ['{}', {}, /"credentialSubject" is an empty object/],
    ['[]', [], /"credentialSubject" is an empty array/],
    ['[{id}, {}]', [{ id: 'did:example:1' }, {}], /"credentialSubject\[1\]" is an empty object/],
  ])(
    'credentialSubject %s: 400 with reason credential_subject_missing',
    async (_what, credentialSubject, detail) => {
      const body = await refuse(plainCredentialRequest({ credentialSubject }), detail);
      expect(body.reason).toBe('credential_subject_missing');
    },
  );

  it('a credentialSubject entry that is not an object: 400', async () => {
    await refuse(
      plainCredentialRequest({ credentialSubject: [{ id: 'did:example:1' }, 'did:example:2'] }),
      /"credentialSubject\[1\]" must be an object/,
    );
  });

  it('a credentialSubject id that is an array: 400', async () => {
    await refuse(
      plainCredentialRequest({ credentialSubject: { id: ['did:example:1', 'did:example:2'], name: 'x' } }),
      /"credentialSubject\.id" must be a single URL string/,
    );
  });

  it.each([
    ['validFrom', 'Sat 25 Feb 2023 07:16:31 PM CST'],
    ['validUntil', 'Sun, 26 Feb 2023 01:22:14 +0000'],
    ['validUntil', '2031-02-29T00:00:00Z'],
  ])('%s %j: 400 naming the field', async (field, value) => {
    await refuse(
      plainCredentialRequest({ [field]: value }),
      new RegExp(`^"${field}" must be an RFC 3339 date-time with a time zone, such as 2026-01-31T00:00:00Z$`),
    );
  });

  it.each<[string, Json, RegExp]>([
    ['termsOfUse {}', { termsOfUse: {} }, /"termsOfUse" must have a "type"/],
    [
      'termsOfUse without a type',
      { termsOfUse: { id: 'https://example.org/policies/1' } },
      /"termsOfUse" must have a "type"/,
    ],
    ['evidence {}', { evidence: {} }, /"evidence" must have a "type"/],
    [
      'a relatedResource without a digest',
      { relatedResource: { id: 'https://example.org/a.png' } },
      /"relatedResource" must have a "digestSRI" or a "digestMultibase"/,
    ],
  ])('%s: 400', async (_what, overrides, detail) => {
    await refuse(plainCredentialRequest(overrides), detail);
  });

  it('an inline @context term whose IRI is not absolute: 400 naming the term', async () => {
    const credential = {
      '@context': [V2, { favouriteColour: 'colour' }],
      type: ['VerifiableCredential'],
      credentialSubject: { id: 'did:example:1', favouriteColour: 'teal' },
    };
    await refuse(credential, /inline @context term "favouriteColour": its IRI is "colour"/);
  });

  it('an inline @context redefining VerifiableCredential (VC 2.0 test suite: credential-redef-type-fail): 400 naming the term', async () => {
    const credential = {
      '@context': [V2, { VerifiableCredential: 'https://example.org/#BadVerifiableCredential' }],
      type: ['VerifiableCredential'],
      credentialSubject: { id: 'did:example:subject' },
    };
    await refuse(
      credential,
      /term "VerifiableCredential" redefines a term protected by https:\/\/www\.w3\.org\/ns\/credentials\/v2/,
    );
  });

  it('an inline @context redefining issuer: 400 naming the term', async () => {
    await refuse(
      plainCredentialRequest({ '@context': [V2, EXAMPLES, { issuer: 'https://evil.example/issuer' }] }),
      /term "issuer" redefines a term protected/,
    );
  });

  it('two inline @context objects: 400 saying at most one is accepted', async () => {
    await refuse(
      plainCredentialRequest({
        '@context': [V2, { a: 'https://example.org/a' }, { b: 'https://example.org/b' }],
      }),
      /at most 1 is accepted/,
    );
  });

  it('a value object JSON-LD cannot expand: 400 naming the path', async () => {
    await refuse(
      plainCredentialRequest({
        credentialSubject: { id: 'did:example:1', name: { '@value': 'x', '@language': 5 } },
      }),
      /"credentialSubject\.name\.@language"/,
    );
  });
});

describe('what is valid still signs and verifies', () => {
  async function expectVerified(vc: Json): Promise<void> {
    const { status, body } = await verifyVia(t, vc);
    expect(status, JSON.stringify(body)).toBe(200);
    expect(body.verified).toBe(true);
  }

  it('a plain VC 2.0 with the object issuer {id: our DID}: 201 with our id and name only, and it verifies', async () => {
    const did = t.deps.identity.did;
    const { status, vc } = await issueVia(
      t,
      plainCredentialRequest({
        '@context': [V2],
        issuer: { id: did },
        credentialSubject: { id: 'did:example:1', name: 'Holder' },
      }),
    );
    expect(status).toBe(201);
    expect(vc.issuer).toEqual({ id: did, name: 'SayPro' });
    await expectVerified(vc);
  });

  it('a plain VC 1.1 with the object issuer {id: our DID}: 201 with our id only, its status context added with its status entry, and it verifies', async () => {
    const did = t.deps.identity.did;
    const v1 = {
      '@context': ['https://www.w3.org/2018/credentials/v1'],
      type: ['VerifiableCredential'],
      issuer: { id: did },
      credentialSubject: { id: 'did:example:1' },
    };
    const { status, vc } = await issueVia(t, v1);
    expect(status).toBe(201);
    expect(vc.issuer).toEqual({ id: did });
    expect(vc['@context']).toContain('https://www.w3.org/ns/credentials/status/v1');
    await expectVerified(vc);
  });

  it('an inline @context of absolute IRIs, compact IRIs and @vocab, with termsOfUse, evidence and relatedResource: 201, and it verifies', async () => {
    const credential = {
      '@context': [
        V2,
        {
          '@vocab': 'https://example.org/vocab#',
          ex: 'https://example.org/terms#',
          favouriteColour: 'ex:favouriteColour',
          TrainingPolicy: 'https://example.org/policies#TrainingPolicy',
          Evidence: 'ex:Evidence',
          id: '@id',
        },
      ],
      type: ['VerifiableCredential'],
      credentialSubject: { id: 'did:example:1', favouriteColour: 'teal', shade: 'dark' },
      termsOfUse: { type: 'TrainingPolicy', id: 'https://example.org/policies/1' },
      evidence: [{ type: 'Evidence', id: 'https://example.org/evidence/1' }],
      relatedResource: [
        {
          id: 'https://example.org/logo.png',
          digestSRI: 'sha384-S57yQDg1MTzF56Oi9DbSQ14u7jBy0RDdx0YbeV7shwhCS88G8SCXeFq82PafhCrW',
        },
      ],
      validUntil: '2099-12-31T23:59:59.5+14:00',
    };
    const { status, vc } = await issueVia(t, credential);
    expect(status).toBe(201);
    expect(vc.validUntil).toBe('2099-12-31T23:59:59.5+14:00');
    await expectVerified(vc);
  });

  it('a subject with only an id: 201, and it verifies', async () => {
    const { vc } = await issueVia(
      t,
      plainCredentialRequest({ credentialSubject: { id: 'did:example:only-an-id' } }),
    );
    await expectVerified(vc);
  });
});

describe('verification of a credential that makes no claims', () => {
  /** A credential signed by our own key directly, bypassing prepareCredential. */
  function signDirectly(credentialSubject: unknown): Promise<Json> {
    const unsigned = {
      '@context': [V2, EXAMPLES],
      type: ['VerifiableCredential'],
      id: `urn:uuid:${crypto.randomUUID()}`,
      issuer: t.deps.identity.did,
      validFrom: seconds(t.clock.now),
      credentialSubject,
    };
    return t.deps.issue.sign(unsigned, { date: t.clock.now });
  }

  it('credentialSubject [] signed with our key fails with credential_subject_missing', async () => {
    const signed = await signDirectly([]);
    expect(signed.proof).toBeDefined();

    const result = await verifyCredential(signed, t.deps.verify);
    expect(result.verified).toBe(false);
    expect(result.checks).toEqual([
      {
        id: 'structure',
        valid: false,
        error: { code: 'credential_subject_missing', message: expect.stringMatching(/empty array/) },
      },
    ]);

    const res = await post(t, '/credentials/verify', { verifiableCredential: signed });
    const body = (await res.json()) as Json;
    expect(res.status, JSON.stringify(body)).toBe(400);
    expect(body.verified).toBe(false);
    expect(body.errors[0].code).toBe('credential_subject_missing');
  });

  it.each<[string, unknown]>([
    ['{}', {}],
    ['[{id}, {}]', [{ id: 'did:example:1' }, {}]],
    ['missing', undefined],
  ])('credentialSubject %s fails with credential_subject_missing', async (_what, credentialSubject) => {
    const credential = { ...(await signDirectly([])), credentialSubject };
    if (credentialSubject === undefined) delete credential.credentialSubject;
    const result = await verifyCredential(credential, t.deps.verify);
    expect(result.verified).toBe(false);
    expect(result.errors.map((e) => e.code)).toEqual(['credential_subject_missing']);
  });

  it('a subject with only an id still passes the structure check', async () => {
    const result = await verifyCredential(
      await signDirectly({ id: 'did:example:only-an-id' }),
      t.deps.verify,
    );
    expect(result.verified, JSON.stringify(result.errors)).toBe(true);
  });
});
