/**
 * Learner Credential Wallet's side of a wallet copy, offline: a holder takes a certificate
 * through the real VC-API exchange as LCW does (the deep link's exchange, a DIDAuth
 * presentation signed with the exchange's challenge and domain, answered with a
 * presentation signed by the issuer carrying the copy), and the Digital Credentials
 * Consortium's @digitalcredentials/verifier-core (what LCW verifies with) checks what it
 * received, with its bundled contexts only: global fetch reaches our DID document and
 * status lists and nothing else (fixtures/offlineDccFetch.ts). The copy verifies (signature,
 * status, expiry); once the original is revoked, verifier-core reports the copy revoked,
 * and a stored copy of a copy (made before copies derived from the original) too; the
 * exchange's answer is signed for the wallet's challenge and domain (proof purpose
 * authentication) and, as a second proof, for assertionMethod: verifier-core's
 * verifyPresentation accepts only that purpose (and never compares the challenge).
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { verifyPresentation } from '@digitalcredentials/verifier-core';
import { createTestApp, type TestApp } from '../fixtures/testDeps.js';
import { openBadgeRequest } from '../fixtures/credentials.js';
import { setStatusVia } from '../fixtures/http.js';
import { signIn } from '../fixtures/sessions.js';
import { createHolder, presentationOf, signAsHolder, type Holder } from '../fixtures/holder.js';
import { dccVerify, offlineDccDevice } from '../fixtures/offlineDccFetch.js';
import { issueCredential } from '../../src/credentials/issueCredential.js';
import { changeCredentialStatus } from '../../src/status/statusLists.js';
import type { CredentialRecord } from '../../src/storage/ports.js';
import {
  openWalletPage,
  postJson,
  type Json,
  type Participant,
  recordLegacyCopy,
  storedCredential,
} from './walletFixtures.js';

const ORIGIN = 'https://issuer.example';
const DAY = 86_400_000;

// One app for the whole file: verifier-core caches DID documents for the life of the
// process, so a second issuer key under did:web:issuer.example would not be looked up.
let t: TestApp;
const device = offlineDccDevice(ORIGIN, () => t);

beforeAll(async () => {
  // An https PUBLIC_URL: the issuer is did:web:issuer.example, its DID document fetched
  // from our server as LCW fetches a production issuer's.
  t = await createTestApp({ env: { PUBLIC_URL: ORIGIN } });
  vi.stubGlobal('fetch', device.fetch);
});
beforeEach(() => {
  device.startTest();
});
afterAll(async () => {
  vi.unstubAllGlobals();
  await t.close();
});

/** A signed-in participant with an Open Badge valid for 30 more days. */
async function participant(): Promise<Participant> {
  const signedIn = await signIn(t, 'participant');
  // With an https public URL the session cookie is __Host- prefixed (src/http/middleware/session.ts).
  const who = { ...signedIn, cookie: signedIn.cookie.replace(/^sid=/, '__Host-sid=') };
  const validUntil = `${new Date(t.clock.now.getTime() + 30 * DAY).toISOString().slice(0, 19)}Z`;
  const { record } = await issueCredential(t.deps.issue, openBadgeRequest({ validUntil }), {
    holderUserId: who.user.id,
    isPublic: false,
  });
  return { who, record };
}

/** What LCW holds after the exchange: the issuer's presentation, the copy, what it signed with. */
interface Received {
  holder: Holder;
  vp: Json;
  copy: Json;
  challenge: string;
  domain: string;
}

