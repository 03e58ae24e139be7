/**
 * Calendar invitations with the meeting emails, end to end: the app sends through
 * nodemailer to the in-process SMTP server, and the .ics part each side receives is parsed
 * with ical.js (an independent RFC 5545 reader). Scheduling sends METHOD:REQUEST with the
 * meeting's UID, SEQUENCE 0, UTC start and end, the agenda (escaped text), the link as
 * LOCATION and URL, the staff member as ORGANIZER and the partner as ATTENDEE; moving it
 * keeps the UID and raises SEQUENCE; cancelling sends METHOD:CANCEL. Every line is folded
 * to at most 75 octets, multi-byte characters never split. Nothing of the file is stored.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../fixtures/testDeps.js';
import { startTestSmtpServer, type TestSmtpServer } from '../fixtures/smtpServer.js';
import { makePartner } from '../fixtures/accreditation.js';
import { createUser, type SignedIn } from '../fixtures/sessions.js';
import { createMailer } from '../../src/mail/mailer.js';
import { actorOf } from '../../src/http/pages/pageKit.js';
import type { CheckInMeetingRecord, UserRecord } from '../../src/storage/ports.js';
import { invitationText } from '../../src/accreditation/meetingInvitation.js';
import {
  cancelCheckIn,
  changeCheckIn,
  scheduleCheckIn,
  type MeetingInput,
} from '../../src/accreditation/meetingScheduling.js';

let smtp: TestSmtpServer;
let t: TestApp;
let officer: UserRecord;
let partner: SignedIn;
let partnerOrg: string;

// Commas, semicolons, a backslash and line breaks (escaped in TEXT values), and a long run
// of multi-byte characters that must be folded between characters, never inside one.
const AGENDA =
  'Tax clearance, insurance; the site visit\nBring: the C:\\records list\nUbuntu — ngiyabonga ' +
  'Ṅwana wa muṱhannga ḓo ḓivha zwa ṱhoḓea kha vhuḓifhinduleli ha ndaulo ya zwiimiswa zwa pfunzo';

const input = (overrides: Partial<MeetingInput> = {}): MeetingInput => ({
  kind: 'coaching_call',
  date: '2026-03-10',
  time: '10:00',
  timeZone: 'Africa/Johannesburg',
  durationMinutes: 45,
  agenda: AGENDA,
  meetingUrl: 'https://meet.example.org/ubuntu?room=a1,b2',
  staffId: officer.id,
  ...overrides,
});

/** The .ics part of the latest email to `to` with a subject starting `subject`, raw and parsed. */
async function invitationTo(to: string, subject: string) {
  const mail = await smtp.waitForMessage((m) => m.to.includes(to) && m.subject.startsWith(subject));
  const part = mail.parts.find((p) => p.contentType.startsWith('text/calendar'));
  expect(part, mail.raw).toBeDefined();
  const calendar = new ICAL.Component(ICAL.parse(part!.body));
  const event = calendar.getFirstSubcomponent('vevent')!;
  // The part's full Content-Type header (the MIME reader keeps only the type).
  const contentType = /Content-Type: (text\/calendar[^\r\n]*)/i.exec(mail.raw)?.[1] ?? '';
  return { mail, raw: part!.body, contentType, calendar, event };
}

const value = (component: ICAL.Component, name: string) => component.getFirstPropertyValue(name);
const utc = (component: ICAL.Component, name: string) =>
  (value(component, name) as ICAL.Time).toJSDate().toISOString();

beforeAll(async () => {
  smtp = await startTestSmtpServer();
  t = await createTestApp({
    mailer: createMailer({
      smtpUrl: smtp.url,
      from: 'SayPro <no-reply@saypro.example>',
      outboxDir: mkdtempSync(join(tmpdir(), 'unused-')),
    }),
  });
  t.clock.now = new Date('2026-03-02T09:00:00.000Z');
  officer = await createUser(t, 'staff', { name: 'Thandi Mokoena' });
  const made = await makePartner(t, 'Ubuntu Skills Academy');
  partner = made.member;
  partnerOrg = made.organisation.id;
});
afterAll(async () => {
  await t.close();
  await smtp.close();
});

