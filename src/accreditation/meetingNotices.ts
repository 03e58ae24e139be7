/**
 * Telling both sides about a meeting: the partner's members and the staff member running
 * it are emailed when it is scheduled, changed or cancelled, each email with the calendar
 * invitation (meetingInvitation.ts, made when it is sent), and reminded the day before (a
 * reminder plan in the outbox: the delivery worker sends it when due, once; moving the
 * meeting re-plans it, cancelling drops it).
 */
import { notify } from '../notifications/notify.js';
import { cancelReminders, planReminders } from '../notifications/reminders.js';
import type { CheckInMeetingRecord, UserRecord } from '../storage/ports.js';
import type { AccreditationDeps } from './accreditationDeps.js';
import { MEETING_KIND_LABELS } from './checkInLabels.js';
import { meetingTimeText } from './meetingTimes.js';

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
export async function tellBothSides(
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
      // The calendar entry (or its cancellation), made from the meeting when the email goes out.
      attachment: { kind: 'meeting_invitation', meetingId: meeting.id },
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
