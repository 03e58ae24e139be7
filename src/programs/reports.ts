/**
 * The programme report, computed from plain lists (the caller reads the store): how many
 * certificates were issued per month and per quarter, per course, how long from content
 * approval to the certificate, the approval funnel, and what participants said. Pure, so
 * the dashboard, the CSV and the tests all see the same figures.
 */
import type { BatchRecord, CourseRecord, EnrolmentRecord, FeedbackRecord, SubmissionRecord } from '../storage/ports.js';

/** A count per period, with the part that were re-issues. */
export interface PeriodCount {
  period: string;
  issued: number;
  reissued: number;
}

/** Summary statistics of durations, in hours. */
export interface DurationStats {
  count: number;
  meanHours: number;
  medianHours: number;
  p90Hours: number;
}

/** The whole report. */
export interface ProgramReport {
  from?: string;
  to?: string;
  totals: { issued: number; reissued: number; revoked: number };
  byMonth: PeriodCount[];
  byQuarter: PeriodCount[];
  byCourse: { courseId: string; title: string; issued: number; reissued: number; averageRating?: number }[];
  approvalToIssuance: DurationStats;
  funnel: { submitted: number; approved: number; rejected: number; changesRequested: number; pending: number; firstPassApprovalRate: number };
  feedback: { count: number; averageRating: number; distribution: number[]; recent: { rating: number; comment: string; at: string; courseTitle: string }[] };
}

const month = (iso: string) => iso.slice(0, 7);
const quarter = (iso: string) => `${iso.slice(0, 4)}-Q${Math.floor((Number(iso.slice(5, 7)) - 1) / 3) + 1}`;
const round = (n: number) => Math.round(n * 10) / 10;

/** The months from the first to the last, inclusive (so empty months show as zero). */
function monthRange(first: string, last: string): string[] {
  const out: string[] = [];
  let [y, m] = first.split('-').map(Number) as [number, number];
  for (let guard = 0; guard < 1200; guard++) {
    const key = `${y}-${String(m).padStart(2, '0')}`;
    out.push(key);
    if (key >= last) break;
    m = m === 12 ? 1 : m + 1;
    if (m === 1) y++;
  }
  return out;
}

/** Nearest-rank percentile of sorted values. */
function percentileOf(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

function durationStats(hours: number[]): DurationStats {
  const sorted = [...hours].sort((a, b) => a - b);
  if (sorted.length === 0) return { count: 0, meanHours: 0, medianHours: 0, p90Hours: 0 };
  const mid = sorted.length / 2;
  const median = sorted.length % 2 === 0 ? (sorted[mid - 1]! + sorted[mid]!) / 2 : sorted[Math.floor(mid)]!;
  return { count: sorted.length, meanHours: round(sorted.reduce((a, b) => a + b, 0) / sorted.length), medianHours: round(median), p90Hours: round(percentileOf(sorted, 90)) };
}

function countBy(keys: { key: string; reissue: boolean }[], periods: string[]): PeriodCount[] {
  const table = new Map(periods.map((p) => [p, { period: p, issued: 0, reissued: 0 }]));
  for (const { key, reissue } of keys) {
    const row = table.get(key);
    if (!row) continue;
    row.issued++;
    if (reissue) row.reissued++;
  }
  return [...table.values()];
}

/** Builds the report over the given period (ISO dates or months; both ends inclusive). */
export function buildProgramReport(input: { courses: CourseRecord[]; batches: BatchRecord[]; enrolments: EnrolmentRecord[]; submissions: SubmissionRecord[]; feedback: FeedbackRecord[]; from?: string; to?: string }): ProgramReport {
  const inRange = (iso: string) => (!input.from || iso >= input.from) && (!input.to || iso.slice(0, input.to.length) <= input.to);
  const courseOfBatch = new Map(input.batches.map((b) => [b.id, b.courseId]));
  const courseTitle = new Map(input.courses.map((c) => [c.id, c.title]));
  // Every certificate, with whether it replaced a superseded one of the same enrolment.
  const certificates = input.enrolments.flatMap((e) =>
    e.certificates.map((c, i) => ({ ...c, courseId: courseOfBatch.get(e.batchId) ?? '', reissue: i > 0 && e.certificates[i - 1]!.revokedReason === 'superseded' })),
  ).filter((c) => inRange(c.issuedAt));
  const months = certificates.length > 0 ? monthRange(certificates.map((c) => month(c.issuedAt)).sort()[0]!, certificates.map((c) => month(c.issuedAt)).sort().at(-1)!) : [];
  const quarters = [...new Set(months.map((m) => quarter(`${m}-01`)))];
  const ratingsByCourse = new Map<string, number[]>();
  const feedback = input.feedback.filter((f) => inRange(f.at));
  for (const f of feedback) {
    const course = courseOfBatch.get(f.batchId) ?? '';
    ratingsByCourse.set(course, [...(ratingsByCourse.get(course) ?? []), f.rating]);
  }
  const average = (values: number[]) => (values.length > 0 ? round(values.reduce((a, b) => a + b, 0) / values.length) : 0);
  const approvalHours = input.enrolments.flatMap((e) => {
    const first = e.certificates[0];
    return e.approvedAt && first && inRange(first.issuedAt) ? [(Date.parse(first.issuedAt) - Date.parse(e.approvedAt)) / 3_600_000] : [];
  });
  const submissions = input.submissions.filter((s) => inRange(s.submittedAt));
  const decided = submissions.filter((s) => s.decisions.length > 0);
  const byCourse = input.courses.map((c) => {
    const own = certificates.filter((x) => x.courseId === c.id);
    const ratings = ratingsByCourse.get(c.id) ?? [];
    return { courseId: c.id, title: c.title, issued: own.length, reissued: own.filter((x) => x.reissue).length, ...(ratings.length > 0 ? { averageRating: average(ratings) } : {}) };
  });
  return {
    ...(input.from ? { from: input.from } : {}),
    ...(input.to ? { to: input.to } : {}),
    totals: { issued: certificates.length, reissued: certificates.filter((c) => c.reissue).length, revoked: certificates.filter((c) => c.revokedAt && c.revokedReason !== 'superseded').length },
    byMonth: countBy(certificates.map((c) => ({ key: month(c.issuedAt), reissue: c.reissue })), months),
    byQuarter: countBy(certificates.map((c) => ({ key: quarter(c.issuedAt), reissue: c.reissue })), quarters),
    byCourse,
    approvalToIssuance: durationStats(approvalHours),
    funnel: {
      submitted: submissions.length,
      approved: submissions.filter((s) => s.state === 'approved').length,
      rejected: submissions.filter((s) => s.state === 'rejected').length,
      changesRequested: submissions.filter((s) => s.state === 'changes_requested').length,
      pending: submissions.filter((s) => s.state === 'submitted').length,
      // A share with three decimals (0.333), as a rate is usually shown.
      firstPassApprovalRate: decided.length > 0 ? Math.round((decided.filter((s) => s.decisions[0]!.decision === 'approved').length / decided.length) * 1000) / 1000 : 0,
    },
    feedback: {
      count: feedback.length,
      averageRating: average(feedback.map((f) => f.rating)),
      distribution: [1, 2, 3, 4, 5].map((r) => feedback.filter((f) => f.rating === r).length),
      recent: feedback
        .filter((f) => f.comment)
        .sort((a, b) => b.at.localeCompare(a.at))
        .slice(0, 20)
        .map((f) => ({ rating: f.rating, comment: f.comment!, at: f.at, courseTitle: courseTitle.get(courseOfBatch.get(f.batchId) ?? '') ?? '' })),
    },
  };
}
