/**
 * Scheduled programme reports: the monthly and quarterly reports the scheduled job keeps
 * (their figures frozen when made), and the staff chosen to receive them by email. A
 * report's id is its kind and period (`monthly-2026-11`, `quarterly-2026-Q4`), so the
 * store itself keeps one per period: of two instances making the same report at once,
 * exactly one `insert` succeeds.
 */
import type { ProgramReport } from '../programs/reports.js';

/** How often a report is made. */
export type ReportCadence = 'monthly' | 'quarterly';

/** One kept report. */
export interface ScheduledReportRecord {
  /** `<kind>-<period>`: one report per period. */
  id: string;
  kind: ReportCadence;
  /** `2026-11` (monthly) or `2026-Q4` (quarterly). */
  period: string;
  /** The first and last month covered (YYYY-MM, both inclusive). */
  from: string;
  to: string;
  generatedAt: string;
  /** The staff the report was sent to: the recipients chosen when it was made. */
  recipientIds: string[];
  /** When every recipient's email was queued; absent until then (a restart finishes the sending). */
  emailedAt?: string;
  report: ProgramReport;
}

/** A kept report without its figures, for the list. */
export type ScheduledReportSummary = Omit<ScheduledReportRecord, 'report'> & {
  issued: number;
  pending: number;
};

/** A record without its figures, with the two the list shows (both adapters list through this). */
export function reportSummary(record: ScheduledReportRecord): ScheduledReportSummary {
  const { report, ...rest } = record;
  return { ...rest, issued: report.totals.issued, pending: report.funnel.pending };
}

/** Who receives the reports, as the admin last chose. */
export interface ReportRecipients {
  userIds: string[];
  updatedAt?: string;
  updatedBy?: string;
}

/** The store of kept reports and their recipients. */
export interface ScheduledReportStore {
  /** Keeps a report; false (and nothing written) when its period already has one. */
  insert(record: ScheduledReportRecord): Promise<boolean>;
  get(id: string): Promise<ScheduledReportRecord | undefined>;
  /** Kept reports, newest period first (monthly before quarterly within a month). */
  list(limit: number): Promise<ScheduledReportSummary[]>;
  /** Reports whose emails were not all queued yet, oldest first. */
  listUnsent(): Promise<ScheduledReportRecord[]>;
  /** Records that every recipient's email was queued. */
  markEmailed(id: string, at: string): Promise<void>;
  /** The chosen recipients (none chosen: an empty list). */
  getRecipients(): Promise<ReportRecipients>;
  setRecipients(recipients: ReportRecipients): Promise<void>;
}
