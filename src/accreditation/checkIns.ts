/**
 * Check-ins and coaching calls with partner organisations. Staff schedule one (kind, time
 * in a stated zone, length, agenda, an https meeting link, who runs it); the partner's
 * members and the staff member are emailed when it is scheduled, changed or cancelled, and
 * reminded the day before (a reminder plan in the outbox: the delivery worker sends it
 * when due, once). Afterwards staff record notes (staff only) and agreed actions (shown to
 * the partner). Each partner has a cadence (monthly, every two months, or none), and the
 * console lists partners whose next check-in is due or overdue by it. Staff also write an
 * overall assessment per partner and quarter, which the quarterly report shows.
 */
import { randomUUID } from 'node:crypto';
import { AppError } from '../errors.js';
import type { Actor } from '../accounts/accountDeps.js';
import { audit } from '../accounts/audit.js';
import { activeStaffMembers } from '../accounts/staffMembers.js';
import { notify } from '../notifications/notify.js';
import { cancelReminders, planReminders } from '../notifications/reminders.js';
import {
  ASSESSMENT_RATINGS,
  CHECK_IN_CADENCES,
  MEETING_KINDS,
  type AssessmentRating,
  type CheckInCadence,
  type CheckInCadenceRecord,
  type CheckInMeetingRecord,
  type MeetingKind,
  type OrganisationRecord,
  type QuarterlyAssessmentRecord,
  type UserRecord,
} from '../storage/ports.js';
import type { AccreditationDeps } from './accreditationDeps.js';
import { meetingTimeText, zonedInstant } from './meetingTimes.js';

const DAY_MS = 24 * 60 * 60 * 1000;
/** A partner's meetings read at once: years of monthly check-ins. */
const MEETINGS_PER_PARTNER = 500;
/** A partner is listed as due this many days before its next check-in falls due. */
const DUE_SOON_DAYS = 7;

/** How a meeting kind reads in a sentence. */
export const MEETING_KIND_LABELS: Record<MeetingKind, string> = {
  check_in: 'check-in',
  coaching_call: 'coaching call',
};
/** How a cadence reads. */
export const CADENCE_LABELS: Record<CheckInCadence, string> = {
  monthly: 'monthly',
  bimonthly: 'every two months',
  none: 'none',
};
/** How an assessment rating reads. */
export const RATING_LABELS: Record<AssessmentRating, string> = {
  strong: 'Strong',
  on_track: 'On track',
  needs_attention: 'Needs attention',
  at_risk: 'At risk',
};

/** What staff enter to schedule or change a meeting (shape checked by the form's schema). */
export interface MeetingInput {
  kind: MeetingKind;
  /** `2026-12-08` and `10:00` in `timeZone`. */
  date: string;
  time: string;
  timeZone: string;
  durationMinutes: number;
  agenda: string;
  meetingUrl: string;
  staffId: string;
}

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

const isStaff = (actor: Actor) => actor.role === 'staff' || actor.role === 'admin';

function requireStaff(actor: Actor, what: string): void {
  if (!isStaff(actor)) throw new AppError('forbidden', `Only staff ${what}`);
}

/** A meeting link: https only, no user name or password in it. */
function checkedUrl(value: string): string {
  const text = value.trim();
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new AppError('invalid_request', 'Meeting link: enter a full https:// link', {
      field: 'meetingUrl',
    });
  }
  if (url.protocol !== 'https:' || !url.hostname || url.username || url.password || text.length > 500)
    throw new AppError('invalid_request', 'Meeting link: use an https:// link (without a password in it)', {
      field: 'meetingUrl',
    });
  return url.toString();
}

/** The meeting fields from staff's input, checked (the staff member must be active staff). */
async function meetingFields(
  deps: AccreditationDeps,
  input: MeetingInput,
): Promise<
  Pick<
    CheckInMeetingRecord,
    'kind' | 'startsAt' | 'timeZone' | 'durationMinutes' | 'agenda' | 'meetingUrl' | 'staffId'
  >
