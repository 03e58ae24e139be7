/**
 * Signing up, confirming an email, logging in (with the per-account progressive delay of
 * loginThrottle.ts, never a lock-out) and resetting a password. Answers never reveal
 * whether an email has an account: sign-up and reset say "check your email" either way,
 * and a failed login says only that email or password is wrong.
 */
import { randomUUID } from 'node:crypto';
import { AppError } from '../errors.js';
import type { AccountDeps } from './accountDeps.js';
import { assertAcceptablePassword, hashPassword } from './passwords.js';
import { checkPasswordThrottled } from './loginThrottle.js';
import { hashSecret, replaceUserToken } from './secrets.js';
import { passwordResetEmail, verificationEmail } from './emails.js';
import { recordConsents, CURRENT_TEXT_VERSIONS } from './consents.js';
import type { Role, UserRecord } from '../storage/ports.js';
import { cleanDisplayName, OWN_NAME, PERSON_NAME } from './displayNames.js';

const VERIFY_HOURS = 48;
const RESET_MINUTES = 60;

/** Trims and lower-cases an email; throws for something that is not one. */
export function normaliseEmail(email: string): string {
  const normalised = email.trim().toLowerCase();
  if (normalised.length > 254 || !/^[^\s@<>()",;:]+@[^\s@<>()",;:]+\.[^\s@<>()",;:]+$/.test(normalised)) {
    throw new AppError('invalid_request', 'Enter an email address such as name@example.org');
  }
  return normalised;
}

/**
 * A new, active user record (the caller stores it). Every account is made here, so the
 * name goes through the shared check whoever gave it (an import, an integration, a form);
 * callers whose person typed the name check it first in their own words.
 */
export function newUser(
  input: {
    email: string;
    name: string;
    role: Role;
    passwordHash?: string;
    verified?: boolean;
    organisationId?: string;
  },
  now: Date,
): UserRecord {
  const at = now.toISOString();
  return {
    id: randomUUID(),
    email: input.email,
    name: cleanDisplayName(input.name, PERSON_NAME),
    role: input.role,
    ...(input.passwordHash ? { passwordHash: input.passwordHash } : {}),
    ...(input.verified ? { emailVerifiedAt: at } : {}),
    ...(input.organisationId ? { organisationId: input.organisationId } : {}),
    teamIds: [],
    status: 'active',
    failedLogins: 0,
    createdAt: at,
    updatedAt: at,
  };
}

async function sendVerification(deps: AccountDeps, user: UserRecord): Promise<void> {
  const secret = await replaceUserToken(deps, user.id, 'verify_email', VERIFY_HOURS * 3600_000);
  const url = `${deps.settings.publicUrl}/verify-email?token=${secret}`;
  await deps.mailer.send(verificationEmail(user.email, user.name, url, deps.settings.organisationName));
}

/**
 * Self-service sign-up of a participant; sends the confirmation link. `textVersions` are
 * the versions of the terms and privacy notice the person was shown (the site's pages are
 * versioned: src/content/); without them the current fixed versions are recorded.
 */
export async function signUp(
  deps: AccountDeps,
  input: {
    email: string;
    name: string;
    password: string;
    acceptedTerms: boolean;
    textVersions?: { terms?: string; privacy?: string };
  },
): Promise<void> {
  if (deps.settings.signupMode !== 'self')
    throw new AppError(
      'forbidden',
      'Accounts are created by invitation only; ask the programme team for one',
    );
  if (!input.acceptedTerms)
    throw new AppError('invalid_request', 'Accept the terms and privacy notice to create an account');
  const email = normaliseEmail(input.email);
  const name = cleanDisplayName(input.name, OWN_NAME);
  assertAcceptablePassword(input.password, email);
  const existing = await deps.stores.users.getByEmail(email);
  if (existing) {
    // Same answer as a new sign-up; the owner of the address gets a reminder instead.
    if (existing.status === 'active' && !existing.emailVerifiedAt) await sendVerification(deps, existing);
    return;
  }
  const user = newUser(
    {
      email,
      name,
      role: 'participant',
      passwordHash: await hashPassword(input.password, deps.settings.passwordScryptLogN),
    },
    deps.now(),
  );
  await deps.stores.users.create(user);
  await recordConsents(deps, user.id, [
    { kind: 'terms', granted: true, textVersion: input.textVersions?.terms ?? CURRENT_TEXT_VERSIONS.terms },
    {
      kind: 'privacy',
      granted: true,
      textVersion: input.textVersions?.privacy ?? CURRENT_TEXT_VERSIONS.privacy,
    },
  ]);
  await sendVerification(deps, user);
}

/** Confirms an email from the emailed link. */
export async function verifyEmail(deps: AccountDeps, secret: string): Promise<UserRecord> {
  const token = await deps.stores.tokens.consume(
    hashSecret(secret),
    'verify_email',
    deps.now().toISOString(),
  );
  if (!token?.userId)
    throw new AppError(
      'invalid_request',
      'This confirmation link is invalid or has expired; log in to get a new one',
    );
  const user = await deps.stores.users.update(
    token.userId,
    { emailVerifiedAt: deps.now().toISOString() },
    deps.now().toISOString(),
  );
  if (!user) throw new AppError('not_found', 'This account no longer exists');
  return user;
}

/**
 * Checks email and password under the per-account delay. `knownDeviceUserIds`: the
 * accounts this browser's verified known-device cookie names; the delay does not apply
 * to them, so an attacker's wrong passwords never keep the owner out of their own browser.
 */
export async function logIn(
  deps: AccountDeps,
  input: { email: string; password: string; knownDeviceUserIds?: readonly string[] },
): Promise<UserRecord> {
  const wrong = new AppError('unauthorized', 'The email or password is incorrect');
  let email: string;
  try {
    email = normaliseEmail(input.email);
  } catch {
    throw wrong;
  }
  const user = await deps.stores.users.getByEmail(email);
  if (user?.status !== 'active' || !user.passwordHash) {
    // Spend the same time as a real check so timing does not reveal which emails exist.
    await hashPassword(input.password, deps.settings.passwordScryptLogN);
    throw wrong;
  }
  const knownDevice = input.knownDeviceUserIds?.includes(user.id) ?? false;
  if (!(await checkPasswordThrottled(deps, user, input.password, { knownDevice }))) throw wrong;
  if (!user.emailVerifiedAt) {
    await sendVerification(deps, user);
    throw new AppError('forbidden', 'Confirm your email address first: we have sent you a new link');
  }
  return user;
}

/** Sends a single-use reset link if the email has an active account; silent otherwise. */
export async function requestPasswordReset(deps: AccountDeps, rawEmail: string): Promise<void> {
  let email: string;
  try {
    email = normaliseEmail(rawEmail);
  } catch {
    return;
  }
  const user = await deps.stores.users.getByEmail(email);
  if (user?.status !== 'active') return;
  const secret = await replaceUserToken(deps, user.id, 'reset_password', RESET_MINUTES * 60_000);
  await deps.mailer.send(
    passwordResetEmail(
      user.email,
      user.name,
      `${deps.settings.publicUrl}/reset-password?token=${secret}`,
      deps.settings.organisationName,
    ),
  );
}

/** The account a password link (not yet used) belongs to, if any. */
async function passwordLinkOwner(deps: AccountDeps, secret: string): Promise<UserRecord | undefined> {
  const peeked = await deps.stores.tokens.peek(hashSecret(secret), 'reset_password');
  return peeked?.userId ? deps.stores.users.get(peeked.userId) : undefined;
}

/**
 * Whether a password link is the first password of its account (an account made for the
 * person, who is choosing one for the first time) rather than a reset: the pages word it so.
 */
export async function isFirstPasswordLink(deps: AccountDeps, secret: string): Promise<boolean> {
  const owner = await passwordLinkOwner(deps, secret);
  return owner !== undefined && !owner.passwordHash;
}

/**
 * Sets a new password from a reset link (or the first password of an account made for the
 * person: `firstPassword`); ends every session of the person and clears the failed-login count.
 */
export async function resetPassword(
  deps: AccountDeps,
  secret: string,
  password: string,
): Promise<UserRecord & { firstPassword: boolean }> {
  const owner = await passwordLinkOwner(deps, secret);
  if (owner) assertAcceptablePassword(password, owner.email);
  const token = await deps.stores.tokens.consume(
    hashSecret(secret),
    'reset_password',
    deps.now().toISOString(),
  );
  if (!token?.userId)
    throw new AppError('invalid_request', 'This reset link is invalid, used or expired; ask for a new one');
  const now = deps.now().toISOString();
  const user = await deps.stores.users.update(
    token.userId,
    // Following the emailed link proves control of the address.
    {
      passwordHash: await hashPassword(password, deps.settings.passwordScryptLogN),
      emailVerifiedAt: owner?.emailVerifiedAt ?? now,
    },
    now,
  );
  if (!user) throw new AppError('not_found', 'This account no longer exists');
  await deps.stores.users.clearLoginFailures(user.id, now);
  await deps.stores.sessions.deleteForUser(user.id);
  return { ...user, firstPassword: owner !== undefined && !owner.passwordHash };
}