describe('calendar invitations with meeting emails', () => {
  let meeting: CheckInMeetingRecord;

  it('schedules with a REQUEST both sides receive: UID, SEQUENCE 0, UTC times, agenda, link, organiser and attendees', async () => {
    meeting = await scheduleCheckIn(t.deps.accreditation, actorOf(officer), partnerOrg, input());
    const { raw, contentType, calendar, event } = await invitationTo(partner.user.email, 'Scheduled:');
    expect(contentType).toMatch(/^text\/calendar; charset=utf-8; method=REQUEST/);
    expect(value(calendar, 'method')).toBe('REQUEST');
    expect(value(calendar, 'version')).toBe('2.0');
    expect(value(event, 'uid')).toBe(`${meeting.id}@localhost`);
    expect(value(event, 'sequence')).toBe(0);
    expect(value(event, 'status')).toBe('CONFIRMED');
    // Stored as UTC instants (Z), whatever zone the meeting was set in.
    expect(raw).toMatch(/\r\nDTSTART:20260310T080000Z\r\n/);
    expect(utc(event, 'dtstart')).toBe('2026-03-10T08:00:00.000Z');
    expect(utc(event, 'dtend')).toBe('2026-03-10T08:45:00.000Z');
    expect(value(event, 'summary')).toBe('Coaching call: Ubuntu Skills Academy and SayPro');
    const description = value(event, 'description') as string;
    expect(description.startsWith(`${AGENDA}\n\n`)).toBe(true);
    expect(description).toContain(
      'When: Tuesday 10 March 2026, 10:00 (Africa/Johannesburg, UTC+02:00), 45 minutes',
    );
    expect(raw.replace(/\r\n /g, '')).toContain(
      'Tax clearance\\, insurance\\; the site visit\\nBring: the C:\\\\records',
    );
    expect(value(event, 'location')).toBe('https://meet.example.org/ubuntu?room=a1,b2');
    // URL is a URI, which takes no backslash escapes: a link with a comma goes in LOCATION only.
    expect(event.getFirstProperty('url')).toBeNull();
    expect(description).toContain('Join: https://meet.example.org/ubuntu?room=a1,b2');
    const organizer = event.getFirstProperty('organizer')!;
    expect(organizer.getFirstValue()).toBe(`mailto:${officer.email}`);
    expect(organizer.getParameter('cn')).toBe('Thandi Mokoena');
    const attendees = event.getAllProperties('attendee').map((p) => ({
      // A URI scheme is case-insensitive (ical-generator writes MAILTO: for attendees).
      to: String(p.getFirstValue()).toLowerCase(),
      role: p.getParameter('role'),
      partstat: p.getParameter('partstat'),
    }));
    expect(attendees).toEqual([
      { to: `mailto:${officer.email}`, role: 'CHAIR', partstat: 'ACCEPTED' },
      { to: `mailto:${partner.user.email}`, role: 'REQ-PARTICIPANT', partstat: 'NEEDS-ACTION' },
    ]);
    // The staff member's email carries the same event.
    const staffCopy = await invitationTo(officer.email, 'Scheduled:');
    expect(value(staffCopy.event, 'uid')).toBe(`${meeting.id}@localhost`);
  });

  it('folds every line to at most 75 octets without splitting a character', async () => {
    const { raw } = await invitationTo(partner.user.email, 'Scheduled:');
    const lines = raw.split('\r\n');
    expect(lines.some((line) => line.startsWith(' '))).toBe(true);
    for (const line of lines) expect(Buffer.byteLength(line, 'utf8'), line).toBeLessThanOrEqual(75);
    expect(raw).not.toContain('\uFFFD');
    // Unfolded, the agenda reads back exactly (checked above through the parser too).
    expect(raw.replace(/\r\n /g, '')).toContain('ḓo ḓivha zwa ṱhoḓea kha vhuḓifhinduleli');
  });

  it('moves the meeting under the same UID with a higher SEQUENCE', async () => {
    await changeCheckIn(t.deps.accreditation, actorOf(officer), meeting.id, input({ time: '14:30' }));
    const { event, calendar } = await invitationTo(partner.user.email, 'Changed:');
    expect(value(calendar, 'method')).toBe('REQUEST');
    expect(value(event, 'uid')).toBe(`${meeting.id}@localhost`);
    expect(value(event, 'sequence')).toBe(1);
    expect(utc(event, 'dtstart')).toBe('2026-03-10T12:30:00.000Z');
    expect(utc(event, 'dtend')).toBe('2026-03-10T13:15:00.000Z');
  });

  it('cancels with METHOD:CANCEL, STATUS:CANCELLED and a higher SEQUENCE still', async () => {
    await cancelCheckIn(t.deps.accreditation, actorOf(officer), meeting.id, 'The partner asked to move it');
    const { mail, contentType, calendar, event } = await invitationTo(partner.user.email, 'Cancelled:');
    expect(contentType).toMatch(/method=CANCEL/);
    expect(mail.raw).toMatch(/filename="?cancellation\.ics/);
    expect(value(calendar, 'method')).toBe('CANCEL');
    expect(value(event, 'uid')).toBe(`${meeting.id}@localhost`);
    expect(value(event, 'sequence')).toBe(2);
    expect(value(event, 'status')).toBe('CANCELLED');
    expect(value(event, 'description')).toContain('Cancelled: The partner asked to move it');
  });

  it('keeps names with quotes, commas and semicolons readable as parameters', () => {
    const { ics } = invitationText(
      { ...meeting, status: 'scheduled', version: 1, meetingUrl: 'https://meet.example.org/ubuntu' },
      {
        organisationName: 'Ubuntu "Skills", Academy',
        organizer: { name: 'Thandi "TM" Mokoena', email: 'thandi@example.org' },
        members: [{ name: 'Dlamini; Amahle,\nSenior', email: 'amahle@example.org' }],
      },
      { organisationName: 'SayPro', publicUrl: 'https://credentials.example.org', now: t.clock.now },
    );
    const event = new ICAL.Component(ICAL.parse(ics)).getFirstSubcomponent('vevent')!;
    expect(value(event, 'uid')).toBe(`${meeting.id}@credentials.example.org`);
    expect(value(event, 'url')).toBe('https://meet.example.org/ubuntu');
    expect(value(event, 'summary')).toBe('Coaching call: Ubuntu "Skills", Academy and SayPro');
    expect(event.getFirstProperty('organizer')!.getParameter('cn')).toBe("Thandi 'TM' Mokoena");
    const member = event.getAllProperties('attendee')[1]!;
    expect(member.getParameter('cn')).toBe('Dlamini; Amahle, Senior');
    expect(String(member.getFirstValue()).toLowerCase()).toBe('mailto:amahle@example.org');
    expect(member.getParameter('rsvp')).toBe('TRUE');
    expect(event.getAllProperties('attendee')[0]!.getParameter('rsvp')).toBe('FALSE');
  });

  it('stores only which meeting the file is made from, never the file', async () => {
    const stored = await t.deps.stores.outbox.search({
      userId: partner.user.id,
      trigger: 'check_in_cancelled',
      channel: 'email',
      limit: 5,
    });
    expect(stored[0]?.attachment).toEqual({ kind: 'meeting_invitation', meetingId: meeting.id });
    expect(JSON.stringify(stored)).not.toContain('BEGIN:VCALENDAR');
  });
});
