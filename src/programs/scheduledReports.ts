/**
 * Scheduled programme reports: after each month and each quarter ends, the programme
 * report of that period (issued, pending, approval-to-issuance time, by course: the
 * figures of the reports dashboard, reports.ts) is made once, kept with its figures as
 * they were, and emailed to the staff an admin chose, with the headline figures and a
 * link to the kept copy in the console.
 *
 * Once per period, across restarts and instances: the store keeps one report per period
 * (its id is the kind and period, so of two instances exactly one insert wins), and each
 * recipient's email has a dedupe key of the report and person, so a run that died half
 * way finishes the sending on the next tick without sending anyone a second copy. The
 * recipients are those chosen when the report was made (kept on it), so someone added
 * later does not receive old reports.
 */
import type { Actor } from '../accounts/accountDeps.js';
import { audit } from '../accounts/audit.js';
import { AppError } from '../errors.js';
import type { Logger } from '../logging/logger.js';
import { notify } from '../notifications/notify.js';
import { repeatEvery } from '../scheduling/repeat.js';
import {
  STAFF_ROLES,
  type ReportCadence,
  type ReportRecipients,
  type ScheduledReportRecord,
  type ScheduledReportSummary,
  type UserRecord,
} from '../storage/ports.js';
import type { ProgramDeps } from './programDeps.js';
import { programReportCsv } from './reportCsv.js';
import { readProgramReport } from './tracking.js';
import { activeStaffMembers } from '../accounts/staffMembers.js';

/** Where the kept reports are in the console. */
export const KEPT_REPORTS_PATH = '/admin/reports';

/** The most reports the console lists (12 months and 4 quarters a year: years of them). */
const LIST_LIMIT = 200;

/** One period a report covers. */
interface ReportPeriod {
  kind: ReportCadence;
  period: string;
  /** First and last month, YYYY-MM, both inclusive (the report's period filter). */
  from: string;
  to: string;
}

const ym = (year: number, month0: number) => {
  const d = new Date(Date.UTC(year, month0, 1));
  return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
};

/** The last month and the last quarter that ended before `now` (UTC). */
export function lastCompletedPeriods(now: Date): ReportPeriod[] {
  const year = now.getUTCFullYear();
  const month0 = now.getUTCMonth();
  const lastMonth = ym(year, month0 - 1);
  // The quarter before the current one: its first month is three before this quarter's.
  const quarterStart0 = Math.floor(month0 / 3) * 3 - 3;
  const qFrom = ym(year, quarterStart0);
  const qTo = ym(year, quarterStart0 + 2);
  const quarter = `${qFrom.slice(0, 4)}-Q${Math.floor((Number(qFrom.slice(5, 7)) - 1) / 3) + 1}`;
  return [
    { kind: 'monthly', period: lastMonth, from: lastMonth, to: lastMonth },
    { kind: 'quarterly', period: quarter, from: qFrom, to: qTo },
  ];
}

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** "November 2026" or "2026-Q4 (October to December 2026)". */
export function periodLabel(report: Pick<ScheduledReportRecord, 'kind' | 'period' | 'from' | 'to'>): string {
  const name = (m: string) => `${MONTHS[Number(m.slice(5, 7)) - 1]} ${m.slice(0, 4)}`;
  return report.kind === 'monthly'
    ? name(report.period)
    : `${report.period} (${MONTHS[Number(report.from.slice(5, 7)) - 1]} to ${name(report.to)})`;
}

/** Staff and admins may read the kept reports. */
function requireStaff(actor: Actor): void {
  if (actor.role !== 'staff' && actor.role !== 'admin')
    throw new AppError('forbidden', 'Only staff see the programme reports');
}

/** Only admins choose who receives them. */
function requireAdmin(actor: Actor): void {
  if (actor.role !== 'admin') throw new AppError('forbidden', 'Only admins choose who receives the reports');
}

const isActiveStaff = (user: UserRecord | undefined): user is UserRecord =>
  !!user && user.status === 'active' && (STAFF_ROLES as readonly string[]).includes(user.role);

/** Makes (and keeps) the report of one period unless it exists; true when this call made it. */
async function makeReport(deps: ProgramDeps, period: ReportPeriod): Promise<boolean> {
  const id = `${period.kind}-${period.period}`;
  if (await deps.stores.scheduledReports.get(id)) return false;
  const [report, recipients] = await Promise.all([
    readProgramReport(deps, { from: period.from, to: period.to }),
    deps.stores.scheduledReports.getRecipients(),
  ]);
  const made = await deps.stores.scheduledReports.insert({
    id,
    ...period,
    generatedAt: deps.now().toISOString(),
    recipientIds: recipients.userIds,
    report,
  });
  if (made) {
    const system: Actor = { id: 'system', label: 'scheduled reports', role: 'staff' };
    await audit(deps, system, 'programme_report.generated', { type: 'scheduled_report', id });
  }
  return made;
}

