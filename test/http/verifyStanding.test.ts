/**
 * Issuer standing and the verdict in words: a valid signature from an issuer this site does
 * not know is never a plain "valid". Foreign issuers here are other instances of the platform
 * (their own key ring, their own did:key), which may call themselves anything.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { createTestApp, type TestApp } from '../fixtures/testDeps.js';
import { issueVia, verifyVia, setStatusVia, type Json } from '../fixtures/http.js';
import { openBadgeRequest } from '../fixtures/credentials.js';
import { rotateKeyRing } from '../../src/credentials/keyRing.js';
import { accreditedPartner } from '../trust/trustFixtures.js';

let ours: TestApp;
let impostor: TestApp;

beforeAll(async () => {
  ours = await createTestApp({ env: { ISSUER_NAME: 'SayPro' } });
  // Another instance that also calls itself SayPro: its own keys, so its own did:key.
  impostor = await createTestApp({ env: { ISSUER_NAME: 'SayPro' } });
});
afterAll(async () => {
  await ours?.close();
  await impostor?.close();
});

/** A credential the impostor signs directly, with no status entry (so nobody can revoke it). */
function impostorCredential(): Promise<Json> {
  return signedBy(impostor);
}

describe('our own credential', () => {
  it('says who earned what, issued by us, and that every check passed', async () => {
    const { vc } = await issueVia(ours, openBadgeRequest());
    const { status, body } = await verifyVia(ours, vc);
    expect(status).toBe(200);
    expect(body.issuer).toEqual({
      id: ours.deps.identity.did,
      name: 'SayPro',
      standing: 'own',
      displayName: 'SayPro',
    });
    expect(body.credential).toMatchObject({
      recipientName: 'Zoë Ngcobo-Müller',
      achievementName: 'Web Development 101',
      criteria: 'Completed all modules and passed the final assessment with at least 70%.',
      image: 'https://saypro.example/badges/web-101.png',
      certificateNumber: expect.stringMatching(/^SP-\d{4}-\d{6}$/),
      validFrom: vc.validFrom,
    });
    expect(body.warnings.map((w: Json) => w.code)).not.toContain('issuer_unknown');
    expect(body.verdict).toMatchObject({
      kind: 'valid',
      headline: 'Valid certificate',
      detail: 'Issued by SayPro.',
    });
    expect(body.verdict.lines.map((l: Json) => [l.check, l.state])).toEqual([
      ['signature', 'passed'],
      ['issuer', 'passed'],
      ['status', 'passed'],
      ['dates', 'passed'],
      ['schema', 'passed'],
    ]);
  });

  it('a revoked one is a failure whose code is the check that failed, still naming holder and issuer', async () => {
    const { vc } = await issueVia(ours, openBadgeRequest());
    expect((await setStatusVia(ours, vc.id, 'revoke')).status).toBe(200);
    const { status, body } = await verifyVia(ours, vc);
    expect(status).toBe(400);
    expect(body).toMatchObject({ code: 'revoked', type: '/problems/verification-failed', verified: false });
    expect(body.issuer.standing).toBe('own');
    expect(body.credential.recipientName).toBe('Zoë Ngcobo-Müller');
    expect(body.verdict).toMatchObject({ kind: 'revoked', headline: 'Revoked' });
  });

  it('a tampered copy claims our DID but earns no standing: the signature failed', async () => {
    const { vc } = await issueVia(ours, openBadgeRequest());
    vc.credentialSubject.name = 'Someone Else';
    const { status, body } = await verifyVia(ours, vc);
    expect(status).toBe(400);
    expect(body.code).toBe('invalid_signature');
    expect(body.issuer).toEqual({ id: ours.deps.identity.did, name: 'SayPro', standing: 'unknown' });
    expect(body.verdict.kind).toBe('invalid');
    expect(body.verdict.lines.find((l: Json) => l.check === 'issuer')).toMatchObject({
      state: 'not_checked',
    });
  });
});

describe('a credential from another instance calling itself SayPro', () => {
  it('verifies cryptographically, but its issuer is unknown: amber, never "Issued by SayPro"', async () => {
    const vc = await impostorCredential();
    const { status, body } = await verifyVia(ours, vc);
    expect(status).toBe(200);
    expect(body.verified).toBe(true);
    expect(body.issuer).toEqual({ id: impostor.deps.identity.did, name: 'SayPro', standing: 'unknown' });
    expect(body.warnings).toContainEqual({
      code: 'issuer_unknown',
      message: `The signature is valid, but the issuer ${impostor.deps.identity.did} is not one this site knows. It calls itself 'SayPro'.`,
    });
    expect(body.verdict.kind).toBe('caution');
    expect(body.verdict.headline).toBe('Signature valid, issuer not known');
    expect(JSON.stringify(body.verdict)).not.toContain('Issued by');
    // No status entry: said plainly, not passed over.
    expect(body.verdict.lines.find((l: Json) => l.check === 'status')).toMatchObject({
      state: 'not_checked',
      words: expect.stringContaining('no status entry'),
    });
  });

  it('is ours once its DID is listed in OWN_ISSUER_DIDS (a DID we signed with before)', async () => {
    const adopted = await createTestApp({
      env: {
        ISSUER_NAME: 'SayPro',
        OWN_ISSUER_DIDS: ` did:web:old.saypro.example , ${impostor.deps.identity.did}`,
      },
    });
    try {
      const { body } = await verifyVia(adopted, await impostorCredential());
      expect(body.issuer.standing).toBe('own');
      expect(body.verdict.detail).toBe('Issued by SayPro.');
    } finally {
      await adopted.close();
    }
  });
});

