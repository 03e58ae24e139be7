/**
 * The OpenID4VCI key proof: a JWT (`typ: openid4vci-proof+jwt`) the wallet signs with
 * the key it wants the credential bound to. We accept Ed25519 did:key keys only: the
 * header `kid` is the did:key verification method, `alg` EdDSA (or Ed25519); the payload
 * names us as `aud`, carries the nonce we handed out, and a recent `iat`. The signature
 * is checked with node:crypto over the key decoded from the DID itself.
 */
import { verify as cryptoVerify } from 'node:crypto';
import { splitDidUrl } from '../credentials/didDocuments.js';
import { didKeyPublicKey } from './didKeyPublicKey.js';

/** The proof JWT type OpenID4VCI requires. */
export const PROOF_JWT_TYPE = 'openid4vci-proof+jwt';
/** How far a proof's iat may be in the future (clock skew). */
const MAX_SKEW_S = 60;
/** How old a proof's iat may be: the life of the access token it is sent with. */
const MAX_AGE_S = 10 * 60;

/** Why a proof was refused; the route maps it to `invalid_proof`. */
export class ProofError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ProofError';
  }
}

/** A verified proof: the DID to bind the credential to, and the nonce it carries. */
export interface VerifiedProof {
  holderDid: string;
  nonce?: string;
}

function decodeJson(part: string, what: string): Record<string, unknown> {
  try {
    const value = JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as unknown;
    if (value && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // fall through to the error below
  }
  throw new ProofError(`The proof JWT ${what} is not a base64url JSON object`);
}

function holderOf(kid: unknown): { did: string; key: ReturnType<typeof didKeyPublicKey> } {
  if (typeof kid !== 'string') throw new ProofError('The proof JWT header needs "kid": the did:key verification method of the wallet key');
  const { did, fragment } = splitDidUrl(kid);
  if (!did.startsWith('did:key:')) throw new ProofError('Only did:key holder keys are supported: "kid" must be did:key:z6Mk...#z6Mk...');
  if (fragment !== undefined && fragment !== did.slice('did:key:'.length)) throw new ProofError('"kid" names no verification method of its did:key');
  try {
    return { did, key: didKeyPublicKey(did) };
  } catch (error) {
    throw new ProofError((error as Error).message);
  }
}

/** Verifies a proof JWT for `audience` at `now`; throws ProofError with the reason. */
export function verifyProofJwt(jwt: string, options: { audience: string; now: Date }): VerifiedProof {
  const parts = jwt.split('.');
  if (parts.length !== 3 || parts.some((p) => !/^[A-Za-z0-9_-]*$/.test(p))) throw new ProofError('The proof is not a compact JWT (three base64url parts)');
  const [headerPart, payloadPart, signaturePart] = parts as [string, string, string];
  const header = decodeJson(headerPart, 'header');
  const payload = decodeJson(payloadPart, 'payload');
  if (header.typ !== PROOF_JWT_TYPE) throw new ProofError(`The proof JWT "typ" must be "${PROOF_JWT_TYPE}"`);
  if (header.alg !== 'EdDSA' && header.alg !== 'Ed25519') throw new ProofError('The proof JWT "alg" must be EdDSA (an Ed25519 did:key)');
  const { did, key } = holderOf(header.kid);
  const signature = Buffer.from(signaturePart, 'base64url');
  const signed = Buffer.from(`${headerPart}.${payloadPart}`, 'ascii');
  if (signature.length !== 64 || !cryptoVerify(null, signed, key, signature)) {
    throw new ProofError('The proof JWT signature does not verify with the key in "kid"');
  }
  const audiences = ([] as unknown[]).concat(payload.aud ?? []);
  if (!audiences.includes(options.audience)) throw new ProofError(`The proof JWT "aud" must be the credential issuer ${options.audience}`);
  const nowS = Math.floor(options.now.getTime() / 1000);
  if (typeof payload.iat !== 'number' || !Number.isFinite(payload.iat)) throw new ProofError('The proof JWT needs a numeric "iat"');
  if (payload.iat > nowS + MAX_SKEW_S) throw new ProofError('The proof JWT "iat" is in the future');
  if (payload.iat < nowS - MAX_AGE_S) throw new ProofError('The proof JWT is too old: make a new one with a fresh "iat"');
  if (payload.exp !== undefined && (typeof payload.exp !== 'number' || payload.exp <= nowS)) throw new ProofError('The proof JWT has expired');
  return { holderDid: did, ...(typeof payload.nonce === 'string' ? { nonce: payload.nonce } : {}) };
}
