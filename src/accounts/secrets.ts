/**
 * Random secrets for links and cookies, and the hashes under which they are stored: a
 * database dump gives no usable session, reset link or invitation.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Stores } from '../storage/ports.js';

/** A 256-bit URL-safe secret. */
export function newSecret(): string {
  return randomBytes(32).toString('base64url');
}

/** The stored form of a secret. */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

/** Replaces a person's pending token of a purpose with a new one, valid `ttlMs`; returns its secret. */
export async function replaceUserToken(
  deps: { stores: Pick<Stores, 'tokens'>; now: () => Date },
  userId: string,
  purpose: 'verify_email' | 'reset_password',
  ttlMs: number,
): Promise<string> {
  const secret = newSecret();
  const now = deps.now();
  await deps.stores.tokens.deleteForUser(userId, purpose);
  await deps.stores.tokens.create({
    hash: hashSecret(secret),
    purpose,
    userId,
    createdAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + ttlMs).toISOString(),
  });
  return secret;
}
