/**
 * The issuance tracker of a batch: who is in progress (and what is missing, in words),
 * waiting (and on what, until when), due, issued, revoked or missed, with counts. Staff
 * read it to answer "why hasn't X got a certificate?" without opening anything else.
 * Pure: the caller reads the enrolments and the participants' names from the store.
 */
import type { CourseRecord, EnrolmentRecord, EnrolmentStatus } from '../storage/ports.js';
import { plural } from '../plural.js';

// The CSV of the tracker lives with the other CSV exports; re-exported for existing importers.
export { trackerCsv } from './reportCsv.js';

/** One participant's line. */
export interface TrackerRow {
  userId: string;
  name: string;
  status: EnrolmentStatus;
  /** The state in words, e.g. `missing: module "CSS layout", a pass in "Final assessment"`. */
  detail: string;
  /** Unmet criteria in words (in progress and missed; empty otherwise). */
  missing: string[];
  enrolledAt: string;
  /** Waiting only: for the participant's consent, or for the hold period to end. */
  waitingOn?: 'consent' | 'hold';
  dueAt?: string;
  credentialId?: string;
  issuedAt?: string;
  /** Certificates issued before the current one (re-issues). */
  earlier: number;
  /** Revoked only: when and why the last certificate was revoked. */
  revokedAt?: string;
  revokedReason?: string;
}

/** The tracker: counts per status, and the rows in STATUS_ORDER, then by name. */
export interface BatchTracker {
  counts: Record<EnrolmentStatus, number>;
  rows: TrackerRow[];
}

/** One group of the tracker, as a page or a report section shows it. */
export interface TrackerGroup {
  status: EnrolmentStatus;
  label: string;
  rows: TrackerRow[];
}

/** The order groups are shown in: what needs attention first. */
export const STATUS_ORDER: EnrolmentStatus[] = [
  'due',
  'waiting',
  'in_progress',
  'issued',
  'revoked',
  'missed',
];

/** Each status as a group heading. */
const STATUS_LABELS: Record<EnrolmentStatus, string> = {
  due: 'Due for issuance',
  waiting: 'Criteria met, waiting',
  in_progress: 'In progress',
  issued: 'Issued',
  revoked: 'Revoked',
  missed: 'Missed the deadline',
};

/**
 * A missing-criterion code in words, using the course's module and assessment titles when
 * the course is given (the id otherwise). Codes this version does not know are returned
 * verbatim, so a newer evaluator never makes the tracker fail or hide a reason.
 */
export function describeMissing(code: string, course?: CourseRecord): string {
  const [kind, id] = code.split(/:(.*)/s) as [string, string | undefined];
  switch (kind) {
    case 'module':
      return id
        ? `module "${course?.modules.find((m) => m.id === id)?.title ?? id}"`
        : 'the required modules';
    case 'modules':
      return 'the required modules';
    case 'assessment':
      return id
        ? `a pass in "${course?.assessments.find((a) => a.id === id)?.title ?? id}"`
        : 'a pass in the required assessments';
    case 'participation':
      return 'peer reviews or discussion posts';
    case 'content_approval':
      return 'approval of their submitted work';
    case 'deadline':
      return 'meeting the criteria before the deadline';
    case 'account_erased':
      return 'an account (it was erased)';
    default:
      return code;
  }
}

function detailOf(e: EnrolmentRecord, missing: string[]): string {
  const list = missing.join(', ');
  switch (e.status) {
    case 'in_progress':
      return list ? `missing: ${list}` : 'enrolled, nothing recorded yet';
    case 'waiting':
      return e.waitingOn === 'consent'
        ? 'criteria met; waiting for consent to their name on the certificate'
        : `criteria met; held until ${e.dueAt ?? 'the hold period ends'}`;
    case 'due':
      return 'criteria met; being issued';
    case 'issued':
      return e.certificates.length > 1
        ? `issued (re-issued ${plural(e.certificates.length - 1, 'time')})`
        : 'issued';
    case 'revoked':
      return `revoked${e.certificates.at(-1)?.revokedReason ? `: ${e.certificates.at(-1)!.revokedReason}` : ''}`;
    case 'missed':
      return list ? `deadline passed; missing: ${list}` : 'deadline passed';
  }
}

function rowOf(e: EnrolmentRecord, names: ReadonlyMap<string, string>, course?: CourseRecord): TrackerRow {
  const missing =
    e.status === 'in_progress' || e.status === 'missed'
      ? e.missing.map((code) => describeMissing(code, course))
      : [];
  const last = e.certificates.at(-1);
  return {
    userId: e.userId,
    // An erased or unknown account still shows, by id, so the counts add up.
    name: names.get(e.userId) ?? e.userId,
    status: e.status,
    detail: detailOf(e, missing),
    missing,
    enrolledAt: e.enrolledAt,
    ...(e.status === 'waiting' && e.waitingOn ? { waitingOn: e.waitingOn } : {}),
    ...(e.dueAt ? { dueAt: e.dueAt } : {}),
    ...(e.credentialId ? { credentialId: e.credentialId } : {}),
    ...(e.issuedAt ? { issuedAt: e.issuedAt } : {}),
    earlier: Math.max(0, e.certificates.length - 1),
    ...(e.status === 'revoked' && last?.revokedAt ? { revokedAt: last.revokedAt } : {}),
    ...(e.status === 'revoked' && last?.revokedReason ? { revokedReason: last.revokedReason } : {}),
  };
}

const byCodePoint = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Builds the tracker of one batch's enrolments; `names` maps user ids to display names. */
export function trackBatch(
  enrolments: readonly EnrolmentRecord[],
  names: ReadonlyMap<string, string>,
  course?: CourseRecord,
): BatchTracker {
  const counts = Object.fromEntries(STATUS_ORDER.map((s) => [s, 0])) as Record<EnrolmentStatus, number>;
  for (const e of enrolments) counts[e.status]++;
  const rows = enrolments.map((e) => rowOf(e, names, course));
  // Name in a fixed locale, then id: the same order on every host, even for equal names.
  rows.sort(
    (a, b) =>
      STATUS_ORDER.indexOf(a.status) - STATUS_ORDER.indexOf(b.status) ||
      a.name.localeCompare(b.name, 'en') ||
      byCodePoint(a.userId, b.userId),
  );
  return { counts, rows };
}

/**
 * The tracker's rows grouped by status, in STATUS_ORDER, every status present (empty
 * groups included, so the headings and counts line up). Derived on demand rather than
 * stored on the tracker, so the JSON of a large batch does not carry every row twice.
 */
export function trackerGroups(tracker: BatchTracker): TrackerGroup[] {
  return STATUS_ORDER.map((status) => ({
    status,
    label: STATUS_LABELS[status],
    rows: tracker.rows.filter((r) => r.status === status),
  }));
}
