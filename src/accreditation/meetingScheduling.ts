/**
 * Check-ins and coaching calls with partner organisations, the meeting itself: staff
 * schedule one (kind, time in a stated zone, length, agenda, an https meeting link, who
 * runs it), change or cancel it (both sides are told: meetingNotices.ts), and afterwards
 * record notes (staff only) and agreed actions (shown to the partner). Changes are made at
 * the stored version, so two staff changing one meeting at once cannot both win.
 */
import { randomUUID } from 'node:crypto';
import { AppError } from '../errors.js';
import type { Actor } from '../accounts/accountDeps.js';
import { audit } from '../accounts/audit.js';
import { MEETING_KINDS, type CheckInMeetingRecord, type MeetingKind } from '../storage/ports.js';
import type { AccreditationDeps } from './accreditationDeps.js';
import { meetingOf, organisationOf, requireStaff } from './checkInAccess.js';
import { tellBothSides } from './meetingNotices.js';
import { zonedInstant } from './meetingTimes.js';

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
