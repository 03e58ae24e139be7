/**
 * The SQLite SessionStore, keyed by the SHA-256 of the cookie secret. `get` returns a
 * session whatever its expiry: the domain compares `expiresAt` with its clock.
 */
import type { SessionRecord, SessionStore } from '../ports.js';
import { setPresent } from './rows.js';
import type { SqliteDb } from './schema.js';

/** A row of `sessions`. */
interface SessionRow {
  id_hash: string;
  user_id: string;
  created_at: string;
  expires_at: string;
  last_seen_at: string;
  user_agent: string | null;
}

/** Maps a `sessions` row to its record, omitting an unknown user agent. */
function toSessionRecord(row: SessionRow): SessionRecord {
  const record: SessionRecord = {
    idHash: row.id_hash,
    userId: row.user_id,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    lastSeenAt: row.last_seen_at,
  };
  return setPresent(record, { userAgent: row.user_agent });
}

/** Builds the session store over an open database whose schema has been applied. */
export function createSqliteSessionStore(db: SqliteDb): SessionStore {
  const insert = db.prepare<[string, string, string, string, string, string | null]>(
    `INSERT INTO sessions (id_hash, user_id, created_at, expires_at, last_seen_at, user_agent)
     VALUES (?, ?, ?, ?, ?, ?)`,
  );
  const byHash = db.prepare<[string], SessionRow>('SELECT * FROM sessions WHERE id_hash = ?');
  const touch = db.prepare<[string, string, string]>(
    'UPDATE sessions SET last_seen_at = ?, expires_at = ? WHERE id_hash = ?',
  );
  const remove = db.prepare<[string]>('DELETE FROM sessions WHERE id_hash = ?');
  const removeForUser = db.prepare<[string]>('DELETE FROM sessions WHERE user_id = ?');
  const forUser = db.prepare<[string], SessionRow>(
    'SELECT * FROM sessions WHERE user_id = ? ORDER BY created_at DESC, rowid DESC',
  );
  return {
    create: async (s) => {
      insert.run(s.idHash, s.userId, s.createdAt, s.expiresAt, s.lastSeenAt, s.userAgent ?? null);
    },
    get: async (idHash) => {
      const row = byHash.get(idHash);
      return row ? toSessionRecord(row) : undefined;
    },
    touch: async (idHash, lastSeenAt, expiresAt) => {
      touch.run(lastSeenAt, expiresAt, idHash);
    },
    delete: async (idHash) => {
      remove.run(idHash);
    },
    deleteForUser: async (userId) => removeForUser.run(userId).changes,
    listForUser: async (userId) => forUser.all(userId).map(toSessionRecord),
  };
}
