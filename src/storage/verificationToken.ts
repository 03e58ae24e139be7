/**
 * The verification token of a credential: the unguessable part of its QR link
 * (`/v/<token>`), which shows the credential's verification page whether or not the holder
 * made it public. Anyone holding the printed certificate holds the link, so the token is
 * a bearer secret: 144 random bits (past the 128 asked for), base64url without padding.
 * Both adapters assign one when a credential is reserved and give one to every older
 * record when the stores are initialised.
 */
import { randomBytes } from 'node:crypto';

/** Random bytes per token: 18 bytes are 24 base64url characters, no padding. */
const TOKEN_BYTES = 18;

/** A new token. */
export function newVerificationToken(): string {
  return randomBytes(TOKEN_BYTES).toString('base64url');
}

/** What a token can look like (checked before any look-up; a longer future token still fits). */
export const VERIFICATION_TOKEN_SHAPE = /^[A-Za-z0-9_-]{22,64}$/;
