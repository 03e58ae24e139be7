/**
 * The SQLite BackpackStore: `backpack_items`, unique per (user_id, credential_key), so an
 * upsert is one INSERT ... ON CONFLICT DO UPDATE that keeps the entry's id and added_at.
 * Whether it inserted is told by the id it returns: a fresh id only when the row is new.
 * Every statement names the user, so no entry is read or removed through someone else.
 */
import type {
  BackpackPage,
  BackpackRecord,
  BackpackSource,
  BackpackStanding,
  BackpackStore,
} from '../backpackPorts.js';
import type { SqliteDb } from './schema.js';

interface BackpackRow {
  id: string;
  user_id: string;
  credential_key: string;
  credential_id: string | null;
  credential: string;
  jwt: string | null;
  source: BackpackSource;
  added_at: string;
  updated_at: string;
  standing: string;
}

type RowParams = [
  string,
  string,
  string,
  string | null,
  string,
  string | null,
  string,
  string,
  string,
  string,
];

function toRecord(row: BackpackRow): BackpackRecord {
  return {
    id: row.id,
    userId: row.user_id,
    credentialKey: row.credential_key,
    ...(row.credential_id !== null ? { credentialId: row.credential_id } : {}),
    credential: JSON.parse(row.credential) as Record<string, unknown>,
    ...(row.jwt !== null ? { jwt: row.jwt } : {}),
    source: row.source,
    addedAt: row.added_at,
    updatedAt: row.updated_at,
    standing: JSON.parse(row.standing) as BackpackStanding,
  };
}

const params = (r: BackpackRecord): RowParams => [
  r.id,
  r.userId,
  r.credentialKey,
  r.credentialId ?? null,
  JSON.stringify(r.credential),
  r.jwt ?? null,
  r.source,
  r.addedAt,
  r.updatedAt,
  JSON.stringify(r.standing),
];

/** Builds the backpack store over an open database whose schema has been applied. */
export function createSqliteBackpackStore(db: SqliteDb): BackpackStore {
  const s = {
    upsert: db.prepare<RowParams, BackpackRow>(
      `INSERT INTO backpack_items VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (user_id, credential_key) DO UPDATE SET
         credential_id = excluded.credential_id, credential = excluded.credential, jwt = excluded.jwt,
         source = excluded.source, updated_at = excluded.updated_at, standing = excluded.standing
       RETURNING *`,
    ),
    get: db.prepare<[string, string], BackpackRow>(
      'SELECT * FROM backpack_items WHERE user_id = ? AND id = ?',
    ),
    byKey: db.prepare<[string, string], BackpackRow>(
      'SELECT * FROM backpack_items WHERE user_id = ? AND credential_key = ?',
    ),
    page: db.prepare<[string, string, number, number], BackpackRow>(
      `SELECT * FROM backpack_items WHERE user_id = ? AND updated_at >= ?
       ORDER BY updated_at DESC, id DESC LIMIT ? OFFSET ?`,
    ),
    total: db.prepare<[string, string], { n: number }>(
      'SELECT count(*) AS n FROM backpack_items WHERE user_id = ? AND updated_at >= ?',
    ),
    remove: db.prepare<[string, string]>('DELETE FROM backpack_items WHERE user_id = ? AND id = ?'),
    removeAll: db.prepare<[string]>('DELETE FROM backpack_items WHERE user_id = ?'),
  };
  // One read of the page and its total, so both describe the same moment.
  const list = db.transaction((userId: string, page: BackpackPage) => {
    const since = page.since ?? '';
    return {
      records: s.page.all(userId, since, page.limit, page.offset).map(toRecord),
      total: s.total.get(userId, since)?.n ?? 0,
    };
  });
  return {
    upsert: async (record) => {
      const row = s.upsert.get(...params(record));
      if (!row) throw new Error('backpack upsert returned no row');
      return { created: row.id === record.id, record: toRecord(row) };
    },
    get: async (userId, id) => {
      const row = s.get.get(userId, id);
      return row ? toRecord(row) : undefined;
    },
    getByKey: async (userId, credentialKey) => {
      const row = s.byKey.get(userId, credentialKey);
      return row ? toRecord(row) : undefined;
    },
    list: async (userId, page) => list(userId, page),
    count: async (userId) => s.total.get(userId, '')?.n ?? 0,
    remove: async (userId, id) => s.remove.run(userId, id).changes === 1,
    removeAllOf: async (userId) => s.removeAll.run(userId).changes,
  };
}
