/**
 * Embedded endorsements (OB 3.0 EndorsementCredential) through POST /credentials/verify:
 * each is verified on its own and listed with its endorser and checks; one whose endorser
 * signature no longer matches is listed as unverified, with a warning, without failing the
 * credential that carries it. Endorsements are followed one level deep only.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../fixtures/testDeps.js';
import { verifyVia, type Json } from '../fixtures/http.js';
import {
  badgePayload,
  dataIntegrityIssuer,
  didKeyIssuer,
  didWebIssuer,
  endorsementOf,
  signJwt,
} from '../fixtures/foreignIssuers.js';

let t: TestApp;
let fetched: string[];
beforeEach(async () => {
  fetched = [];
  t = await createTestApp({
    fetchJson: async (url) => {
      fetched.push(url);
      throw new Error(`network disabled in this test: ${url}`);
    },
  });
});
afterEach(async () => {
  await t.close();
});

/** A valid endorsement by one organisation and one altered after its endorser signed it. */
async function goodAndTampered(): Promise<{
  good: Json;
  tampered: Json;
  goodDid: string;
  tamperedDid: string;
}> {
  const goodEndorser = await dataIntegrityIssuer(t);
  const otherEndorser = await dataIntegrityIssuer(t);
  const good = await goodEndorser.sign(endorsementOf(goodEndorser, 'Skills Council', t.clock.now));
  const signed = await otherEndorser.sign(
    endorsementOf(otherEndorser, 'Industry Board', t.clock.now, 'Adequate.'),
  );
  const tampered = {
    ...signed,
    credentialSubject: {
      ...signed.credentialSubject,
      endorsementComment: 'The best programme in the world.',
    },
  };
  return { good, tampered, goodDid: goodEndorser.did, tamperedDid: otherEndorser.did };
}

