/**
 * The SQLite ApiKeyStore. Keys are found by the hex SHA-256 of their secret (unique),
 * and revoking only stamps `revoked_at`, so the key's history stays auditable.
 */
import type { ApiKeyRecord, ApiKeyStore } from '../ports.js';
import { toApiKeyRecord, type ApiKeyRow } from './rows.js';
import type { SqliteDb } from './schema.js';

/** Builds the API key store over an open database whose schema has been applied. */
export function createSqliteApiKeyStore(db: SqliteDb): ApiKeyStore {
  const insert = db.prepare<[string, string, string, string, string, string | null, string | null]>(
    `INSERT INTO api_keys (id, name, hash, scopes, created_at, revoked_at, created_by)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
  );
  const byHash = db.prepare<[string], ApiKeyRow>('SELECT * FROM api_keys WHERE hash = ?');
  const revoke = db.prepare<[string, string]>(
    'UPDATE api_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL',
  );
  const all = db.prepare<[], ApiKeyRow>('SELECT * FROM api_keys ORDER BY created_at DESC, rowid DESC');
  return {
    create: async (r: ApiKeyRecord) => {
      insert.run(
        r.id,
        r.name,
        r.hash,
        JSON.stringify(r.scopes),
        r.createdAt,
        r.revokedAt ?? null,
        r.createdBy ?? null,
      );
    },
    findByHash: async (hash) => {
      const row = byHash.get(hash);
      return row ? toApiKeyRecord(row) : undefined;
    },
    revoke: async (id, now) => revoke.run(now, id).changes > 0,
    list: async () => all.all().map(toApiKeyRecord),
  };
}
