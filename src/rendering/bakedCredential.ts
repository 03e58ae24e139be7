/**
 * What PNG and SVG baking share (Open Badges 3.0 §5.3 "Baking"): the names the spec
 * fixes, the size cap on a baked credential, the one error type for an unusable image,
 * and turning the credential into baked text and back. Pure: no I/O, no Node built-ins,
 * so it runs on Workers as it does on Node.
 */
import { AppError } from '../errors.js';

/** The PNG iTXt keyword that marks a baked credential. */
export const PNG_KEYWORD = 'openbadgecredential';

/** The namespace bound to the `openbadges` prefix on a baked SVG's root element. */
export const OB_NAMESPACE = 'https://purl.imsglobal.org/ob/v3p0';

/** The largest credential (in UTF-16 code units of its JSON) baked or read back: 1 MiB. */
export const MAX_CREDENTIAL_CHARS = 1024 * 1024;

/**
 * An image that cannot be baked or read: not a PNG or SVG, corrupt, or carrying an
 * unusable credential. It is an AppError `invalid_request`, so over HTTP it becomes a
 * 400 problem+json with its sentence, never a 500.
 */
export class BakingError extends AppError {
  constructor(detail: string) {
    super('invalid_request', detail);
    this.name = 'BakingError';
  }
}

/** A compact JWS (a VC-JWT): three base64url parts joined by dots. */
const COMPACT_JWS = /^[\w-]+\.[\w-]*\.[\w-]+$/;

/** The credential as the JSON text to bake; it must be a plain JSON object under the cap. */
export function serializeCredential(credential: object): string {
  if (credential === null || typeof credential !== 'object' || Array.isArray(credential)) {
    throw new BakingError('The credential to bake must be a JSON object');
  }
  const text = JSON.stringify(credential);
  if (text.length > MAX_CREDENTIAL_CHARS) {
    throw new BakingError(
      `The credential is larger than ${MAX_CREDENTIAL_CHARS} characters and cannot be baked`,
    );
  }
  return text;
}

/**
 * Parses the text found in an image (`source` names where, for the message) back into
 * the credential object, with a sentence for each way it can be unusable.
 */
export function parseBakedCredential(text: string, source: string): Record<string, unknown> {
  const trimmed = text.trim();
  if (trimmed === '') throw new BakingError(`The ${source} has an empty Open Badges credential`);
  if (trimmed.length > MAX_CREDENTIAL_CHARS) {
    throw new BakingError(
      `The ${source} carries a credential larger than ${MAX_CREDENTIAL_CHARS} characters`,
    );
  }
  if (COMPACT_JWS.test(trimmed)) {
    throw new BakingError(
      `The ${source} carries a JWT-secured credential; only credentials with a Data Integrity proof (JSON) can be verified here`,
    );
  }
  let value: unknown;
  try {
    value = JSON.parse(trimmed);
  } catch (error) {
    throw new BakingError(
      `The ${source} carries a credential that is not valid JSON: ${(error as Error).message}`,
    );
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new BakingError(`The ${source} carries a credential that is not a JSON object`);
  }
  return value as Record<string, unknown>;
}
