/**
 * Reading the audit log (admin only): a filtered page with a `before` cursor, and an
 * export of the same filter. Exporting is itself audited, since the log names people.
 */
import { AppError } from '../errors.js';
import type { AccountDeps, Actor } from './accountDeps.js';
import { audit } from './audit.js';
import type { AuditRecord, AuditStore } from '../storage/ports.js';

/** Entries per console page. */
const AUDIT_PAGE_SIZE = 50;
/** The most entries one export holds. */
const AUDIT_EXPORT_LIMIT = 10_000;
/** The most entries sharing one timestamp a page takes in (see listAuditPage). */
const TIE_LIMIT = 1_000;

/** A validated audit filter; `from` and `to` are whole days (UTC), both inclusive. */
export interface AuditQuery {
  action?: string;
  actorId?: string;
  from?: string;
  to?: string;
  /** Only entries older than this timestamp (the previous page's cursor). */
  before?: string;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$/;

function day(value: string, label: string): string {
  if (
    !DAY.test(value) ||
    Number.isNaN(Date.parse(`${value}T00:00:00Z`)) ||
    new Date(`${value}T00:00:00Z`).toISOString().slice(0, 10) !== value
  ) {
    throw new AppError('invalid_request', `Enter the ${label} date as YYYY-MM-DD`);
  }
  return value;
}

/** Validates filter fields from a query string; blank fields are no filter. */
export function parseAuditQuery(raw: Record<string, string | undefined>): AuditQuery {
  const text = (name: string) => raw[name]?.trim() || undefined;
  const query: AuditQuery = {};
  const action = text('action');
  const actorId = text('actorId');
  const from = text('from');
  const to = text('to');
  const before = text('before');
  if (action) query.action = action.slice(0, 100);
  if (actorId) query.actorId = actorId.slice(0, 100);
  if (from) query.from = day(from, '"from"');
  if (to) query.to = day(to, '"to"');
  if (query.from && query.to && query.from > query.to)
    throw new AppError('invalid_request', 'The "from" date must not be after the "to" date');
  if (before) {
    if (!TIMESTAMP.test(before) || Number.isNaN(Date.parse(before)))
      throw new AppError('invalid_request', 'The page cursor is not a timestamp; go back to the first page');
    query.before = before;
  }
  return query;
}

function storeFilter(query: AuditQuery): Omit<Parameters<AuditStore['list']>[0], 'limit'> {
  return {
    ...(query.action ? { action: query.action } : {}),
    ...(query.actorId ? { actorId: query.actorId } : {}),
    ...(query.from ? { from: `${query.from}T00:00:00.000Z` } : {}),
    ...(query.to ? { to: `${query.to}T23:59:59.999Z` } : {}),
    ...(query.before ? { before: query.before } : {}),
  };
}

function requireAdmin(actor: Actor): void {
  if (actor.role !== 'admin') throw new AppError('forbidden', 'Only an admin can read the audit log');
}

/**
 * One page of entries, newest first, and the cursor for the next page. The store's
 * cursor is a timestamp, so entries sharing the last timestamp of a page would fall
 * between pages; the page takes all of them in instead.
 */
export async function listAuditPage(
  deps: AccountDeps,
  actor: Actor,
  query: AuditQuery,
): Promise<{ records: AuditRecord[]; nextBefore?: string }> {
  requireAdmin(actor);
  const filter = storeFilter(query);
  const rows = await deps.stores.audit.list({ ...filter, limit: AUDIT_PAGE_SIZE + 1 });
  if (rows.length <= AUDIT_PAGE_SIZE) return { records: rows };
  const boundary = rows[AUDIT_PAGE_SIZE - 1]!.at;
  if (rows[AUDIT_PAGE_SIZE]!.at !== boundary)
    return { records: rows.slice(0, AUDIT_PAGE_SIZE), nextBefore: boundary };
  const newer = rows.filter((r) => r.at > boundary);
  const tied = await deps.stores.audit.list({ ...filter, from: boundary, to: boundary, limit: TIE_LIMIT });
  const older = await deps.stores.audit.list({ ...filter, before: boundary, limit: 1 });
  return { records: [...newer, ...tied], ...(older.length > 0 ? { nextBefore: boundary } : {}) };
}

/** Entries for download (up to AUDIT_EXPORT_LIMIT), newest first; the export is audited. */
export async function exportAuditRecords(
  deps: AccountDeps,
  actor: Actor,
  query: AuditQuery,
  format: 'csv' | 'json',
): Promise<AuditRecord[]> {
  requireAdmin(actor);
  const records = await deps.stores.audit.list({ ...storeFilter(query), limit: AUDIT_EXPORT_LIMIT });
  await audit(
    deps,
    actor,
    'audit.exported',
    { type: 'audit_log' },
    { format, count: records.length, ...query },
  );
  return records;
}

/** The latest few entries, for the console dashboard (admin only). */
export async function recentAuditEntries(
  deps: AccountDeps,
  actor: Actor,
  limit = 10,
): Promise<AuditRecord[]> {
  requireAdmin(actor);
  return deps.stores.audit.list({ limit: Math.min(Math.max(1, limit), AUDIT_PAGE_SIZE) });
}
