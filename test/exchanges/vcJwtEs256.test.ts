/**
 * The ES256 VC-JWT, for wallets that verify nothing but P-256: offered only by a did:web
 * issuer (whose DID document can list a P-256 key beside the Ed25519 ones), signed with
 * that key, verifiable by a wallet from the DID document alone, and revoked with the
 * original like every other form of the copy. A did:key issuer does not offer it.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { decodeProtectedHeader, importJWK, jwtVerify } from 'jose';
import { createPublicKey } from 'node:crypto';
import * as base58btc from 'base58-universal';
import { createTestApp, type TestApp } from '../fixtures/testDeps.js';
import { createHolder } from '../fixtures/holder.js';
import { changeCredentialStatus } from '../../src/status/statusLists.js';
import {
  openWalletPage,
  participantWithCertificate,
  postCredential,
  postJson,
  proofJwt,
  tokenFor,
  type Json,
} from './walletFixtures.js';

const ES256_CONFIGURATION = 'OpenBadgeCredential_jwt_vc_json_ES256';
const P256_SPKI = Buffer.from('3039301306072a8648ce3d020106082a8648ce3d030107032200', 'hex');

let t: TestApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

const metadataOf = async (app: TestApp) =>
  (await (await app.app.request('/.well-known/openid-credential-issuer')).json()) as Json;

describe('ES256 VC-JWTs', () => {
  it('a did:web issuer offers them, signs with the P-256 key its DID document lists, and revocation reaches them', async () => {
    // ISSUER_DID rather than an https PUBLIC_URL, so the test's plain-http sessions still work.
    t = await createTestApp({ env: { ISSUER_DID: 'did:web:issuer.example' } });
    expect(t.deps.identity.did).toBe('did:web:issuer.example');
    const metadata = await metadataOf(t);
    expect(metadata.credential_configurations_supported[ES256_CONFIGURATION]).toMatchObject({
      format: 'jwt_vc_json',
      credential_signing_alg_values_supported: ['ES256'],
    });

    const participant = await participantWithCertificate(t);
    const { offer } = (await openWalletPage(t, participant)).links;
    expect(offer.offer.credential_configuration_ids).toContain(ES256_CONFIGURATION);

    const holder = await createHolder();
    const token = await tokenFor(t, offer.code);
    const proof = proofJwt(holder, token.c_nonce);
    const res = await postCredential(t, token.access_token, {
      credential_configuration_id: ES256_CONFIGURATION,
      proof: { proof_type: 'jwt', jwt: proof },
    });
    const body = (await res.json()) as Json;
    expect(res.status, JSON.stringify(body)).toBe(200);
    const jwt = body.credentials[0].credential as string;

    // As a wallet checks it: the kid's key, read from our DID document, verifies ES256.
    const header = decodeProtectedHeader(jwt);
    expect(header.alg).toBe('ES256');
    const document = (await (await t.app.request('/.well-known/did.json')).json()) as Json;
    expect(document.assertionMethod).toContain(header.kid);
    const method = (document.verificationMethod as Json[]).find((m) => m.id === header.kid)!;
    expect(method.publicKeyMultibase).toMatch(/^zDn/);
    const point = base58btc.decode(method.publicKeyMultibase.slice(1)).subarray(2);
    const jwk = createPublicKey({
      key: Buffer.concat([P256_SPKI, point]),
      format: 'der',
      type: 'spki',
    }).export({ format: 'jwk' });
    const { payload } = await jwtVerify(jwt, await importJWK(jwk as Json, 'ES256'), {
      algorithms: ['ES256'],
    });
    expect(payload).toMatchObject({ iss: 'did:web:issuer.example', sub: holder.did });

    const verify = async () =>
      (await (await postJson(t!, '/credentials/verify', { verifiableCredential: jwt })).json()) as Json;
    const valid = await verify();
    expect(valid.verified, JSON.stringify(valid.errors)).toBe(true);
    expect(valid.issuer.standing).toBe('own');

    await changeCredentialStatus(t.deps.status, participant.record.id, 'revoke', 'issued in error');
    const revoked = await verify();
    expect(revoked.verified).toBe(false);
    expect(revoked.errors.map((e: Json) => e.code)).toEqual(['revoked']);
  });

  it('a did:key issuer (development) has no P-256 key, so neither offers nor issues them', async () => {
    t = await createTestApp();
    expect(t.deps.identity.es256).toBeUndefined();
    const metadata = await metadataOf(t);
    expect(Object.keys(metadata.credential_configurations_supported)).not.toContain(ES256_CONFIGURATION);
    const participant = await participantWithCertificate(t);
    const token = await tokenFor(t, (await openWalletPage(t, participant)).links.offer.code);
    const proof = proofJwt(await createHolder(), token.c_nonce);
    const res = await postCredential(t, token.access_token, {
      credential_configuration_id: ES256_CONFIGURATION,
      proof: { proof_type: 'jwt', jwt: proof },
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as Json).error).toBe('unknown_credential_configuration');
  });
});
