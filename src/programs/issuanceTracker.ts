/**
 * The issuance tracker of a batch: who is in progress (and what is missing, in words),
 * waiting (and on what, until when), due, issued, revoked or missed, with counts. Staff
 * read it to answer "why hasn't X got a certificate?" without opening anything else.
 */
import type { CourseRecord, EnrolmentRecord, EnrolmentStatus } from '../storage/ports.js';
import { toCsv } from '../reports/csv.js';

/** One participant's line. */
export interface TrackerRow {
  userId: string;
  name: string;
  status: EnrolmentStatus;
  /** The state in words, e.g. "missing: CSS layout, a pass in Final assessment". */
  detail: string;
  enrolledAt: string;
  dueAt?: string;
  credentialId?: string;
  issuedAt?: string;
  /** Certificates issued before the current one (re-issues). */
  earlier: number;
}

/** The tracker: rows grouped by status, and counts. */
export interface BatchTracker {
  counts: Record<EnrolmentStatus, number>;
  rows: TrackerRow[];
}

/** The order groups are shown in: what needs attention first. */
export const STATUS_ORDER: EnrolmentStatus[] = ['due', 'waiting', 'in_progress', 'issued', 'revoked', 'missed'];

/** A missing-criterion code in words, using the course's titles when given. */
export function describeMissing(code: string, course?: CourseRecord): string {
  const [kind, id] = code.split(/:(.*)/s) as [string, string | undefined];
  switch (kind) {
    case 'module':
      return `module "${course?.modules.find((m) => m.id === id)?.title ?? id}"`;
    case 'assessment':
      return `a pass in "${course?.assessments.find((a) => a.id === id)?.title ?? id}"`;
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

function detailOf(e: EnrolmentRecord, course?: CourseRecord): string {
  const missing = e.missing.map((code) => describeMissing(code, course)).join(', ');
  switch (e.status) {
    case 'in_progress':
      return missing ? `missing: ${missing}` : 'enrolled, nothing recorded yet';
    case 'waiting':
      return e.waitingOn === 'consent' ? 'criteria met; waiting for consent to their name on the certificate' : `criteria met; held until ${e.dueAt ?? 'the hold period ends'}`;
    case 'due':
      return 'criteria met; being issued';
    case 'issued':
      return e.certificates.length > 1 ? `issued (re-issued ${e.certificates.length - 1} time(s))` : 'issued';
    case 'revoked':
      return `revoked${e.certificates.at(-1)?.revokedReason ? `: ${e.certificates.at(-1)!.revokedReason}` : ''}`;
    case 'missed':
      return missing ? `deadline passed; missing: ${missing}` : 'deadline passed';
  }
}

/** Builds the tracker of one batch's enrolments. */
export function trackBatch(enrolments: readonly EnrolmentRecord[], names: ReadonlyMap<string, string>, course?: CourseRecord): BatchTracker {
  const counts = Object.fromEntries(STATUS_ORDER.map((s) => [s, 0])) as Record<EnrolmentStatus, number>;
  const rows = enrolments.map((e): TrackerRow => {
    counts[e.status]++;
    return {
      userId: e.userId,
      name: names.get(e.userId) ?? e.userId,
      status: e.status,
      detail: detailOf(e, course),
      enrolledAt: e.enrolledAt,
      ...(e.dueAt ? { dueAt: e.dueAt } : {}),
      ...(e.credentialId ? { credentialId: e.credentialId } : {}),
      ...(e.issuedAt ? { issuedAt: e.issuedAt } : {}),
      earlier: Math.max(0, e.certificates.length - 1),
    };
  });
  rows.sort((a, b) => STATUS_ORDER.indexOf(a.status) - STATUS_ORDER.indexOf(b.status) || a.name.localeCompare(b.name));
  return { counts, rows };
}

/** The tracker as CSV. */
export function trackerCsv(tracker: BatchTracker): string {
  return toCsv(
    ['name', 'userId', 'status', 'detail', 'enrolledAt', 'dueAt', 'issuedAt', 'credentialId', 'earlierCertificates'],
    tracker.rows.map((r) => [r.name, r.userId, r.status, r.detail, r.enrolledAt, r.dueAt, r.issuedAt, r.credentialId, r.earlier]),
  );
}