> {
  if (!MEETING_KINDS.includes(input.kind))
    throw new AppError('invalid_request', 'Kind: choose a check-in or a coaching call', { field: 'kind' });
  const startsAt = zonedInstant(input.date, input.time, input.timeZone).toISOString();
  if (!Number.isInteger(input.durationMinutes) || input.durationMinutes < 5 || input.durationMinutes > 480)
    throw new AppError('invalid_request', 'Duration: a whole number of minutes from 5 to 480', {
      field: 'durationMinutes',
    });
  const agenda = input.agenda.trim();
  if (!agenda || agenda.length > 2000)
    throw new AppError('invalid_request', 'Agenda: say what the meeting is for (at most 2,000 characters)', {
      field: 'agenda',
    });
  const staff = await deps.stores.users.get(input.staffId);
  if (staff?.status !== 'active' || (staff.role !== 'staff' && staff.role !== 'admin'))
    throw new AppError('invalid_request', 'Run by: choose a member of staff', { field: 'staffId' });
  return {
    kind: input.kind,
    startsAt,
    timeZone: input.timeZone,
    durationMinutes: input.durationMinutes,
    agenda,
    meetingUrl: checkedUrl(input.meetingUrl),
    staffId: staff.id,
  };
}

async function organisationOf(deps: AccreditationDeps, organisationId: string): Promise<OrganisationRecord> {
  const organisation = await deps.stores.directory.getOrganisation(organisationId);
  if (!organisation) throw new AppError('not_found', 'No such organisation');
  return organisation;
}

async function meetingOf(deps: AccreditationDeps, id: string): Promise<CheckInMeetingRecord> {
  const meeting = await deps.stores.checkIns.getMeeting(id);
  if (!meeting) throw new AppError('not_found', 'No such check-in');
  return meeting;
}

/** Who hears about a meeting: the partner's members and the staff member running it. */
async function recipients(
  deps: AccreditationDeps,
  meeting: CheckInMeetingRecord,
): Promise<{ user: UserRecord; side: 'partner' | 'staff' }[]> {
  const members = await deps.stores.users.list({
    role: 'partner',
    organisationId: meeting.organisationId,
    limit: 200,
    offset: 0,
  });
  const staff = await deps.stores.users.get(meeting.staffId);
  return [
    ...members.map((user) => ({ user, side: 'partner' as const })),
    ...(staff ? [{ user: staff, side: 'staff' as const }] : []),
  ];
}

/** The placeholder values of a meeting's messages, for one side. */
async function meetingValues(
  deps: AccreditationDeps,
  meeting: CheckInMeetingRecord,
  side: 'partner' | 'staff',
): Promise<Record<string, string>> {
  const organisation = await deps.stores.directory.getOrganisation(meeting.organisationId);
  const staff = await deps.stores.users.get(meeting.staffId);
  return {
    partner: organisation?.name ?? 'your organisation',
    meetingKind: MEETING_KIND_LABELS[meeting.kind],
    when: meetingTimeText(meeting.startsAt, meeting.timeZone),
    duration: `${meeting.durationMinutes} minutes`,
    agenda: meeting.agenda,
    meetingUrl: meeting.meetingUrl,
    staffName: staff?.name ?? 'our staff',
    portalUrl:
      side === 'partner'
        ? `${deps.publicUrl}/partner/check-ins`
        : `${deps.publicUrl}/admin/accreditation/check-ins/${meeting.id}`,
  };
}

const reminderPlanKey = (meeting: CheckInMeetingRecord, userId: string) => `check_in:${meeting.id}:${userId}`;

/** Emails both sides about a change to a meeting, and (re)plans or cancels their reminders. */
async function tellBothSides(
  deps: AccreditationDeps,
  meeting: CheckInMeetingRecord,
  trigger: 'check_in_scheduled' | 'check_in_changed' | 'check_in_cancelled',
  previous?: CheckInMeetingRecord,
): Promise<void> {
  const people = await recipients(deps, meeting);
  if (previous && previous.staffId !== meeting.staffId)
    await cancelReminders(
      deps.notifications,
      reminderPlanKey(previous, previous.staffId),
      'another staff member runs it',
    );
  for (const { user, side } of people) {
    const values = await meetingValues(deps, meeting, side);
    await notify(deps.notifications, user, {
      trigger,
      dedupeKey: `${trigger}:${meeting.id}:${meeting.version}:${user.id}`,
      values: trigger === 'check_in_cancelled' ? { ...values, reason: meeting.cancelReason ?? '' } : values,
    });
    const planKey = reminderPlanKey(meeting, user.id);
    if (meeting.status === 'cancelled') {
      await cancelReminders(deps.notifications, planKey, 'the meeting was cancelled');
      continue;
    }
    // The day before, sent once (the plan's dedupe key); moving the meeting re-plans it.
    await planReminders(deps.notifications, {
      planKey,
      kind: 'check_in',
      user,
      deadline: new Date(meeting.startsAt),
      schedule: { offsetsDays: [1], pastDueDays: [] },
      compose: () => ({ trigger: 'check_in_reminder', values }),
    });
  }
}

