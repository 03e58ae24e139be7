/**
 * Browser sessions: a random secret in an HttpOnly cookie, its hash in the store, a
 * sliding expiry, and revocation by deleting the record (sign-out, password reset,
 * erasure or disabling end every session of the person at once).
 */
import type { AccountDeps } from './accountDeps.js';
import { hashSecret, newSecret } from './secrets.js';
import type { SessionRecord, UserRecord } from '../storage/ports.js';

/** A session is refreshed in the store at most this often, to keep reads cheap. */
const TOUCH_EVERY_MS = 60_000;

/** Starts a session; returns the cookie secret (never stored) and the record. */
export async function startSession(
  deps: AccountDeps,
  user: UserRecord,
  userAgent?: string,
): Promise<{ secret: string; session: SessionRecord }> {
  const secret = newSecret();
  const now = deps.now();
  const session: SessionRecord = {
    idHash: hashSecret(secret),
    userId: user.id,
    createdAt: now.toISOString(),
    lastSeenAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + deps.settings.sessionTtlHours * 3600_000).toISOString(),
    ...(userAgent ? { userAgent: userAgent.slice(0, 200) } : {}),
  };
  await deps.stores.sessions.create(session);
  return { secret, session };
}

/** Resolves a cookie secret to its live session and active user, or undefined. */
export async function resolveSession(
  deps: AccountDeps,
  secret: string | undefined,
): Promise<{ session: SessionRecord; user: UserRecord } | undefined> {
  if (!secret || secret.length > 100) return undefined;
  const idHash = hashSecret(secret);
  const session = await deps.stores.sessions.get(idHash);
  if (!session) return undefined;
  const now = deps.now();
  if (Date.parse(session.expiresAt) <= now.getTime()) {
    await deps.stores.sessions.delete(idHash);
    return undefined;
  }
  const user = await deps.stores.users.get(session.userId);
  if (user?.status !== 'active') return undefined;
  if (now.getTime() - Date.parse(session.lastSeenAt) > TOUCH_EVERY_MS) {
    const expiresAt = new Date(now.getTime() + deps.settings.sessionTtlHours * 3600_000).toISOString();
    await deps.stores.sessions.touch(idHash, now.toISOString(), expiresAt);
  }
  return { session, user };
}

/** Ends one session (sign-out). */
export async function endSession(deps: AccountDeps, secret: string): Promise<void> {
  await deps.stores.sessions.delete(hashSecret(secret));
}
