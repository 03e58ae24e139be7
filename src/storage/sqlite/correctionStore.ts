/**
 * The SQLite CorrectionStore: one row per request, the record as JSON beside the columns
 * it is found by; a partial unique index allows one open request per certificate, and a
 * decision is a conditional update on `status = 'open'`, so two staff deciding at once
 * cannot both win. The table is created here, so wiring is one line in sqliteStores.ts.
 */
import { OpenCorrectionExistsError, type CorrectionStore, type NameCorrectionRecord } from '../correctionPorts.js';
import type { SqliteDb } from './schema.js';

const CORRECTION_SCHEMA = `
CREATE TABLE IF NOT EXISTS name_corrections (
  id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL,
  credential_id TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('open', 'approved', 'refused')),
  created_at TEXT NOT NULL,
  record TEXT NOT NULL
) STRICT;
CREATE UNIQUE INDEX IF NOT EXISTS name_corrections_one_open ON name_corrections (credential_id) WHERE status = 'open';
CREATE INDEX IF NOT EXISTS name_corrections_status ON name_corrections (status, created_at);
CREATE INDEX IF NOT EXISTS name_corrections_user ON name_corrections (user_id, created_at);
`;

const parse = (row: { record: string } | undefined): NameCorrectionRecord | undefined => (row ? (JSON.parse(row.record) as NameCorrectionRecord) : undefined);

/** Builds the store over an open database, creating its table first. */
export function createSqliteCorrectionStore(db: SqliteDb): CorrectionStore {
  db.exec(CORRECTION_SCHEMA);
  const insert = db.prepare<[string, string, string, string, string, string]>(
    'INSERT INTO name_corrections (id, user_id, credential_id, status, created_at, record) VALUES (?, ?, ?, ?, ?, ?)',
  );
  const one = db.prepare<[string], { record: string }>('SELECT record FROM name_corrections WHERE id = ?');
  const open = db.prepare<[number], { record: string }>("SELECT record FROM name_corrections WHERE status = 'open' ORDER BY created_at, id LIMIT ?");
  const ofUser = db.prepare<[string], { record: string }>('SELECT record FROM name_corrections WHERE user_id = ? ORDER BY created_at DESC, id DESC');
  const decide = db.prepare<[string, string, string]>("UPDATE name_corrections SET status = ?, record = ? WHERE id = ? AND status = 'open'");
  return {
    create: async (record) => {
      try {
        insert.run(record.id, record.userId, record.credentialId, record.status, record.createdAt, JSON.stringify(record));
      } catch (error) {
        if ((error as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE') throw new OpenCorrectionExistsError(record.credentialId);
        throw error;
      }
    },
    get: async (id) => parse(one.get(id)),
    listOpen: async (limit) => open.all(limit).map((row) => parse(row)!),
    listForUser: async (userId) => ofUser.all(userId).map((row) => parse(row)!),
    decide: async (id, decision) => {
      const current = parse(one.get(id));
      if (!current || current.status !== 'open') return undefined;
      const decided: NameCorrectionRecord = { ...current, ...decision };
      return decide.run(decision.status, JSON.stringify(decided), id).changes === 1 ? decided : undefined;
    },
  };
}
