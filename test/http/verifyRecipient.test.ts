/**
 * The recipient check (OB 3.0 IdentityObject hashes) through POST /credentials/verify
 * `options.recipientEmail`: our own credentials carry the holder's email as a salted sha256
 * that matches whatever the case of the address typed, never the email itself; a foreign
 * issuer's hash made by the spec's formula matches; another address is recipient_mismatch,
 * a credential stating no email recipient_not_stated. Automatic issuance puts the
 * participant's email there.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { createTestApp, type TestApp } from '../fixtures/testDeps.js';
import { openBadgeRequest } from '../fixtures/credentials.js';
import { post, type Json } from '../fixtures/http.js';
import { badgePayload, didKeyIssuer, signJwt } from '../fixtures/foreignIssuers.js';
import { makeBatch, makeParticipant, passingEvents, recordAll } from '../fixtures/programs.js';
import { issueCredential } from '../../src/credentials/issueCredential.js';

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
});
afterEach(async () => {
  await t.close();
});

async function verifyFor(
  verifiableCredential: unknown,
  recipientEmail?: string,
): Promise<{ status: number; body: Json }> {
  const res = await post(t, '/credentials/verify', {
    verifiableCredential,
    ...(recipientEmail !== undefined ? { options: { recipientEmail } } : {}),
  });
  return { status: res.status, body: (await res.json()) as Json };
}

const recipientCheck = (body: Json) => body.checks.find((c: Json) => c.id === 'recipient');
const emailIdentities = (vc: Json) =>
  vc.credentialSubject.identifier.filter((i: Json) => i.identityType === 'emailAddress');

async function issuedTo(email: string): Promise<Json> {
  const { record } = await issueCredential(t.deps.issue, openBadgeRequest(), { recipientEmail: email });
  return record.credential as Json;
}

describe('our own credentials', () => {
  it('state the recipient as a salted sha256 IdentityObject beside the certificate number, never the email', async () => {
    const vc = await issuedTo('Zoe.Ngcobo@Example.org');
    const [identity] = emailIdentities(vc);
    expect(identity).toMatchObject({
      type: 'IdentityObject',
      identityType: 'emailAddress',
      hashed: true,
      salt: expect.stringMatching(/^[0-9a-f]{32}$/),
    });
    expect(identity.identityHash).toMatch(/^sha256\$[0-9a-f]{64}$/);
    expect(identity.identityHash).toBe(
      `sha256$${createHash('sha256').update(`zoe.ngcobo@example.org${identity.salt}`).digest('hex')}`,
    );
    expect(vc.credentialSubject.identifier.some((i: Json) => i.identityType === 'identifier')).toBe(true);
    expect(JSON.stringify(vc).toLowerCase()).not.toContain('zoe.ngcobo@example.org');
  });

  it("get a fresh salt each, so one person's credentials do not share a hash", async () => {
    const [a] = emailIdentities(await issuedTo('zoe@example.org'));
    const [b] = emailIdentities(await issuedTo('zoe@example.org'));
    expect(a.salt).not.toBe(b.salt);
    expect(a.identityHash).not.toBe(b.identityHash);
  });

  it("match the recipient's email in any case, and nobody else's", async () => {
    const vc = await issuedTo('Zoe.Ngcobo@Example.org');
    for (const typed of ['zoe.ngcobo@example.org', 'ZOE.NGCOBO@EXAMPLE.ORG', '  Zoe.Ngcobo@Example.org ']) {
      const { status, body } = await verifyFor(vc, typed);
      expect(status, typed).toBe(200);
      expect(recipientCheck(body)).toEqual({ id: 'recipient', valid: true });
    }
    const { status, body } = await verifyFor(vc, 'zoe.ngcobo@example.com');
    expect(status).toBe(400);
    expect(body.verified).toBe(false);
    expect(recipientCheck(body)).toMatchObject({ valid: false, error: { code: 'recipient_mismatch' } });
    expect(body.checks.find((c: Json) => c.id === 'proof')).toEqual({ id: 'proof', valid: true });
  });

  it('have no recipient check unless one is asked for', async () => {
    const { status, body } = await verifyFor(await issuedTo('zoe@example.org'));
    expect(status).toBe(200);
    expect(recipientCheck(body)).toBeUndefined();
  });

  it("issued automatically carry the participant's email", async () => {
    t.clock.now = new Date('2026-11-25T08:00:00.000Z');
    const { batch } = await makeBatch(t);
    const user = await makeParticipant(t);
    await recordAll(t, passingEvents(batch.id, user.id));
    const [record] = await t.deps.stores.credentials.listByHolder(user.id);
    const vc = record!.credential as Json;
    expect(emailIdentities(vc)).toHaveLength(1);
    expect(JSON.stringify(vc)).not.toContain(user.email);
    expect(recipientCheck((await verifyFor(vc, user.email.toUpperCase())).body)).toEqual({
      id: 'recipient',
      valid: true,
    });
  });
});

describe("a foreign issuer's identity hash", () => {
  it("made by the spec's formula (sha256 of email + salt, upper-case hex) matches", async () => {
    const issuer = didKeyIssuer('EdDSA');
    const salt = 'pepper-1';
    const identityHash = `sha256$${createHash('sha256').update(`amara@foreign.test${salt}`).digest('hex').toUpperCase()}`;
    const payload = badgePayload(issuer, t.clock.now);
    payload.credentialSubject.identifier = [
      { type: 'IdentityObject', identityType: 'emailAddress', hashed: true, identityHash, salt },
    ];
    const jwt = await signJwt(issuer, payload);
    expect(recipientCheck((await verifyFor(jwt, 'Amara@Foreign.test')).body)).toEqual({
      id: 'recipient',
      valid: true,
    });
    expect(recipientCheck((await verifyFor(jwt, 'amara@foreign.test.evil')).body)).toMatchObject({
      valid: false,
      error: { code: 'recipient_mismatch' },
    });
  });

  it('absent: the recipient cannot be confirmed (recipient_not_stated)', async () => {
    const issuer = didKeyIssuer('ES256');
    const { status, body } = await verifyFor(
      await signJwt(issuer, badgePayload(issuer, t.clock.now)),
      'amara@foreign.test',
    );
    expect(status).toBe(400);
    expect(recipientCheck(body)).toMatchObject({ valid: false, error: { code: 'recipient_not_stated' } });
  });
});

it('an options.recipientEmail that is not a string is a 400 invalid_request', async () => {
  const res = await post(t, '/credentials/verify', {
    verifiableCredential: await issuedTo('zoe@example.org'),
    options: { recipientEmail: 42 },
  });
  expect(res.status).toBe(400);
  expect(((await res.json()) as Json).code).toBe('invalid_request');
});
