/**
 * The programme report as one CSV with a `section` column, so a single download opens in
 * a spreadsheet with every table, filterable by section.
 */
import { toCsv } from '../reports/csv.js';
import type { ProgramReport } from './reports.js';

/** The report's figures as CSV rows: section, key, then values. */
export function programReportCsv(report: ProgramReport): string {
  const rows: unknown[][] = [
    ['totals', 'issued', report.totals.issued, '', ''],
    ['totals', 'reissued', report.totals.reissued, '', ''],
    ['totals', 'revoked', report.totals.revoked, '', ''],
    ...report.byMonth.map((m) => ['issued_by_month', m.period, m.issued, m.reissued, '']),
    ...report.byQuarter.map((q) => ['issued_by_quarter', q.period, q.issued, q.reissued, '']),
    ...report.byCourse.map((c) => ['issued_by_course', c.title, c.issued, c.reissued, c.averageRating ?? '']),
    ['approval_to_issuance_hours', 'count', report.approvalToIssuance.count, '', ''],
    ['approval_to_issuance_hours', 'mean', report.approvalToIssuance.meanHours, '', ''],
    ['approval_to_issuance_hours', 'median', report.approvalToIssuance.medianHours, '', ''],
    ['approval_to_issuance_hours', 'p90', report.approvalToIssuance.p90Hours, '', ''],
    ...Object.entries(report.funnel).map(([key, value]) => ['approval_funnel', key, value, '', '']),
    ['feedback', 'count', report.feedback.count, '', ''],
    ['feedback', 'average_rating', report.feedback.averageRating, '', ''],
    ...report.feedback.distribution.map((n, i) => ['feedback_distribution', `rating_${i + 1}`, n, '', '']),
    ...report.feedback.recent.map((f) => ['feedback_comment', f.courseTitle, f.rating, f.at, f.comment]),
  ];
  return toCsv(['section', 'key', 'value', 'second_value', 'note'], rows);
}
