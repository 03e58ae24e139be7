/**
 * Our Open Badges verify in the Digital Credentials Consortium's verifier
 * (@digitalcredentials/verifier-core, what Learner Credential Wallet runs) offline: with the
 * contexts it bundles and no network but our own server: global fetch is stubbed with the
 * offline device of fixtures/offlineDccFetch.ts, which serves our app's DID document and
 * status lists, refuses every other URL, and records what was asked. Before the extensions
 * context replaced undefined-terms/v2, verifier-core had to fetch that context from
 * www.w3.org on every verification and, offline, reported an invalid signature.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createTestApp, type TestApp } from '../fixtures/testDeps.js';
import { openBadgeRequest } from '../fixtures/credentials.js';
import { issueVia, setStatusVia, verifyVia, type Json } from '../fixtures/http.js';
import { dccVerify, offlineDccDevice } from '../fixtures/offlineDccFetch.js';

const ORIGIN = 'https://issuer.example';
const VC_V2 = 'https://www.w3.org/ns/credentials/v2';
const OB_303 = 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json';
const OB_EXTENSIONS = 'https://purl.imsglobal.org/spec/ob/v3p0/extensions.json';
const UNDEFINED_TERMS = 'https://www.w3.org/ns/credentials/undefined-terms/v2';
const DAY = 86_400_000;

// One issuer for the whole file: verifier-core caches DID documents for the life of the
// process, as a wallet does, so a second key under the same did:web would not be looked up.
let t: TestApp;
/** The device verifier-core runs on: only our server's DID document and status lists reachable. */
const device = offlineDccDevice(ORIGIN, () => t);
/** Every URL the verifier fetched in this test, served or refused, in order. */
let asked: string[];
/** Every URL it fetched in this file (the DID document is fetched once, then cached). */
const askedInFile = device.askedInFile;

beforeAll(async () => {
  // An https PUBLIC_URL makes the issuer did:web:issuer.example, so its DID document is
  // fetched too, as a wallet fetches a production issuer's.
  t = await createTestApp({ env: { PUBLIC_URL: ORIGIN } });
  vi.stubGlobal('fetch', device.fetch);
});
beforeEach(() => {
  asked = device.startTest();
});
afterAll(async () => {
  vi.unstubAllGlobals();
  await t.close();
});

/** An Open Badge we issue, valid for 30 more days, with its revocation entry. */
async function issueBadge(overrides: Json = {}, options: Json = {}): Promise<Json> {
  const validUntil = `${new Date(t.clock.now.getTime() + 30 * DAY).toISOString().slice(0, 19)}Z`;
  return (await issueVia(t, openBadgeRequest({ validUntil, ...overrides }), options)).vc;
}

/** Asserts that nothing but our server and the credential's JSON schemas was asked for. */
function expectOnlyOurServerAsked(credential: Json): void {
  const schemas = ([] as Json[]).concat(credential.credentialSchema ?? []).map((schema) => schema.id);
  expect(
    asked.some((url) => url.startsWith(`${ORIGIN}/status/`)),
    'the status list was fetched',
  ).toBe(true);
  expect(askedInFile).toContain(`${ORIGIN}/.well-known/did.json`);
  expect(asked.filter((url) => new URL(url).hostname === 'www.w3.org')).toEqual([]);
  // The schema check (an "additional information" entry, not a verification step) fetches
  // the OB JSON schema; offline it is unchecked. No context is ever asked for.
  expect(
    [...new Set(asked.filter((url) => !url.startsWith(`${ORIGIN}/`)))].filter(
      (url) => !schemas.includes(url),
    ),
  ).toEqual([]);
}

describe('our Open Badge in verifier-core, offline', () => {
  it('defines its credentialSchema type with the OB extensions context, not undefined-terms/v2', async () => {
    const vc = await issueBadge();
    expect(t.deps.identity.did).toBe('did:web:issuer.example');
    expect(vc['@context']).toEqual([VC_V2, OB_303, OB_EXTENSIONS]);
  });

  it.each([
    ['eddsa-rdfc-2022', {}],
    ['Ed25519Signature2020', { proofType: 'Ed25519Signature2020' }],
  ])('has a valid signature, status and expiry (%s)', async (_name, options) => {
    const vc = await issueBadge({}, options);
    const { errors, steps } = await dccVerify(vc);
    expect(errors, JSON.stringify(errors)).toBeUndefined();
    expect(steps.valid_signature).toMatchObject({ valid: true });
    expect(steps.revocation_status).toMatchObject({ valid: true });
    expect(steps.expiration).toMatchObject({ valid: true });
    expectOnlyOurServerAsked(vc);
  });

  it('reports a revoked one revoked, with its signature still valid', async () => {
    const vc = await issueBadge();
    expect((await setStatusVia(t, vc.id, 'revoke')).status).toBe(200);
    const { errors, steps } = await dccVerify(vc);
    expect(errors, JSON.stringify(errors)).toBeUndefined();
    expect(steps.valid_signature).toMatchObject({ valid: true });
    expect(steps.revocation_status).toMatchObject({ valid: false });
    expectOnlyOurServerAsked(vc);
  });

  it('reports a tampered one as having an invalid signature', async () => {
    const vc = await issueBadge();
    const tampered = structuredClone(vc);
    tampered.credentialSubject.name = 'Someone Else';
    const { errors } = await dccVerify(tampered);
    expect(errors?.map((e) => e.name)).toEqual(['invalid_signature']);
    expect(asked.filter((url) => new URL(url).hostname === 'www.w3.org')).toEqual([]);
  });
});

describe('a credential defining the schema type with undefined-terms/v2 (as we issued before)', () => {
  it('is still issued as the caller asks, and still verifies here', async () => {
    const vc = await issueBadge({ '@context': [VC_V2, OB_303, UNDEFINED_TERMS] });
    expect(vc['@context']).toEqual([VC_V2, OB_303, UNDEFINED_TERMS]);
    const { status, body } = await verifyVia(t, vc);
    expect(status, JSON.stringify(body)).toBe(200);
    expect(body.verified).toBe(true);
  });

  it('fails in verifier-core offline, which asks www.w3.org for that context (the bug this avoids)', async () => {
    const vc = await issueBadge({ '@context': [VC_V2, OB_303, UNDEFINED_TERMS] });
    const { errors } = await dccVerify(vc);
    expect(errors?.map((e) => e.name)).toEqual(['invalid_signature']);
    expect(asked).toContain(UNDEFINED_TERMS);
  });
});
