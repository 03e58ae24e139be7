/**
 * Reading the directory for the console and the partner portal: organisations and teams
 * (staff and admins), one organisation with its members behind an object-level check (a
 * partner sees only their own organisation; any other id answers "not found", so a
 * partner cannot even learn that it exists), and the dashboard counts.
 */
import { AppError } from '../errors.js';
import type { AccountDeps, Actor } from './accountDeps.js';
import {
  ROLES,
  type OrganisationRecord,
  type Role,
  type TeamRecord,
  type UserRecord,
} from '../storage/ports.js';

/** Members shown for one organisation; partner organisations are small. */
const MEMBER_LIMIT = 500;

function requireStaff(actor: Actor): void {
  if (actor.role !== 'admin' && actor.role !== 'staff')
    throw new AppError('forbidden', 'Only staff can see the directory');
}

/** Every partner organisation, by name (staff and admins). */
export async function organisationsFor(deps: AccountDeps, actor: Actor): Promise<OrganisationRecord[]> {
  requireStaff(actor);
  return deps.stores.directory.listOrganisations();
}

/** Every staff team, by name (staff and admins). */
export async function teamsFor(deps: AccountDeps, actor: Actor): Promise<TeamRecord[]> {
  requireStaff(actor);
  return deps.stores.directory.listTeams();
}

/**
 * One organisation, if the actor may see it: staff and admins any, a partner only their
 * own. Anything else is `not_found`, the same answer as for an id that does not exist.
 */
async function organisationFor(
  deps: AccountDeps,
  actor: Actor,
  organisationId: string,
): Promise<OrganisationRecord> {
  const mayView =
    actor.role === 'admin' ||
    actor.role === 'staff' ||
    (actor.role === 'partner' && !!actor.organisationId && actor.organisationId === organisationId);
  const organisation = mayView ? await deps.stores.directory.getOrganisation(organisationId) : undefined;
  if (!organisation) throw new AppError('not_found', 'No such organisation');
  return organisation;
}

/** An organisation and its members (erased accounts left out), with the same check. */
export async function organisationWithMembers(
  deps: AccountDeps,
  actor: Actor,
  organisationId: string,
): Promise<{ organisation: OrganisationRecord; members: UserRecord[] }> {
  const organisation = await organisationFor(deps, actor, organisationId);
  const users = await deps.stores.users.list({
    organisationId: organisation.id,
    limit: MEMBER_LIMIT,
    offset: 0,
  });
  return {
    organisation,
    members: users.filter((u) => u.status !== 'erased' && u.organisationId === organisation.id),
  };
}

/** The console dashboard's numbers: accounts per role, organisations and teams. */
export async function consoleCounts(
  deps: AccountDeps,
  actor: Actor,
): Promise<{ usersByRole: Record<Role, number>; organisations: number; teams: number }> {
  requireStaff(actor);
  const [counts, organisations, teams] = await Promise.all([
    Promise.all(ROLES.map((role) => deps.stores.users.count({ role }))),
    deps.stores.directory.listOrganisations(),
    deps.stores.directory.listTeams(),
  ]);
  const usersByRole = Object.fromEntries(ROLES.map((role, i) => [role, counts[i] ?? 0])) as Record<
    Role,
    number
  >;
  return { usersByRole, organisations: organisations.length, teams: teams.length };
}
