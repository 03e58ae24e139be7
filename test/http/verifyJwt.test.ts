/**
 * POST /credentials/verify with a VC-JWT (OB 3.0 §8.2): `{"verifiableCredential": "<compact
 * JWS>"}` from foreign issuers with their own keys (RS256, ES256, EdDSA; did:key, did:jwk,
 * did:web with a JWK), the same checks as a Data Integrity credential. The key must be the
 * issuer's; a tampered payload, `none`, HS256, a foreign key, a wrong iss and dates outside
 * nbf/exp each fail with their own code.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { createHmac } from 'node:crypto';
import type { TestApp } from '../fixtures/testDeps.js';
import { verifyVia, type Json } from '../fixtures/http.js';
import {
  badgePayload,
  didJwkIssuer,
  didKeyIssuer,
  didWebIssuer,
  signJwt,
  tamperJwt,
  type JwtAlgorithm,
} from '../fixtures/foreignIssuers.js';
import { withForeignSite, type ForeignServer } from '../fixtures/foreignServer.js';

let t: TestApp;
let site: ForeignServer;
const foreign = withForeignSite();
beforeEach(() => {
  ({ t, site } = foreign);
});

const check = (body: Json, id: string) => body.checks.find((c: Json) => c.id === id);

async function expectVerified(jwt: string): Promise<Json> {
  const { status, body } = await verifyVia(t, jwt);
  expect(status, JSON.stringify(body)).toBe(200);
  expect(body.verified).toBe(true);
  expect(body.checks.map((c: Json) => c.id)).toEqual([
    'structure',
    'context',
    'issuer',
    'proof',
    'validity',
    'schema',
  ]);
  return body;
}

async function expectFailure(jwt: string, checkId: string, code: string): Promise<Json> {
  const { status, body } = await verifyVia(t, jwt);
  expect(status, JSON.stringify(body)).toBe(400);
  expect(body.verified).toBe(false);
  expect(check(body, checkId), JSON.stringify(body.checks)).toMatchObject({ valid: false, error: { code } });
  return body;
}

describe('a VC-JWT signed with a did:key', () => {
  it.each<JwtAlgorithm>(['RS256', 'ES256', 'EdDSA'])(
    'verifies with %s, and says whose certificate it is',
    async (alg) => {
      const issuer = didKeyIssuer(alg);
      const jwt = await signJwt(issuer, badgePayload(issuer, t.clock.now));
      const body = await expectVerified(jwt);
      expect(body.credential).toMatchObject({
        achievementName: 'Data Literacy',
        recipientName: 'Amara Okafor',
      });
      expect(body.issuer).toMatchObject({ id: issuer.did, name: 'Foreign University', standing: 'unknown' });
    },
  );

  it.each<JwtAlgorithm>(['RS256', 'ES256', 'EdDSA'])(
    'with %s fails invalid_signature once its payload is altered',
    async (alg) => {
      const issuer = didKeyIssuer(alg);
      const jwt = await signJwt(issuer, badgePayload(issuer, t.clock.now));
      const tampered = tamperJwt(jwt, (p) => ({
        ...p,
        credentialSubject: { ...p.credentialSubject, name: 'Mallory' },
      }));
      await expectFailure(tampered, 'proof', 'invalid_signature');
    },
  );

  it('verifies without a kid when the did:key has its one key', async () => {
    const issuer = didKeyIssuer('EdDSA');
    await expectVerified(await signJwt(issuer, badgePayload(issuer, t.clock.now), { kid: undefined }));
  });

  it("fails issuer_mismatch when signed by another key than the issuer's", async () => {
    const issuer = didKeyIssuer('ES256');
    const mallory = didKeyIssuer('ES256');
    const forged = await signJwt({ ...mallory, kid: issuer.kid }, badgePayload(issuer, t.clock.now));
    await expectFailure(forged, 'proof', 'invalid_signature');
    const ownKid = await signJwt(mallory, badgePayload(issuer, t.clock.now));
    await expectFailure(ownKid, 'proof', 'issuer_mismatch');
  });

  it('fails issuer_mismatch when iss is not the issuer', async () => {
    const issuer = didKeyIssuer('EdDSA');
    const body = await expectFailure(
      await signJwt(
        issuer,
        badgePayload(issuer, t.clock.now, {
          iss: 'did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK',
        }),
      ),
      'issuer',
      'issuer_mismatch',
    );
    expect(check(body, 'proof')).toBeUndefined();
  });

  it('fails malformed_credential when jti is not the credential id', async () => {
    const issuer = didKeyIssuer('EdDSA');
    await expectFailure(
      await signJwt(issuer, badgePayload(issuer, t.clock.now, { jti: 'urn:uuid:another' })),
      'structure',
      'malformed_credential',
    );
  });
});

describe('the validity window of a VC-JWT', () => {
  it('is expired when exp has passed, though validUntil has not', async () => {
    const issuer = didKeyIssuer('EdDSA');
    const now = t.clock.now.getTime();
    const payload = badgePayload(issuer, t.clock.now, {
      validUntil: new Date(now + 86_400_000).toISOString(),
      exp: Math.floor(now / 1000) - 3600,
    });
    const body = await expectFailure(await signJwt(issuer, payload), 'validity', 'expired');
    expect(check(body, 'proof')).toEqual({ id: 'proof', valid: true });
  });

  it('is not yet valid when nbf is ahead, though validFrom has passed', async () => {
    const issuer = didKeyIssuer('RS256');
    const payload = badgePayload(issuer, t.clock.now, {
      nbf: Math.floor(t.clock.now.getTime() / 1000) + 86_400,
    });
    await expectFailure(await signJwt(issuer, payload), 'validity', 'not_yet_valid');
  });

  it('is expired when validUntil has passed, without exp', async () => {
    const issuer = didKeyIssuer('ES256');
    const payload = badgePayload(issuer, t.clock.now, {
      validUntil: new Date(t.clock.now.getTime() - 3_600_000).toISOString(),
    });
    await expectFailure(await signJwt(issuer, payload), 'validity', 'expired');
  });
});

describe('the key named by a JWK', () => {
  it("verifies an ES256 JWT whose kid names a publicKeyJwk in a did:web document (fetched from the issuer's site)", async () => {
    const issuer = didWebIssuer('ES256', 'foreign.test');
    site.routes.set('/.well-known/did.json', issuer.document);
    await expectVerified(await signJwt(issuer, badgePayload(issuer, t.clock.now)));
    expect(site.requested).toContain('/.well-known/did.json');
  });

  it('verifies an EdDSA JWT that embeds its jwk when the issuer (did:jwk) is that key', async () => {
    const issuer = didJwkIssuer('EdDSA');
    await expectVerified(
      await signJwt(issuer, badgePayload(issuer, t.clock.now), { kid: undefined, jwk: issuer.publicJwk }),
    );
    await expectVerified(await signJwt(issuer, badgePayload(issuer, t.clock.now)));
  });

  it('verifies an RS256 JWT with an embedded jwk the did:web issuer lists', async () => {
    const issuer = didWebIssuer('RS256', 'foreign.test');
    site.routes.set('/.well-known/did.json', issuer.document);
    await expectVerified(
      await signJwt(issuer, badgePayload(issuer, t.clock.now), { kid: undefined, jwk: issuer.publicJwk }),
    );
  });

  it('ignores a published RSA key too large to check cheaply (the kid then names no usable key)', async () => {
    const issuer = didWebIssuer('RS256', 'foreign.test');
    const method = issuer.document!.verificationMethod[0];
    site.routes.set('/.well-known/did.json', {
      ...issuer.document,
      verificationMethod: [
        {
          ...method,
          publicKeyJwk: { ...method.publicKeyJwk, n: `${'A'.repeat(1400)}${method.publicKeyJwk.n}` },
        },
      ],
    });
    await expectFailure(await signJwt(issuer, badgePayload(issuer, t.clock.now)), 'proof', 'issuer_mismatch');
  });

  it('refuses an embedded jwk the issuer does not list: anyone can embed a key', async () => {
    const issuer = didWebIssuer('ES256', 'foreign.test');
    site.routes.set('/.well-known/did.json', issuer.document);
    const mallory = didKeyIssuer('ES256');
    const forged = await signJwt(mallory, badgePayload(issuer, t.clock.now), {
      kid: undefined,
      jwk: mallory.publicJwk,
    });
    const body = await expectFailure(forged, 'proof', 'issuer_mismatch');
    expect(body.issuer.standing).toBe('unknown');
  });
});

describe('algorithms outside RS256, ES256 and EdDSA', () => {
  const unsigned = (header: Json, payload: Json, signature = '') =>
    `${Buffer.from(JSON.stringify(header)).toString('base64url')}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.${signature}`;

  it('refuses alg none before any key is looked up', async () => {
    const issuer = didKeyIssuer('EdDSA');
    const jwt = `${unsigned({ alg: 'none', typ: 'JWT' }, badgePayload(issuer, t.clock.now))}AA`;
    const body = await expectFailure(jwt, 'proof', 'unknown_suite');
    expect(body.checks.map((c: Json) => c.id)).toEqual(['proof']);
  });

  it("refuses HS256, even keyed with the issuer's public key", async () => {
    const issuer = didKeyIssuer('RS256');
    const signingInput = unsigned(
      { alg: 'HS256', typ: 'JWT', kid: issuer.kid },
      badgePayload(issuer, t.clock.now),
    ).slice(0, -1);
    const mac = createHmac('sha256', JSON.stringify(issuer.publicJwk))
      .update(signingInput)
      .digest('base64url');
    await expectFailure(`${signingInput}.${mac}`, 'proof', 'unknown_suite');
  });

  it('answers a string that is not a compact JWS malformed_credential', async () => {
    await expectFailure('not a jwt', 'structure', 'malformed_credential');
  });

  it('refuses a JWT larger than the credential cap with 413', async () => {
    const issuer = didKeyIssuer('EdDSA');
    const jwt = await signJwt(
      issuer,
      badgePayload(issuer, t.clock.now, { description: 'x'.repeat(300_000) }),
    );
    const { status, body } = await verifyVia(t, jwt);
    expect(status).toBe(413);
    expect(body.code).toBe('credential_too_large');
  });
});
