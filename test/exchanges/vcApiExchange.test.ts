/**
 * The VC-API exchange the Learner Credential Wallet uses, end to end through the app with
 * a scripted holder: the DIDAuth request, a signed presentation answered with a new
 * credential bound to the holder DID that verifies, the LCW deep-link shape (a bare
 * presentation, no domain, Ed25519Signature2020), the answer signed by the issuer with the
 * wallet's challenge and domain (checked by our verifier and by @digitalbazaar/vc alone),
 * replays (the same wallet gets the same credential; another wallet or a late one gets
 * 410), and every refusal: wrong challenge
 * or domain, a signature not by the holder, no signature, a wrong bearer token, an
 * unknown or expired exchange, a revoked certificate.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as vc from '@digitalbazaar/vc';
import { Ed25519Signature2020 } from '@digitalbazaar/ed25519-signature-2020';
import { createTestApp, type TestApp } from '../fixtures/testDeps.js';
import { expectProblem } from '../fixtures/http.js';
import { createHolder, presentationOf, signAsHolder, type Holder } from '../fixtures/holder.js';
import { changeCredentialStatus } from '../../src/status/statusLists.js';
import { verifyCredential } from '../../src/verification/verifyCredential.js';
import { verifyPresentationPristine } from './pristineVerifier.js';
import {
  openWalletPage,
  participantWithCertificate,
  postJson,
  verifyViaApi,
  type Json,
  type Participant,
  type WalletLinks,
} from './walletFixtures.js';

const DOMAIN = 'localhost:3000';
let t: TestApp;
let holder: Holder;
let participant: Participant;
let lcw: WalletLinks['lcw'];

beforeEach(async () => {
  t = await createTestApp();
  holder = await createHolder();
  participant = await participantWithCertificate(t);
  lcw = (await openWalletPage(t, participant)).links.lcw;
});
afterEach(async () => {
  await t.close();
});

/** A DIDAuth presentation by `by`, naming `holderDid`, for `challenge` (and our domain unless null). */
function didAuth(
  by: Holder,
  options: { challenge?: string; domain?: string | null; holderDid?: string } = {},
): Promise<Json> {
  const domain = options.domain === null ? undefined : (options.domain ?? DOMAIN);
  return signAsHolder(t, by, presentationOf([], options.holderDid ?? by.did), {
    challenge: options.challenge ?? lcw.challenge,
    ...(domain ? { domain } : {}),
  });
}

async function step(body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return postJson(t, lcw.exchangePath, body, headers);
}

async function completed(body: unknown): Promise<Json> {
  const res = await step(body);
  const json = (await res.json()) as Json;
  expect(res.status, JSON.stringify(json)).toBe(200);
  return json;
}

