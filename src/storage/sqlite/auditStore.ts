/**
 * The SQLite AuditStore: an append-only table, listed newest first. Filters combine
 * with AND; `from` and `to` are inclusive bounds on `at`, `before` an exclusive cursor
 * (the `at` of the last record of the previous page). Ties on `at` are broken by
 * insertion order, newest first.
 */
import type { AuditRecord, AuditStore } from '../ports.js';
import { setPresent } from './rows.js';
import type { SqliteDb } from './schema.js';

/** A row of `audit_log`. */
interface AuditRow {
  id: string;
  at: string;
  actor_id: string;
  actor_label: string;
  action: string;
  object_type: string;
  object_id: string | null;
  details: string | null;
}

/** The named parameters of the list query; NULL means "no such filter". */
interface ListParams {
  actorId: string | null;
  action: string | null;
  objectId: string | null;
  from: string | null;
  to: string | null;
  before: string | null;
  limit: number;
}

/** Maps an `audit_log` row to its record, omitting unset optional fields. */
function toAuditRecord(row: AuditRow): AuditRecord {
  const record: AuditRecord = {
    id: row.id,
    at: row.at,
    actorId: row.actor_id,
    actorLabel: row.actor_label,
    action: row.action,
    objectType: row.object_type,
  };
  return setPresent(record, {
    objectId: row.object_id,
    details: row.details === null ? null : (JSON.parse(row.details) as Record<string, unknown>),
  });
}

/** Builds the audit store over an open database whose schema has been applied. */
export function createSqliteAuditStore(db: SqliteDb): AuditStore {
  const insert = db.prepare<[string, string, string, string, string, string, string | null, string | null]>(
    `INSERT INTO audit_log (id, at, actor_id, actor_label, action, object_type, object_id, details)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const page = db.prepare<[ListParams], AuditRow>(
    `SELECT * FROM audit_log
     WHERE (@actorId IS NULL OR actor_id = @actorId)
       AND (@action IS NULL OR action = @action)
       AND (@objectId IS NULL OR object_id = @objectId)
       AND (@from IS NULL OR at >= @from)
       AND (@to IS NULL OR at <= @to)
       AND (@before IS NULL OR at < @before)
     ORDER BY at DESC, rowid DESC
     LIMIT @limit`,
  );
  return {
    append: async (r) => {
      const details = r.details === undefined ? null : JSON.stringify(r.details);
      insert.run(r.id, r.at, r.actorId, r.actorLabel, r.action, r.objectType, r.objectId ?? null, details);
    },
    list: async (f) =>
      page
        .all({
          actorId: f.actorId ?? null,
          action: f.action ?? null,
          objectId: f.objectId ?? null,
          from: f.from ?? null,
          to: f.to ?? null,
          before: f.before ?? null,
          limit: Math.max(0, f.limit),
        })
        .map(toAuditRecord),
  };
}
