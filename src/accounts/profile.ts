/**
 * What a signed-in person does to their own account: change the password (ending every
 * other session), list and end their sessions, and erase the account after confirming
 * with the password. Password checks here go through the same progressive delay and
 * failure count as logging in (loginThrottle.ts), so a stolen session cannot be used to
 * guess the password; no browser is exempt here, since a stolen session comes with the
 * browser's known-device cookie.
 */
import { AppError } from '../errors.js';
import type { AccountDeps } from './accountDeps.js';
import { assertAcceptablePassword, hashPassword } from './passwords.js';
import { hashSecret } from './secrets.js';
import { checkPasswordThrottled } from './loginThrottle.js';
import { eraseAccount } from './privacy.js';
import { audit } from './audit.js';
import { cleanDisplayName, OWN_NAME } from './displayNames.js';
import type { SessionRecord, UserRecord } from '../storage/ports.js';

/** The word a person types to confirm erasure. */
export const ERASE_CONFIRMATION = 'ERASE';

/** Checks the person's own password (fresh from the store) under the same delay and count as logging in. */
async function confirmPassword(deps: AccountDeps, userId: string, password: string): Promise<UserRecord> {
  const user = await deps.stores.users.get(userId);
  if (user?.status !== 'active') throw new AppError('unauthorized', 'Your session has ended; log in again');
  if (!(await checkPasswordThrottled(deps, user, password, { knownDevice: false }))) {
    throw new AppError('invalid_request', 'Your current password is incorrect');
  }
  return user;
}

/**
 * Changes the password after checking the current one; ends every session of the person
 * except the one making the change (`currentSessionSecret`) and drops unused reset links.
 */
export async function changePassword(
  deps: AccountDeps,
  userId: string,
  input: { currentPassword: string; newPassword: string; currentSessionSecret?: string },
): Promise<UserRecord> {
  const user = await confirmPassword(deps, userId, input.currentPassword);
  assertAcceptablePassword(input.newPassword, user.email);
  if (input.newPassword === input.currentPassword)
    throw new AppError('invalid_request', 'Choose a new password that differs from the current one');
  const now = deps.now().toISOString();
  const updated = await deps.stores.users.update(
    user.id,
    { passwordHash: await hashPassword(input.newPassword, deps.settings.passwordScryptLogN) },
    now,
  );
  if (!updated) throw new AppError('not_found', 'This account no longer exists');
  await deps.stores.users.clearLoginFailures(user.id, now);
  // A reset link asked for before the change must not undo it.
  await deps.stores.tokens.deleteForUser(user.id, 'reset_password');
  await endOtherSessions(deps, user.id, input.currentSessionSecret);
  return updated;
}

/** A session as shown to its owner. */
export interface OwnSession extends Omit<SessionRecord, 'idHash'> {
  current: boolean;
}

/** The person's live sessions, marking the one in use; hashes are not returned. */
export async function listOwnSessions(
  deps: AccountDeps,
  userId: string,
  currentSessionSecret?: string,
): Promise<OwnSession[]> {
  const currentHash = currentSessionSecret ? hashSecret(currentSessionSecret) : undefined;
  const now = deps.now().getTime();
  const sessions = await deps.stores.sessions.listForUser(userId);
  return sessions
    .filter((s) => Date.parse(s.expiresAt) > now)
    .map(({ idHash, ...rest }) => ({ ...rest, current: idHash === currentHash }));
}

/** Ends every session of the person except the current one; returns how many ended. */
export async function endOtherSessions(
  deps: AccountDeps,
  userId: string,
  currentSessionSecret?: string,
): Promise<number> {
  const keep = currentSessionSecret ? hashSecret(currentSessionSecret) : undefined;
  let ended = 0;
  for (const session of await deps.stores.sessions.listForUser(userId)) {
    if (session.idHash === keep) continue;
    await deps.stores.sessions.delete(session.idHash);
    ended += 1;
  }
  return ended;
}

/** Erases the person's own account once they typed the confirmation word and their password. */
export async function eraseOwnAccount(
  deps: AccountDeps,
  userId: string,
  input: { password: string; confirmation: string },
): Promise<void> {
  if (input.confirmation.trim() !== ERASE_CONFIRMATION)
    throw new AppError('invalid_request', `Type ${ERASE_CONFIRMATION} in capitals to confirm`);
  const user = await confirmPassword(deps, userId, input.password);
  await eraseAccount(deps, user, {
    id: user.id,
    label: `${user.name} <${user.email}>`,
    role: user.role,
    ...(user.organisationId ? { organisationId: user.organisationId } : {}),
  });
}

/**
 * Changes the name the person's certificates are issued in from now on (and that staff
 * see). Certificates already issued keep theirs: those are corrected by a request that
 * staff approve (programs/nameCorrections.ts), so a signed certificate never changes by itself.
 */
export async function changeOwnName(
  deps: AccountDeps,
  userId: string,
  rawName: string | undefined,
): Promise<UserRecord> {
  const name = cleanDisplayName(rawName, OWN_NAME);
  const user = await deps.stores.users.get(userId);
  if (user?.status !== 'active') throw new AppError('unauthorized', 'Your session has ended; log in again');
  if (user.name === name) return user;
  const updated = await deps.stores.users.update(userId, { name }, deps.now().toISOString());
  if (!updated) throw new AppError('not_found', 'This account no longer exists');
  await audit(
    deps,
    { id: user.id, label: user.name, role: user.role },
    'user.name_changed',
    { type: 'user', id: user.id },
    { from: user.name, to: name },
  );
  return updated;
}
