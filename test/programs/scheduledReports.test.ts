/**
 * Scheduled programme reports on seeded data with a controlled clock: the kept figures of
 * December 2026 and of 2026-Q4 (worked out by hand below), the job making each period's
 * report once (a second run, and a second instance on the same database, do nothing), the
 * emails in the outbox to exactly the chosen staff, the kept CSV, and who may choose the
 * recipients.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../fixtures/testDeps.js';
import { createUser } from '../fixtures/sessions.js';
import { batchRecord, courseRecord } from '../fixtures/programRecords.js';
import { actorOf } from '../../src/http/pages/pageKit.js';
import {
  chooseReportRecipients,
  keptReport,
  keptReportCsv,
  lastCompletedPeriods,
  reportRecipients,
  reportsOverview,
  runScheduledReports,
} from '../../src/programs/scheduledReports.js';
import { createSqliteStores } from '../../src/storage/sqlite/sqliteStores.js';
import type { ProgramDeps } from '../../src/programs/programDeps.js';
import type {
  EnrolmentRecord,
  IssuedCertificate,
  OutboxMessage,
  SubmissionRecord,
  UserRecord,
} from '../../src/storage/ports.js';

const T = '2026-06-01T00:00:00.000Z';

function enrolment(batchId: string, userId: string, issuedAt: string, approvedAt?: string): EnrolmentRecord {
  const certificate: IssuedCertificate = { credentialId: `urn:uuid:${userId}`, issuedAt };
  return {
    batchId,
    userId,
    enrolledAt: T,
    status: 'issued',
    missing: [],
    certificates: [certificate],
    generation: 1,
    version: 1,
    updatedAt: T,
    credentialId: certificate.credentialId,
    issuedAt,
    ...(approvedAt ? { approvedAt } : {}),
  };
}

function submission(id: string, submittedAt: string, state: SubmissionRecord['state']): SubmissionRecord {
  return {
    id,
    batchId: 'b1',
    userId: `u-${id}`,
    kind: 'text',
    text: 'work',
    submittedAt,
    updatedAt: submittedAt,
    state,
    decisions: state === 'submitted' ? [] : [{ decision: state, by: 'reviewer', at: submittedAt }],
  };
}

/**
 * Two courses; six certificates and four submissions around December 2026:
 * - u1 (Web 101): approved 12-01 00:00, issued 12-01 06:00 (6 h), December
 * - u2 (Web 101): approved 12-10 00:00, issued 12-11 00:00 (24 h), December
 * - u3 (Data 201): approved 11-20 00:00, issued 11-20 12:00 (12 h), November
 * - u4 (Data 201): approved 09-30 00:00, issued 10-02 00:00 (48 h), October
 * - u5 (Web 101): issued 2027-01-02 (after both periods); u6 (Data 201): 2026-09-15 (Q3)
 * - submissions: s1 12-05 waiting, s2 11-05 waiting, s3 12-06 approved, s4 2027-01-03 waiting
 * December: 2 issued (Web 101 2, Data 201 0), approval hours 6 and 24 (median and mean 15),
 *   2 submitted, 1 pending.
 * 2026-Q4: 4 issued (2 and 2), hours 6, 12, 24, 48 (median 18, mean 22.5, p90 48),
 *   3 submitted, 2 pending.
 */
async function seed(t: TestApp): Promise<void> {
  const s = t.deps.stores;
  await s.courses.createCourse(courseRecord('c1', 'Web 101'));
  await s.courses.createCourse(courseRecord('c2', 'Data 201'));
  await s.courses.createBatch(batchRecord('b1', 'c1', { contentApproval: true }));
  await s.courses.createBatch(batchRecord('b2', 'c2', { contentApproval: true }));
  for (const e of [
    enrolment('b1', 'u1', '2026-12-01T06:00:00.000Z', '2026-12-01T00:00:00.000Z'),
    enrolment('b1', 'u2', '2026-12-11T00:00:00.000Z', '2026-12-10T00:00:00.000Z'),
    enrolment('b2', 'u3', '2026-11-20T12:00:00.000Z', '2026-11-20T00:00:00.000Z'),
    enrolment('b2', 'u4', '2026-10-02T00:00:00.000Z', '2026-09-30T00:00:00.000Z'),
    enrolment('b1', 'u5', '2027-01-02T00:00:00.000Z', '2027-01-01T00:00:00.000Z'),
    enrolment('b2', 'u6', '2026-09-15T00:00:00.000Z', '2026-09-14T00:00:00.000Z'),
  ])
    await s.enrolments.enrol(e);
  for (const sub of [
    submission('s1', '2026-12-05T00:00:00.000Z', 'submitted'),
    submission('s2', '2026-11-05T00:00:00.000Z', 'submitted'),
    submission('s3', '2026-12-06T00:00:00.000Z', 'approved'),
    submission('s4', '2027-01-03T00:00:00.000Z', 'submitted'),
  ])
    await s.submissions.createSubmission(sub);
}

