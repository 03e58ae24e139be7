/**
 * What admins (and, where noted, staff) do to accounts: list people, read one person,
 * change a role, disable or re-enable an account, create organisations and teams, and
 * manage API keys. Every change is audited; disabling signs the person out everywhere.
 */
import { randomUUID } from 'node:crypto';
import { AppError } from '../errors.js';
import type { AccountDeps, Actor } from './accountDeps.js';
import { audit } from './audit.js';
import { createApiKey, type ApiScope } from '../credentials/apiKeys.js';
import {
  ROLES,
  type ApiKeyRecord,
  type OrganisationRecord,
  type Role,
  type TeamRecord,
  type UserRecord,
} from '../storage/ports.js';
import { cleanDisplayName, ORGANISATION_NAME, TEAM_NAME } from './displayNames.js';

/**
 * Every change below starts here, before the request is read or anything is looked up:
 * someone who may not make the change is told so whatever they sent, and learns nothing
 * about which ids exist or what the form should have held.
 */
function requireAdmin(actor: Actor): void {
  if (actor.role !== 'admin') throw new AppError('forbidden', 'Only an admin can do this');
}

/** A role named by a form or a caller, or a 400. */
function asRole(value: string | undefined): Role {
  if (!value || !(ROLES as readonly string[]).includes(value))
    throw new AppError('invalid_request', 'Choose the new role');
  return value as Role;
}

function requireStaff(actor: Actor): void {
  if (actor.role !== 'admin' && actor.role !== 'staff')
    throw new AppError('forbidden', 'Only staff can list accounts');
}

/** Users for the console, newest first. Staff and admins may list. */
export async function listUsers(
  deps: AccountDeps,
  actor: Actor,
  filter: { role?: Role; page?: number },
): Promise<{ users: UserRecord[]; total: number }> {
  requireStaff(actor);
  const limit = 50;
  const offset = Math.max(0, (filter.page ?? 1) - 1) * limit;
  const [users, total] = await Promise.all([
    deps.stores.users.list({ ...(filter.role ? { role: filter.role } : {}), limit, offset }),
    deps.stores.users.count(filter.role ? { role: filter.role } : {}),
  ]);
  return { users, total };
}

/** Ids are UUIDs; anything far longer is no id of ours and is not looked up. */
const MAX_USER_ID_LENGTH = 200;

/** The answer for an unknown person on their page, in words that do not read the id back. */
const NO_SUCH_ACCOUNT =
  'There is no account with this id. It may have been mistyped, or the link may be out of date.';

/** The person a change is about (not erased); call it only after the actor check. */
async function personToChange(deps: AccountDeps, userId: string): Promise<UserRecord> {
  const user = userId.length <= MAX_USER_ID_LENGTH ? await deps.stores.users.get(userId) : undefined;
  if (!user || user.status === 'erased') throw new AppError('not_found', `No user ${userId.slice(0, 80)}`);
  return user;
}

/** One person as the console shows them, and what the viewer may change about them. */
export interface PersonForConsole {
  person: UserRecord;
  /** When their newest open session began; unknown once every session has ended. */
  lastSignInAt?: string;
  /** Every organisation and team, for the person's page to name theirs and offer the others. */
  organisations: OrganisationRecord[];
  teams: TeamRecord[];
  /**
   * The changes the viewer may make here, by the same rules the change functions below
   * enforce (they check again): admins only, never on an erased account, and never their
   * own role or account (their own teams, yes).
   */
  may: { changeRole: boolean; setTeams: boolean; disable: boolean };
}

/**
 * One person for the console's page about them: whoever may list people (staff and
 * admins) may read one. An unknown id is `not_found`, in words that do not read the id back.
 */
export async function personForConsole(
  deps: AccountDeps,
  actor: Actor,
  userId: string,
): Promise<PersonForConsole> {
  requireStaff(actor);
  const person = userId.length <= MAX_USER_ID_LENGTH ? await deps.stores.users.get(userId) : undefined;
  if (!person) throw new AppError('not_found', NO_SUCH_ACCOUNT);
  const [sessions, organisations, teams] = await Promise.all([
    deps.stores.sessions.listForUser(person.id),
    deps.stores.directory.listOrganisations(),
    deps.stores.directory.listTeams(),
  ]);
  const lastSignInAt = sessions
    .map((s) => s.createdAt)
    .sort()
    .at(-1);
  const admin = actor.role === 'admin' && person.status !== 'erased';
  const other = person.id !== actor.id;
  return {
    person,
    ...(lastSignInAt ? { lastSignInAt } : {}),
    organisations,
    teams,
    may: {
      changeRole: admin && other,
      setTeams: admin && (person.role === 'staff' || person.role === 'admin'),
      disable: admin && other,
    },
  };
}

/**
 * Changes a person's role (admin only; an admin cannot demote themselves). `chosen` is the
 * role as the form sent it: it is read only once the actor may change roles at all.
 */
