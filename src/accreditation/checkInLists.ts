/**
 * What staff and partners see of check-ins: a partner's own meetings (never the staff
 * notes), one meeting for staff, staff's overview (partners whose next check-in is due
 * within a week or overdue by their cadence, upcoming meetings, what the scheduling form
 * offers) and one partner's page (its meetings, cadence, when the next is due, and the
 * quarter's assessment).
 */
import type { Actor } from '../accounts/accountDeps.js';
import { AppError } from '../errors.js';
import { activeStaffMembers } from '../accounts/staffMembers.js';
import type {
  CheckInCadence,
  CheckInCadenceRecord,
  CheckInMeetingRecord,
  OrganisationRecord,
  QuarterlyAssessmentRecord,
  UserRecord,
} from '../storage/ports.js';
import type { AccreditationDeps } from './accreditationDeps.js';
import { isStaff, meetingOf, organisationOf, requireStaff } from './checkInAccess.js';
import { checkedQuarter } from './partnerFollowUp.js';

const DAY_MS = 24 * 60 * 60 * 1000;
/** A partner's meetings read at once: years of monthly check-ins. */
const MEETINGS_PER_PARTNER = 500;
/** A partner is listed as due this many days before its next check-in falls due. */
const DUE_SOON_DAYS = 7;

/** A meeting as the partner sees it: no staff notes. */
export type PartnerMeeting = Omit<CheckInMeetingRecord, 'notes' | 'notesBy'> & { staffName: string };

/** A meeting with the names a list shows. */
export interface MeetingRow {
  meeting: CheckInMeetingRecord;
  organisationName: string;
  staffName: string;
}

/** A partner whose next check-in is due (within a week) or overdue by its cadence. */
export interface DueCheckIn {
  organisationId: string;
  organisationName: string;
  cadence: CheckInCadence;
  lastHeldAt?: string;
  dueAt: string;
  overdue: boolean;
}

/** The names of staff members by id (for lists). */
async function staffNames(deps: AccreditationDeps, ids: string[]): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  for (const id of new Set(ids))
    names.set(id, (await deps.stores.users.get(id))?.name ?? 'former staff member');
  return names;
}

/** A partner's meetings, upcoming (earliest first) and past (latest first), without staff notes; the organisation's partners and staff. */
export async function partnerCheckIns(
  deps: AccreditationDeps,
  actor: Actor,
  organisationId: string,
): Promise<{ upcoming: PartnerMeeting[]; past: PartnerMeeting[] }> {
  if (!isStaff(actor) && !(actor.role === 'partner' && actor.organisationId === organisationId))
    throw new AppError('not_found', 'No such organisation');
  const meetings = await deps.stores.checkIns.listMeetings({ organisationId, limit: MEETINGS_PER_PARTNER });
  const names = await staffNames(
    deps,
    meetings.map((m) => m.staffId),
  );
  const now = deps.now().toISOString();
  const shown = meetings.map(({ notes: _notes, notesBy: _by, ...m }) => ({
    ...m,
    staffName: names.get(m.staffId)!,
  }));
  // A meeting counts as past once it has ended.
  const ended = (m: PartnerMeeting) =>
    new Date(Date.parse(m.startsAt) + m.durationMinutes * 60_000).toISOString() <= now;
  return {
    upcoming: shown.filter((m) => !ended(m)),
    past: shown.filter(ended).reverse(),
  };
}

/** One meeting for staff, with its partner's and staff member's names, and the staff to choose from. */
export async function meetingPage(
  deps: AccreditationDeps,
  actor: Actor,
  id: string,
): Promise<MeetingRow & { staff: UserRecord[] }> {
  requireStaff(actor, 'see check-ins');
  const meeting = await meetingOf(deps, id);
  const organisation = await deps.stores.directory.getOrganisation(meeting.organisationId);
  const names = await staffNames(deps, [meeting.staffId]);
  return {
    meeting,
    organisationName: organisation?.name ?? 'unknown organisation',
    staffName: names.get(meeting.staffId)!,
    staff: await activeStaffMembers(deps, actor),
  };
}

const addMonths = (iso: string, months: number) => {
  const d = new Date(iso);
  return new Date(
    Date.UTC(
      d.getUTCFullYear(),
      d.getUTCMonth() + months,
      d.getUTCDate(),
      d.getUTCHours(),
      d.getUTCMinutes(),
    ),
  ).toISOString();
};
const CADENCE_MONTHS: Record<CheckInCadence, number> = { monthly: 1, bimonthly: 2, none: 0 };

