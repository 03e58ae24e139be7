/**
 * The `jwt_vc_json` form of a wallet copy (OpenID4VCI 1.0 Appendix A.1.1): the stored,
 * Data Integrity signed copy re-encoded as a VC-JWT the way OpenID4VCI wallets read it,
 * the VC Data Model 1.1 JWT encoding: the credential without its proof under the `vc`
 * claim, and the registered claims iss (issuer), sub (holder DID), jti (credential id),
 * nbf (validFrom) and exp (validUntil) beside it. Both forms are one credential: one id,
 * one status entry, so revoking it (or its original) revokes both.
 *
 * Signed with the issuer's current Ed25519 key (EdDSA) or, for the wallets that verify
 * nothing else, its P-256 twin (ES256, did:web issuers only); `kid` is the key's
 * verification method in our DID document. No `iat`: Ed25519 is deterministic, so a wallet
 * retrying an EdDSA request receives the very same JWT (ECDSA signatures differ each time).
 */
import { importJWK, SignJWT } from 'jose';
import type { IssuerIdentity } from '../credentials/issuerIdentity.js';

type Json = Record<string, unknown>;

/** The JOSE algorithms of our VC-JWTs. */
export type VcJwtAlg = 'EdDSA' | 'ES256';

function seconds(date: unknown): number | undefined {
  const ms = typeof date === 'string' ? Date.parse(date) : NaN;
  return Number.isFinite(ms) ? Math.floor(ms / 1000) : undefined;
}

function idOf(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  const id = value && typeof value === 'object' ? (value as Json).id : undefined;
  return typeof id === 'string' ? id : undefined;
}

/** The private key and `kid` for `alg`; throws when the identity has no key for it. */
async function signingKey(
  identity: Pick<IssuerIdentity, 'keyPair' | 'verificationMethod' | 'es256'>,
  alg: VcJwtAlg,
) {
  if (alg === 'ES256') {
    if (!identity.es256) throw new Error('This issuer has no P-256 key: ES256 VC-JWTs need a did:web issuer');
    return {
      kid: identity.es256.verificationMethod,
      key: await importJWK(identity.es256.privateKeyJwk, 'ES256'),
    };
  }
  const { secretKey, publicKey } = identity.keyPair;
  if (!secretKey || !publicKey) throw new Error('The signing key pair has no secret or public key');
  const jwk = {
    kty: 'OKP',
    crv: 'Ed25519',
    x: Buffer.from(publicKey).toString('base64url'),
    // The multikey secret is seed then public key; JOSE's `d` is the 32-byte seed.
    d: Buffer.from(secretKey.subarray(0, 32)).toString('base64url'),
  };
  return { kid: identity.verificationMethod, key: await importJWK(jwk, 'EdDSA') };
}

/** Encodes a signed credential of ours as a VC-JWT signed by `identity`'s key for `alg`. */
export async function encodeVcJwt(
  signed: Json,
  identity: Pick<IssuerIdentity, 'keyPair' | 'verificationMethod' | 'es256'>,
  alg: VcJwtAlg = 'EdDSA',
): Promise<string> {
  const { proof: _proof, ...credential } = signed;
  const subject = ([] as unknown[]).concat(credential.credentialSubject ?? [])[0];
  const claims: Json = { vc: credential };
  const nbf = seconds(credential.validFrom ?? credential.issuanceDate);
  const exp = seconds(credential.validUntil ?? credential.expirationDate);
  const { kid, key } = await signingKey(identity, alg);
  const jwt = new SignJWT(claims).setProtectedHeader({ alg, typ: 'JWT', kid });
  const issuer = idOf(credential.issuer);
  const holder = idOf(subject);
  if (issuer) jwt.setIssuer(issuer);
  if (holder) jwt.setSubject(holder);
  if (typeof credential.id === 'string') jwt.setJti(credential.id);
  if (nbf !== undefined) jwt.setNotBefore(nbf);
  if (exp !== undefined) jwt.setExpirationTime(exp);
  return jwt.sign(key);
}