/** A credential signed directly by an app's key, with no status entry. */
async function signedBy(app: TestApp): Promise<Json> {
  const prepared = openBadgeRequest({
    id: `urn:uuid:${crypto.randomUUID()}`,
    issuer: { id: app.deps.identity.did, type: ['Profile'], name: 'SayPro' },
  });
  prepared.validFrom = `${new Date().toISOString().slice(0, 19)}Z`;
  return app.deps.issue.sign(prepared, { date: new Date() });
}

// Signed without a status entry: after a did:key rotation the status lists are re-signed
// under the new DID, which verifiers refuse for the old credentials (docs/FIELD-NOTES.md).
it('after a key rotation, credentials signed with the old did:key are still ours', async () => {
  const app = await createTestApp({ env: { ISSUER_NAME: 'SayPro' } });
  const vc = await signedBy(app);
  const oldDid = app.deps.identity.did;
  await app.deps.stores.close();
  await rotateKeyRing(join(app.dir, 'keys'));
  const rotated = await createTestApp({ dir: app.dir, env: { ISSUER_NAME: 'SayPro' } });
  try {
    expect(rotated.deps.identity.did).not.toBe(oldDid);
    const { status, body } = await verifyVia(rotated, vc);
    expect(status, JSON.stringify(body.errors)).toBe(200);
    expect(body.issuer).toMatchObject({ id: oldDid, standing: 'own' });
    expect(body.verdict.kind).toBe('valid');
  } finally {
    await rotated.close();
    await app.close();
  }
});

describe('trusted issuers', () => {
  it('a listed issuer is "Issued by" the list\'s name, within the listing\'s dates only', async () => {
    const vc = await impostorCredential();
    const until = new Date(ours.clock.now.getTime() + 24 * 3600 * 1000).toISOString();
    await ours.deps.stores.trust.addIssuer({
      did: impostor.deps.identity.did,
      name: 'Acme Training Ltd',
      url: 'https://acme.example',
      note: 'Delivers our first-aid course.',
      validUntil: until,
      createdAt: ours.clock.now.toISOString(),
      updatedAt: ours.clock.now.toISOString(),
      createdBy: 'test',
    });
    const { body } = await verifyVia(ours, vc);
    expect(body.issuer).toEqual({
      id: impostor.deps.identity.did,
      name: 'SayPro',
      standing: 'trusted',
      displayName: 'Acme Training Ltd',
      trust: {
        kind: 'listed',
        name: 'Acme Training Ltd',
        url: 'https://acme.example',
        note: 'Delivers our first-aid course.',
        until,
      },
    });
    expect(body.verdict).toMatchObject({
      kind: 'valid',
      detail: "Issued by Acme Training Ltd, on this site's list of trusted issuers.",
    });
    expect(body.warnings.map((w: Json) => w.code)).not.toContain('issuer_unknown');

    const saved = ours.clock.now;
    ours.clock.now = new Date(Date.parse(until) + 1000);
    try {
      const after = await verifyVia(ours, vc);
      expect(after.body.issuer.standing).toBe('unknown');
      expect(after.body.verdict.kind).toBe('caution');
    } finally {
      ours.clock.now = saved;
      await ours.deps.stores.trust.removeIssuer(impostor.deps.identity.did);
    }
  });

  it("an accredited partner's registered DID is trusted while the accreditation holds, and not the moment it is withdrawn", async () => {
    const { organisation, application } = await accreditedPartner(ours, 'Khanyisa Skills Centre');
    await ours.deps.stores.trust.setPartnerIssuer({
      organisationId: organisation.id,
      did: impostor.deps.identity.did,
      registeredAt: ours.clock.now.toISOString(),
      registeredBy: 'test',
    });
    const vc = await impostorCredential();
    const { body } = await verifyVia(ours, vc);
    expect(body.issuer).toMatchObject({
      standing: 'trusted',
      displayName: 'Khanyisa Skills Centre',
      trust: { kind: 'accredited_partner', until: application.validUntil },
    });
    expect(body.verdict.detail).toMatch(
      /^Issued by Khanyisa Skills Centre, an accredited partner until \d{1,2} \w+ \d{4}\.$/,
    );

    const withdrawn = await ours.deps.stores.accreditation.getApplication(application.id);
    expect(
      await ours.deps.stores.accreditation.updateApplication(
        { ...withdrawn!, status: 'withdrawn', version: withdrawn!.version + 1 },
        withdrawn!.version,
      ),
    ).toBe(true);
    const after = await verifyVia(ours, vc);
    expect(after.body.issuer.standing).toBe('unknown');
    expect(after.body.verdict.kind).toBe('caution');
    await ours.deps.stores.trust.removePartnerIssuer(organisation.id);
  });
});
