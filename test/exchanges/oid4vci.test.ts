/**
 * OpenID4VCI pre-authorized code flow, end to end with a scripted holder: the metadata
 * documents, the offer from the wallet page, code -> token -> credential bound to the
 * holder's did:key that verifies, as a Data Integrity VC, a VC-JWT (signed with our DID
 * document's key, revoked with the original) or a VC 1.1 Ed25519Signature2020 VC (the same
 * credential, revoked with the original), both nonce sources, the pre-1.0 request shape, and
 * the OAuth errors: bad or reused code (invalid_grant), no or bad token (401
 * invalid_token), wrong nonce (invalid_nonce), wrong aud, bad signature, wrong typ,
 * stale iat (invalid_proof), a token claimed by another key, a revoked certificate.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import * as base58btc from 'base58-universal';
import { createTestApp, type TestApp } from '../fixtures/testDeps.js';
import { createHolder, type Holder } from '../fixtures/holder.js';
import { changeCredentialStatus } from '../../src/status/statusLists.js';
import {
  credentialRequest,
  jwtCredentialRequest,
  openWalletPage,
  participantWithCertificate,
  postCredential,
  postJson,
  postToken,
  PRE_AUTH,
  proofJwt,
  PUBLIC_URL,
  tokenFor,
  verifyVcJwtSignature,
  verifyViaApi,
  type Json,
  type Participant,
} from './walletFixtures.js';

let t: TestApp;
let holder: Holder;
let participant: Participant;
let code: string;

beforeEach(async () => {
  t = await createTestApp();
  holder = await createHolder();
  participant = await participantWithCertificate(t);
  code = (await openWalletPage(t, participant)).links.offer.code;
});
afterEach(async () => {
  await t.close();
});

async function oauthError(res: Response, status: number, error: string): Promise<Json> {
  const body = (await res.json()) as Json;
  expect(res.status, JSON.stringify(body)).toBe(status);
  expect(res.headers.get('content-type')).toMatch(/^application\/json/);
  expect(body.error).toBe(error);
  expect(typeof body.error_description).toBe('string');
  return body;
}

async function issued(res: Response): Promise<Json> {
  const body = (await res.json()) as Json;
  expect(res.status, JSON.stringify(body)).toBe(200);
  expect(res.headers.get('cache-control')).toBe('no-store');
  return body;
}

describe('metadata', () => {
  it('publishes the credential issuer metadata with the Open Badge ldp_vc and jwt_vc_json configurations', async () => {
    const res = await t.app.request('/.well-known/openid-credential-issuer');
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    const body = (await res.json()) as Json;
    expect(body).toMatchObject({
      credential_issuer: PUBLIC_URL,
      authorization_servers: [PUBLIC_URL],
      credential_endpoint: `${PUBLIC_URL}/credential`,
      nonce_endpoint: `${PUBLIC_URL}/nonce`,
      token_endpoint: `${PUBLIC_URL}/token`,
    });
    const config = body.credential_configurations_supported.OpenBadgeCredential_ldp_vc;
    expect(config).toMatchObject({
      format: 'ldp_vc',
      credential_definition: {
        '@context': [
          'https://www.w3.org/ns/credentials/v2',
          'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json',
        ],
        type: ['VerifiableCredential', 'OpenBadgeCredential'],
      },
      cryptographic_binding_methods_supported: ['did:key', 'did:jwk'],
      credential_signing_alg_values_supported: ['eddsa-rdfc-2022', 'DataIntegrityProof'],
      proof_types_supported: { jwt: { proof_signing_alg_values_supported: ['EdDSA', 'ES256'] } },
    });
    expect(config.display[0].name).toEqual(expect.any(String));
    expect(config.credential_metadata.display).toEqual(config.display);
    expect(body.credential_configurations_supported.OpenBadgeCredential_jwt_vc_json).toEqual({
      format: 'jwt_vc_json',
      credential_definition: { type: ['VerifiableCredential', 'OpenBadgeCredential'] },
      cryptographic_binding_methods_supported: ['did:key', 'did:jwk'],
      credential_signing_alg_values_supported: ['EdDSA'],
      proof_types_supported: { jwt: { proof_signing_alg_values_supported: ['EdDSA', 'ES256'] } },
      credential_metadata: { display: config.display },
      display: config.display,
    });
  });

  it('publishes the VC 1.1 Ed25519Signature2020 ldp_vc configuration and offers it', async () => {
    const body = (await (await t.app.request('/.well-known/openid-credential-issuer')).json()) as Json;
    const ldp = body.credential_configurations_supported.OpenBadgeCredential_ldp_vc;
    expect(body.credential_configurations_supported.OpenBadgeCredential_ldp_vc_v1).toEqual({
      format: 'ldp_vc',
      credential_definition: {
        '@context': [
          'https://www.w3.org/2018/credentials/v1',
          'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.1.json',
        ],
        type: ['VerifiableCredential', 'OpenBadgeCredential'],
      },
      cryptographic_binding_methods_supported: ['did:key', 'did:jwk'],
      credential_signing_alg_values_supported: ['Ed25519Signature2020'],
      proof_types_supported: { jwt: { proof_signing_alg_values_supported: ['EdDSA', 'ES256'] } },
      credential_metadata: { display: ldp.display },
      display: ldp.display,
    });
    const { links } = await openWalletPage(t, participant);
    expect(links.offer.offer.credential_configuration_ids).toContain('OpenBadgeCredential_ldp_vc_v1');
  });

  it('publishes the authorization server metadata for the pre-authorized code grant', async () => {
    const body = (await (await t.app.request('/.well-known/oauth-authorization-server')).json()) as Json;
    expect(body).toMatchObject({
      issuer: PUBLIC_URL,
      token_endpoint: `${PUBLIC_URL}/token`,
      grant_types_supported: [PRE_AUTH],
      'pre-authorized_grant_anonymous_access_supported': true,
    });
  });
});

describe('the pre-authorized code flow', () => {
  it('trades the code for a token, and a key proof for a credential bound to the holder DID that verifies', async () => {
    const tokenRes = await postToken(t, { grant_type: PRE_AUTH, 'pre-authorized_code': code });
    expect(tokenRes.headers.get('cache-control')).toBe('no-store');
    const token = (await tokenRes.json()) as Json;
    expect(token).toEqual({
      access_token: expect.any(String),
      token_type: 'Bearer',
      expires_in: 600,
      c_nonce: expect.any(String),
      c_nonce_expires_in: 600,
    });

    const body = await issued(
      await postCredential(t, token.access_token, credentialRequest(proofJwt(holder, token.c_nonce))),
    );
    expect(Object.keys(body)).toEqual(['credentials']);
    const credential = body.credentials[0].credential as Json;
    expect(body.credentials).toHaveLength(1);
    expect(credential.credentialSubject.id).toBe(holder.did);
    expect(credential.credentialSubject.achievement).toEqual(
      (participant.record.credential as Json).credentialSubject.achievement,
    );
    expect(credential.type).toEqual(['VerifiableCredential', 'OpenBadgeCredential']);
    expect((await verifyViaApi(t, credential)).verified).toBe(true);
    expect((await t.deps.stores.credentials.get(credential.id))?.holderUserId).toBe(participant.who.user.id);
  });

  it('binds to a P-256 wallet key (ES256) named as did:jwk or as did:key, the keys of most mobile wallets', async () => {
    const { publicKey, privateKey } = await generateKeyPair('ES256', { extractable: true });
    const jwk = await exportJWK(publicKey);
    const didJwk = `did:jwk:${Buffer.from(JSON.stringify({ kty: jwk.kty, crv: jwk.crv, x: jwk.x, y: jwk.y })).toString('base64url')}`;
    // did:key of a P-256 key: base58btc of the varint multicodec 0x1200 and the compressed point.
    const x = Buffer.from(jwk.x!, 'base64url');
    const yOdd = Buffer.from(jwk.y!, 'base64url')[31]! & 1;
    const didKey = `did:key:z${base58btc.encode(Buffer.concat([Buffer.from([0x80, 0x24, yOdd ? 3 : 2]), x]))}`;
    expect(didKey.startsWith('did:key:zDn')).toBe(true);
    for (const [did, kid] of [
      [didJwk, `${didJwk}#0`],
      [didKey, `${didKey}#${didKey.slice('did:key:'.length)}`],
    ] as const) {
      const { code: fresh } = (await openWalletPage(t, participant)).links.offer;
      const token = await tokenFor(t, fresh);
      const proof = await new SignJWT({ aud: PUBLIC_URL, nonce: token.c_nonce })
        .setProtectedHeader({ alg: 'ES256', typ: 'openid4vci-proof+jwt', kid })
        .setIssuedAt()
        .sign(privateKey);
      const body = await issued(await postCredential(t, token.access_token, credentialRequest(proof)));
      const credential = body.credentials[0].credential as Json;
      expect(credential.credentialSubject.id).toBe(did);
      expect((await verifyViaApi(t, credential)).verified).toBe(true);
    }
    // The same key claiming EdDSA, or signing for another did:jwk, is refused.
    const token = await tokenFor(t, (await openWalletPage(t, participant)).links.offer.code);
    const other = await exportJWK((await generateKeyPair('ES256', { extractable: true })).publicKey);
    const otherDid = `did:jwk:${Buffer.from(JSON.stringify({ kty: other.kty, crv: other.crv, x: other.x, y: other.y })).toString('base64url')}`;
    for (const header of [
      { alg: 'EdDSA', kid: `${didJwk}#0` },
      { alg: 'ES256', kid: `${otherDid}#0` },
      { alg: 'ES256', kid: `${didJwk}#1` },
    ]) {
      const proof = await new SignJWT({ aud: PUBLIC_URL, nonce: token.c_nonce })
        .setProtectedHeader({ typ: 'openid4vci-proof+jwt', ...header, alg: 'ES256' })
        .setIssuedAt()
        .sign(privateKey);
      const forged =
        header.alg === 'EdDSA'
          ? `${Buffer.from(JSON.stringify({ ...header, typ: 'openid4vci-proof+jwt' })).toString('base64url')}.${proof.split('.').slice(1).join('.')}`
          : proof;
      await oauthError(
        await postCredential(t, token.access_token, credentialRequest(forged)),
        400,
        'invalid_proof',
      );
    }
  });

  it('accepts 1.0 `proofs` with a nonce from the nonce endpoint, used once', async () => {
    const token = await tokenFor(t, code);
    const nonceRes = await postJson(t, '/nonce', {});
    expect(nonceRes.headers.get('cache-control')).toBe('no-store');
    const { c_nonce: nonce } = (await nonceRes.json()) as Json;
    const request = {
      credential_configuration_id: 'OpenBadgeCredential_ldp_vc',
      proofs: { jwt: [proofJwt(holder, nonce)] },
    };
    const body = await issued(await postCredential(t, token.access_token, request));
    expect(body.credentials[0].credential.credentialSubject.id).toBe(holder.did);
    await oauthError(await postCredential(t, token.access_token, request), 400, 'invalid_nonce');
  });

  it('answers the pre-1.0 `format` request shape with `credential` as well', async () => {
    const token = await tokenFor(t, code);
    const request = {
      format: 'ldp_vc',
      credential_definition: { type: ['VerifiableCredential', 'OpenBadgeCredential'] },
      proof: { proof_type: 'jwt', jwt: proofJwt(holder, token.c_nonce) },
    };
    const body = await issued(await postCredential(t, token.access_token, request));
    expect(body.credential).toEqual(body.credentials[0].credential);
  });

  it('re-sends the same credential to the same key, and refuses another key with the token', async () => {
    const token = await tokenFor(t, code);
    const first = await issued(
      await postCredential(t, token.access_token, credentialRequest(proofJwt(holder, token.c_nonce))),
    );
    const again = await issued(
      await postCredential(t, token.access_token, credentialRequest(proofJwt(holder, token.c_nonce))),
    );
    expect(again.credentials[0].credential).toEqual(first.credentials[0].credential);
    const other = await createHolder();
    await oauthError(
      await postCredential(t, token.access_token, credentialRequest(proofJwt(other, token.c_nonce))),
      400,
      'credential_request_denied',
    );
  });
});

describe('jwt_vc_json', () => {
  const didDocument = async () => (await (await t.app.request('/.well-known/did.json')).json()) as Json;

  it('issues a VC-JWT bound to the holder DID, signed with our DID document key, that verifies and is revoked with the original', async () => {
    const token = await tokenFor(t, code);
    const body = await issued(
      await postCredential(t, token.access_token, jwtCredentialRequest(proofJwt(holder, token.c_nonce))),
    );
    expect(Object.keys(body)).toEqual(['credentials']);
    const jwt = body.credentials[0].credential as string;
    expect(jwt).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);

    const { header, payload } = await verifyVcJwtSignature(jwt, didDocument);
    expect(header).toEqual({ alg: 'EdDSA', typ: 'JWT', kid: t.deps.identity.verificationMethod });
    const vc = payload.vc as Json;
    expect(payload).toMatchObject({
      iss: t.deps.identity.did,
      sub: holder.did,
      jti: vc.id,
      nbf: Math.floor(Date.parse(vc.validFrom) / 1000),
    });
    expect(vc.proof).toBeUndefined();
    expect(vc.type).toEqual(['VerifiableCredential', 'OpenBadgeCredential']);
    expect(vc.credentialSubject.id).toBe(holder.did);
    expect(vc.credentialSubject.achievement).toEqual(
      (participant.record.credential as Json).credentialSubject.achievement,
    );
    // Its own status entry, not the original's.
    expect(vc.credentialStatus).toBeDefined();
    expect(vc.credentialStatus).not.toEqual((participant.record.credential as Json).credentialStatus);
    expect(
      (await t.deps.stores.exchanges.listIssuedFrom(participant.record.id)).map((r) => r.issuedCredentialId),
    ).toEqual([vc.id]);

    const result = await verifyViaApi(t, jwt);
    expect(result.verified, JSON.stringify(result.errors)).toBe(true);
    expect(result.issuer.standing).toBe('own');
    expect(result.checks.find((c: Json) => c.id === 'status')?.valid).toBe(true);

    await changeCredentialStatus(t.deps.status, participant.record.id, 'revoke', 'issued in error');
    const revokedRes = await postJson(t, '/credentials/verify', { verifiableCredential: jwt });
    const revoked = (await revokedRes.json()) as Json;
    expect(revokedRes.status).toBe(400);
    expect(revoked.verified).toBe(false);
    expect(revoked.errors.map((e: Json) => e.code)).toEqual(['revoked']);
  });

  it('hands the same credential in either format for one token, and the same JWT again on a retry', async () => {
    const token = await tokenFor(t, code);
    const first = await issued(
      await postCredential(t, token.access_token, jwtCredentialRequest(proofJwt(holder, token.c_nonce))),
    );
    const again = await issued(
      await postCredential(t, token.access_token, jwtCredentialRequest(proofJwt(holder, token.c_nonce))),
    );
    expect(again.credentials[0].credential).toBe(first.credentials[0].credential);
    const ldp = await issued(
      await postCredential(t, token.access_token, credentialRequest(proofJwt(holder, token.c_nonce))),
    );
    const { payload } = await verifyVcJwtSignature(first.credentials[0].credential, didDocument);
    const { proof: _proof, ...withoutProof } = ldp.credentials[0].credential as Json;
    expect(payload.vc).toEqual(withoutProof);
  });

  it('answers the pre-1.0 `format` request shape with `credential` as well', async () => {
    const token = await tokenFor(t, code);
    const request = {
      format: 'jwt_vc_json',
      credential_definition: { type: ['VerifiableCredential', 'OpenBadgeCredential'] },
      proof: { proof_type: 'jwt', jwt: proofJwt(holder, token.c_nonce) },
    };
    const body = await issued(await postCredential(t, token.access_token, request));
    expect(typeof body.credential).toBe('string');
    expect(body.credential).toBe(body.credentials[0].credential);
  });
});

describe('ldp_vc on the VC 1.1 data model', () => {
  const vc11Request = (jwt: string): Json => ({
    credential_configuration_id: 'OpenBadgeCredential_ldp_vc_v1',
    proof: { proof_type: 'jwt', jwt },
  });

  it('issues the copy as a VC 1.1 credential with an Ed25519Signature2020 proof, which verifies and is revoked with the original', async () => {
    const token = await tokenFor(t, code);
    const body = await issued(
      await postCredential(t, token.access_token, vc11Request(proofJwt(holder, token.c_nonce))),
    );
    const credential = body.credentials[0].credential as Json;
    expect(credential['@context']).toEqual([
      'https://www.w3.org/2018/credentials/v1',
      'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.1.json',
      'https://www.w3.org/ns/credentials/status/v1',
      'https://w3id.org/security/suites/ed25519-2020/v1',
    ]);
    expect(credential.issuanceDate).toEqual(expect.any(String));
    expect(credential.validFrom).toBeUndefined();
    // 1EdTech's schema at the OB achievement schema URL is now the VC 2.0 one.
    expect(credential.credentialSchema).toBeUndefined();
    expect(credential.proof).toMatchObject({
      type: 'Ed25519Signature2020',
      verificationMethod: t.deps.identity.verificationMethod,
      created: credential.issuanceDate,
    });
    expect(credential.credentialSubject.id).toBe(holder.did);
    expect(credential.credentialSubject.achievement).toEqual(
      (participant.record.credential as Json).credentialSubject.achievement,
    );
    expect(credential.credentialStatus.type).toBe('BitstringStatusListEntry');

    // The stored copy, in another data model: its id, number and status entry.
    const stored = (await t.deps.stores.credentials.get(credential.id))!;
    expect(stored.holderUserId).toBe(participant.who.user.id);
    expect(credential.credentialStatus).toEqual(stored.credential!.credentialStatus);
    expect(credential.issuanceDate).toBe(stored.credential!.validFrom);
    expect(
      (await t.deps.stores.exchanges.listIssuedFrom(participant.record.id)).map((r) => r.issuedCredentialId),
    ).toEqual([credential.id]);

    const result = await verifyViaApi(t, credential);
    expect(result.verified, JSON.stringify(result.errors)).toBe(true);
    expect(result.issuer.standing).toBe('own');
    await changeCredentialStatus(t.deps.status, participant.record.id, 'revoke', 'issued in error');
    const revokedRes = await postJson(t, '/credentials/verify', { verifiableCredential: credential });
    const revoked = (await revokedRes.json()) as Json;
    expect(revokedRes.status).toBe(400);
    expect(revoked.verified).toBe(false);
    expect(revoked.errors.map((e: Json) => e.code)).toEqual(['revoked']);
  });

  it('re-sends the very same VC 1.1 credential on a retry, the same credential as the VC 2.0 form', async () => {
    const token = await tokenFor(t, code);
    const first = await issued(
      await postCredential(t, token.access_token, vc11Request(proofJwt(holder, token.c_nonce))),
    );
    const again = await issued(
      await postCredential(t, token.access_token, vc11Request(proofJwt(holder, token.c_nonce))),
    );
    expect(again.credentials[0].credential).toEqual(first.credentials[0].credential);
    const vc2 = await issued(
      await postCredential(t, token.access_token, credentialRequest(proofJwt(holder, token.c_nonce))),
    );
    expect(vc2.credentials[0].credential.id).toBe(first.credentials[0].credential.id);
  });

  it('answers a pre-1.0 ldp_vc request naming the VC 1.1 context with this form', async () => {
    const token = await tokenFor(t, code);
    const request = {
      format: 'ldp_vc',
      credential_definition: {
        '@context': ['https://www.w3.org/2018/credentials/v1'],
        type: ['VerifiableCredential', 'OpenBadgeCredential'],
      },
      proof: { proof_type: 'jwt', jwt: proofJwt(holder, token.c_nonce) },
    };
    const body = await issued(await postCredential(t, token.access_token, request));
    expect(body.credential['@context'][0]).toBe('https://www.w3.org/2018/credentials/v1');
    expect(body.credential.proof.type).toBe('Ed25519Signature2020');
  });
});

describe('token errors', () => {
  it('refuses an unknown code, a reused code and an expired code with invalid_grant', async () => {
    await oauthError(
      await postToken(t, { grant_type: PRE_AUTH, 'pre-authorized_code': 'not-a-code' }),
      400,
      'invalid_grant',
    );
    await tokenFor(t, code);
    await oauthError(
      await postToken(t, { grant_type: PRE_AUTH, 'pre-authorized_code': code }),
      400,
      'invalid_grant',
    );
    const late = (await openWalletPage(t, participant)).links.offer.code;
    t.clock.now = new Date(t.clock.now.getTime() + 15 * 60_000);
    await oauthError(
      await postToken(t, { grant_type: PRE_AUTH, 'pre-authorized_code': late }),
      400,
      'invalid_grant',
    );
  });

  it('refuses other grants, missing fields and bodies that are not form-encoded', async () => {
    await oauthError(
      await postToken(t, { grant_type: 'authorization_code', code }),
      400,
      'unsupported_grant_type',
    );
    await oauthError(await postToken(t, { 'pre-authorized_code': code }), 400, 'invalid_request');
    await oauthError(await postToken(t, { grant_type: PRE_AUTH }), 400, 'invalid_request');
    await oauthError(
      await postJson(t, '/token', { grant_type: PRE_AUTH, 'pre-authorized_code': code }),
      400,
      'invalid_request',
    );
    // None of these used the code.
    await tokenFor(t, code);
  });
});

describe('credential errors', () => {
  it('answers 401 invalid_token without a token, with an unknown one and with an expired one', async () => {
    const jwt = proofJwt(holder, 'whatever');
    for (const res of [
      await postCredential(t, undefined, credentialRequest(jwt)),
      await postCredential(t, 'not-a-token', credentialRequest(jwt)),
    ]) {
      await oauthError(res, 401, 'invalid_token');
      expect(res.headers.get('www-authenticate')).toBe('Bearer error="invalid_token"');
    }
    const token = await tokenFor(t, code);
    t.clock.now = new Date(t.clock.now.getTime() + 10 * 60_000);
    await oauthError(
      await postCredential(t, token.access_token, credentialRequest(proofJwt(holder, token.c_nonce))),
      401,
      'invalid_token',
    );
  });

  it('refuses a wrong or missing nonce with invalid_nonce, sending the c_nonce to use', async () => {
    const token = await tokenFor(t, code);
    const wrong = await oauthError(
      await postCredential(t, token.access_token, credentialRequest(proofJwt(holder, 'not-our-nonce'))),
      400,
      'invalid_nonce',
    );
    expect(wrong.c_nonce).toBe(token.c_nonce);
    await oauthError(
      await postCredential(t, token.access_token, credentialRequest(proofJwt(holder, undefined))),
      400,
      'invalid_nonce',
    );
    // The token was not used up by the refusals.
    await issued(
      await postCredential(t, token.access_token, credentialRequest(proofJwt(holder, token.c_nonce))),
    );
  });

  it('refuses proofs with the wrong aud, a bad signature, the wrong typ or alg, a stale iat or a non-did:key kid', async () => {
    const token = await tokenFor(t, code);
    const other = await createHolder();
    const nowS = Math.floor(Date.now() / 1000);
    const good = proofJwt(holder, token.c_nonce);
    const [h, p, s] = good.split('.') as [string, string, string];
    const tampered = `${h}.${Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(p, 'base64url').toString()), aud: PUBLIC_URL, nonce: token.c_nonce, extra: 1 })).toString('base64url')}.${s}`;
    const bad = {
      'wrong aud': proofJwt(holder, token.c_nonce, { payload: { aud: 'https://evil.example' } }),
      'signed by another key': proofJwt(holder, token.c_nonce, { signer: other }),
      'altered payload': tampered,
      'wrong typ': proofJwt(holder, token.c_nonce, { header: { typ: 'JWT' } }),
      'wrong alg': proofJwt(holder, token.c_nonce, { header: { alg: 'ES256' } }),
      'stale iat': proofJwt(holder, token.c_nonce, { payload: { iat: nowS - 3600 } }),
      'future iat': proofJwt(holder, token.c_nonce, { payload: { iat: nowS + 3600 } }),
      'did:web kid': proofJwt(holder, token.c_nonce, { header: { kid: 'did:web:example.org#key-1' } }),
      'not a JWT': 'not.a.jwt!',
      'too long': `${'e'.repeat(9000)}.e.e`,
      'did:jwk that is not a key': proofJwt(holder, token.c_nonce, {
        header: { kid: `did:jwk:${Buffer.from('{"kty":"oct","k":"AA"}').toString('base64url')}#0` },
      }),
    };
    for (const [name, jwt] of Object.entries(bad)) {
      const body = await oauthError(
        await postCredential(t, token.access_token, credentialRequest(jwt)),
        400,
        'invalid_proof',
      );
      expect(body.error_description, name).toEqual(expect.any(String));
    }
    await oauthError(
      await postCredential(t, token.access_token, {
        credential_configuration_id: 'OpenBadgeCredential_ldp_vc',
      }),
      400,
      'invalid_proof',
    );
    await issued(await postCredential(t, token.access_token, credentialRequest(good)));
  });

  it('refuses an unknown configuration and a request naming none', async () => {
    const token = await tokenFor(t, code);
    const jwt = proofJwt(holder, token.c_nonce);
    await oauthError(
      await postCredential(t, token.access_token, {
        credential_configuration_id: 'Other',
        proof: { proof_type: 'jwt', jwt },
      }),
      400,
      'unknown_credential_configuration',
    );
    await oauthError(
      await postCredential(t, token.access_token, { proof: { proof_type: 'jwt', jwt } }),
      400,
      'invalid_credential_request',
    );
    await oauthError(
      await postCredential(t, token.access_token, { format: 'vc+sd-jwt', proof: { proof_type: 'jwt', jwt } }),
      400,
      'unsupported_credential_format',
    );
  });

  it('refuses to issue once the certificate has been revoked', async () => {
    const token = await tokenFor(t, code);
    await changeCredentialStatus(t.deps.status, participant.record.id, 'revoke');
    const body = await oauthError(
      await postCredential(t, token.access_token, credentialRequest(proofJwt(holder, token.c_nonce))),
      400,
      'credential_request_denied',
    );
    expect(body.error_description).toContain('revoked');
  });
});
