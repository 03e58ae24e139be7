/**
 * The calendar invitation a meeting email carries (iCalendar, RFC 5545, with the iTIP
 * methods of RFC 5546), made by ical-generator when the email is sent, from the meeting as
 * it is then (like the certificate PDF, nothing of it is stored with the message):
 * METHOD:REQUEST while the meeting is scheduled, METHOD:CANCEL once it is cancelled. The
 * UID is the meeting's, so calendars update one entry, and SEQUENCE follows the meeting's
 * version, so a later change always replaces an earlier copy; an email retried after a
 * further change carries the newer state, never an older one. Times are UTC instants
 * (the zone the meeting was set in is named in the description); the organiser is the
 * staff member running it, the attendees the partner's active members and that staff member.
 */
import ical, {
  ICalAttendeeRole,
  ICalAttendeeStatus,
  ICalCalendarMethod,
  ICalEventStatus,
  type ICalAttendeeData,
} from 'ical-generator';
import type { MailFile } from '../mail/mailer.js';
import type { CheckInMeetingRecord, Stores, UserRecord } from '../storage/ports.js';
import { MEETING_KIND_LABELS } from './checkInLabels.js';
import { meetingTimeText } from './meetingTimes.js';

/** What making an invitation reads. */
export interface MeetingInvitationDeps {
  stores: Pick<Stores, 'checkIns' | 'users' | 'directory'>;
  /** Our name (the partner meets "SayPro"), and the host the UIDs are under. */
  organisationName: string;
  publicUrl: string;
  now: () => Date;
}

/** The people on an invitation. */
interface InvitationPeople {
  organisationName: string;
  organizer: Pick<UserRecord, 'name' | 'email'>;
  members: Pick<UserRecord, 'name' | 'email'>[];
}

const capital = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/**
 * A name as a CN parameter: a parameter value cannot hold a double quote or a line break
 * (RFC 5545 3.1; ical-generator writes `\"`, which readers refuse), so those become `'` and a space.
 */
const paramText = (name: string) => name.replace(/"/g, "'").replace(/[\r\n\t]+/g, ' ');

/** The iCalendar text of a meeting's invitation (or cancellation) as of `now`. */
export function invitationText(
  meeting: CheckInMeetingRecord,
  people: InvitationPeople,
  settings: { organisationName: string; publicUrl: string; now: Date },
): { method: 'REQUEST' | 'CANCEL'; ics: string } {
  const cancelled = meeting.status === 'cancelled';
  const start = new Date(meeting.startsAt);
  const attendee = (
    person: Pick<UserRecord, 'name' | 'email'>,
    role: ICalAttendeeRole,
    status: ICalAttendeeStatus,
  ): ICalAttendeeData => ({
    name: paramText(person.name),
    email: person.email,
    role,
    status,
    // The partner's members are asked to answer (to the organiser); the organiser is not.
    rsvp: !cancelled && status === ICalAttendeeStatus.NEEDSACTION,
  });
  const description = [
    meeting.agenda,
    '',
    `When: ${meetingTimeText(meeting.startsAt, meeting.timeZone)}, ${meeting.durationMinutes} minutes`,
    `Join: ${meeting.meetingUrl}`,
    ...(cancelled ? ['', `Cancelled${meeting.cancelReason ? `: ${meeting.cancelReason}` : ''}`] : []),
  ].join('\n');
  const calendar = ical({
    prodId: { company: settings.organisationName, product: 'Credentials', language: 'EN' },
    method: cancelled ? ICalCalendarMethod.CANCEL : ICalCalendarMethod.REQUEST,
  });
  calendar.createEvent({
    id: `${meeting.id}@${new URL(settings.publicUrl).hostname}`,
    // A meeting is stored at version 1 and each change adds one; SEQUENCE starts at 0.
    sequence: meeting.version - 1,
    stamp: settings.now,
    start,
    end: new Date(start.getTime() + meeting.durationMinutes * 60_000),
    summary: `${capital(MEETING_KIND_LABELS[meeting.kind])}: ${people.organisationName} and ${settings.organisationName}`,
    description,
    location: meeting.meetingUrl,
    // ical-generator backslash-escapes URL as if it were TEXT, which no reader undoes in a
    // URI: a link with a comma or semicolon is left to LOCATION (TEXT) and the description.
    url: /[,;\\]/.test(meeting.meetingUrl) ? null : meeting.meetingUrl,
    status: cancelled ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
    organizer: { name: paramText(people.organizer.name), email: people.organizer.email },
    attendees: [
      attendee(people.organizer, ICalAttendeeRole.CHAIR, ICalAttendeeStatus.ACCEPTED),
      ...people.members.map((m) => attendee(m, ICalAttendeeRole.REQ, ICalAttendeeStatus.NEEDSACTION)),
    ],
  });
  return { method: cancelled ? 'CANCEL' : 'REQUEST', ics: calendar.toString() };
}

/** Makes the .ics file of a meeting's email from the stored meeting, when the email is sent. */
export function createMeetingInvitationFile(
  deps: MeetingInvitationDeps,
): (meetingId: string) => Promise<MailFile> {
  return async (meetingId) => {
    const meeting = await deps.stores.checkIns.getMeeting(meetingId);
    if (!meeting) throw new Error(`the meeting ${meetingId} no longer exists`);
    const organizer = await deps.stores.users.get(meeting.staffId);
    if (!organizer) throw new Error(`the staff member running the meeting ${meetingId} no longer exists`);
    const organisation = await deps.stores.directory.getOrganisation(meeting.organisationId);
    const members = (
      await deps.stores.users.list({
        role: 'partner',
        organisationId: meeting.organisationId,
        limit: 200,
        offset: 0,
      })
    ).filter((u) => u.status === 'active');
    const { method, ics } = invitationText(
      meeting,
      { organisationName: organisation?.name ?? 'partner', organizer, members },
      { organisationName: deps.organisationName, publicUrl: deps.publicUrl, now: deps.now() },
    );
    return {
      filename: method === 'CANCEL' ? 'cancellation.ics' : 'invitation.ics',
      contentType: `text/calendar; charset=utf-8; method=${method}`,
      content: new TextEncoder().encode(ics),
    };
  };
}