describe('the VC-API exchange', () => {
  it('answers {} with a DIDAuthentication request carrying the challenge and our domain', async () => {
    const body = await completed({});
    expect(body).toEqual({
      verifiablePresentationRequest: {
        query: [{ type: 'DIDAuthentication', acceptedMethods: [{ method: 'key' }] }],
        challenge: lcw.challenge,
        domain: DOMAIN,
        interact: {
          service: [{ type: 'UnmediatedPresentationService2021', serviceEndpoint: lcw.requestUrl }],
        },
      },
    });
  });

  it('issues a new credential bound to the holder DID for a signed DIDAuth presentation, which verifies', async () => {
    const { verifiablePresentationRequest: vpr } = await completed({});
    const vp = await signAsHolder(t, holder, presentationOf([], holder.did), {
      challenge: vpr.challenge,
      domain: vpr.domain,
    });
    const body = await completed({ verifiablePresentation: vp });
    expect(Object.keys(body)).toEqual(['verifiablePresentation']);
    expect(body.verifiablePresentation).toMatchObject({
      '@context': ['https://www.w3.org/ns/credentials/v2'],
      type: ['VerifiablePresentation'],
    });
    const [credential] = body.verifiablePresentation.verifiableCredential as Json[];
    const original = participant.record.credential as Json;
    expect(credential!.id).not.toBe(original.id);
    expect(credential!.credentialSubject.id).toBe(holder.did);
    expect(credential!.credentialSubject.name).toBe(original.credentialSubject.name);
    expect(credential!.credentialSubject.achievement).toEqual(original.credentialSubject.achievement);
    expect(credential!.name).toBe(original.name);
    expect(credential!.issuer.id).toBe(t.deps.identity.did);
    // The copy carries its own certificate number, not the original's.
    const numbers = (credential!.credentialSubject.identifier as Json[]).map((i) => i.identityHash);
    expect(numbers).toHaveLength(1);
    expect(numbers[0]).not.toBe(participant.record.certificateNumber);
    expect((await verifyViaApi(t, credential)).verified).toBe(true);

    const stored = await t.deps.stores.credentials.get(credential!.id);
    expect(stored).toMatchObject({
      holderUserId: participant.who.user.id,
      idempotencyKey: `exchange:${decodeURIComponent(lcw.exchangePath.split('/').pop()!)}`,
      isPublic: false,
    });
    expect(
      (await t.deps.stores.exchanges.listIssuedFrom(participant.record.id)).map((r) => r.issuedCredentialId),
    ).toEqual([credential!.id]);
  });

  it('revoking the original also revokes the wallet copy', async () => {
    const { verifiablePresentationRequest: vpr } = await completed({});
    const vp = await signAsHolder(t, holder, presentationOf([], holder.did), {
      challenge: vpr.challenge,
      domain: vpr.domain,
    });
    const [copy] = (await completed({ verifiablePresentation: vp })).verifiablePresentation
      .verifiableCredential as Json[];
    expect((await verifyViaApi(t, copy)).verified).toBe(true);
    await changeCredentialStatus(t.deps.status, participant.record.id, 'revoke', 'issued in error');
    const result = await verifyCredential(copy, t.deps.verify);
    expect(result.verified).toBe(false);
    expect(result.errors[0]?.code).toBe('revoked');
    expect((await t.deps.stores.credentials.get(copy!.id))?.statusReason).toMatch(
      /revoked with the original/,
    );
  });

  it("answers LCW's deep-link request (a bare presentation, no domain, Ed25519Signature2020) with a bare presentation", async () => {
    const presentation = vc.createPresentation({ holder: holder.did });
    const suite = new Ed25519Signature2020({ signer: holder.keyPair.signer() });
    const signed = await vc.signPresentation({
      presentation,
      suite,
      challenge: lcw.challenge,
      documentLoader: t.deps.documentLoader,
    });
    expect(signed.proof.type).toBe('Ed25519Signature2020');
    const body = await completed(signed);
    expect(body.type).toEqual(['VerifiablePresentation']);
    expect(body.verifiableCredential[0].credentialSubject.id).toBe(holder.did);
    expect((await verifyViaApi(t, body.verifiableCredential[0])).verified).toBe(true);
  });

  it('accepts the challenge as a bearer token, and refuses any other bearer token with 401', async () => {
    await expectProblem(await step({}, { authorization: 'Bearer not-the-challenge' }), 401, 'unauthorized');
    const vp = await didAuth(holder);
    const res = await step({ verifiablePresentation: vp }, { authorization: `Bearer ${lcw.challenge}` });
    expect(res.status).toBe(200);
  });
});

describe("the exchange's answer", () => {
  /** Completes the exchange through the VC-API flow; returns the issuer's presentation. */
  async function answered(): Promise<{ vp: Json; challenge: string; domain: string }> {
    const { verifiablePresentationRequest: vpr } = await completed({});
    const vp = await signAsHolder(t, holder, presentationOf([], holder.did), {
      challenge: vpr.challenge,
      domain: vpr.domain,
    });
    return {
      vp: (await completed({ verifiablePresentation: vp })).verifiablePresentation,
      challenge: vpr.challenge,
      domain: vpr.domain,
    };
  }

  it('is signed by the issuer for authentication, with the challenge and domain the wallet signed with, and for assertionMethod', async () => {
    const { vp, challenge, domain } = await answered();
    expect(vp.holder).toBe(t.deps.identity.did);
    const proof = {
      type: 'DataIntegrityProof',
      cryptosuite: 'eddsa-rdfc-2022',
      verificationMethod: t.deps.identity.verificationMethod,
    };
    expect(vp.proof).toEqual([
      expect.objectContaining({ ...proof, proofPurpose: 'authentication', challenge, domain }),
      expect.objectContaining({ ...proof, proofPurpose: 'assertionMethod' }),
    ]);
    expect(vp.proof[1].challenge).toBeUndefined();
  });

  it('verifies with our verifier and with @digitalbazaar/vc alone, for that challenge and domain only', async () => {
    const { vp, challenge, domain } = await answered();
    const ours = await t.deps.verifier.presentation(vp, { challenge, domain });
    expect(ours.verified, JSON.stringify(ours.errors)).toBe(true);
    expect(ours.credentialResults.map((r) => r.verified)).toEqual([true]);
    const pristine = await verifyPresentationPristine(t, vp, { challenge, domain });
    expect(pristine, pristine.error).toMatchObject({ verified: true, presentationVerified: true });

    expect(
      (await t.deps.verifier.presentation(vp, { challenge: 'another-exchange', domain })).errors[0]?.code,
    ).toBe('challenge_mismatch');
    expect(
      (await verifyPresentationPristine(t, vp, { challenge, domain: 'evil.example' })).presentationVerified,
    ).toBe(false);
  });

  it('fails both verifiers once tampered with', async () => {
    const { vp, challenge, domain } = await answered();
    const tampered = structuredClone(vp);
    tampered.verifiableCredential.push(structuredClone(participant.record.credential));
    const ours = await t.deps.verifier.presentation(tampered, { challenge, domain });
    expect(ours.verified).toBe(false);
    expect(ours.errors.map((e) => e.code)).toContain('invalid_signature');
    expect((await verifyPresentationPristine(t, tampered, { challenge, domain })).presentationVerified).toBe(
      false,
    );
  });

  it("signs LCW's deep-link answer with the wallet's challenge and no domain", async () => {
    const presentation = vc.createPresentation({ holder: holder.did });
    const suite = new Ed25519Signature2020({ signer: holder.keyPair.signer() });
    const signed = await vc.signPresentation({
      presentation,
      suite,
      challenge: lcw.challenge,
      documentLoader: t.deps.documentLoader,
    });
    const vp = await completed(signed);
    expect(vp.proof[0]).toMatchObject({ proofPurpose: 'authentication', challenge: lcw.challenge });
    expect(vp.proof[0].domain).toBeUndefined();
    expect((await t.deps.verifier.presentation(vp, { challenge: lcw.challenge })).verified).toBe(true);
    expect((await verifyPresentationPristine(t, vp, { challenge: lcw.challenge })).verified).toBe(true);
  });
});