/** LCW's flow from `from`'s wallet page: the exchange's DIDAuth request, answered with a signed presentation. */
async function takeThroughExchange(p: Participant, from: CredentialRecord = p.record): Promise<Received> {
  const holder = await createHolder();
  const { lcw } = (await openWalletPage(t, { who: p.who, record: from })).links;
  const request = (await (await postJson(t, lcw.exchangePath, {})).json()) as Json;
  const { challenge, domain } = request.verifiablePresentationRequest;
  expect(challenge).toBe(lcw.challenge);
  const didAuth = await signAsHolder(t, holder, presentationOf([], holder.did), { challenge, domain });
  const res = await postJson(t, lcw.exchangePath, { verifiablePresentation: didAuth });
  const body = (await res.json()) as Json;
  expect(res.status, JSON.stringify(body)).toBe(200);
  const vp = body.verifiablePresentation as Json;
  expect(vp.verifiableCredential).toHaveLength(1);
  return { holder, vp, copy: vp.verifiableCredential[0] as Json, challenge, domain };
}

/** Asserts verifier-core finds the credential's signature valid and its status `valid` (false: revoked). */
async function expectDcc(credential: Json, status: { revoked: boolean }): Promise<void> {
  const { errors, steps } = await dccVerify(credential);
  expect(errors, JSON.stringify(errors)).toBeUndefined();
  expect(steps.valid_signature, credential.id).toMatchObject({ valid: true });
  expect(steps.revocation_status, credential.id).toMatchObject({ valid: !status.revoked });
  expect(steps.expiration, credential.id).toMatchObject({ valid: true });
}

/** verifier-core's verifyPresentation answer for a signed presentation and `challenge`. */
async function dccVerifyPresentation(presentation: Json, challenge: string): Promise<Json> {
  // Its schema check logs each refused schema fetch with a stack trace: expected offline.
  const quiet = [
    vi.spyOn(console, 'log').mockImplementation(() => {}),
    vi.spyOn(console, 'error').mockImplementation(() => {}),
  ];
  return (await verifyPresentation({
    presentation: presentation as never,
    challenge,
    knownDIDRegistries: [],
  }).finally(() => {
    for (const spy of quiet) spy.mockRestore();
  })) as Json;
}

/** Asserts that nothing but our server and the credentials' JSON schemas was asked for. */
function expectOnlyOurServerAsked(...credentials: Json[]): void {
  const schemas = credentials.flatMap((credential) =>
    ([] as Json[]).concat(credential.credentialSchema ?? []).map((schema) => schema.id),
  );
  expect(
    device.asked.some((url) => url.startsWith(`${ORIGIN}/status/`)),
    'a status list was fetched',
  ).toBe(true);
  expect(device.askedInFile).toContain(`${ORIGIN}/.well-known/did.json`);
  expect(device.asked.filter((url) => new URL(url).hostname === 'www.w3.org')).toEqual([]);
  expect(
    [...new Set(device.asked.filter((url) => !url.startsWith(`${ORIGIN}/`)))].filter(
      (url) => !schemas.includes(url),
    ),
  ).toEqual([]);
}

