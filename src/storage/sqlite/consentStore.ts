/**
 * The SQLite ConsentStore: an append-only history per user, listed oldest first (ties
 * on `at` in the order they were recorded), so the last record of a kind is in force.
 */
import type { ConsentKind, ConsentRecord, ConsentStore } from '../ports.js';
import type { SqliteDb } from './schema.js';

/** A row of `consents`. */
interface ConsentRow {
  id: string;
  user_id: string;
  kind: ConsentKind;
  text_version: string;
  granted: number;
  at: string;
}

/** Maps a `consents` row to its record. */
function toConsentRecord(row: ConsentRow): ConsentRecord {
  return {
    id: row.id,
    userId: row.user_id,
    kind: row.kind,
    textVersion: row.text_version,
    granted: row.granted === 1,
    at: row.at,
  };
}

/** Builds the consent store over an open database whose schema has been applied. */
export function createSqliteConsentStore(db: SqliteDb): ConsentStore {
  const insert = db.prepare<[string, string, ConsentKind, string, number, string]>(
    'INSERT INTO consents (id, user_id, kind, text_version, granted, at) VALUES (?, ?, ?, ?, ?, ?)',
  );
  const forUser = db.prepare<[string], ConsentRow>(
    'SELECT * FROM consents WHERE user_id = ? ORDER BY at, rowid',
  );
  const removeForUser = db.prepare<[string]>('DELETE FROM consents WHERE user_id = ?');
  // The ids go in as one JSON array (json_each), so any number of them is one statement.
  const ofKind = db.prepare<[ConsentKind, string], ConsentRow>(
    'SELECT * FROM consents WHERE kind = ? AND user_id IN (SELECT value FROM json_each(?)) ORDER BY at, rowid',
  );
  return {
    record: async (c) => {
      insert.run(c.id, c.userId, c.kind, c.textVersion, c.granted ? 1 : 0, c.at);
    },
    listForUser: async (userId) => forUser.all(userId).map(toConsentRecord),
    listOfKind: async (kind, userIds) =>
      userIds.length === 0 ? [] : ofKind.all(kind, JSON.stringify(userIds)).map(toConsentRecord),
    deleteForUser: async (userId) => {
      removeForUser.run(userId);
    },
  };
}