describe('replays', () => {
  it('gives the same wallet the same credential again, even when it retries concurrently', async () => {
    const vp = await didAuth(holder);
    const [a, b] = await Promise.all([
      completed({ verifiablePresentation: vp }),
      completed({ verifiablePresentation: vp }),
    ]);
    const again = await completed({ verifiablePresentation: vp });
    const ids = [a, b, again].map((r) => r.verifiablePresentation.verifiableCredential[0].id);
    expect(new Set(ids).size).toBe(1);
    expect(again).toEqual(a);
    expect((await t.deps.stores.credentials.listByHolder(participant.who.user.id)).length).toBe(2);
  });

  it('answers 410 to another wallet, to {} once completed, and to everyone after expiry', async () => {
    await completed({ verifiablePresentation: await didAuth(holder) });
    const other = await createHolder();
    await expectProblem(await step({ verifiablePresentation: await didAuth(other) }), 410, 'gone');
    await expectProblem(await step({}), 410, 'gone');
    t.clock.now = new Date(t.clock.now.getTime() + 16 * 60_000);
    await expectProblem(await step({ verifiablePresentation: await didAuth(holder) }), 410, 'gone');
  });

  it('answers 410 for an exchange that expired unused, and 404 for an unknown one', async () => {
    t.clock.now = new Date(t.clock.now.getTime() + 15 * 60_000);
    await expectProblem(await step({}), 410, 'gone');
    await expectProblem(await postJson(t, '/exchanges/no-such-exchange', {}), 404, 'not_found');
  });
});

describe('refusals', () => {
  it('refuses a wrong challenge with 400, leaving the exchange usable', async () => {
    const problem = await expectProblem(
      await step({ verifiablePresentation: await didAuth(holder, { challenge: 'a-replayed-nonce' }) }),
      400,
      'verification_failed',
    );
    expect(problem.errors[0].code).toBe('challenge_mismatch');
    expect((await step({ verifiablePresentation: await didAuth(holder) })).status).toBe(200);
  });

  it('refuses a proof for another domain', async () => {
    const problem = await expectProblem(
      await step({ verifiablePresentation: await didAuth(holder, { domain: 'evil.example' }) }),
      400,
      'verification_failed',
    );
    expect(problem.errors[0].code).toBe('domain_mismatch');
  });

  it('refuses a presentation signed by a key that is not its holder', async () => {
    const other = await createHolder();
    const problem = await expectProblem(
      await step({ verifiablePresentation: await didAuth(other, { holderDid: holder.did }) }),
      400,
      'verification_failed',
    );
    expect(problem.errors[0].code).toBe('holder_mismatch');
  });

  it('refuses a presentation whose signature no longer matches', async () => {
    const vp = await didAuth(holder);
    vp.holder = holder.did;
    vp.proof.challenge = lcw.challenge;
    vp.type = ['VerifiablePresentation', 'Altered'];
    const problem = await expectProblem(
      await step({ verifiablePresentation: vp }),
      400,
      'verification_failed',
    );
    expect(problem.verified).toBe(false);
  });

  it('refuses an unsigned presentation and one without a did:key or did:web holder', async () => {
    const unsigned = await expectProblem(
      await step({ verifiablePresentation: presentationOf([], holder.did) }),
      400,
      'verification_failed',
    );
    expect(unsigned.errors[0].code).toBe('no_proof');
    await expectProblem(await step({ verifiablePresentation: presentationOf([]) }), 400, 'invalid_request');
    await expectProblem(
      await step({ verifiablePresentation: presentationOf([], 'did:example:123') }),
      400,
      'invalid_request',
    );
  });

  it('answers 410 once the certificate has been revoked', async () => {
    await changeCredentialStatus(t.deps.status, participant.record.id, 'revoke');
    const problem = await expectProblem(
      await step({ verifiablePresentation: await didAuth(holder) }),
      410,
      'gone',
    );
    expect(problem.detail).toContain('revoked');
  });
});
