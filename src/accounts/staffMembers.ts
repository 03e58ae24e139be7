/**
 * The people staff pick from in forms: whom to assign an accreditation application or a
 * conversation to (active staff and admins), and whom a course may name as reviewers
 * (active reviewers, staff and admins). Read per role, so the many participants never
 * push a staff member off the list (one unfiltered read of 500 accounts did).
 */
import { AppError } from '../errors.js';
import type { Actor } from './accountDeps.js';
import { REVIEWING_ROLES, STAFF_ROLES, type Role, type Stores, type UserRecord } from '../storage/ports.js';

/** What these reads need. */
export interface StaffMemberDeps {
  stores: Pick<Stores, 'users'>;
}

/**
 * Accounts read per role for a picker. A picker truly needs every candidate, so this
 * bounds "all": an organisation with more staff (or reviewers) than this would need a
 * search field instead of a list.
 */
export const PICKER_PAGE_SIZE = 500;

function requireStaff(actor: Actor): void {
  if (actor.role !== 'staff' && actor.role !== 'admin')
    throw new AppError('forbidden', 'Only staff see the list of staff');
}

async function activeWithRoles(deps: StaffMemberDeps, roles: readonly Role[]): Promise<UserRecord[]> {
  const lists = await Promise.all(
    roles.map((role) => deps.stores.users.list({ role, limit: PICKER_PAGE_SIZE, offset: 0 })),
  );
  return lists
    .flat()
    .filter((u) => u.status === 'active' && roles.includes(u.role))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** Active staff and admins, for assigning work (staff and admins only). */
export async function activeStaffMembers(deps: StaffMemberDeps, actor: Actor): Promise<UserRecord[]> {
  requireStaff(actor);
  return activeWithRoles(deps, STAFF_ROLES);
}

/** Active reviewers, staff and admins: whom a course may name as reviewers (staff and admins only). */
export async function reviewerCandidates(deps: StaffMemberDeps, actor: Actor): Promise<UserRecord[]> {
  requireStaff(actor);
  return activeWithRoles(deps, REVIEWING_ROLES);
}
