/**
 * What every check-in action starts with: the actor is staff (or the partner, for reading
 * their own), and the organisation or meeting named exists.
 */
import { AppError } from '../errors.js';
import type { Actor } from '../accounts/accountDeps.js';
import type { CheckInMeetingRecord, OrganisationRecord } from '../storage/ports.js';
import type { AccreditationDeps } from './accreditationDeps.js';

/** Whether the actor is staff (or an admin). */
export const isStaff = (actor: Actor) => actor.role === 'staff' || actor.role === 'admin';

/** Throws 403 unless the actor is staff; `what` completes "Only staff ...". */
export function requireStaff(actor: Actor, what: string): void {
  if (!isStaff(actor)) throw new AppError('forbidden', `Only staff ${what}`);
}

/** The organisation, or 404. */
export async function organisationOf(
  deps: AccreditationDeps,
  organisationId: string,
): Promise<OrganisationRecord> {
  const organisation = await deps.stores.directory.getOrganisation(organisationId);
  if (!organisation) throw new AppError('not_found', 'No such organisation');
  return organisation;
}

/** The meeting, or 404. */
export async function meetingOf(deps: AccreditationDeps, id: string): Promise<CheckInMeetingRecord> {
  const meeting = await deps.stores.checkIns.getMeeting(id);
  if (!meeting) throw new AppError('not_found', 'No such check-in');
  return meeting;
}
