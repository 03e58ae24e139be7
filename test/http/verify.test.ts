/**
 * POST /credentials/verify on what can go wrong with the credential itself: every way of
 * altering, truncating or mis-pointing a signed credential, and its validity window. A
 * failure is a 400 problem+json carrying the whole result with a stable code, never a 500.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../fixtures/testDeps.js';
import { openBadgeRequest, plainCredentialRequest } from '../fixtures/credentials.js';
import { issueVia, looksLikeStack, post, verifyVia, type Json } from '../fixtures/http.js';

const DAY = 24 * 3600 * 1000;
let t: TestApp;
let vc: Json;

beforeEach(async () => {
  t = await createTestApp();
  vc = (await issueVia(t, openBadgeRequest())).vc;
});
afterEach(async () => {
  await t.close();
});

/** Verifies and asserts a failure with the given code as the first error. */
async function expectFailure(credential: unknown, code: string): Promise<Json> {
  const res = await post(t, '/credentials/verify', { verifiableCredential: credential });
  const text = await res.text();
  expect(res.status, text).toBe(400);
  expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  expect(looksLikeStack(text)).toBe(false);
  const body = JSON.parse(text) as Json;
  expect(body).toMatchObject({
    type: '/problems/verification-failed',
    code,
    status: 400,
    verified: false,
    requestId: expect.any(String),
  });
  expect(body.errors[0].code).toBe(code);
  expect(body.detail).toBe(body.errors[0].message);
  expect(body.checks.find((c: Json) => !c.valid)?.error.code).toBe(code);
  return body;
}

it('a freshly issued credential verifies, with every check valid', async () => {
  const { status, body } = await verifyVia(t, vc);
  expect(status).toBe(200);
  expect(body.verified).toBe(true);
  expect(body.errors).toEqual([]);
  expect(body.checks.map((c: Json) => c.id)).toEqual([
    'structure',
    'context',
    'issuer',
    'proof',
    'validity',
    'status',
    'schema',
  ]);
  expect(body.checks.every((c: Json) => c.valid === true)).toBe(true);
});

it('credentials signed with Ed25519Signature2020, and plain VCs, verify too', async () => {
  for (const issued of [
    await issueVia(t, openBadgeRequest(), { proofType: 'Ed25519Signature2020' }),
    await issueVia(t, plainCredentialRequest()),
  ]) {
    const { status, body } = await verifyVia(t, issued.vc);
    expect(status, JSON.stringify(body)).toBe(200);
    expect(body.verified).toBe(true);
  }
});

describe('an altered credential', () => {
  const OTHER_DID_KEY = 'did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK';
  const cases: Array<[string, (c: Json) => void, string]> = [
    ['a tampered subject name', (c) => (c.credentialSubject.name = 'Mallory'), 'invalid_signature'],
    ['a tampered validFrom', (c) => (c.validFrom = '2020-01-01T00:00:00Z'), 'invalid_signature'],
    ['a tampered proofValue', (c) => (c.proof[0].proofValue = `z${'1'.repeat(86)}`), 'invalid_signature'],
    ['the credentialSubject removed', (c) => delete c.credentialSubject, 'credential_subject_missing'],
    ['no type', (c) => delete c.type, 'malformed_credential'],
    [
      'an unknown @context URL',
      (c) => c['@context'].push('https://evil.example/context.jsonld'),
      'unknown_context',
    ],
    ['an unknown proof type', (c) => (c.proof[0].type = 'BbsBlsSignature2020'), 'unknown_suite'],
    ['cryptosuite ecdsa-rdfc-2019', (c) => (c.proof[0].cryptosuite = 'ecdsa-rdfc-2019'), 'unknown_suite'],
    ['the proof removed', (c) => delete c.proof, 'no_proof'],
    ['an empty proof set', (c) => (c.proof = []), 'no_proof'],
    [
      'an unresolvable did:web issuer',
      (c) => (c.issuer.id = 'did:web:unresolvable.example'),
      'did_unresolved',
    ],
    ['an issuer that is not a DID', (c) => (c.issuer.id = 'https://saypro.example'), 'did_unresolved'],
    ['another did:key as issuer', (c) => (c.issuer.id = OTHER_DID_KEY), 'invalid_signature'],
  ];

  it.each(cases)('with %s fails', async (_what, alter, code) => {
    const credential = structuredClone(vc);
    alter(credential);
    await expectFailure(credential, code);
  });

  it('signed by our key but naming another DID as issuer fails with issuer_mismatch', async () => {
    const { proof: _proof, ...unsigned } = structuredClone(vc);
    const forged = await t.deps.issue.sign({
      ...unsigned,
      issuer: { ...unsigned.issuer, id: OTHER_DID_KEY },
    });
    await expectFailure(forged, 'issuer_mismatch');
  });

  it('names the unknown context and does not fetch it', async () => {
    const fetched: string[] = [];
    await t.close();
    t = await createTestApp({
      fetchJson: async (url) => {
        fetched.push(url);
        throw new Error('offline');
      },
    });
    const credential = (await issueVia(t, openBadgeRequest())).vc;
    credential['@context'].push('https://evil.example/context.jsonld');
    const body = await expectFailure(credential, 'unknown_context');
    expect(body.detail).toContain('https://evil.example/context.jsonld');
    expect(fetched).toEqual([]);
  });
});

describe('the validity window', () => {
  it('a credential past its validUntil is expired', async () => {
    const until = `${new Date(t.clock.now.getTime() + DAY).toISOString().slice(0, 19)}Z`;
    const expiring = (await issueVia(t, openBadgeRequest({ validUntil: until }))).vc;
    expect((await verifyVia(t, expiring)).status).toBe(200);
    t.clock.now = new Date(t.clock.now.getTime() + 2 * DAY);
    const body = await expectFailure(expiring, 'expired');
    expect(body.detail).toContain(until);
    // Only validity failed: the proof and status were still checked and are fine.
    expect(body.checks.filter((c: Json) => !c.valid).map((c: Json) => c.id)).toEqual(['validity']);
  });

  it('a credential whose validFrom is in the future is not yet valid, until that time comes', async () => {
    const from = `${new Date(t.clock.now.getTime() + DAY).toISOString().slice(0, 19)}Z`;
    const future = (await issueVia(t, openBadgeRequest({ validFrom: from }))).vc;
    await expectFailure(future, 'not_yet_valid');
    t.clock.now = new Date(t.clock.now.getTime() + DAY + 60_000);
    expect((await verifyVia(t, future)).body.verified).toBe(true);
  });
});

describe('a verifiableCredential that is not an object', () => {
  it.each([
    ['a string', 'eyJhbGciOi...'],
    ['an array', [{}]],
    ['a number', 42],
    ['null', null],
    ['a boolean', true],
  ])('(%s) is 400 with verified false', async (_what, value) => {
    const body = await expectFailure(value, 'malformed_credential');
    expect(body.checks).toEqual([{ id: 'structure', valid: false, error: body.errors[0] }]);
  });
});
