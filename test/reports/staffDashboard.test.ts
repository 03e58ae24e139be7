/**
 * The staff dashboard's figures on data made through the real domain functions and stores
 * (SQLite), the clock moved to date each thing: certificates issued this month and the
 * last (wallet copies left out), per day for 30 days; submissions waiting, one overdue;
 * accreditation items waiting, one overdue; a conversation over the SLA and one within it;
 * a certificate waiting for consent and one failing to issue; and who may read them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../fixtures/testDeps.js';
import { createUser } from '../fixtures/sessions.js';
import { makeBatch, makeParticipant, passingEvents, recordAll } from '../fixtures/programs.js';
import { makeAccreditationType, makePartner, PDF } from '../fixtures/accreditation.js';
import { openBadgeRequest } from '../fixtures/credentials.js';
import { actorOf } from '../../src/http/pages/pageKit.js';
import { issueCredential } from '../../src/credentials/issueCredential.js';
import { enrolParticipant } from '../../src/programs/enrolments.js';
import { decideSubmission, submitContent } from '../../src/programs/submissions.js';
import { startApplication, submitDocument } from '../../src/accreditation/applications.js';
import { openConversation } from '../../src/messaging/conversationWrites.js';
import { staffDashboard, type StaffDashboard } from '../../src/reports/staffDashboard.js';
import type { UserRecord } from '../../src/storage/ports.js';

const NOW = new Date('2026-12-07T12:00:00.000Z');

let t: TestApp;
let admin: UserRecord;
let staff: UserRecord;
let empty: StaffDashboard;
let full: StaffDashboard;

/** Runs `action` with the clock at `iso`. */
async function at<T>(iso: string, action: () => Promise<T>): Promise<T> {
  t.clock.now = new Date(iso);
  return action();
}

beforeAll(async () => {
  t = await createTestApp();
  t.clock.now = NOW;
  admin = await createUser(t, 'admin');
  staff = await createUser(t, 'staff');
  empty = await staffDashboard(t.deps, actorOf(admin));

  // Certificates: 3 this month (2 on the 2nd, 1 on the 5th), 2 in November (one by the 7th), one in October.
  for (const day of [
    '2026-10-01T10:00:00.000Z',
    '2026-11-03T10:00:00.000Z',
    '2026-11-20T10:00:00.000Z',
    '2026-12-02T09:00:00.000Z',
    '2026-12-02T15:00:00.000Z',
    '2026-12-05T10:00:00.000Z',
  ]) {
    await at(day, () => issueCredential(t.deps.issue, openBadgeRequest()));
  }
  // A wallet copy is a copy of a certificate, not a new one.
  await at('2026-12-06T10:00:00.000Z', () =>
    issueCredential(t.deps.issue, openBadgeRequest(), { idempotencyKey: 'oid4vci:fixture-copy' }),
  );

  // Submissions: one waiting since 25 November (overdue), one since yesterday, one decided.
  const { batch } = await makeBatch(t, { criteria: { contentApproval: true } });
  const submit = async (when: string) => {
    const person = await makeParticipant(t);
    await enrolParticipant(t.deps.programs, batch.id, person.id);
    return at(when, () =>
      submitContent(t.deps.programs, actorOf(person), batch.id, { kind: 'text', text: 'My essay' }),
    );
  };
  await submit('2026-11-25T10:00:00.000Z');
  await submit('2026-12-06T10:00:00.000Z');
  const decided = await submit('2026-12-03T10:00:00.000Z');
  await at('2026-12-04T10:00:00.000Z', () =>
    decideSubmission(t.deps.programs, actorOf(staff), decided.id, 'approved'),
  );

  // Accreditation: a document sent on 20 November (overdue), another yesterday.
  const type = await makeAccreditationType(t);
  const { member } = await makePartner(t);
  const partner = actorOf(member.user);
  const application = await at('2026-11-19T10:00:00.000Z', () =>
    startApplication(t.deps.accreditation, partner, { typeId: type.id }),
  );
  await at('2026-11-20T10:00:00.000Z', () =>
    submitDocument(t.deps.accreditation, partner, application.id, 'tax-clearance', {
      name: 'tax.pdf',
      bytes: PDF(),
    }),
  );
  await at('2026-12-06T10:00:00.000Z', () =>
    submitDocument(t.deps.accreditation, partner, application.id, 'insurance-certificate', {
      name: 'ins.pdf',
      bytes: PDF(),
    }),
  );

  // Messages: one waiting two days (over the default 24-hour SLA), one for an hour.
  const writer = await makeParticipant(t);
  await at('2026-12-05T10:00:00.000Z', () =>
    openConversation(t.deps.messaging, actorOf(writer), {
      category: 'certificates',
      subject: 'Where is my certificate?',
      body: 'I finished in November.',
    }),
  );
  await at('2026-12-07T11:00:00.000Z', () =>
    openConversation(t.deps.messaging, actorOf(writer), {
      category: 'account',
      subject: 'Email change',
      body: 'Please change my email.',
    }),
  );

  // A participant who met the criteria but has not agreed to their name on a certificate.
  const { batch: plain } = await makeBatch(t);
  const shy = await makeParticipant(t, { consent: false });
  await at('2026-12-01T10:00:00.000Z', () => recordAll(t, passingEvents(plain.id, shy.id)));
  // And one due for two hours that the sweep has not managed to issue.
  const stuck = await makeParticipant(t);
  const enrolment = await enrolParticipant(t.deps.programs, plain.id, stuck.id);
  await t.deps.stores.enrolments.updateEnrolment(
    plain.id,
    stuck.id,
    enrolment.version,
    { status: 'due', dueAt: '2026-12-07T10:00:00.000Z' },
    '2026-12-07T10:00:00.000Z',
  );

  t.clock.now = NOW;
  full = await staffDashboard(t.deps, actorOf(admin));
}, 120_000);

