/**
 * The tracker, the report, the charts and the CSV: figures worked out by hand for small
 * data sets (quarter boundaries, re-issues, medians), escaping in the SVG, CSV quoting and
 * formula neutralising; then the same through GET /programs/batches/:id/tracker and
 * GET /programs/reports over a real batch.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildProgramReport } from '../../src/programs/reports.js';
import { describeMissing, trackBatch, trackerCsv } from '../../src/programs/issuanceTracker.js';
import { programReportCsv } from '../../src/programs/reportCsv.js';
import { barChartSvg } from '../../src/reports/svgCharts.js';
import { csvCell } from '../../src/reports/csv.js';
import type { CourseRecord, EnrolmentRecord, SubmissionRecord } from '../../src/storage/ports.js';
import { createTestApp, type TestApp } from '../fixtures/testDeps.js';
import { expectProblem, type Json } from '../fixtures/http.js';
import { makeBatch, makeParticipant, passingEvents, recordAll } from '../fixtures/programs.js';

const course: CourseRecord = {
  id: 'c1',
  title: 'Web 101',
  description: '',
  modules: [{ id: 'm2', title: 'CSS layout' }],
  assessments: [{ id: 'final', title: 'Final', maxScore: 100 }],
  reviewerIds: [],
  createdAt: '',
  createdBy: '',
  updatedAt: '',
};
const batches = [{ id: 'b1', courseId: 'c1' }] as never[];
const enrolment = (userId: string, extra: Partial<EnrolmentRecord>): EnrolmentRecord => ({
  batchId: 'b1',
  userId,
  enrolledAt: '2026-01-01T00:00:00Z',
  status: 'issued',
  missing: [],
  certificates: [],
  generation: 1,
  version: 1,
  updatedAt: '',
  ...extra,
});
const submission = (state: SubmissionRecord['state'], first?: 'approved' | 'rejected'): SubmissionRecord => ({
  id: Math.random().toString(),
  batchId: 'b1',
  userId: 'u',
  kind: 'text',
  text: 't',
  state,
  submittedAt: '2026-03-01T00:00:00Z',
  updatedAt: '',
  decisions: first ? [{ decision: first, by: 'r', at: '2026-03-02T00:00:00Z' }] : [],
});

const enrolments = [
  enrolment('u1', {
    approvedAt: '2026-03-31T20:00:00.000Z',
    certificates: [{ credentialId: 'a', issuedAt: '2026-03-31T23:59:00.000Z' }],
  }),
  enrolment('u2', {
    approvedAt: '2026-04-01T00:00:00.000Z',
    certificates: [
      {
        credentialId: 'b',
        issuedAt: '2026-04-01T10:00:00.000Z',
        revokedAt: '2026-05-01T00:00:00Z',
        revokedReason: 'superseded',
      },
      { credentialId: 'c', issuedAt: '2026-05-01T00:00:00.000Z' },
    ],
  }),
  enrolment('u3', {
    approvedAt: '2026-01-10T00:00:00.000Z',
    certificates: [
      {
        credentialId: 'd',
        issuedAt: '2026-01-11T00:00:00.000Z',
        revokedAt: '2026-02-01T00:00:00Z',
        revokedReason: 'Plagiarism',
      },
    ],
  }),
  enrolment('u4', { status: 'in_progress', missing: ['module:m2', 'assessment:final'] }),
];

describe('buildProgramReport', () => {
  const report = buildProgramReport({
    courses: [course],
    batches,
    enrolments,
    submissions: [
      submission('approved', 'approved'),
      submission('approved', 'rejected'),
      submission('rejected', 'rejected'),
      submission('submitted'),
    ],
    feedback: [
      {
        credentialId: 'a',
        batchId: 'b1',
        userId: 'u1',
        rating: 5,
        comment: '=HYPERLINK("x")',
        at: '2026-04-02T00:00:00Z',
      },
      { credentialId: 'c', batchId: 'b1', userId: 'u2', rating: 2, at: '2026-05-02T00:00:00Z' },
    ],
  });

  it('counts certificates per month (empty months included) and quarter, re-issues apart', () => {
    expect(report.totals).toEqual({ issued: 4, reissued: 1, revoked: 1 });
    expect(report.byMonth).toEqual([
      { period: '2026-01', issued: 1, reissued: 0 },
      { period: '2026-02', issued: 0, reissued: 0 },
      { period: '2026-03', issued: 1, reissued: 0 },
      { period: '2026-04', issued: 1, reissued: 0 },
      { period: '2026-05', issued: 1, reissued: 1 },
    ]);
    expect(report.byQuarter).toEqual([
      { period: '2026-Q1', issued: 2, reissued: 0 },
      { period: '2026-Q2', issued: 2, reissued: 1 },
    ]);
    expect(report.byCourse).toEqual([
      { courseId: 'c1', title: 'Web 101', issued: 4, reissued: 1, averageRating: 3.5 },
    ]);
  });

  it('measures approval to first issuance, the funnel and the feedback', () => {
    // 4 h, 10 h and 24 h: mean 12.7, median 10, p90 24.
    expect(report.approvalToIssuance).toEqual({ count: 3, meanHours: 12.7, medianHours: 10, p90Hours: 24 });
    expect(report.funnel).toEqual({
      submitted: 4,
      approved: 2,
      rejected: 1,
      changesRequested: 0,
      pending: 1,
      firstPassApprovalRate: 0.333,
    });
    expect(report.feedback).toMatchObject({
      count: 2,
      averageRating: 3.5,
      distribution: [0, 1, 0, 0, 1],
      recent: [{ rating: 5, comment: '=HYPERLINK("x")', courseTitle: 'Web 101' }],
    });
  });

  it('limits to a period, and is all zeros with no data', () => {
    const april = buildProgramReport({
      courses: [course],
      batches,
      enrolments,
      submissions: [],
      feedback: [],
      from: '2026-04',
      to: '2026-04',
    });
    expect(april.totals.issued).toBe(1);
    expect(april.byMonth).toEqual([{ period: '2026-04', issued: 1, reissued: 0 }]);
    const empty = buildProgramReport({
      courses: [],
      batches: [],
      enrolments: [],
      submissions: [],
      feedback: [],
    });
    expect(empty).toMatchObject({
      totals: { issued: 0 },
      byMonth: [],
      approvalToIssuance: { count: 0, meanHours: 0 },
      funnel: { firstPassApprovalRate: 0 },
      feedback: { averageRating: 0, distribution: [0, 0, 0, 0, 0] },
    });
    expect(JSON.stringify(empty)).not.toMatch(/NaN|null/);
  });

  it('exports as CSV with formulas neutralised', () => {
    const csv = programReportCsv(report);
    expect(csv.split('\r\n')[0]).toBe('section,key,value,second_value,note');
    expect(csv).toContain('issued_by_month,2026-05,1,1,\r\n');
    expect(csv).toContain(`feedback_comment,Web 101,5,2026-04-02T00:00:00Z,"'=HYPERLINK(""x"")"\r\n`);
    expect(csvCell(-3)).toBe('-3');
    expect(csvCell('-3')).toBe("'-3");
    expect(csvCell('a,b')).toBe('"a,b"');
  });
});

describe('the tracker', () => {
  it('groups by what needs attention and says what is missing in words', () => {
    const tracker = trackBatch(
      enrolments,
      new Map([
        ['u1', 'Amahle'],
        ['u2', 'Sipho'],
        ['u4', 'Naledi'],
      ]),
      course,
    );
    expect(tracker.counts).toEqual({ due: 0, waiting: 0, in_progress: 1, issued: 3, revoked: 0, missed: 0 });
    expect(tracker.rows.map((r) => [r.name, r.detail])).toEqual([
      ['Naledi', 'missing: module "CSS layout", a pass in "Final"'],
      ['Amahle', 'issued'],
      ['Sipho', 'issued (re-issued 1 time)'],
      ['u3', 'issued'],
    ]);
    expect(describeMissing('module:zz')).toBe('module "zz"');
    expect(describeMissing('something_new')).toBe('something_new');
    expect(trackerCsv(tracker).split('\r\n')[1]).toMatch(
      /^Naledi,u4,in_progress,"missing: module ""CSS layout"", a pass in ""Final""",/,
    );
  });
});

describe('barChartSvg', () => {
  it('draws one bar per value, scaled to a nice maximum, and escapes every label', () => {
    const svg = barChartSvg({
      title: 'Issued <script>&"',
      labels: ['Jan', 'Feb <b>'],
      series: [{ name: 'issued', values: [3, 7] }],
    });
    expect(svg).not.toMatch(/<script|<b>/);
    expect(svg).toContain('<title>Issued &lt;script&gt;&amp;&quot;</title>');
    const heights = [...svg.matchAll(/<rect [^>]*height="([\d.]+)"/g)].map((m) => Number(m[1]));
    expect(heights).toHaveLength(2);
    expect(heights[1]! / heights[0]!).toBeCloseTo(7 / 3, 1);
    expect(svg).toContain('>10</text>');
    const zero = barChartSvg({ title: 'Nothing', labels: ['x'], series: [{ name: 's', values: [0] }] });
    expect(zero).not.toMatch(/NaN/);
  });
});

describe('GET /programs/batches/:id/tracker and /programs/reports', () => {
  let t: TestApp;
  let key: string;
  beforeAll(async () => {
    t = await createTestApp();
    key = await t.keyWithScopes(['programs:manage']);
  });
  afterAll(async () => {
    await t.close();
  });
  const get = (path: string, k: string | null = key) =>
    Promise.resolve(t.app.request(path, { headers: k ? { authorization: `Bearer ${k}` } : {} }));

  it('serves the tracker and the report of a real batch, as JSON and CSV', async () => {
    const { batch } = await makeBatch(t);
    const done = await makeParticipant(t, { name: 'Done Person' });
    const waiting = await makeParticipant(t, { name: 'Waiting Person', consent: false });
    await recordAll(t, [...passingEvents(batch.id, done.id), ...passingEvents(batch.id, waiting.id)]);
    const tracker = (await (await get(`/programs/batches/${batch.id}/tracker`)).json()) as Json;
    expect(tracker.counts).toMatchObject({ issued: 1, waiting: 1 });
    expect(tracker.rows.map((r: Json) => r.name)).toEqual(['Waiting Person', 'Done Person']);
    const csv = await get(`/programs/batches/${batch.id}/tracker.csv`);
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(await csv.text()).toContain('Waiting Person');
    const report = (await (await get('/programs/reports')).json()) as Json;
    expect(report.totals.issued).toBe(1);
    expect(await (await get('/programs/reports.csv?from=2020-01')).text()).toContain('totals,issued,1');
  });

  it('has the security cases', async () => {
    await expectProblem(await get('/programs/reports', null), 401);
    await expectProblem(await get('/programs/reports', await t.keyWithScopes(['programs:events'])), 403);
    await expectProblem(await get('/programs/batches/nope/tracker'), 404);
    await expectProblem(await get('/programs/reports?from=last-year'), 400, 'invalid_request');
  });
});
