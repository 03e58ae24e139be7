/**
 * The SQLite CredentialStore (credentials) and StatusListStore (their status flags, the
 * status lists and the cache of signed lists), over the same tables. Every multi-row change
 * runs in one better-sqlite3 transaction.
 */
import type {
  CredentialRecord,
  CredentialStore,
  DayCount,
  PublishedStatusList,
  StatusEntryRef,
  StatusListStore,
} from '../ports.js';
import { createCredentialReader } from './credentialReader.js';
import { createSqliteReserve } from './reserve.js';
import { toPublished, toStatusListRecord, type PublishedRow, type StatusListRow } from './rows.js';
import type { SqliteDb } from './schema.js';
import { immediateWithRetry } from './busyRetry.js';

type StatusChange = Parameters<StatusListStore['setStatus']>[1];

/** Whether an entry's bit differs between two versions of the same credential. */
function bitChanged(
  entry: StatusEntryRef,
  before: CredentialRecord,
  after: { revoked: boolean; suspended: boolean },
) {
  return entry.purpose === 'revocation'
    ? before.revoked !== after.revoked
    : before.suspended !== after.suspended;
}

/** Builds the credential store over an open database whose schema has been applied. */
export function createSqliteCredentialStore(db: SqliteDb): CredentialStore {
  const reader = createCredentialReader(db);
  const reserve = createSqliteReserve(db, reader);

  const issue = db.prepare<[string, string, string]>(
    // The unsigned copy goes: the signed credential holds the same content, and keeping both
    // doubled every issued row (and the pages each issuance writes and each read parses).
    "UPDATE credentials SET credential = ?, unsigned = 'null', state = 'issued', updated_at = ? WHERE id = ? AND state = 'reserved'",
  );
  const updatePublic = db.prepare<[number, string, string]>(
    'UPDATE credentials SET is_public = ?, updated_at = ? WHERE id = ?',
  );
  const replacementOf = db.prepare<[string], { id: string }>(
    `SELECT id FROM credentials WHERE supersedes = ? AND state = 'issued'
     ORDER BY created_at DESC, rowid DESC LIMIT 1`,
  );
  const deleteReserved = db.prepare<[string]>("DELETE FROM credentials WHERE id = ? AND state = 'reserved'");
  const idsByHolder = db.prepare<[string], { id: string }>(
    'SELECT id FROM credentials WHERE holder_user_id = ? ORDER BY created_at DESC, rowid DESC',
  );
  // The JSON text 'null' stands for "no unsigned credential": the column is NOT NULL in older files.
  const redact = db.prepare<[string, string, string]>(
    `UPDATE credentials SET unsigned = 'null', credential = NULL, is_public = 0, holder_user_id = NULL,
       redacted_at = ?, updated_at = ?
     WHERE id = ? AND redacted_at IS NULL`,
  );

  // One UPDATE is atomic on its own; the record is read back after it commits, so the
  // write lock is held only for the update (see reserve.ts on several writers).
  // Serialised before the write lock is asked for; the lock is contended (retried finely).
  const issueRow = immediateWithRetry(
    db,
    db.transaction((json: string, now: string, id: string) => issue.run(json, now, id)),
  );
  const markIssued = (id: string, credential: Record<string, unknown>, now: string) => {
    issueRow(JSON.stringify(credential), now, id);
    // No row: unknown id (a bug). Not reserved any more: a racing caller issued it first, keep theirs.
    const record = reader.byId(id);
    if (!record) throw new Error(`markIssued: no credential with id ${id}`);
    return record;
  };

  const setPublic = db.transaction((id: string, isPublic: boolean, now: string) => {
    if (updatePublic.run(isPublic ? 1 : 0, now, id).changes === 0) return undefined;
    return reader.byId(id);
  });

  const listByHolder = db.transaction((userId: string) =>
    idsByHolder.all(userId).map((r) => reader.byId(r.id)!),
  );

  const findReplacement = db.transaction((id: string) => {
    const row = replacementOf.get(id);
    return row ? reader.byId(row.id) : undefined;
  });

  // Redacting twice keeps the first redactedAt: the record is returned as it is.
  const redactPersonalData = db.transaction((id: string, now: string) => {
    redact.run(now, now, id);
    return reader.byId(id);
  });

  // Per day by index (credentials_issued); one fragment per excluded prefix, values as parameters.
  const issuedPerDay = (range: { from: string; to: string; excludeKeyPrefixes?: string[] }): DayCount[] => {
    const prefixes = range.excludeKeyPrefixes ?? [];
    const sql = `SELECT substr(created_at, 1, 10) AS day, count(*) AS count FROM credentials
       WHERE state = 'issued' AND created_at >= ? AND created_at < ?${prefixes.map(() => ' AND substr(idempotency_key, 1, length(?)) <> ?').join('')}
       GROUP BY day ORDER BY day`;
    return db.prepare<string[], DayCount>(sql).all(range.from, range.to, ...prefixes.flatMap((p) => [p, p]));
  };

  return {
    reserve: async (input) => reserve(input),
    markIssued: async (id, credential, now) => markIssued(id, credential, now),
    discardReserved: async (id) => deleteReserved.run(id).changes > 0,
    get: async (id) => reader.byId(id),
    getByIdempotencyKey: async (key) => reader.byIdempotencyKey(key),
    getByVerificationToken: async (token) => reader.byVerificationToken(token),
    getByCertificateNumber: async (certificateNumber) => reader.byCertificateNumber(certificateNumber),
    findReplacement: async (id) => findReplacement(id),
    setPublic: async (id, isPublic, now) => setPublic.immediate(id, isPublic, now),
    listByHolder: async (userId) => listByHolder(userId),
    issuedPerDay: async (range) => issuedPerDay(range),
    redactPersonalData: async (id, now) => redactPersonalData.immediate(id, now),
  };
}

