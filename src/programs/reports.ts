/**
 * The programme report, computed from plain lists (the caller reads the store): how many
 * certificates were issued per month and per quarter, overall and per course, how long
 * from content approval to the certificate, the approval funnel, and what participants
 * said. Pure, so the dashboard, the CSV and the tests all see the same figures.
 *
 * Every instant is normalised to UTC before it is bucketed, so a timestamp written with
 * an offset lands in the same month and quarter as its Z form; one that does not parse is
 * left out rather than turning a figure into NaN.
 */
import type {
  BatchRecord,
  CourseRecord,
  EnrolmentRecord,
  FeedbackRecord,
  SubmissionRecord,
} from '../storage/ports.js';

/** A count per period (YYYY-MM or YYYY-Qn), with the part that were re-issues. */
interface PeriodCount {
  period: string;
  issued: number;
  reissued: number;
}

/** Summary statistics of durations, in hours (one decimal). */
interface DurationStats {
  count: number;
  meanHours: number;
  medianHours: number;
  p90Hours: number;
}

/** One course's certificates over the same months and quarters as the overall series. */
interface CourseOverTime {
  courseId: string;
  title: string;
  byMonth: PeriodCount[];
  byQuarter: PeriodCount[];
}

/** The whole report. */
export interface ProgramReport {
  from?: string;
  to?: string;
  totals: { issued: number; reissued: number; revoked: number };
  byMonth: PeriodCount[];
  byQuarter: PeriodCount[];
  byCourse: { courseId: string; title: string; issued: number; reissued: number; averageRating?: number }[];
  byCourseOverTime: CourseOverTime[];
  approvalToIssuance: DurationStats;
  funnel: {
    submitted: number;
    approved: number;
    rejected: number;
    changesRequested: number;
    pending: number;
    firstPassApprovalRate: number;
  };
  feedback: {
    count: number;
    averageRating: number;
    distribution: number[];
    recent: { rating: number; comment: string; at: string; courseTitle: string }[];
  };
}

/** What the report is built from: lists read from the store, and an optional period. */
export interface ProgramReportInput {
  courses: CourseRecord[];
  batches: BatchRecord[];
  enrolments: EnrolmentRecord[];
  submissions: SubmissionRecord[];
  feedback: FeedbackRecord[];
  /** ISO date, month or instant; both ends inclusive (to=2026-04 covers all of April). */
  from?: string;
  to?: string;
}

/** One certificate as the report sees it. */
interface Issue {
  courseId: string;
  issuedAt: string;
  reissue: boolean;
  revoked: boolean;
}

const HOUR_MS = 3_600_000;
const RECENT_COMMENTS = 20;
const month = (iso: string) => iso.slice(0, 7);
const quarter = (iso: string) => `${iso.slice(0, 4)}-Q${Math.floor((Number(iso.slice(5, 7)) - 1) / 3) + 1}`;
const round = (n: number, places: number) => Math.round(n * 10 ** places) / 10 ** places;
// Code-point order, not the locale's: ISO instants and ids sort the same on every host.
const byCodePoint = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const mean = (values: number[]) =>
  values.length > 0 ? values.reduce((a, b) => a + b, 0) / values.length : 0;

/** The instant in UTC ISO form, or undefined when absent or unparseable. */
function utc(iso: string | undefined): string | undefined {
  const ms = iso ? Date.parse(iso) : Number.NaN;
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
}

/** The months from the first to the last, inclusive, so empty months show as zero. */
function monthRange(first: string, last: string): string[] {
  const out: string[] = [];
  for (
    let y = Number(first.slice(0, 4)), m = Number(first.slice(5, 7));
    ;
    [y, m] = m === 12 ? [y + 1, 1] : [y, m + 1]
  ) {
    const key = `${y}-${String(m).padStart(2, '0')}`;
    out.push(key);
    if (key >= last) return out;
  }
}

/** Count, mean, median (mean of the middle two for an even count) and nearest-rank p90. */
function durationStats(hours: number[]): DurationStats {
  const sorted = [...hours].sort((a, b) => a - b);
  const n = sorted.length;
  if (n === 0) return { count: 0, meanHours: 0, medianHours: 0, p90Hours: 0 };
  const median = n % 2 === 0 ? (sorted[n / 2 - 1]! + sorted[n / 2]!) / 2 : sorted[(n - 1) / 2]!;
  const p90 = sorted[Math.min(n - 1, Math.ceil(0.9 * n) - 1)]!;
  return {
    count: n,
    meanHours: round(mean(sorted), 1),
    medianHours: round(median, 1),
    p90Hours: round(p90, 1),
  };
}

/** Issues counted into the given periods (every period present, zero or not). */
function countBy(issues: Issue[], periods: string[], periodOf: (iso: string) => string): PeriodCount[] {
  const table = new Map(periods.map((p) => [p, { period: p, issued: 0, reissued: 0 }]));
  for (const issue of issues) {
    const row = table.get(periodOf(issue.issuedAt));
    if (!row) continue;
    row.issued++;
    if (issue.reissue) row.reissued++;
  }
  return [...table.values()];
}

