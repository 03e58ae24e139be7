/**
 * Accounts made by someone else: invitations (admin or staff invite a person with a
 * role), the first-run setup link that creates the first admin, and direct creation of
 * an admin from the command line.
 */
import { AppError } from '../errors.js';
import type { AccountDeps, Actor } from './accountDeps.js';
import { assertAcceptablePassword, hashPassword } from './passwords.js';
import { hashSecret, newSecret } from './secrets.js';
import { invitationEmail } from './emails.js';
import { newUser, normaliseEmail } from './users.js';
import { audit } from './audit.js';
import { cleanDisplayName, OWN_NAME } from './displayNames.js';
import {
  DuplicateEmailError,
  ROLES,
  type Role,
  type TokenRecord,
  type UserRecord,
} from '../storage/ports.js';

const INVITATION_DAYS = 7;
const SETUP_HOURS = 24;

/** Which roles an actor may invite: admins any, staff only participants and reviewers. */
export function invitableRoles(actor: Actor): Role[] {
  if (actor.role === 'admin') return [...ROLES];
  if (actor.role === 'staff') return ['participant', 'reviewer'];
  return [];
}

/** Invites a person by email with a role; returns the link (also emailed). */
export async function inviteUser(
  deps: AccountDeps,
  actor: Actor,
  input: { email: string; role: Role; organisationId?: string },
): Promise<string> {
  if (!invitableRoles(actor).includes(input.role))
    throw new AppError('forbidden', `You cannot invite someone as ${input.role}`);
  const email = normaliseEmail(input.email);
  if (await deps.stores.users.getByEmail(email))
    throw new AppError('conflict', `${email} already has an account`);
  if (input.role === 'partner') {
    if (!input.organisationId || !(await deps.stores.directory.getOrganisation(input.organisationId))) {
      throw new AppError('invalid_request', 'A partner must belong to an existing organisation');
    }
  }
  const secret = newSecret();
  const now = deps.now();
  await deps.stores.tokens.create({
    hash: hashSecret(secret),
    purpose: 'invitation',
    email,
    role: input.role,
    ...(input.role === 'partner' && input.organisationId ? { organisationId: input.organisationId } : {}),
    createdBy: actor.id,
    createdAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + INVITATION_DAYS * 86_400_000).toISOString(),
  });
  const url = `${deps.settings.publicUrl}/accept-invitation?token=${secret}`;
  await deps.mailer.send(
    invitationEmail(email, input.role, url, deps.settings.organisationName, actor.label),
  );
  await audit(deps, actor, 'user.invited', { type: 'user', id: email }, { role: input.role });
  return url;
}

/** Looks at an invitation without using it (to show the acceptance form). */
export async function peekInvitation(deps: AccountDeps, secret: string): Promise<TokenRecord | undefined> {
  const token = await deps.stores.tokens.peek(hashSecret(secret), 'invitation');
  if (!token || token.usedAt || Date.parse(token.expiresAt) <= deps.now().getTime()) return undefined;
  return token;
}

async function createFromToken(
  deps: AccountDeps,
  token: TokenRecord,
  input: { name: string; password: string },
): Promise<UserRecord> {
  const user = newUser(
    {
      email: token.email!,
      name: input.name,
      role: token.role!,
      passwordHash: await hashPassword(input.password, deps.settings.passwordScryptLogN),
      verified: true, // the link came to this address
      ...(token.organisationId ? { organisationId: token.organisationId } : {}),
    },
    deps.now(),
  );
  try {
    await deps.stores.users.create(user);
  } catch (error) {
    if (error instanceof DuplicateEmailError)
      throw new AppError('conflict', `${user.email} already has an account; log in instead`);
    throw error;
  }
  return user;
}

/** Accepts an invitation: creates the account with the invited role. */
export async function acceptInvitation(
  deps: AccountDeps,
  secret: string,
  input: { name: string; password: string },
): Promise<UserRecord> {
  const peeked = await peekInvitation(deps, secret);
  if (!peeked?.email)
    throw new AppError('invalid_request', 'This invitation is invalid, used or expired; ask for a new one');
  const name = cleanDisplayName(input.name, OWN_NAME);
  assertAcceptablePassword(input.password, peeked.email);
  const token = await deps.stores.tokens.consume(hashSecret(secret), 'invitation', deps.now().toISOString());
  if (!token?.email || !token.role)
    throw new AppError('invalid_request', 'This invitation is invalid, used or expired; ask for a new one');
  return createFromToken(deps, token, { ...input, name });
}

/**
 * On an empty platform (no admin yet), creates a setup link that lets whoever holds it
 * create the first admin. The link is printed at start-up, never served.
 */
export async function createSetupLinkIfNeeded(deps: AccountDeps): Promise<string | undefined> {
  if ((await deps.stores.users.count({ role: 'admin' })) > 0) return undefined;
  const secret = newSecret();
  const now = deps.now();
  await deps.stores.tokens.create({
    hash: hashSecret(secret),
    purpose: 'setup',
    role: 'admin',
    createdAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + SETUP_HOURS * 3600_000).toISOString(),
  });
  return `${deps.settings.publicUrl}/setup?token=${secret}`;
}

/** Completes first-run setup: creates the first admin from the setup link. */
export async function completeSetup(
  deps: AccountDeps,
  secret: string,
  input: { email: string; name: string; password: string },
): Promise<UserRecord> {
  if ((await deps.stores.users.count({ role: 'admin' })) > 0)
    throw new AppError('forbidden', 'This platform already has an admin; log in instead');
  const email = normaliseEmail(input.email);
  const name = cleanDisplayName(input.name, OWN_NAME);
  assertAcceptablePassword(input.password, email);
  const token = await deps.stores.tokens.consume(hashSecret(secret), 'setup', deps.now().toISOString());
  if (!token)
    throw new AppError(
      'invalid_request',
      'This setup link is invalid or expired; restart the server for a new one',
    );
  const admin = await createFromToken(deps, { ...token, email, role: 'admin' }, { ...input, name });
  // The first entry of the audit log: who set the platform up, and when.
  await audit(
    deps,
    { id: admin.id, label: admin.name, role: 'admin' },
    'user.setup_admin',
    { type: 'user', id: admin.id },
    {},
  );
  return admin;
}

/** Creates an admin directly (the `npm run admin:create` command). */
export async function createAdmin(
  deps: AccountDeps,
  input: { email: string; name: string; password: string },
): Promise<UserRecord> {
  const email = normaliseEmail(input.email);
  const name = cleanDisplayName(input.name, OWN_NAME);
  assertAcceptablePassword(input.password, email);
  const now = deps.now().toISOString();
  return createFromToken(
    deps,
    { hash: '', purpose: 'setup', email, role: 'admin', createdAt: now, expiresAt: now },
    { ...input, name },
  );
}
