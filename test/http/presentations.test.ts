/**
 * POST /presentations/verify: a holder-signed presentation of an issued credential
 * verifies with the verifier's challenge and domain; a wrong challenge or domain, a
 * missing signature when a challenge was asked for, a signature by someone other than
 * the holder, and a tampered credential inside are 400 with a stable code.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../fixtures/testDeps.js';
import { openBadgeRequest } from '../fixtures/credentials.js';
import { issueVia, looksLikeStack, post, setStatusVia, type Json } from '../fixtures/http.js';
import { createHolder, presentationOf, signAsHolder, type Holder } from '../fixtures/holder.js';

const challenge = '6b1c7a0e-verifier-nonce';
const domain = 'verifier.example';
let t: TestApp;
let holder: Holder;
let credential: Json;

beforeEach(async () => {
  t = await createTestApp();
  holder = await createHolder();
  credential = (
    await issueVia(
      t,
      openBadgeRequest({
        credentialSubject: { ...(openBadgeRequest().credentialSubject as Json), id: holder.did },
      }),
    )
  ).vc;
});
afterEach(async () => {
  await t.close();
});

async function verifyPresentation(
  verifiablePresentation: unknown,
  options?: Json,
): Promise<{ status: number; body: Json }> {
  const res = await post(t, '/presentations/verify', {
    verifiablePresentation,
    ...(options ? { options } : {}),
  });
  const text = await res.text();
  expect(looksLikeStack(text)).toBe(false);
  if (res.status !== 200) expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  return { status: res.status, body: JSON.parse(text) as Json };
}

async function expectRejected(
  verifiablePresentation: unknown,
  options: Json | undefined,
  code: string,
): Promise<Json> {
  const { status, body } = await verifyPresentation(verifiablePresentation, options);
  expect(status, JSON.stringify(body)).toBe(400);
  expect(body).toMatchObject({ type: '/problems/verification-failed', code, verified: false });
  expect(body.errors[0].code).toBe(code);
  return body;
}

describe('a presentation signed by its holder', () => {
  it('verifies with the challenge and domain the verifier asked for', async () => {
    const vp = await signAsHolder(t, holder, presentationOf([credential], holder.did), { challenge, domain });
    expect(vp.proof).toMatchObject({
      type: 'DataIntegrityProof',
      cryptosuite: 'eddsa-rdfc-2022',
      proofPurpose: 'authentication',
      challenge,
      domain,
    });
    const { status, body } = await verifyPresentation(vp, { challenge, domain });
    expect(status, JSON.stringify(body)).toBe(200);
    expect(body.verified).toBe(true);
    expect(body.checks).toEqual([
      { id: 'structure', valid: true },
      { id: 'presentation', valid: true },
    ]);
    expect(body.credentialResults).toHaveLength(1);
    expect(body.credentialResults[0].verified).toBe(true);
  });

  it('fails with challenge_mismatch for another challenge', async () => {
    const vp = await signAsHolder(t, holder, presentationOf([credential], holder.did), { challenge, domain });
    await expectRejected(vp, { challenge: 'a-replayed-or-foreign-nonce', domain }, 'challenge_mismatch');
  });

  it('fails with domain_mismatch for another domain', async () => {
    const vp = await signAsHolder(t, holder, presentationOf([credential], holder.did), { challenge, domain });
    await expectRejected(vp, { challenge, domain: 'evil.example' }, 'domain_mismatch');
  });

  it('whose proof challenge is not a string is malformed_presentation (400), not a server error', async () => {
    const vp = await signAsHolder(t, holder, presentationOf([credential], holder.did), { challenge, domain });
    vp.proof.challenge = { id: '' };
    await expectRejected(vp, {}, 'malformed_presentation');
  });

  it('fails when the challenge in the proof was edited to match', async () => {
    const vp = await signAsHolder(t, holder, presentationOf([credential], holder.did), {
      challenge: 'old-nonce',
      domain,
    });
    vp.proof.challenge = challenge;
    const body = await expectRejected(vp, { challenge, domain }, 'invalid_signature');
    expect(body.checks.find((c: Json) => c.id === 'presentation').valid).toBe(false);
  });

  it('is refused when signed by a key that is not the holder', async () => {
    const someoneElse = await createHolder();
    const vp = await signAsHolder(t, someoneElse, presentationOf([credential], holder.did), { challenge });
    const { status, body } = await verifyPresentation(vp, { challenge });
    expect(status).toBe(400);
    expect(body.verified).toBe(false);
    expect(body.checks.find((c: Json) => c.id === 'presentation')).toMatchObject({ valid: false });
    expect(body.credentialResults[0].verified).toBe(true);
  });

  // jsigs reports 'not authorized by controller'; the signature itself is valid, so the
  // reason must be the holder, not the signature.
  // Without the holder's DID document there is nothing to check the key against: a key of
  // any DID could otherwise sign as a holder nobody can resolve.
  it('is holder_mismatch when its holder cannot be resolved, whoever signed it', async () => {
    const someoneElse = await createHolder();
    const vp = await signAsHolder(
      t,
      someoneElse,
      presentationOf([credential], 'did:web:victim.example.org'),
      { challenge },
    );
    const body = await expectRejected(vp, { challenge }, 'holder_mismatch');
    expect(body.errors[0].message).toContain('did:web:victim.example.org could not be resolved');
  });

  it('names a signature by a key that is not the holder holder_mismatch', async () => {
    const someoneElse = await createHolder();
    const vp = await signAsHolder(t, someoneElse, presentationOf([credential], holder.did), { challenge });
    await expectRejected(vp, { challenge }, 'holder_mismatch');
  });

  it('fails when a credential inside was tampered with, even though the presentation proof is good', async () => {
    const tampered = structuredClone(credential);
    tampered.credentialSubject.name = 'Mallory';
    const vp = await signAsHolder(t, holder, presentationOf([tampered], holder.did), { challenge, domain });
    const body = await expectRejected(vp, { challenge, domain }, 'invalid_signature');
    expect(body.checks.find((c: Json) => c.id === 'presentation')).toEqual({
      id: 'presentation',
      valid: true,
    });
    expect(body.credentialResults[0].errors[0].code).toBe('invalid_signature');
  });

  it('fails when a credential inside has been revoked', async () => {
    expect((await setStatusVia(t, credential.id, 'revoke')).status).toBe(200);
    const vp = await signAsHolder(t, holder, presentationOf([credential], holder.did), { challenge });
    await expectRejected(vp, { challenge }, 'revoked');
  });
});

describe('an unsigned presentation', () => {
  it('is refused when the verifier asked for a challenge', async () => {
    const body = await expectRejected(presentationOf([credential], holder.did), { challenge }, 'no_proof');
    expect(body.checks.find((c: Json) => c.id === 'presentation')?.valid).toBe(false);
  });

  it('verifies its credentials with a warning when no challenge was asked for', async () => {
    const { status, body } = await verifyPresentation(presentationOf([credential]));
    expect(status).toBe(200);
    expect(body.verified).toBe(true);
    expect(body.warnings).toEqual([expect.objectContaining({ code: 'no_proof' })]);
    expect(body.credentialResults[0].verified).toBe(true);
  });

  it('with a tampered credential is refused', async () => {
    const tampered = structuredClone(credential);
    tampered.credentialSubject.achievement.name = 'Brain Surgery 101';
    const body = await expectRejected(presentationOf([tampered]), undefined, 'invalid_signature');
    expect(body.credentialResults[0].verified).toBe(false);
  });
});

describe('something that is not a presentation', () => {
  it.each([
    ['a string', 'eyJ...'],
    ['an array', [{}]],
    ['a credential', 'CREDENTIAL'],
    ['no @context', { type: ['VerifiablePresentation'] }],
  ])('(%s) is 400 malformed_presentation', async (_what, value) => {
    await expectRejected(value === 'CREDENTIAL' ? credential : value, undefined, 'malformed_presentation');
  });
});