describe('a VC-JWT carrying endorsements', () => {
  it('lists each endorsement verified or not; a tampered one warns but does not fail the credential', async () => {
    const { good, tampered, goodDid, tamperedDid } = await goodAndTampered();
    const issuer = didKeyIssuer('EdDSA');
    const jwt = await signJwt(issuer, badgePayload(issuer, t.clock.now, { endorsement: [good, tampered] }));
    const { status, body } = await verifyVia(t, jwt);
    expect(status, JSON.stringify(body)).toBe(200);
    expect(body.verified).toBe(true);
    expect(body.endorsements).toHaveLength(2);
    expect(body.endorsements[0]).toMatchObject({
      issuer: { id: goodDid, name: 'Skills Council' },
      verified: true,
    });
    expect(body.endorsements[0].checks.every((c: Json) => c.valid)).toBe(true);
    expect(body.endorsements[1]).toMatchObject({
      issuer: { id: tamperedDid, name: 'Industry Board' },
      verified: false,
    });
    expect(body.endorsements[1].checks.find((c: Json) => c.id === 'proof')).toMatchObject({
      valid: false,
      error: { code: 'invalid_signature' },
    });
    const warning = body.warnings.find((w: Json) => w.code === 'endorsement_unverified');
    expect(warning.message).toContain('Industry Board');
  });

  it('verifies an endorsement given as a VC-JWT (endorsementJwt) on the achievement', async () => {
    const endorser = didKeyIssuer('ES256');
    const endorsementJwt = await signJwt(endorser, {
      ...endorsementOf(endorser, 'Standards Body', t.clock.now),
      iss: endorser.did,
    });
    const issuer = didKeyIssuer('RS256');
    const payload = badgePayload(issuer, t.clock.now);
    payload.credentialSubject.achievement.endorsementJwt = [endorsementJwt];
    const { body } = await verifyVia(t, await signJwt(issuer, payload));
    // The endorser is no issuer this site knows: its endorsement holds, its standing is unknown.
    expect(body.endorsements).toEqual([
      {
        issuer: { id: endorser.did, name: 'Standards Body', standing: 'unknown' },
        verified: true,
        checks: expect.any(Array),
      },
    ]);
    expect(body.verdict.lines.find((l: Json) => l.check === 'endorsement')).toEqual({
      check: 'endorsement',
      state: 'not_checked',
      label: 'Endorsement',
      words: `by an issuer this site does not know, calling itself 'Standards Body' (${endorser.did}), signature valid.`,
    });
  });

  it('does not accept a credential of another type as an endorsement', async () => {
    const endorser = didKeyIssuer('EdDSA');
    const notAnEndorsement = await signJwt(endorser, badgePayload(endorser, t.clock.now));
    const issuer = didKeyIssuer('EdDSA');
    const { body } = await verifyVia(
      t,
      await signJwt(issuer, badgePayload(issuer, t.clock.now, { endorsementJwt: [notAnEndorsement] })),
    );
    expect(body.endorsements[0]).toMatchObject({
      verified: false,
      checks: [{ id: 'structure', valid: false, error: { code: 'malformed_credential' } }],
    });
  });

  it('follows endorsements one level deep only', async () => {
    // Were the endorsement's own endorsement verified, its did:web issuer would be fetched.
    const deepEndorser = didWebIssuer('EdDSA', 'deep.example');
    const deep = await signJwt(deepEndorser, endorsementOf(deepEndorser, 'Deep', t.clock.now));
    const endorser = didKeyIssuer('EdDSA');
    const endorsement = await signJwt(endorser, {
      ...endorsementOf(endorser, 'Shallow', t.clock.now),
      endorsementJwt: [deep],
    });
    const issuer = didKeyIssuer('EdDSA');
    const { body } = await verifyVia(
      t,
      await signJwt(issuer, badgePayload(issuer, t.clock.now, { endorsementJwt: [endorsement] })),
    );
    expect(body.endorsements).toHaveLength(1);
    expect(body.endorsements[0]).toMatchObject({ issuer: { name: 'Shallow' }, verified: true });
    expect(fetched).toEqual([]);
  });

  it('verifies at most eight, and says the rest were not', async () => {
    const endorser = didKeyIssuer('EdDSA');
    const one = await signJwt(endorser, endorsementOf(endorser, 'Repeated', t.clock.now));
    const issuer = didKeyIssuer('EdDSA');
    const { body } = await verifyVia(
      t,
      await signJwt(issuer, badgePayload(issuer, t.clock.now, { endorsementJwt: Array(12).fill(one) })),
    );
    expect(body.endorsements).toHaveLength(8);
    expect(body.warnings.find((w: Json) => w.code === 'endorsement_unverified').message).toMatch(
      /12 endorsements; only the first 8/,
    );
  });
});

it('a Data Integrity credential carrying a signed endorsement verifies both', async () => {
  const { good, tampered, goodDid } = await goodAndTampered();
  const issuer = await dataIntegrityIssuer(t);
  const credential = await issuer.sign({
    ...endorsementOf(issuer, 'ignored', t.clock.now),
    type: ['VerifiableCredential', 'OpenBadgeCredential'],
    issuer: { id: issuer.did, type: ['Profile'], name: 'Foreign College' },
    credentialSubject: {
      type: ['AchievementSubject'],
      achievement: {
        id: 'https://foreign.test/a/2',
        type: ['Achievement'],
        name: 'Carpentry',
        criteria: { narrative: 'Built a chair.' },
      },
    },
    endorsement: [good, tampered],
  });
  const { status, body } = await verifyVia(t, credential);
  expect(status, JSON.stringify(body)).toBe(200);
  expect(body.endorsements.map((e: Json) => e.verified)).toEqual([true, false]);
  expect(body.endorsements[0].issuer.id).toBe(goodDid);
  // The issuer signed what it carries: altering an endorsement afterwards breaks the credential's own proof.
  const altered = structuredClone(credential);
  altered.endorsement[0].credentialSubject.endorsementComment = 'Changed later.';
  const after = await verifyVia(t, altered);
  expect(after.body.checks.find((c: Json) => c.id === 'proof')).toMatchObject({
    valid: false,
    error: { code: 'invalid_signature' },
  });
});
