/**
 * The proof check of a VC-JWT: the JWS signature over the exact bytes received, with the
 * issuer's key (jwtKeys.ts) and only the algorithms in JWT_ALGORITHMS. `jose` also refuses
 * a key that does not fit the algorithm (an RSA key under 2048 bits, a P-384 key for ES256)
 * and unknown `crit` header parameters.
 */
import { compactVerify, errors } from 'jose';
import { JWT_ALGORITHMS, type JwtCredential } from './jwtCredential.js';
import { issuerKeyFor } from './jwtKeys.js';
import type { Finding } from './result.js';

/** Verifies the JWS of a decoded VC-JWT against its issuer's DID document; undefined when valid. */
export async function checkJwtProof(
  decoded: JwtCredential,
  issuerDocument: Record<string, unknown>,
): Promise<Finding | undefined> {
  const key = await issuerKeyFor(decoded.header, issuerDocument);
  if ('code' in key) return key as Finding;
  try {
    await compactVerify(decoded.jwt, key, { algorithms: [...JWT_ALGORITHMS] });
    return undefined;
  } catch (error) {
    if (error instanceof errors.JWSSignatureVerificationFailed) {
      return {
        code: 'invalid_signature',
        message: 'The JWT signature does not match: it was altered after signing or signed by another key',
      };
    }
    if (error instanceof errors.JOSEAlgNotAllowed)
      return { code: 'unknown_suite', message: (error as Error).message };
    return {
      code: 'invalid_signature',
      message: `The JWT signature could not be verified: ${(error as Error).message}`,
    };
  }
}