/** Staff schedule a check-in or coaching call with a partner organisation. */
export async function scheduleCheckIn(
  deps: AccreditationDeps,
  actor: Actor,
  organisationId: string,
  input: MeetingInput,
): Promise<CheckInMeetingRecord> {
  requireStaff(actor, 'schedule check-ins and coaching calls');
  await organisationOf(deps, organisationId);
  const fields = await meetingFields(deps, input);
  const now = deps.now();
  if (Date.parse(fields.startsAt) <= now.getTime())
    throw new AppError('invalid_request', 'Date: choose a time in the future', { field: 'date' });
  const meeting: CheckInMeetingRecord = {
    id: randomUUID(),
    organisationId,
    ...fields,
    status: 'scheduled',
    createdAt: now.toISOString(),
    createdBy: actor.id,
    updatedAt: now.toISOString(),
    version: 1,
  };
  await deps.stores.checkIns.createMeeting(meeting);
  await audit(
    deps,
    actor,
    'check_in.scheduled',
    { type: 'check_in', id: meeting.id },
    {
      organisationId,
      kind: meeting.kind,
      startsAt: meeting.startsAt,
    },
  );
  await tellBothSides(deps, meeting, 'check_in_scheduled');
  return meeting;
}

/** Applies `change` to the stored meeting at its version; a concurrent change answers 409. */
async function changeMeeting(
  deps: AccreditationDeps,
  current: CheckInMeetingRecord,
  change: Partial<CheckInMeetingRecord>,
): Promise<CheckInMeetingRecord> {
  const next: CheckInMeetingRecord = {
    ...current,
    ...change,
    updatedAt: deps.now().toISOString(),
    version: current.version + 1,
  };
  if (!(await deps.stores.checkIns.updateMeeting(next, current.version)))
    throw new AppError('conflict', 'Someone else changed this meeting at the same time; open it again');
  return next;
}

/** Staff change a scheduled meeting (time, length, agenda, link, who runs it); both sides are told. */
export async function changeCheckIn(
  deps: AccreditationDeps,
  actor: Actor,
  id: string,
  input: MeetingInput,
): Promise<CheckInMeetingRecord> {
  requireStaff(actor, 'change check-ins and coaching calls');
  const current = await meetingOf(deps, id);
  if (current.status !== 'scheduled') throw new AppError('conflict', 'A cancelled meeting cannot be changed');
  const fields = await meetingFields(deps, input);
  if (fields.startsAt !== current.startsAt && Date.parse(fields.startsAt) <= deps.now().getTime())
    throw new AppError('invalid_request', 'Date: choose a time in the future', { field: 'date' });
  const changed = await changeMeeting(deps, current, fields);
  await audit(deps, actor, 'check_in.changed', { type: 'check_in', id }, { startsAt: changed.startsAt });
  await tellBothSides(deps, changed, 'check_in_changed', current);
  return changed;
}

/** Staff cancel a scheduled meeting, saying why; both sides are told and the reminders dropped. */
export async function cancelCheckIn(
  deps: AccreditationDeps,
  actor: Actor,
  id: string,
  reason: string,
): Promise<CheckInMeetingRecord> {
  requireStaff(actor, 'cancel check-ins and coaching calls');
  const current = await meetingOf(deps, id);
  if (current.status !== 'scheduled') throw new AppError('conflict', 'This meeting is already cancelled');
  const why = reason.trim();
  if (why.length > 1000)
    throw new AppError('invalid_request', 'Reason: at most 1,000 characters', { field: 'reason' });
  const cancelled = await changeMeeting(deps, current, {
    status: 'cancelled',
    cancelledAt: deps.now().toISOString(),
    ...(why ? { cancelReason: why } : {}),
  });
  await audit(deps, actor, 'check_in.cancelled', { type: 'check_in', id });
  await tellBothSides(deps, cancelled, 'check_in_cancelled');
  return cancelled;
}