/** When a partner's next check-in falls due by its cadence, and whether one is already booked. */
function nextDue(
  cadence: CheckInCadenceRecord,
  meetings: CheckInMeetingRecord[],
  now: string,
): { lastHeldAt?: string; dueAt: string; booked: boolean } | undefined {
  if (cadence.cadence === 'none') return undefined;
  const held = meetings.filter((m) => m.status === 'scheduled');
  const last = held.filter((m) => m.startsAt <= now).at(-1);
  const booked = held.some((m) => m.startsAt > now);
  return {
    ...(last ? { lastHeldAt: last.startsAt } : {}),
    dueAt: addMonths(last?.startsAt ?? cadence.updatedAt, CADENCE_MONTHS[cadence.cadence]),
    booked,
  };
}

/** Staff's view: partners due or overdue by cadence, upcoming meetings, and what the scheduling form offers. */
export async function checkInOverview(
  deps: AccreditationDeps,
  actor: Actor,
): Promise<{
  due: DueCheckIn[];
  upcoming: MeetingRow[];
  partners: OrganisationRecord[];
  staff: UserRecord[];
}> {
  requireStaff(actor, 'see check-ins');
  const now = deps.now();
  const organisations = new Map((await deps.stores.directory.listOrganisations()).map((o) => [o.id, o]));
  const due: DueCheckIn[] = [];
  for (const cadence of await deps.stores.checkIns.listCadences()) {
    const meetings = await deps.stores.checkIns.listMeetings({
      organisationId: cadence.organisationId,
      limit: MEETINGS_PER_PARTNER,
    });
    const next = nextDue(cadence, meetings, now.toISOString());
    if (!next || next.booked || Date.parse(next.dueAt) > now.getTime() + DUE_SOON_DAYS * DAY_MS) continue;
    due.push({
      organisationId: cadence.organisationId,
      organisationName: organisations.get(cadence.organisationId)?.name ?? 'unknown organisation',
      cadence: cadence.cadence,
      ...(next.lastHeldAt ? { lastHeldAt: next.lastHeldAt } : {}),
      dueAt: next.dueAt,
      overdue: next.dueAt <= now.toISOString(),
    });
  }
  due.sort((a, b) => a.dueAt.localeCompare(b.dueAt));
  const coming = (
    await deps.stores.checkIns.listMeetings({
      from: new Date(now.getTime() - DAY_MS).toISOString(),
      limit: 100,
    })
  ).filter((m) => m.status === 'scheduled');
  const names = await staffNames(
    deps,
    coming.map((m) => m.staffId),
  );
  // Partners: organisations with an accreditation application (applying or accredited), by name.
  const applying = new Set(
    (await deps.stores.accreditation.listApplications({ limit: 10_000 })).map((a) => a.organisationId),
  );
  return {
    due,
    upcoming: coming.map((meeting) => ({
      meeting,
      organisationName: organisations.get(meeting.organisationId)?.name ?? 'unknown organisation',
      staffName: names.get(meeting.staffId)!,
    })),
    partners: [...organisations.values()]
      .filter((o) => applying.has(o.id))
      .sort((a, b) => a.name.localeCompare(b.name)),
    staff: await activeStaffMembers(deps, actor),
  };
}

/** One partner for staff: its meetings (latest first), cadence and when the next is due, and a quarter's assessment. */
export async function organisationCheckIns(
  deps: AccreditationDeps,
  actor: Actor,
  organisationId: string,
  quarter: string,
): Promise<{
  organisation: OrganisationRecord;
  meetings: MeetingRow[];
  cadence: CheckInCadence;
  dueAt?: string;
  assessment?: QuarterlyAssessmentRecord;
  staff: UserRecord[];
}> {
  requireStaff(actor, 'see check-ins');
  const organisation = await organisationOf(deps, organisationId);
  const meetings = await deps.stores.checkIns.listMeetings({ organisationId, limit: MEETINGS_PER_PARTNER });
  const cadence = await deps.stores.checkIns.getCadence(organisationId);
  const next = cadence ? nextDue(cadence, meetings, deps.now().toISOString()) : undefined;
  const names = await staffNames(
    deps,
    meetings.map((m) => m.staffId),
  );
  const assessment = await deps.stores.checkIns.getAssessment(organisationId, checkedQuarter(quarter));
  return {
    organisation,
    meetings: meetings
      .map((meeting) => ({
        meeting,
        organisationName: organisation.name,
        staffName: names.get(meeting.staffId)!,
      }))
      .reverse(),
    cadence: cadence?.cadence ?? 'none',
    ...(next ? { dueAt: next.dueAt } : {}),
    ...(assessment ? { assessment } : {}),
    staff: await activeStaffMembers(deps, actor),
  };
}