/** The email's headline figures and link, as the trigger's placeholders. */
function emailValues(deps: ProgramDeps, record: ScheduledReportRecord): Record<string, string> {
  const r = record.report;
  const courses = r.byCourse
    .filter((c) => c.issued > 0)
    .map((c) => `${c.title}: ${c.issued} issued`)
    .join('\n');
  return {
    period: periodLabel(record),
    issued: String(r.totals.issued),
    reissued: String(r.totals.reissued),
    pending: String(r.funnel.pending),
    medianHours: String(r.approvalToIssuance.medianHours),
    meanHours: String(r.approvalToIssuance.meanHours),
    courses: courses || 'No certificates were issued in this period.',
    reportUrl: `${deps.settings.publicUrl}${KEPT_REPORTS_PATH}/kept/${record.id}`,
  };
}

/** Queues the email of every recipient of a report not sent yet (each once), then marks it sent. */
async function sendReport(deps: ProgramDeps, record: ScheduledReportRecord): Promise<number> {
  let sent = 0;
  const values = emailValues(deps, record);
  for (const userId of record.recipientIds) {
    const user = await deps.stores.users.get(userId);
    // Someone no longer staff (or disabled since) is left out.
    if (!isActiveStaff(user)) continue;
    const message = await notify(deps.notifications, user, {
      trigger: 'programme_report_ready',
      dedupeKey: `programme_report:${record.id}:${user.id}`,
      channels: ['email'],
      values,
    });
    if (message) sent += 1;
  }
  await deps.stores.scheduledReports.markEmailed(record.id, deps.now().toISOString());
  return sent;
}

/**
 * One run of the job: makes the last month's and the last quarter's reports if they are
 * not kept yet, then sends every report not yet sent. Safe to run at any time, any number
 * of times, on any number of instances.
 */
export async function runScheduledReports(deps: ProgramDeps): Promise<{ made: string[]; emails: number }> {
  const made: string[] = [];
  for (const period of lastCompletedPeriods(deps.now()))
    if (await makeReport(deps, period)) made.push(`${period.kind}-${period.period}`);
  let emails = 0;
  for (const record of await deps.stores.scheduledReports.listUnsent())
    emails += await sendReport(deps, record);
  return { made, emails };
}

/** Starts the job on the shared scheduling (hourly: a period's report comes within the hour after it ends). */
export function startScheduledReports(deps: ProgramDeps, logger: Logger, intervalMs = 3600_000): () => void {
  return repeatEvery(
    'scheduled programme reports',
    intervalMs,
    async () => {
      const { made, emails } = await runScheduledReports(deps);
      if (made.length > 0) logger.info({ job: 'scheduled programme reports', made, emails }, 'reports made');
    },
    logger,
  );
}

/** The kept reports, newest first, and (for an admin) how many people receive them (staff). */
export async function reportsOverview(
  deps: ProgramDeps,
  actor: Actor,
): Promise<{ reports: ScheduledReportSummary[]; recipients?: number }> {
  requireStaff(actor);
  const reports = await deps.stores.scheduledReports.list(LIST_LIMIT);
  if (actor.role !== 'admin') return { reports };
  return { reports, recipients: (await deps.stores.scheduledReports.getRecipients()).userIds.length };
}

/** One kept report (staff); 404 when there is none. */
export async function keptReport(
  deps: ProgramDeps,
  actor: Actor,
  id: string,
): Promise<ScheduledReportRecord> {
  requireStaff(actor);
  const record = await deps.stores.scheduledReports.get(id);
  if (!record) throw new AppError('not_found', 'No such report');
  return record;
}

/** A kept report as CSV (the dashboard's CSV layout, reportCsv.ts) and its file name. */
export async function keptReportCsv(
  deps: ProgramDeps,
  actor: Actor,
  id: string,
): Promise<{ fileName: string; csv: string }> {
  const record = await keptReport(deps, actor, id);
  return { fileName: `programme-report-${record.id}.csv`, csv: programReportCsv(record.report) };
}

/** Who receives the reports and whom an admin may choose from (admins). */
export async function reportRecipients(
  deps: ProgramDeps,
  actor: Actor,
): Promise<{ chosen: ReportRecipients; candidates: UserRecord[] }> {
  requireAdmin(actor);
  const [chosen, candidates] = await Promise.all([
    deps.stores.scheduledReports.getRecipients(),
    activeStaffMembers(deps, actor),
  ]);
  return { chosen, candidates };
}

/** Saves the recipients (admins); each must be an active staff member or admin. */
export async function chooseReportRecipients(
  deps: ProgramDeps,
  actor: Actor,
  userIds: string[],
): Promise<ReportRecipients> {
  requireAdmin(actor);
  const unique = [...new Set(userIds)];
  if (unique.length > 100) throw new AppError('invalid_request', 'Choose at most 100 recipients');
  for (const userId of unique) {
    if (!isActiveStaff(await deps.stores.users.get(userId)))
      throw new AppError('invalid_request', 'Recipients must be active staff members or admins');
  }
  const recipients: ReportRecipients = {
    userIds: unique,
    updatedAt: deps.now().toISOString(),
    updatedBy: actor.id,
  };
  await deps.stores.scheduledReports.setRecipients(recipients);
  await audit(
    deps,
    actor,
    'programme_report.recipients_changed',
    { type: 'scheduled_reports' },
    {
      recipients: unique.length,
    },
  );
  return recipients;
}