describe('a copy LCW receives through the VC-API exchange, in verifier-core offline', () => {
  it('is bound to the holder and has a valid signature, status and expiry', async () => {
    const p = await participant();
    const { holder, copy } = await takeThroughExchange(p);
    const original = p.record.credential as Json;
    expect(t.deps.identity.did).toBe('did:web:issuer.example');
    expect(copy.id).not.toBe(original.id);
    expect(copy.credentialSubject.id).toBe(holder.did);
    expect(copy.validUntil).toBe(original.validUntil);
    expect(copy.credentialStatus).toBeDefined();
    await expectDcc(copy, { revoked: false });
    expectOnlyOurServerAsked(copy);
  });

  it('is reported revoked once the original is revoked (POST /credentials/status), its signature still valid', async () => {
    const p = await participant();
    const { copy } = await takeThroughExchange(p);
    await expectDcc(copy, { revoked: false });
    expect((await setStatusVia(t, p.record.id, 'revoke')).status).toBe(200);
    await expectDcc(copy, { revoked: true });
    await expectDcc(p.record.credential as Json, { revoked: true });
    expectOnlyOurServerAsked(copy);
  });

  it('a copy of a copy, stored as made before copies derived from the original, is reported revoked too', async () => {
    const p = await participant();
    const { copy: c1 } = await takeThroughExchange(p);
    // O -> C1 (the exchange) -> C2 (recorded as handed off from C1, as before the lineage change).
    const { record: c2 } = await issueCredential(
      t.deps.issue,
      openBadgeRequest({ validUntil: (p.record.credential as Json).validUntil }),
      {
        holderUserId: p.who.user.id,
        isPublic: false,
      },
    );
    await recordLegacyCopy(t, c1.id, c2.id, p.who.user.id);
    // And C3: today's hand-off from C1's wallet page, which derives from the original.
    const { copy: c3 } = await takeThroughExchange(p, await storedCredential(t, c1.id));
    expect((await t.deps.stores.exchanges.getByIssued(c3.id))?.credentialId).toBe(p.record.id);
    for (const credential of [c1, c2.credential as Json, c3]) await expectDcc(credential, { revoked: false });

    await changeCredentialStatus(t.deps.status, p.record.id, 'revoke', 'issued in error');
    for (const credential of [c1, c2.credential as Json, c3]) await expectDcc(credential, { revoked: true });
    expect(await storedCredential(t, c2.id)).toMatchObject({
      revoked: true,
      statusReason: `revoked with the original ${p.record.id}`,
    });
    expectOnlyOurServerAsked(c1, c2.credential as Json, c3);
  });
});

describe('the presentation the exchange answers with', () => {
  it("is signed by the issuer with the wallet's challenge and domain", async () => {
    const p = await participant();
    const { vp, challenge, domain } = await takeThroughExchange(p);
    expect(vp.holder).toBe(t.deps.identity.did);
    expect(vp.proof[0]).toMatchObject({
      type: 'DataIntegrityProof',
      cryptosuite: 'eddsa-rdfc-2022',
      proofPurpose: 'authentication',
      verificationMethod: t.deps.identity.verificationMethod,
      challenge,
      domain,
    });
    expect(vp.proof[1]).toMatchObject({
      proofPurpose: 'assertionMethod',
      verificationMethod: t.deps.identity.verificationMethod,
    });
  });

  it("is accepted by verifier-core's verifyPresentation, through its assertionMethod proof, with the copy inside valid", async () => {
    const p = await participant();
    const { vp, challenge } = await takeThroughExchange(p);
    const result = await dccVerifyPresentation(vp, challenge);
    // verifier-core 1.0.0-beta.11 verifies a presentation with jsonld-signatures'
    // AssertionProofPurpose (dist/Verify.js): the authentication proof alone matched nothing.
    expect(result.presentationResult, JSON.stringify(result.presentationResult?.errors)).toEqual({
      signature: 'valid',
    });
    const [copyResult] = result.credentialResults ?? [];
    const steps = Object.fromEntries(((copyResult?.log ?? []) as Json[]).map((step) => [step.id, step]));
    expect(copyResult?.errors, JSON.stringify(copyResult?.errors)).toBeUndefined();
    expect(steps.valid_signature).toMatchObject({ valid: true });
    expect(steps.revocation_status).toMatchObject({ valid: true });
    expect(steps.expiration).toMatchObject({ valid: true });
    expect(device.asked.filter((url) => new URL(url).hostname === 'www.w3.org')).toEqual([]);
  });

  it('(control) with its assertionMethod proof removed, verifier-core finds no proof it accepts', async () => {
    const p = await participant();
    const { vp, challenge } = await takeThroughExchange(p);
    const authenticationOnly = { ...vp, proof: vp.proof[0] };
    const result = await dccVerifyPresentation(authenticationOnly, challenge);
    expect(result.presentationResult?.signature).toBe('invalid');
    expect(JSON.stringify(result.presentationResult?.errors)).toContain(
      'insufficient proofs matched the acceptable suite(s) and required purpose(s)',
    );
  });
});