afterAll(async () => {
  await t.close();
});

describe('the staff dashboard figures', () => {
  it('are zeros on an empty platform, with 30 days of zeros', () => {
    expect(empty.issued).toMatchObject({
      thisMonth: 0,
      lastMonth: 0,
      lastMonthSoFar: 0,
      month: '2026-12',
      previousMonth: '2026-11',
      monthName: 'December',
      previousMonthName: 'November',
      comparedWith: '1–7 November',
    });
    expect(empty.issued.trend.values).toEqual(Array(30).fill(0));
    expect(empty.review).toMatchObject({
      submissions: 0,
      overdueSubmissions: 0,
      overdueAccreditationItems: 0,
      accreditationItems: { count: 0, capped: false },
    });
    expect(empty.messagesOverSla).toEqual({ count: 0, capped: false, slaHours: 24 });
    expect(empty.certificates).toEqual({ waitingForConsent: 0, failing: { count: 0, capped: false } });
  });

  it('count the certificates issued this month against the same days of last month, wallet copies left out', () => {
    expect(full.issued).toMatchObject({ thisMonth: 3, lastMonth: 2, lastMonthSoFar: 1 });
    // The consent-free participant's certificate is not issued; every one here came from issueCredential.
    const { days, values, total } = full.issued.trend;
    expect(days).toHaveLength(30);
    expect(days[0]).toBe('2026-11-08');
    expect(days.at(-1)).toBe('2026-12-07');
    expect(values[days.indexOf('2026-11-20')]).toBe(1);
    expect(values[days.indexOf('2026-12-02')]).toBe(2);
    expect(values[days.indexOf('2026-12-05')]).toBe(1);
    expect(values[days.indexOf('2026-12-06')]).toBe(0);
    expect(total).toBe(4); // 3 November is before the window
  });

  it('count submissions waiting for a decision, the overdue ones, and those received per day', () => {
    expect(full.review.submissions).toBe(2);
    expect(full.review.overdueSubmissions).toBe(1);
    const { days, values, total } = full.review.submissionsTrend;
    expect(total).toBe(3);
    expect(values[days.indexOf('2026-11-25')]).toBe(1);
    expect(values[days.indexOf('2026-12-03')]).toBe(1);
    expect(values[days.indexOf('2026-12-06')]).toBe(1);
  });

  it('count accreditation items waiting for staff, and those waiting over a week', () => {
    expect(full.review.accreditationItems).toEqual({ count: 2, capped: false });
    expect(full.review.overdueAccreditationItems).toBe(1);
  });

  it('count conversations over the SLA as the inbox filter does', () => {
    expect(full.messagesOverSla).toEqual({ count: 1, capped: false, slaHours: 24 });
  });

  it('count certificates waiting for consent and those failing to issue', () => {
    expect(full.certificates).toEqual({ waitingForConsent: 1, failing: { count: 1, capped: false } });
  });

  it('keep the account counts, and the audit for admins only', async () => {
    expect(full.accounts.usersByRole.admin).toBe(1);
    expect(full.accounts.organisations).toBe(1);
    expect(full.recentAudit?.length).toBeGreaterThan(0);
    const forStaff = await staffDashboard(t.deps, actorOf(staff));
    expect(forStaff.recentAudit).toBeUndefined();
    expect(forStaff.review.submissions).toBe(2);
  });

  it('compare the last days of a long month with the whole of a shorter one, and January with December', async () => {
    const march = await at('2027-03-31T08:00:00.000Z', () => staffDashboard(t.deps, actorOf(admin)));
    expect(march.issued).toMatchObject({
      month: '2027-03',
      previousMonth: '2027-02',
      comparedWith: '1–28 February',
    });
    const january = await at('2027-01-01T08:00:00.000Z', () => staffDashboard(t.deps, actorOf(admin)));
    expect(january.issued).toMatchObject({
      month: '2027-01',
      previousMonth: '2026-12',
      comparedWith: '1 December',
      thisMonth: 0,
      lastMonthSoFar: 0,
      lastMonth: 3,
    });
    t.clock.now = NOW;
  });

  it('are for staff and admins only', async () => {
    for (const role of ['participant', 'partner', 'reviewer'] as const) {
      const someone = await createUser(t, role);
      await expect(staffDashboard(t.deps, actorOf(someone))).rejects.toMatchObject({ status: 403 });
    }
  });
});