/** Builds the status list store over an open database whose schema has been applied. */
export function createSqliteStatusListStore(db: SqliteDb): StatusListStore {
  const reader = createCredentialReader(db);

  const updateStatus = db.prepare<[number, number, string | null, string, string]>(
    'UPDATE credentials SET revoked = ?, suspended = ?, status_reason = ?, updated_at = ? WHERE id = ?',
  );
  const bumpVersion = db.prepare<[string]>('UPDATE status_lists SET version = version + 1 WHERE id = ?');
  const listById = db.prepare<[string], StatusListRow>('SELECT * FROM status_lists WHERE id = ?');
  const setIndexes = db.prepare<[string], { idx: number }>(
    `SELECT e.idx FROM status_entries e JOIN credentials c ON c.id = e.credential_id
     WHERE e.list_id = ?
       AND ((e.purpose = 'revocation' AND c.revoked = 1) OR (e.purpose = 'suspension' AND c.suspended = 1))
     ORDER BY e.idx`,
  );
  const publishedById = db.prepare<[string], PublishedRow>(
    'SELECT * FROM published_status_lists WHERE list_id = ?',
  );
  const upsertPublished = db.prepare<[string, number, string, string]>(
    `INSERT INTO published_status_lists (list_id, version, credential, published_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (list_id) DO UPDATE SET
       version = excluded.version, credential = excluded.credential, published_at = excluded.published_at
     WHERE excluded.version > published_status_lists.version`,
  );

  const setStatus = db.transaction((id: string, change: StatusChange, now: string) => {
    const before = reader.byId(id);
    if (!before) return undefined;
    const after = {
      revoked: change.revoked ?? before.revoked,
      suspended: change.suspended ?? before.suspended,
    };
    const reason = change.reason ?? before.statusReason ?? null;
    updateStatus.run(after.revoked ? 1 : 0, after.suspended ? 1 : 0, reason, now, id);
    for (const entry of before.statusEntries) {
      if (bitChanged(entry, before, after)) bumpVersion.run(entry.listId);
    }
    return reader.byId(id);
  });

  // Nested in this transaction, each setStatus is a savepoint: all targets commit together.
  const setStatusMany = db.transaction(
    (targets: Array<{ id: string; reason?: string }>, change: StatusChange, now: string) =>
      targets.flatMap(
        ({ id, reason }) =>
          setStatus(id, { ...change, ...(reason !== undefined ? { reason } : {}) }, now) ?? [],
      ),
  );

  return {
    setStatus: async (id, change, now) => setStatus.immediate(id, change, now),
    setStatusMany: async (targets, change, now) => setStatusMany.immediate(targets, change, now),
    getStatusList: async (listId) => {
      const row = listById.get(listId);
      return row ? toStatusListRecord(row) : undefined;
    },
    setIndexes: async (listId) => setIndexes.all(listId).map((r) => r.idx),
    getPublished: async (listId) => {
      const row = publishedById.get(listId);
      return row ? toPublished(row) : undefined;
    },
    putPublished: async (p: PublishedStatusList) => {
      upsertPublished.run(p.listId, p.version, JSON.stringify(p.credential), p.publishedAt);
    },
  };
}