/** Course title and certificates issued, by title. */
const byTitle = (rows: { title: string; issued: number }[]) =>
  rows.map((c) => [c.title, c.issued]).sort((a, b) => String(a[0]).localeCompare(String(b[0])));

async function reportEmails(t: TestApp): Promise<OutboxMessage[]> {
  return t.deps.stores.outbox.search({ trigger: 'programme_report_ready', channel: 'email', limit: 100 });
}

describe('the last completed periods', () => {
  it('are the previous month and the previous quarter, across a year end', () => {
    expect(lastCompletedPeriods(new Date('2027-01-05T10:00:00Z'))).toEqual([
      { kind: 'monthly', period: '2026-12', from: '2026-12', to: '2026-12' },
      { kind: 'quarterly', period: '2026-Q4', from: '2026-10', to: '2026-12' },
    ]);
    expect(lastCompletedPeriods(new Date('2026-05-31T23:59:59Z'))).toEqual([
      { kind: 'monthly', period: '2026-04', from: '2026-04', to: '2026-04' },
      { kind: 'quarterly', period: '2026-Q1', from: '2026-01', to: '2026-03' },
    ]);
  });
});

describe('scheduled programme reports', () => {
  let t: TestApp;
  let admin: UserRecord;
  let chosenStaff: UserRecord;
  let otherStaff: UserRecord;

  beforeAll(async () => {
    t = await createTestApp();
    t.clock.now = new Date('2027-01-05T10:00:00.000Z');
    await seed(t);
    admin = await createUser(t, 'admin');
    chosenStaff = await createUser(t, 'staff');
    otherStaff = await createUser(t, 'staff');
    await createUser(t, 'participant');
    await chooseReportRecipients(t.deps.programs, actorOf(admin), [admin.id, chosenStaff.id]);
  });
  afterAll(async () => t.close());

  it('makes the December and 2026-Q4 reports once, with the hand-worked figures', async () => {
    const first = await runScheduledReports(t.deps.programs);
    expect(first).toEqual({ made: ['monthly-2026-12', 'quarterly-2026-Q4'], emails: 4 });

    const december = await keptReport(t.deps.programs, actorOf(otherStaff), 'monthly-2026-12');
    expect(december).toMatchObject({ kind: 'monthly', period: '2026-12', from: '2026-12', to: '2026-12' });
    expect(december.report.totals).toEqual({ issued: 2, reissued: 0, revoked: 0 });
    expect(byTitle(december.report.byCourse)).toEqual([
      ['Data 201', 0],
      ['Web 101', 2],
    ]);
    expect(december.report.approvalToIssuance).toEqual({
      count: 2,
      meanHours: 15,
      medianHours: 15,
      p90Hours: 24,
    });
    expect(december.report.funnel).toMatchObject({ submitted: 2, pending: 1, approved: 1 });

    const q4 = await keptReport(t.deps.programs, actorOf(otherStaff), 'quarterly-2026-Q4');
    expect(q4.report.totals.issued).toBe(4);
    expect(byTitle(q4.report.byCourse)).toEqual([
      ['Data 201', 2],
      ['Web 101', 2],
    ]);
    expect(q4.report.byMonth.map((m) => [m.period, m.issued])).toEqual([
      ['2026-10', 1],
      ['2026-11', 1],
      ['2026-12', 2],
    ]);
    expect(q4.report.approvalToIssuance).toEqual({
      count: 4,
      meanHours: 22.5,
      medianHours: 18,
      p90Hours: 48,
    });
    expect(q4.report.funnel).toMatchObject({ submitted: 3, pending: 2 });
    expect(q4.recipientIds.sort()).toEqual([admin.id, chosenStaff.id].sort());
    expect(q4.emailedAt).toBe('2027-01-05T10:00:00.000Z');
  });

  it('emails exactly the chosen staff, one message per report and person, with the figures and the link', async () => {
    const emails = await reportEmails(t);
    expect(emails.map((m) => m.to).sort()).toEqual(
      [admin.email, admin.email, chosenStaff.email, chosenStaff.email].sort(),
    );
    const december = emails.find(
      (m) => m.dedupeKey === `programme_report:monthly-2026-12:${chosenStaff.id}`,
    )!;
    expect(december.subject).toBe('Programme report for December 2026 is ready');
    expect(december.text).toContain('Submissions waiting for review: 1');
    expect(december.text).toContain('median 15 hours, mean 15 hours');
    expect(december.text).toContain('Web 101: 2 issued');
    expect(december.text).toContain('http://localhost:3000/admin/reports/kept/monthly-2026-12');
    expect(t.mail.sent.filter((m) => m.to === otherStaff.email)).toEqual([]);
  });

  it('does nothing on a second run, nor on a second instance over the same database', async () => {
    const before = (await reportEmails(t)).length;
    expect(await runScheduledReports(t.deps.programs)).toEqual({ made: [], emails: 0 });
    const second = createSqliteStores(join(t.deps.config.dataDir, 'saypro.sqlite'));
    try {
      const other: ProgramDeps = {
        ...t.deps.programs,
        stores: second,
        notifications: { ...t.deps.notifications, stores: second },
      };
      expect(await runScheduledReports(other)).toEqual({ made: [], emails: 0 });
    } finally {
      await second.close();
    }
    expect(await reportEmails(t)).toHaveLength(before);
    expect((await reportsOverview(t.deps.programs, actorOf(admin))).reports.map((r) => r.id)).toEqual([
      'monthly-2026-12',
      'quarterly-2026-Q4',
    ]);
  });

  it('makes the next month when it ends, for the recipients chosen by then, and never resends older ones', async () => {
    await chooseReportRecipients(t.deps.programs, actorOf(admin), [otherStaff.id]);
    t.clock.now = new Date('2027-02-01T00:30:00.000Z');
    expect(await runScheduledReports(t.deps.programs)).toEqual({ made: ['monthly-2027-01'], emails: 1 });
    const january = await keptReport(t.deps.programs, actorOf(admin), 'monthly-2027-01');
    expect(january.report.totals.issued).toBe(1);
    expect(january.report.funnel.pending).toBe(1);
    const toOther = (await reportEmails(t)).filter((m) => m.to === otherStaff.email);
    expect(toOther.map((m) => m.subject)).toEqual(['Programme report for January 2027 is ready']);
    const overview = await reportsOverview(t.deps.programs, actorOf(admin));
    expect(overview.recipients).toBe(1);
    expect(overview.reports.map((r) => [r.id, r.issued, r.pending])).toEqual([
      ['monthly-2027-01', 1, 1],
      ['monthly-2026-12', 2, 1],
      ['quarterly-2026-Q4', 4, 2],
    ]);
  });

  it('finishes the sending after a run that died between keeping a report and queuing its emails', async () => {
    t.clock.now = new Date('2027-03-01T00:30:00.000Z');
    const report = (await keptReport(t.deps.programs, actorOf(admin), 'monthly-2027-01')).report;
    await t.deps.stores.scheduledReports.insert({
      id: 'monthly-2027-02',
      kind: 'monthly',
      period: '2027-02',
      from: '2027-02',
      to: '2027-02',
      generatedAt: '2027-03-01T00:10:00.000Z',
      recipientIds: [chosenStaff.id],
      report,
    });
    expect(await runScheduledReports(t.deps.programs)).toEqual({ made: [], emails: 1 });
    expect((await keptReport(t.deps.programs, actorOf(admin), 'monthly-2027-02')).emailedAt).toBe(
      '2027-03-01T00:30:00.000Z',
    );
  });

  it('gives the kept report as the dashboard CSV (RFC 4180 lines, the same sections)', async () => {
    const { fileName, csv } = await keptReportCsv(t.deps.programs, actorOf(otherStaff), 'monthly-2026-12');
    expect(fileName).toBe('programme-report-monthly-2026-12.csv');
    const lines = csv.split('\r\n');
    expect(lines[0]).toBe('section,key,value,second_value,note');
    expect(lines).toContain('totals,issued,2,,');
    expect(lines).toContain('issued_by_course,Web 101,2,0,');
    expect(lines).toContain('approval_to_issuance_hours,median,15,,');
    expect(lines).toContain('approval_funnel,pending,1,,');
    expect(csv.endsWith('\r\n')).toBe(true);
  });

  it('lets admins alone choose the recipients, from active staff only', async () => {
    const participant = await createUser(t, 'participant');
    await expect(
      chooseReportRecipients(t.deps.programs, actorOf(otherStaff), [otherStaff.id]),
    ).rejects.toMatchObject({ status: 403 });
    await expect(reportRecipients(t.deps.programs, actorOf(otherStaff))).rejects.toMatchObject({
      status: 403,
    });
    await expect(
      chooseReportRecipients(t.deps.programs, actorOf(admin), [participant.id]),
    ).rejects.toMatchObject({ status: 400 });
    await expect(keptReport(t.deps.programs, actorOf(participant), 'monthly-2026-12')).rejects.toMatchObject({
      status: 403,
    });
    const { candidates } = await reportRecipients(t.deps.programs, actorOf(admin));
    expect(candidates.map((u) => u.id)).toEqual(
      expect.arrayContaining([admin.id, chosenStaff.id, otherStaff.id]),
    );
    expect(candidates.every((u) => u.role === 'staff' || u.role === 'admin')).toBe(true);
  });
});
