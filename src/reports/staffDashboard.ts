/**
 * The figures of the staff dashboard (GET /admin), read in one call so the page does one
 * thing: certificates issued this month against the same days of last month, with the
 * last 30 days day by day; work waiting for a reviewer (participants' submissions and
 * partners' accreditation items) and what of it is overdue; conversations over the
 * messaging SLA; certificates waiting for the participant's consent or failing to issue;
 * the account counts; and, for admins, the latest audit entries.
 *
 * Every read is bounded: counts by index, per-day counts over two months at most, and
 * lists with an explicit limit (a figure read from a capped list says so, "50+").
 */
import { AppError } from '../errors.js';
import { WALLET_COPY_KEY_PREFIXES } from '../exchanges/walletCopy.js';
import type { Actor, AccountDeps } from '../accounts/accountDeps.js';
import { consoleCounts } from '../accounts/directory.js';
import { recentAuditEntries } from '../accounts/auditLog.js';
import { INBOX_PAGE, staffInbox } from '../messaging/conversationReads.js';
import type { MessagingDeps } from '../messaging/messagingDeps.js';
import type { ApplicationRecord, AuditRecord, DayCount, Role, Stores } from '../storage/ports.js';

/** What the dashboard reads. */
export interface StaffDashboardDeps {
  stores: Pick<Stores, 'credentials' | 'enrolments' | 'submissions' | 'accreditation'>;
  accounts: AccountDeps;
  messaging: MessagingDeps;
  now: () => Date;
}

/**
 * Nothing in src/programs or src/accreditation sets a review service level (accreditation
 * deadlines are the partner's, not the reviewer's), so a review waiting longer than a week
 * counts as overdue.
 */
export const REVIEW_DAYS = 7;
/** The sweep retries a due certificate every minute; due for an hour means it keeps failing. */
export const STUCK_AFTER_HOURS = 1;
/** Days in the sparklines. */
const TREND_DAYS = 30;
/** Wallet copies are re-signed copies of a certificate, not new ones: their keys are left out. */
const WALLET_COPY_KEYS = WALLET_COPY_KEY_PREFIXES.map((prefix) => `${prefix}:`);
/** As many in-progress applications as the accreditation page lists. */
const APPLICATIONS_READ = 500;
/** Stuck certificates counted at most (the figure then reads "100+"). */
const STUCK_READ = 100;

const DAY_MS = 86_400_000;
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

/** A count per day, oldest first, one entry for every day of the window (zeros included). */
interface DailySeries {
  /** YYYY-MM-DD, UTC. */
  days: string[];
  values: number[];
  total: number;
}

/** A figure read from a capped list: `capped` when there may be more than `count`. */
interface CappedCount {
  count: number;
  capped: boolean;
}

export interface StaffDashboard {
  /** The instant the figures were read at (ISO). */
  at: string;
  issued: {
    /** Certificates issued since the 1st of this month (UTC). */
    thisMonth: number;
    /** Issued in the same days of last month (1st to the same day, or its last day). */
    lastMonthSoFar: number;
    /** The whole of last month. */
    lastMonth: number;
    /** YYYY-MM of this month and the last, for links, and their names for people. */
    month: string;
    previousMonth: string;
    monthName: string;
    previousMonthName: string;
    /** The days of last month compared with, in words: "1–7 November". */
    comparedWith: string;
    trend: DailySeries;
  };
  review: {
    /** Participants' submissions waiting for a reviewer's decision. */
    submissions: number;
    /** Submissions received per day (any outcome since). */
    submissionsTrend: DailySeries;
    /** Accreditation checklist items submitted by partners and waiting for staff. */
    accreditationItems: CappedCount;
    /** Waiting longer than REVIEW_DAYS. */
    overdueSubmissions: number;
    overdueAccreditationItems: number;
  };
  /** Conversations waiting for a staff answer longer than the SLA, among those the reader may see. */
  messagesOverSla: CappedCount & { slaHours: number };
  certificates: {
    /** Criteria met, waiting for the participant to agree to their name on it. */
    waitingForConsent: number;
    /** Due for longer than STUCK_AFTER_HOURS and still not issued. */
    failing: CappedCount;
  };
  accounts: { usersByRole: Record<Role, number>; organisations: number; teams: number };
  /** Admins only. */
  recentAudit?: AuditRecord[];
}

const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const startOfDay = (ms: number) => Math.floor(ms / DAY_MS) * DAY_MS;

/** The window's days with their counts, zeros filled in. */
function dailySeries(counts: DayCount[], lastDay: number, days: number): DailySeries {
  const byDay = new Map(counts.map((c) => [c.day, c.count]));
  const list = Array.from({ length: days }, (_, i) => dayOf(lastDay - (days - 1 - i) * DAY_MS));
  const values = list.map((d) => byDay.get(d) ?? 0);
  return { days: list, values, total: values.reduce((a, b) => a + b, 0) };
}

