/**
 * The SQLite CorrectionStore: one row per request, the record as JSON beside the columns
 * it is found by; a partial unique index allows one open request per certificate, and a
 * decision is a conditional update on `status = 'open'`, so two staff deciding at once
 * cannot both win. The table is made by the migrations (migrations/).
 */
import {
  OpenCorrectionExistsError,
  type CorrectionStore,
  type NameCorrectionRecord,
} from '../correctionPorts.js';
import type { SqliteDb } from './schema.js';

const parse = (row: { record: string } | undefined): NameCorrectionRecord | undefined =>
  row ? (JSON.parse(row.record) as NameCorrectionRecord) : undefined;

/** Builds the store over an open, migrated database. */
export function createSqliteCorrectionStore(db: SqliteDb): CorrectionStore {
  const insert = db.prepare<[string, string, string, string, string, string]>(
    'INSERT INTO name_corrections (id, user_id, credential_id, status, created_at, record) VALUES (?, ?, ?, ?, ?, ?)',
  );
  const one = db.prepare<[string], { record: string }>('SELECT record FROM name_corrections WHERE id = ?');
  const open = db.prepare<[number], { record: string }>(
    "SELECT record FROM name_corrections WHERE status = 'open' ORDER BY created_at, id LIMIT ?",
  );
  const ofUser = db.prepare<[string], { record: string }>(
    'SELECT record FROM name_corrections WHERE user_id = ? ORDER BY created_at DESC, id DESC',
  );
  const decide = db.prepare<[string, string, string]>(
    "UPDATE name_corrections SET status = ?, record = ? WHERE id = ? AND status = 'open'",
  );
  return {
    create: async (record) => {
      try {
        insert.run(
          record.id,
          record.userId,
          record.credentialId,
          record.status,
          record.createdAt,
          JSON.stringify(record),
        );
      } catch (error) {
        if ((error as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE')
          throw new OpenCorrectionExistsError(record.credentialId);
        throw error;
      }
    },
    get: async (id) => parse(one.get(id)),
    listOpen: async (limit) => open.all(limit).map((row) => parse(row)!),
    listForUser: async (userId) => ofUser.all(userId).map((row) => parse(row)!),
    decide: async (id, decision) => {
      const current = parse(one.get(id));
      if (current?.status !== 'open') return undefined;
      const decided: NameCorrectionRecord = { ...current, ...decision };
      return decide.run(decision.status, JSON.stringify(decided), id).changes === 1 ? decided : undefined;
    },
  };
}