/**
 * Builds the report. A certificate counts in the month it was issued, re-issues included;
 * it is a re-issue when the certificate before it in the same enrolment was revoked as
 * "superseded". Approval-to-issuance uses each enrolment's first certificate; a negative
 * span (staff issued before the work was approved) says nothing about the approval
 * pipeline and is left out. Feedback outside 1..5 is ignored.
 */
export function buildProgramReport(input: ProgramReportInput): ProgramReport {
  // The instant in UTC when it parses and falls in the period; undefined otherwise.
  const inPeriod = (iso: string | undefined): string | undefined => {
    const at = utc(iso);
    return at !== undefined &&
      (!input.from || at >= input.from) &&
      (!input.to || at.slice(0, input.to.length) <= input.to)
      ? at
      : undefined;
  };
  const courseOfBatch = new Map(input.batches.map((b) => [b.id, b.courseId]));
  const courseTitle = new Map(input.courses.map((c) => [c.id, c.title]));
  const issues: Issue[] = input.enrolments.flatMap((e) =>
    e.certificates.flatMap((c, i) => {
      const issuedAt = inPeriod(c.issuedAt);
      if (!issuedAt) return [];
      const reissue = i > 0 && e.certificates[i - 1]!.revokedReason === 'superseded';
      return [
        {
          courseId: courseOfBatch.get(e.batchId) ?? '',
          issuedAt,
          reissue,
          revoked: c.revokedAt !== undefined && c.revokedReason !== 'superseded',
        },
      ];
    }),
  );
  const issuedMonths = issues.map((x) => month(x.issuedAt)).sort();
  const months = issuedMonths.length > 0 ? monthRange(issuedMonths[0]!, issuedMonths.at(-1)!) : [];
  const quarters = [...new Set(months.map((m) => quarter(`${m}-01`)))];

  // Feedback keeps its stored `at` for display; the UTC form only filters and sorts.
  const feedback = input.feedback.flatMap((f) => {
    const at = inPeriod(f.at);
    return at && Number.isInteger(f.rating) && f.rating >= 1 && f.rating <= 5 ? [{ ...f, utcAt: at }] : [];
  });
  const ratingsOf = (courseId: string) =>
    feedback.filter((f) => courseOfBatch.get(f.batchId) === courseId).map((f) => f.rating);

  const approvalHours = input.enrolments.flatMap((e) => {
    const approvedAt = utc(e.approvedAt);
    const first = inPeriod(e.certificates[0]?.issuedAt);
    if (!approvedAt || !first) return [];
    const hours = (Date.parse(first) - Date.parse(approvedAt)) / HOUR_MS;
    return hours >= 0 ? [hours] : [];
  });

  const submissions = input.submissions.filter((s) => inPeriod(s.submittedAt));
  const decided = submissions.filter((s) => s.decisions.length > 0);
  const inState = (state: SubmissionRecord['state']) => submissions.filter((s) => s.state === state).length;

  return {
    ...(input.from ? { from: input.from } : {}),
    ...(input.to ? { to: input.to } : {}),
    totals: {
      issued: issues.length,
      reissued: issues.filter((x) => x.reissue).length,
      revoked: issues.filter((x) => x.revoked).length,
    },
    byMonth: countBy(issues, months, month),
    byQuarter: countBy(issues, quarters, quarter),
    byCourse: input.courses.map((c) => {
      const own = issues.filter((x) => x.courseId === c.id);
      const ratings = ratingsOf(c.id);
      return {
        courseId: c.id,
        title: c.title,
        issued: own.length,
        reissued: own.filter((x) => x.reissue).length,
        ...(ratings.length > 0 ? { averageRating: round(mean(ratings), 1) } : {}),
      };
    }),
    byCourseOverTime: input.courses.map((c) => {
      const own = issues.filter((x) => x.courseId === c.id);
      return {
        courseId: c.id,
        title: c.title,
        byMonth: countBy(own, months, month),
        byQuarter: countBy(own, quarters, quarter),
      };
    }),
    approvalToIssuance: durationStats(approvalHours),
    funnel: {
      submitted: submissions.length,
      approved: inState('approved'),
      rejected: inState('rejected'),
      changesRequested: inState('changes_requested'),
      pending: inState('submitted'),
      // Of the submissions decided at least once, the share whose first decision approved them.
      firstPassApprovalRate:
        decided.length > 0
          ? round(decided.filter((s) => s.decisions[0]!.decision === 'approved').length / decided.length, 3)
          : 0,
    },
    feedback: {
      count: feedback.length,
      averageRating: round(mean(feedback.map((f) => f.rating)), 1),
      distribution: [1, 2, 3, 4, 5].map((r) => feedback.filter((f) => f.rating === r).length),
      recent: feedback
        .filter((f) => f.comment?.trim())
        .sort((a, b) => byCodePoint(b.utcAt, a.utcAt) || byCodePoint(a.credentialId, b.credentialId))
        .slice(0, RECENT_COMMENTS)
        .map((f) => ({
          rating: f.rating,
          comment: f.comment!,
          at: f.at,
          courseTitle: courseTitle.get(courseOfBatch.get(f.batchId) ?? '') ?? '',
        })),
    },
  };
}
