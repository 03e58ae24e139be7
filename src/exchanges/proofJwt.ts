/**
 * The OpenID4VCI key proof: a JWT (`typ: openid4vci-proof+jwt`) the wallet signs with
 * the key it wants the credential bound to. The key is one whose DID is the key itself,
 * so nothing is fetched: a did:key (Ed25519 or P-256) or a did:jwk, named by the header's
 * `kid`; `alg` EdDSA (or its alias Ed25519) or ES256, the two that mobile wallets use. The
 * payload names us as `aud`, carries the nonce we handed out, and a recent `iat`. The key
 * is read from the DID the way the verifier reads a VC-JWT issuer's (jwtKeys.ts) and the
 * signature checked by jose.
 */
import { compactVerify, importJWK, type JWK } from 'jose';
import { splitDidUrl } from '../credentials/didDocuments.js';
import { issuerDocument, issuerKeyFor } from '../verification/jwtKeys.js';
import { DidResolutionError } from '../jsonld/didResolver.js';

/** The proof JWT type OpenID4VCI requires. */
const PROOF_JWT_TYPE = 'openid4vci-proof+jwt';
/** The holder key algorithms accepted (and announced in the issuer metadata). */
export const PROOF_ALGORITHMS = ['EdDSA', 'ES256'] as const;
/** How far a proof's iat may be in the future (clock skew). */
const MAX_SKEW_S = 60;
/** How old a proof's iat may be: the life of the access token it is sent with. */
const MAX_AGE_S = 10 * 60;
/** A proof is a few hundred bytes; a did:jwk holding an RSA key stays under 4 KB. */
const MAX_PROOF_CHARS = 8192;

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

/** Holder DIDs are keys themselves: anything that would need resolving is refused, never fetched. */
const noResolution = async (did: string): Promise<never> => {
  throw new DidResolutionError(did, 'not a key DID');
};

/** The holder DID and public key the header's `kid` names. */
async function holderKey(header: Record<string, unknown>): Promise<{ did: string; jwk: JWK }> {
  const kid = header.kid;
  if (typeof kid !== 'string')
    throw new ProofError(
      'The proof JWT header needs "kid": the verification method of the wallet key (did:key or did:jwk)',
    );
  const { did } = splitDidUrl(kid);
  if (!did.startsWith('did:key:') && !did.startsWith('did:jwk:')) {
    throw new ProofError(
      'Only did:key (Ed25519, P-256) and did:jwk holder keys are supported: "kid" must be did:key:z...#z... or did:jwk:...#0',
    );
  }
  let document: Awaited<ReturnType<typeof issuerDocument>>;
  try {
    document = await issuerDocument(did, noResolution);
  } catch (error) {
    throw new ProofError((error as Error).message);
  }
  const key = await issuerKeyFor({ kid }, document);
  if ('code' in key) throw new ProofError(`"kid" names no key of its DID: ${key.message}`);
  return { did, jwk: key };
}

/** Verifies a proof JWT for `audience` at `now`; throws ProofError with the reason. */
export async function verifyProofJwt(
  jwt: string,
  options: { audience: string; now: Date },
): Promise<VerifiedProof> {
  const parts = jwt.split('.');
  if (jwt.length > MAX_PROOF_CHARS)
    throw new ProofError(`The proof JWT is longer than ${MAX_PROOF_CHARS} characters`);
  if (parts.length !== 3 || parts.some((p) => !/^[A-Za-z0-9_-]*$/.test(p)))
    throw new ProofError('The proof is not a compact JWT (three base64url parts)');
  const header = decodeJson(parts[0]!, 'header');
  const payload = decodeJson(parts[1]!, 'payload');
  if (header.typ !== PROOF_JWT_TYPE) throw new ProofError(`The proof JWT "typ" must be "${PROOF_JWT_TYPE}"`);
  // jose treats "Ed25519" as its own algorithm; older wallets use it for what EdDSA names.
  const alg = header.alg === 'Ed25519' ? 'EdDSA' : header.alg;
  if (!PROOF_ALGORITHMS.includes(alg as (typeof PROOF_ALGORITHMS)[number]))
    throw new ProofError(`The proof JWT "alg" must be one of ${PROOF_ALGORITHMS.join(', ')}`);
  const { did, jwk } = await holderKey(header);
  const fits =
    alg === 'EdDSA' ? jwk.kty === 'OKP' && jwk.crv === 'Ed25519' : jwk.kty === 'EC' && jwk.crv === 'P-256';
  if (!fits) throw new ProofError(`The proof JWT "alg" ${String(alg)} does not match the key in "kid"`);
  try {
    const key = await importJWK(jwk, alg as string);
    await compactVerify(jwt, key, { algorithms: [header.alg as string] });
  } catch {
    throw new ProofError('The proof JWT signature does not verify with the key in "kid"');
  }
  const audiences = ([] as unknown[]).concat(payload.aud ?? []);
  if (!audiences.includes(options.audience))
    throw new ProofError(`The proof JWT "aud" must be the credential issuer ${options.audience}`);
  const nowS = Math.floor(options.now.getTime() / 1000);
  if (typeof payload.iat !== 'number' || !Number.isFinite(payload.iat))
    throw new ProofError('The proof JWT needs a numeric "iat"');
  if (payload.iat > nowS + MAX_SKEW_S) throw new ProofError('The proof JWT "iat" is in the future');
  if (payload.iat < nowS - MAX_AGE_S)
    throw new ProofError('The proof JWT is too old: make a new one with a fresh "iat"');
  if (payload.exp !== undefined && (typeof payload.exp !== 'number' || payload.exp <= nowS))
    throw new ProofError('The proof JWT has expired');
  return { holderDid: did, ...(typeof payload.nonce === 'string' ? { nonce: payload.nonce } : {}) };
}