/** Staff record the notes (staff only) and agreed actions (shown to the partner) once the meeting started. */
export async function recordMeetingNotes(
  deps: AccreditationDeps,
  actor: Actor,
  id: string,
  input: { notes: string; agreedActions: string },
): Promise<CheckInMeetingRecord> {
  requireStaff(actor, 'record meeting notes');
  const current = await meetingOf(deps, id);
  if (current.status !== 'scheduled') throw new AppError('conflict', 'A cancelled meeting has no notes');
  if (Date.parse(current.startsAt) > deps.now().getTime())
    throw new AppError('conflict', 'Notes are recorded once the meeting has started');
  const notes = input.notes.trim();
  const agreedActions = input.agreedActions.trim();
  if (!notes && !agreedActions)
    throw new AppError('invalid_request', 'Notes: write the notes, the agreed actions, or both', {
      field: 'notes',
    });
  if (notes.length > 10_000 || agreedActions.length > 5000)
    throw new AppError('invalid_request', 'Notes: at most 10,000 characters, agreed actions at most 5,000', {
      field: 'notes',
    });
  const { notes: _n, agreedActions: _a, ...rest } = current;
  const saved = await changeMeeting(deps, rest as CheckInMeetingRecord, {
    ...(notes ? { notes } : {}),
    ...(agreedActions ? { agreedActions } : {}),
    notesAt: deps.now().toISOString(),
    notesBy: actor.id,
  });
  await audit(deps, actor, 'check_in.notes', { type: 'check_in', id });
  return saved;
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

/** Staff set how often a partner should have a check-in. */
export async function setCheckInCadence(
  deps: AccreditationDeps,
  actor: Actor,
  organisationId: string,
  cadence: CheckInCadence,
): Promise<CheckInCadenceRecord> {
  requireStaff(actor, 'set check-in cadences');
  await organisationOf(deps, organisationId);
  if (!CHECK_IN_CADENCES.includes(cadence))
    throw new AppError('invalid_request', 'Cadence: choose monthly, every two months or none', {
      field: 'cadence',
    });
  const record: CheckInCadenceRecord = {
    organisationId,
    cadence,
    updatedAt: deps.now().toISOString(),
    updatedBy: actor.id,
  };
  await deps.stores.checkIns.putCadence(record);
  await audit(deps, actor, 'check_in.cadence', { type: 'organisation', id: organisationId }, { cadence });
  return record;
}

/** `2026-Q4`, checked. */
function checkedQuarter(quarter: string): string {
  if (!/^\d{4}-Q[1-4]$/.test(quarter))
    throw new AppError('invalid_request', 'Quarter: use the form 2026-Q4', { field: 'quarter' });
  return quarter;
}

/** Staff write (or rewrite) the overall assessment of a partner for a quarter. */
export async function saveQuarterlyAssessment(
  deps: AccreditationDeps,
  actor: Actor,
  organisationId: string,
  input: { quarter: string; rating: AssessmentRating; text: string },
): Promise<QuarterlyAssessmentRecord> {
  requireStaff(actor, 'write quarterly assessments');
  await organisationOf(deps, organisationId);
  const quarter = checkedQuarter(input.quarter);
  if (!ASSESSMENT_RATINGS.includes(input.rating))
    throw new AppError('invalid_request', 'Rating: choose one of the levels', { field: 'rating' });
  const text = input.text.trim();
  if (!text || text.length > 4000)
    throw new AppError('invalid_request', 'Assessment: write it in at most 4,000 characters', {
      field: 'text',
    });
  const record: QuarterlyAssessmentRecord = {
    organisationId,
    quarter,
    rating: input.rating,
    text,
    updatedAt: deps.now().toISOString(),
    updatedBy: actor.id,
  };
  await deps.stores.checkIns.putAssessment(record);
  await audit(
    deps,
    actor,
    'accreditation.assessment',
    { type: 'organisation', id: organisationId },
    {
      quarter,
      rating: input.rating,
    },
  );
  return record;
}