/** The month figures from per-day counts: this month so far, the same days of last month, all of last month. */
function monthFigures(counts: DayCount[], now: Date): Omit<StaffDashboard['issued'], 'trend'> {
  const y = now.getUTCFullYear();
  const m = now.getUTCMonth();
  const month = `${y}-${String(m + 1).padStart(2, '0')}`;
  const prev = new Date(Date.UTC(y, m - 1, 1));
  const previousMonth = prev.toISOString().slice(0, 7);
  // The same days of last month: up to today's day of the month, or the last day of a shorter month.
  const lastDay = Math.min(now.getUTCDate(), new Date(Date.UTC(y, m, 0)).getUTCDate());
  const sameDay = `${previousMonth}-${String(lastDay).padStart(2, '0')}`;
  const previousMonthName = MONTHS[prev.getUTCMonth()]!;
  const comparedWith = lastDay === 1 ? `1 ${previousMonthName}` : `1–${lastDay} ${previousMonthName}`;
  let thisMonth = 0;
  let lastMonth = 0;
  let lastMonthSoFar = 0;
  for (const { day, count } of counts) {
    if (day.startsWith(month)) thisMonth += count;
    else if (day.startsWith(previousMonth)) {
      lastMonth += count;
      if (day <= sameDay) lastMonthSoFar += count;
    }
  }
  return {
    thisMonth,
    lastMonth,
    lastMonthSoFar,
    month,
    previousMonth,
    monthName: MONTHS[m]!,
    previousMonthName,
    comparedWith,
  };
}

/** Accreditation items waiting for staff, and those waiting since before `overdueBefore` (their latest upload). */
function accreditationWaiting(
  applications: ApplicationRecord[],
  overdueBefore: string,
): { waiting: number; overdue: number } {
  let waiting = 0;
  let overdue = 0;
  for (const application of applications) {
    for (const item of application.items) {
      if (item.state !== 'submitted' && item.state !== 'under_review' && item.state !== 'additional_review')
        continue;
      waiting += 1;
      const since = item.documents.at(-1)?.uploadedAt ?? item.firstSubmittedAt;
      if (since && since < overdueBefore) overdue += 1;
    }
  }
  return { waiting, overdue };
}

/** The dashboard's figures for a staff member or admin at `deps.now()`. */
export async function staffDashboard(deps: StaffDashboardDeps, actor: Actor): Promise<StaffDashboard> {
  if (actor.role !== 'staff' && actor.role !== 'admin')
    throw new AppError('forbidden', 'The dashboard is for staff');
  const now = deps.now();
  const nowMs = now.getTime();
  const today = startOfDay(nowMs);
  const tomorrow = new Date(today + DAY_MS).toISOString();
  const trendFrom = today - (TREND_DAYS - 1) * DAY_MS;
  const lastMonthStart = Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1);
  // One range covers both the 30 days and this month and the last (at most 62 days).
  const issuedFrom = new Date(Math.min(trendFrom, lastMonthStart)).toISOString();
  const overdueBefore = new Date(nowMs - REVIEW_DAYS * DAY_MS).toISOString();
  const { stores } = deps;

  const [
    issuedDays,
    submissionDays,
    submissions,
    overdueSubmissions,
    applications,
    overSla,
    waitingForConsent,
    stuck,
    accounts,
    recentAudit,
  ] = await Promise.all([
    stores.credentials.issuedPerDay({ from: issuedFrom, to: tomorrow, excludeKeyPrefixes: WALLET_COPY_KEYS }),
    stores.submissions.submittedPerDay({ from: new Date(trendFrom).toISOString(), to: tomorrow }),
    stores.submissions.countSubmissions({ state: 'submitted' }),
    stores.submissions.countSubmissions({ state: 'submitted', submittedBefore: overdueBefore }),
    stores.accreditation.listApplications({ status: 'in_progress', limit: APPLICATIONS_READ }),
    // The inbox's own "over the SLA" view, so the figure and the list it links to agree.
    staffInbox(deps.messaging, actor, { view: 'overdue' }),
    stores.enrolments.countEnrolments({ status: 'waiting', waitingOn: 'consent' }),
    stores.enrolments.listDueEnrolments(
      new Date(nowMs - STUCK_AFTER_HOURS * 3_600_000).toISOString(),
      STUCK_READ,
    ),
    consoleCounts(deps.accounts, actor),
    actor.role === 'admin' ? recentAuditEntries(deps.accounts, actor, 10) : Promise.resolve(undefined),
  ]);
  const accreditation = accreditationWaiting(applications, overdueBefore);

  return {
    at: now.toISOString(),
    issued: { ...monthFigures(issuedDays, now), trend: dailySeries(issuedDays, today, TREND_DAYS) },
    review: {
      submissions,
      submissionsTrend: dailySeries(submissionDays, today, TREND_DAYS),
      accreditationItems: { count: accreditation.waiting, capped: applications.length >= APPLICATIONS_READ },
      overdueSubmissions,
      overdueAccreditationItems: accreditation.overdue,
    },
    messagesOverSla: {
      count: overSla.items.length,
      capped: overSla.items.length >= INBOX_PAGE,
      slaHours: overSla.slaHours,
    },
    certificates: { waitingForConsent, failing: { count: stuck.length, capped: stuck.length >= STUCK_READ } },
    accounts,
    ...(recentAudit ? { recentAudit } : {}),
  };
}
