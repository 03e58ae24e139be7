/**
 * CSV exports of the programme report and of a batch's issuance tracker. Quoting (RFC
 * 4180, CRLF) and formula neutralising (a cell starting with = + - @ tab or CR gets a
 * leading apostrophe) are done once, by toCsv in src/reports/csv.ts.
 *
 * The report is one CSV with a `section` column rather than one file per table: a single
 * download opens in a spreadsheet with every table, filterable (or pivotable) by section,
 * and the columns stay fixed as sections are added. Columns: section, key, value,
 * second_value, note. Per section:
 * - totals: key issued | reissued | revoked; value the count
 * - issued_by_month / issued_by_quarter: key the period; value issued; second_value re-issued
 * - issued_by_course: key the course title; value issued; second_value re-issued; note the average rating
 * - issued_by_course_month / issued_by_course_quarter: key the period; value issued;
 *   second_value re-issued; note the course title
 * - approval_to_issuance_hours: key count | mean | median | p90; value the figure
 * - approval_funnel: key submitted | approved | rejected | changesRequested | pending | firstPassApprovalRate
 * - feedback: key count | average_rating; feedback_distribution: key rating_1..rating_5
 * - feedback_comment: key the course title; value the rating; second_value when; note the comment
 */
import { toCsv } from '../reports/csv.js';
import type { ProgramReport } from './reports.js';
import type { BatchTracker } from './issuanceTracker.js';

/** The header of the report CSV. */
export const REPORT_CSV_HEADER = ['section', 'key', 'value', 'second_value', 'note'];

/** The header of the tracker CSV. */
export const TRACKER_CSV_HEADER = [
  'name',
  'userId',
  'status',
  'detail',
  'enrolledAt',
  'dueAt',
  'issuedAt',
  'credentialId',
  'earlierCertificates',
  'waitingOn',
  'revokedAt',
  'revokedReason',
];

/** The report's rows, in the order the dashboard shows its tables. */
function reportRows(report: ProgramReport): unknown[][] {
  const d = report.approvalToIssuance;
  return [
    ['totals', 'issued', report.totals.issued, '', ''],
    ['totals', 'reissued', report.totals.reissued, '', ''],
    ['totals', 'revoked', report.totals.revoked, '', ''],
    ...report.byMonth.map((m) => ['issued_by_month', m.period, m.issued, m.reissued, '']),
    ...report.byQuarter.map((q) => ['issued_by_quarter', q.period, q.issued, q.reissued, '']),
    ...report.byCourse.map((c) => ['issued_by_course', c.title, c.issued, c.reissued, c.averageRating ?? '']),
    ...report.byCourseOverTime.flatMap((c) =>
      c.byMonth.map((m) => ['issued_by_course_month', m.period, m.issued, m.reissued, c.title]),
    ),
    ...report.byCourseOverTime.flatMap((c) =>
      c.byQuarter.map((q) => ['issued_by_course_quarter', q.period, q.issued, q.reissued, c.title]),
    ),
    ['approval_to_issuance_hours', 'count', d.count, '', ''],
    ['approval_to_issuance_hours', 'mean', d.meanHours, '', ''],
    ['approval_to_issuance_hours', 'median', d.medianHours, '', ''],
    ['approval_to_issuance_hours', 'p90', d.p90Hours, '', ''],
    ...Object.entries(report.funnel).map(([key, value]) => ['approval_funnel', key, value, '', '']),
    ['feedback', 'count', report.feedback.count, '', ''],
    ['feedback', 'average_rating', report.feedback.averageRating, '', ''],
    ...report.feedback.distribution.map((n, i) => ['feedback_distribution', `rating_${i + 1}`, n, '', '']),
    ...report.feedback.recent.map((f) => ['feedback_comment', f.courseTitle, f.rating, f.at, f.comment]),
  ];
}

/** The whole programme report as one CSV document (see the file comment for the layout). */
export function programReportCsv(report: ProgramReport): string {
  return toCsv(REPORT_CSV_HEADER, reportRows(report));
}

/** A batch's tracker as CSV, one participant a line, in the tracker's order. */
export function trackerCsv(tracker: BatchTracker): string {
  return toCsv(
    TRACKER_CSV_HEADER,
    tracker.rows.map((r) => [
      r.name,
      r.userId,
      r.status,
      r.detail,
      r.enrolledAt,
      r.dueAt,
      r.issuedAt,
      r.credentialId,
      r.earlier,
      r.waitingOn,
      r.revokedAt,
      r.revokedReason,
    ]),
  );
}
