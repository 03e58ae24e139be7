/**
 * Reading a VC-JWT (OB 3.0 §8.2, VC-JOSE): a compact JWS whose payload is the credential,
 * with the JWT registered claims (iss, jti, sub, nbf, exp) beside its properties; or the
 * VC 1.1 encoding OpenID4VCI's jwt_vc_json uses (our wallet copies among them), the
 * credential under a `vc` claim, whose id, issuer and subject id may be left to jti, iss
 * and sub. Only the three algorithms this verifier accepts get past the header, so `none`
 * and the HMAC family (a "signature" anyone holding a shared secret, or a public key
 * misread as one, could make) are refused before any key is looked up.
 */
import type { Finding } from './result.js';

type Json = Record<string, unknown>;

/** The JWS algorithms accepted (OB 3.0 requires RS256; ES256 and EdDSA are the common others). */
export const JWT_ALGORITHMS: readonly string[] = ['RS256', 'ES256', 'EdDSA'];

/** A protected header is a few hundred bytes; an RSA `jwk` in it about 1 KB. */
const MAX_HEADER_CHARS = 8192;

/** Three base64url segments: the only JWS form a credential can take (no JSON serialisation, no JWE). */
const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

/** The JWT claims a verifier compares with the credential. */
export interface JwtClaims {
  iss?: unknown;
  jti?: unknown;
  sub?: unknown;
  nbf?: unknown;
  exp?: unknown;
}

/** A decoded VC-JWT: the compact text (verified later, as signed), its header, claims and credential. */
export interface JwtCredential {
  jwt: string;
  header: Json & { alg: string };
  claims: JwtClaims;
  credential: Json;
}

const REGISTERED_CLAIMS = ['iss', 'jti', 'sub', 'nbf', 'exp', 'iat', 'aud'] as const;

function jsonObject(segment: string): Json | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : undefined;
  } catch {
    return undefined;
  }
}

/** Decodes a compact VC-JWT without verifying it; a problem is a finding, never an exception. */
export function decodeJwtCredential(text: string): JwtCredential | Finding {
  const malformed = (why: string): Finding => ({
    code: 'malformed_credential',
    message: `A credential given as a string must be a compact JWS (VC-JWT): ${why}`,
  });
  if (!COMPACT_JWS.test(text)) return malformed('expected three base64url segments separated by dots');
  const [headerPart, payloadPart] = text.split('.') as [string, string, string];
  if (headerPart.length > MAX_HEADER_CHARS)
    return malformed(`the protected header is longer than ${MAX_HEADER_CHARS} characters`);
  const header = jsonObject(headerPart);
  if (!header) return malformed('the protected header is not a JSON object');
  if (typeof header.alg !== 'string' || !JWT_ALGORITHMS.includes(header.alg)) {
    return {
      code: 'unknown_suite',
      message: `The JWT is signed with "${String(header.alg)}"; this verifier accepts ${JWT_ALGORITHMS.join(', ')}`,
    };
  }
  const payload = jsonObject(payloadPart);
  if (!payload) return malformed('the payload is not a JSON object');
  const claims: JwtClaims = {};
  const credential: Json = {};
  for (const [key, value] of Object.entries(payload)) {
    if ((REGISTERED_CLAIMS as readonly string[]).includes(key)) claims[key as keyof JwtClaims] = value;
    else credential[key] = value;
  }
  const vc = payload.vc;
  const vcForm = vc && typeof vc === 'object' && !Array.isArray(vc) && payload['@context'] === undefined;
  return {
    jwt: text,
    header: header as JwtCredential['header'],
    claims,
    credential: vcForm ? fromVcClaim(vc as Json, claims) : credential,
  };
}

/** The credential of the VC 1.1 `vc` claim, with what the JWT claims stand in for restored (VC 1.1 §6.3.1). */
function fromVcClaim(vc: Json, claims: JwtClaims): Json {
  const credential = { ...vc };
  if (credential.id === undefined && typeof claims.jti === 'string') credential.id = claims.jti;
  if (credential.issuer === undefined && typeof claims.iss === 'string') credential.issuer = claims.iss;
  const subject = credential.credentialSubject;
  if (
    typeof claims.sub === 'string' &&
    subject &&
    typeof subject === 'object' &&
    !Array.isArray(subject) &&
    (subject as Json).id === undefined
  ) {
    credential.credentialSubject = { ...(subject as Json), id: claims.sub };
  }
  return credential;
}

/** Whether decoding gave a finding instead of a credential. */
export function isFinding(value: JwtCredential | Finding): value is Finding {
  return 'code' in value;
}

/**
 * The JWT claims must say what the credential says (OB 3.0 §8.2.3): `jti` is its id and
 * `sub` its subject's id. Returns the first disagreement. `iss` is the issuer check's.
 */
export function claimsMismatch(decoded: JwtCredential): string | undefined {
  const { claims, credential } = decoded;
  if (claims.jti !== undefined && claims.jti !== credential.id)
    return `the JWT's jti ${JSON.stringify(claims.jti)} is not the credential id ${JSON.stringify(credential.id)}`;
  const subject = (
    Array.isArray(credential.credentialSubject)
      ? credential.credentialSubject[0]
      : credential.credentialSubject
  ) as Json | undefined;
  if (claims.sub !== undefined && claims.sub !== subject?.id)
    return `the JWT's sub ${JSON.stringify(claims.sub)} is not the credential subject's id`;
  for (const claim of ['nbf', 'exp'] as const) {
    if (claims[claim] !== undefined && (typeof claims[claim] !== 'number' || !Number.isFinite(claims[claim])))
      return `the JWT's ${claim} is not a NumericDate`;
  }
  return undefined;
}

/** A JWT NumericDate (seconds) as an ISO date, for the validity check and its messages. */
export function numericDate(value: unknown): string | undefined {
  return typeof value === 'number' && Number.isFinite(value) && Math.abs(value) < 1e11
    ? new Date(value * 1000).toISOString()
    : undefined;
}
