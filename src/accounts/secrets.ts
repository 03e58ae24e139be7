/**
 * Random secrets for links and cookies, and the hashes under which they are stored: a
 * database dump gives no usable session, reset link or invitation.
 */
import { createHash, randomBytes } from 'node:crypto';

/** A 256-bit URL-safe secret. */
export function newSecret(): string {
  return randomBytes(32).toString('base64url');
}

/** The stored form of a secret. */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}
