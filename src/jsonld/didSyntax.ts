/**
 * Whether a string is a DID (DID Core 3.1): "did:" method-name ":" method-specific-id,
 * method-name 1*[a-z0-9], method-specific-id *( *idchar ":" ) 1*idchar, idchar = ALPHA /
 * DIGIT / "." / "-" / "_" / pct-encoded. A bare DID only: an issuer is named by its DID,
 * never by a DID URL with a path, query or fragment. Linear to match: idchar never
 * matches ':'.
 */
const IDCHAR = '(?:[A-Za-z0-9._-]|%[0-9A-Fa-f]{2})';
export const DID_SYNTAX = new RegExp(`^did:[a-z0-9]+:(?:${IDCHAR}*:)*${IDCHAR}+$`);

/** The longest DID accepted: a did:jwk of an RSA key is about 800 characters. */
export const MAX_DID_LENGTH = 2048;

/** Whether `value` is a bare DID of at most MAX_DID_LENGTH characters (an issuer's, a trust list entry's). */
export function isDid(value: string): boolean {
  return value.length <= MAX_DID_LENGTH && DID_SYNTAX.test(value);
}