export async function changeRole(
  deps: AccountDeps,
  actor: Actor,
  userId: string,
  chosen: string | undefined,
  organisationId?: string,
): Promise<UserRecord> {
  requireAdmin(actor);
  const role = asRole(chosen);
  if (userId === actor.id && role !== 'admin')
    throw new AppError('forbidden', 'You cannot remove your own admin role; ask another admin');
  const user = await personToChange(deps, userId);
  if (
    role === 'partner' &&
    !(organisationId && (await deps.stores.directory.getOrganisation(organisationId)))
  ) {
    throw new AppError('invalid_request', 'A partner must belong to an existing organisation');
  }
  const updated = await deps.stores.users.update(
    userId,
    { role, organisationId: role === 'partner' ? organisationId : undefined },
    deps.now().toISOString(),
  );
  await audit(deps, actor, 'user.role_changed', { type: 'user', id: userId }, { from: user.role, to: role });
  return updated!;
}

/** Disables or re-enables an account (admin only). */
export async function setUserDisabled(
  deps: AccountDeps,
  actor: Actor,
  userId: string,
  disabled: boolean,
): Promise<UserRecord> {
  requireAdmin(actor);
  if (userId === actor.id) throw new AppError('forbidden', 'You cannot disable your own account');
  const _user = await personToChange(deps, userId);
  const updated = await deps.stores.users.update(
    userId,
    { status: disabled ? 'disabled' : 'active' },
    deps.now().toISOString(),
  );
  if (disabled) await deps.stores.sessions.deleteForUser(userId);
  await audit(deps, actor, disabled ? 'user.disabled' : 'user.enabled', { type: 'user', id: userId });
  return updated!;
}

/** Sets the teams a staff member belongs to (admin only); messaging routes by team. */
export async function setUserTeams(
  deps: AccountDeps,
  actor: Actor,
  userId: string,
  teamIds: string[],
): Promise<UserRecord> {
  requireAdmin(actor);
  const user = await personToChange(deps, userId);
  if (user.role !== 'staff' && user.role !== 'admin')
    throw new AppError('invalid_request', 'Only staff and admins belong to teams');
  const known = new Set((await deps.stores.directory.listTeams()).map((t) => t.id));
  const unique = [...new Set(teamIds)];
  const unknown = unique.find((id) => !known.has(id));
  if (unknown) throw new AppError('invalid_request', `There is no team ${unknown.slice(0, 40)}`);
  const updated = await deps.stores.users.update(userId, { teamIds: unique }, deps.now().toISOString());
  await audit(
    deps,
    actor,
    'user.teams_changed',
    { type: 'user', id: userId },
    { from: user.teamIds, to: unique },
  );
  return updated!;
}

/** Creates a partner organisation (admin only; the name is checked once the actor may). */
export async function createOrganisation(
  deps: AccountDeps,
  actor: Actor,
  name: string | undefined,
): Promise<OrganisationRecord> {
  requireAdmin(actor);
  const org = {
    id: randomUUID(),
    name: cleanDisplayName(name, ORGANISATION_NAME),
    createdAt: deps.now().toISOString(),
  };
  await deps.stores.directory.createOrganisation(org);
  await audit(deps, actor, 'organisation.created', { type: 'organisation', id: org.id }, { name: org.name });
  return org;
}

/** Creates a staff team (admin only; the name is checked once the actor may). */
export async function createTeam(
  deps: AccountDeps,
  actor: Actor,
  name: string | undefined,
): Promise<TeamRecord> {
  requireAdmin(actor);
  const team = {
    id: randomUUID(),
    name: cleanDisplayName(name, TEAM_NAME),
    createdAt: deps.now().toISOString(),
  };
  await deps.stores.directory.createTeam(team);
  await audit(deps, actor, 'team.created', { type: 'team', id: team.id }, { name: team.name });
  return team;
}

/** Creates an API key (admin only); the secret is shown once. */
export async function createIntegrationKey(
  deps: AccountDeps,
  actor: Actor,
  name: string,
  scopes: ApiScope[],
): Promise<{ secret: string; record: ApiKeyRecord }> {
  requireAdmin(actor);
  if (!name.trim())
    throw new AppError('invalid_request', 'Name the key after the integration that will use it');
  if (scopes.length === 0) throw new AppError('invalid_request', 'Choose at least one scope');
  const created = await createApiKey(deps.stores.apiKeys, {
    name: name.trim().slice(0, 100),
    scopes,
    now: deps.now(),
    createdBy: actor.id,
  });
  await audit(
    deps,
    actor,
    'api_key.created',
    { type: 'api_key', id: created.record.id },
    { name: created.record.name, scopes },
  );
  return created;
}

/** Revokes an API key (admin only). */
export async function revokeIntegrationKey(deps: AccountDeps, actor: Actor, keyId: string): Promise<void> {
  requireAdmin(actor);
  if (!(await deps.stores.apiKeys.revoke(keyId, deps.now().toISOString())))
    throw new AppError('not_found', `No active API key ${keyId}`);
  await audit(deps, actor, 'api_key.revoked', { type: 'api_key', id: keyId });
}
