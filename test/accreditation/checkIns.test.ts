/**
 * Check-ins and coaching calls in the domain, on a controlled clock: only staff schedule,
 * change, cancel and write notes; a partner sees its own organisation's meetings only, and
 * never the staff notes; both sides are emailed when a meeting is scheduled, changed or
 * cancelled (the time in its zone, the link), and reminded the day before, once; the
 * console lists partners due by cadence; the quarterly report shows staff's assessment.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../fixtures/testDeps.js';
import { makeAccreditationType, makePartner } from '../fixtures/accreditation.js';
import { createUser, type SignedIn } from '../fixtures/sessions.js';
import { actorOf } from '../../src/http/pages/pageKit.js';
import type { Actor } from '../../src/accounts/accountDeps.js';
import type { UserRecord } from '../../src/storage/ports.js';
import { startApplication } from '../../src/accreditation/applications.js';
import { deliverDue } from '../../src/notifications/outbox.js';
import {
  cancelCheckIn,
  changeCheckIn,
  recordMeetingNotes,
  scheduleCheckIn,
  type MeetingInput,
} from '../../src/accreditation/meetingScheduling.js';
import { checkInOverview, partnerCheckIns } from '../../src/accreditation/checkInLists.js';
import { saveQuarterlyAssessment, setCheckInCadence } from '../../src/accreditation/partnerFollowUp.js';
import { quarterlyReport } from '../../src/accreditation/quarterlyReport.js';
import { zonedInstant } from '../../src/accreditation/meetingTimes.js';

let t: TestApp;
let officer: UserRecord;
let staff: Actor;
let partner: SignedIn;
let partnerOrg: string;
let other: SignedIn;

const input = (overrides: Partial<MeetingInput> = {}): MeetingInput => ({
  kind: 'coaching_call',
  date: '2026-03-10',
  time: '10:00',
  timeZone: 'Africa/Johannesburg',
  durationMinutes: 45,
  agenda: 'Tax clearance and the site visit',
  meetingUrl: 'https://meet.example.org/ubuntu',
  staffId: officer.id,
  ...overrides,
});

const mailsTo = (email: string) => t.mail.sent.filter((m) => m.to === email);

beforeAll(async () => {
  t = await createTestApp();
  t.clock.now = new Date('2026-03-02T09:00:00.000Z');
  officer = await createUser(t, 'staff', { name: 'Thandi Mokoena' });
  staff = actorOf(officer);
  const made = await makePartner(t, 'Ubuntu Skills Academy');
  partner = made.member;
  partnerOrg = made.organisation.id;
  other = (await makePartner(t, 'Other Org')).member;
  const type = await makeAccreditationType(t);
  await startApplication(t.deps.accreditation, actorOf(partner.user), { typeId: type.id });
});
afterAll(async () => {
  await t.close();
});

describe('check-ins', () => {
  it('turns a wall-clock time in a named zone into the right instant', () => {
    expect(zonedInstant('2026-03-10', '10:00', 'Africa/Johannesburg').toISOString()).toBe(
      '2026-03-10T08:00:00.000Z',
    );
    // London moves to summer time on 29 March 2026.
    expect(zonedInstant('2026-03-30', '10:00', 'Europe/London').toISOString()).toBe(
      '2026-03-30T09:00:00.000Z',
    );
    expect(() => zonedInstant('2026-02-30', '10:00', 'UTC')).toThrow(/does not exist/);
    expect(() => zonedInstant('2026-03-10', '10:00', 'Mars/Olympus')).toThrow(/Time zone/);
  });

  it('lets only staff schedule, with an https link, a staff member running it and a time to come', async () => {
    await expect(
      scheduleCheckIn(t.deps.accreditation, actorOf(partner.user), partnerOrg, input()),
    ).rejects.toMatchObject({ code: 'forbidden' });
    await expect(
      scheduleCheckIn(
        t.deps.accreditation,
        staff,
        partnerOrg,
        input({ meetingUrl: 'http://meet.example.org/x' }),
      ),
    ).rejects.toMatchObject({ code: 'invalid_request', extra: { field: 'meetingUrl' } });
    await expect(
      scheduleCheckIn(t.deps.accreditation, staff, partnerOrg, input({ meetingUrl: 'javascript:alert(1)' })),
    ).rejects.toMatchObject({ extra: { field: 'meetingUrl' } });
    await expect(
      scheduleCheckIn(t.deps.accreditation, staff, partnerOrg, input({ staffId: partner.user.id })),
    ).rejects.toMatchObject({ extra: { field: 'staffId' } });
    await expect(
      scheduleCheckIn(t.deps.accreditation, staff, partnerOrg, input({ date: '2026-03-01' })),
    ).rejects.toMatchObject({ extra: { field: 'date' } });
    await expect(scheduleCheckIn(t.deps.accreditation, staff, 'no-such-org', input())).rejects.toMatchObject({
      code: 'not_found',
    });
  });

  it('schedules a call, emails both sides the time in its zone and the link, and plans the reminders', async () => {
    const meeting = await scheduleCheckIn(t.deps.accreditation, staff, partnerOrg, input());
    expect(meeting.startsAt).toBe('2026-03-10T08:00:00.000Z');
    for (const email of [partner.user.email, officer.email]) {
      const mail = mailsTo(email).at(-1)!;
      expect(mail.subject).toBe(
        'Scheduled: coaching call with Ubuntu Skills Academy, Tuesday 10 March 2026, 10:00 (Africa/Johannesburg, UTC+02:00)',
      );
      expect(mail.text).toContain('https://meet.example.org/ubuntu');
      expect(mail.text).toContain('45 minutes');
      expect(mail.text).toContain('Tax clearance and the site visit');
    }
    expect(mailsTo(partner.user.email).at(-1)!.text).toContain('/partner/check-ins');
    expect(mailsTo(officer.email).at(-1)!.text).toContain(`/admin/accreditation/check-ins/${meeting.id}`);
    const plan = await t.deps.stores.outbox.listPlan(`check_in:${meeting.id}:${partner.user.id}`);
    expect(plan.map((m) => [m.status, m.dueAt])).toEqual([['queued', '2026-03-09T08:00:00.000Z']]);
    const audit = await t.deps.stores.audit.list({ limit: 10 });
    expect(audit.some((a) => a.action === 'check_in.scheduled' && a.objectId === meeting.id)).toBe(true);
  });

  it('shows a partner its own organisation only, upcoming then past, without the staff notes', async () => {
    await expect(
      partnerCheckIns(t.deps.accreditation, actorOf(other.user), partnerOrg),
    ).rejects.toMatchObject({ code: 'not_found' });
    expect(
      (await partnerCheckIns(t.deps.accreditation, actorOf(other.user), other.user.organisationId!)).upcoming,
    ).toEqual([]);
    const seen = await partnerCheckIns(t.deps.accreditation, actorOf(partner.user), partnerOrg);
    expect(seen.upcoming.map((m) => [m.kind, m.staffName])).toEqual([['coaching_call', 'Thandi Mokoena']]);
    expect(seen.past).toEqual([]);
  });

  it('moves the reminder when the meeting moves, and tells both sides', async () => {
    const [meeting] = (await partnerCheckIns(t.deps.accreditation, staff, partnerOrg)).upcoming;
    await expect(
      changeCheckIn(t.deps.accreditation, actorOf(partner.user), meeting!.id, input()),
    ).rejects.toMatchObject({ code: 'forbidden' });
    const changed = await changeCheckIn(
      t.deps.accreditation,
      staff,
      meeting!.id,
      input({ date: '2026-03-12', time: '14:30' }),
    );
    expect(changed.startsAt).toBe('2026-03-12T12:30:00.000Z');
    expect(mailsTo(partner.user.email).at(-1)!.subject).toBe(
      'Changed: coaching call with Ubuntu Skills Academy, now Thursday 12 March 2026, 14:30 (Africa/Johannesburg, UTC+02:00)',
    );
    const plan = await t.deps.stores.outbox.listPlan(`check_in:${meeting!.id}:${partner.user.id}`);
    expect(plan.filter((m) => m.status === 'queued').map((m) => m.dueAt)).toEqual([
      '2026-03-11T12:30:00.000Z',
    ]);
  });

  it('sends the reminder the day before, once, to both sides', async () => {
    t.clock.now = new Date('2026-03-11T12:30:01.000Z');
    await deliverDue(t.deps.notifications);
    for (const email of [partner.user.email, officer.email]) {
      const reminders = mailsTo(email).filter((m) => m.subject.startsWith('Tomorrow:'));
      expect(reminders).toHaveLength(1);
      expect(reminders[0]!.subject).toContain('Thursday 12 March 2026, 14:30');
    }
    t.clock.now = new Date('2026-03-11T18:00:00.000Z');
    await deliverDue(t.deps.notifications);
    expect(mailsTo(partner.user.email).filter((m) => m.subject.startsWith('Tomorrow:'))).toHaveLength(1);
  });

  it('takes notes once the meeting started: the partner sees the agreed actions, never the notes', async () => {
    const [meeting] = (await partnerCheckIns(t.deps.accreditation, staff, partnerOrg)).upcoming;
    const notes = {
      notes: 'Director seemed unsure about the insurance',
      agreedActions: 'Send the insurance certificate by Friday',
    };
    await expect(recordMeetingNotes(t.deps.accreditation, staff, meeting!.id, notes)).rejects.toMatchObject({
      code: 'conflict',
    });
    t.clock.now = new Date('2026-03-12T13:30:00.000Z');
    await expect(
      recordMeetingNotes(t.deps.accreditation, actorOf(partner.user), meeting!.id, notes),
    ).rejects.toMatchObject({ code: 'forbidden' });
    const saved = await recordMeetingNotes(t.deps.accreditation, staff, meeting!.id, notes);
    expect(saved.notes).toBe(notes.notes);
    const seen = await partnerCheckIns(t.deps.accreditation, actorOf(partner.user), partnerOrg);
    expect(seen.upcoming).toEqual([]);
    expect(seen.past[0]!.agreedActions).toBe(notes.agreedActions);
    expect(JSON.stringify(seen)).not.toContain('unsure');
  });

  it('cancels a meeting: both sides are told, and its reminders dropped', async () => {
    const meeting = await scheduleCheckIn(
      t.deps.accreditation,
      staff,
      partnerOrg,
      input({ date: '2026-03-20' }),
    );
    await expect(
      cancelCheckIn(t.deps.accreditation, actorOf(partner.user), meeting.id, 'no'),
    ).rejects.toMatchObject({ code: 'forbidden' });
    await cancelCheckIn(t.deps.accreditation, staff, meeting.id, 'The assessor is unwell.');
    const mail = mailsTo(partner.user.email).at(-1)!;
    expect(mail.subject).toMatch(
      /^Cancelled: coaching call with Ubuntu Skills Academy on Friday 20 March 2026/,
    );
    expect(mail.text).toContain('The assessor is unwell.');
    const plan = await t.deps.stores.outbox.listPlan(`check_in:${meeting.id}:${officer.id}`);
    expect(plan.map((m) => m.status)).toEqual(['cancelled']);
    await expect(cancelCheckIn(t.deps.accreditation, staff, meeting.id, '')).rejects.toMatchObject({
      code: 'conflict',
    });
  });

  it('lists partners due or overdue by their cadence until a meeting is booked', async () => {
    await expect(
      setCheckInCadence(t.deps.accreditation, actorOf(partner.user), partnerOrg, 'monthly'),
    ).rejects.toMatchObject({ code: 'forbidden' });
    await setCheckInCadence(t.deps.accreditation, staff, partnerOrg, 'monthly');
    await setCheckInCadence(t.deps.accreditation, staff, other.user.organisationId!, 'bimonthly');
    await expect(checkInOverview(t.deps.accreditation, actorOf(partner.user))).rejects.toMatchObject({
      code: 'forbidden',
    });
    // Last held 12 March: monthly is due 12 April; the other's two months run from today.
    t.clock.now = new Date('2026-04-06T09:00:00.000Z');
    let due = (await checkInOverview(t.deps.accreditation, staff)).due;
    expect(due.map((d) => [d.organisationName, d.dueAt.slice(0, 10), d.overdue])).toEqual([
      ['Ubuntu Skills Academy', '2026-04-12', false],
    ]);
    t.clock.now = new Date('2026-04-20T09:00:00.000Z');
    due = (await checkInOverview(t.deps.accreditation, staff)).due;
    expect(due.map((d) => [d.organisationName, d.overdue])).toEqual([['Ubuntu Skills Academy', true]]);
    await scheduleCheckIn(
      t.deps.accreditation,
      staff,
      partnerOrg,
      input({ date: '2026-04-22', kind: 'check_in' }),
    );
    expect((await checkInOverview(t.deps.accreditation, staff)).due).toEqual([]);
  });

  it('keeps staff’s quarterly assessment and shows it in the quarterly report', async () => {
    const assessment = {
      quarter: '2026-Q1',
      rating: 'needs_attention' as const,
      text: 'Documents arrive late.',
    };
    await expect(
      saveQuarterlyAssessment(t.deps.accreditation, actorOf(partner.user), partnerOrg, assessment),
    ).rejects.toMatchObject({ code: 'forbidden' });
    await expect(
      saveQuarterlyAssessment(t.deps.accreditation, staff, partnerOrg, { ...assessment, quarter: '2026-Q5' }),
    ).rejects.toMatchObject({ extra: { field: 'quarter' } });
    await saveQuarterlyAssessment(t.deps.accreditation, staff, partnerOrg, assessment);
    const report = await quarterlyReport(t.deps.accreditation, actorOf(partner.user), partnerOrg, '2026-Q1');
    const section = report.sections.find((s) => s.heading === 'Overall assessment')!;
    expect(section.paragraphs).toEqual(['Needs attention.', 'Documents arrive late.']);
    const meetings = report.sections.find((s) => s.heading === 'Check-in meetings')!;
    expect(meetings.paragraphs).toEqual([
      '2026-03-12 · coaching call; agreed: Send the insurance certificate by Friday',
    ]);
    const q2 = await quarterlyReport(t.deps.accreditation, staff, partnerOrg, '2026-Q2');
    expect(q2.sections.find((s) => s.heading === 'Overall assessment')!.paragraphs[0]).toMatch(
      /^Not written yet/,
    );
  });
});
