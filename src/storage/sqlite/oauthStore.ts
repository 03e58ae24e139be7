/**
 * The SQLite OAuthStore: one row per oidc-provider record in `oauth_records` (migration
 * 12), the payload as JSON text. An upsert replaces everything but `created_at` and
 * `disabled_at`, so a client an admin disabled stays disabled whatever the library writes.
 */
import type { OAuthRecord, OAuthStore } from '../ports.js';
import { setPresent } from './rows.js';
import type { SqliteDb } from './schema.js';

/** A row of `oauth_records`. */
interface OAuthRow {
  model: string;
  key: string;
  payload: string;
  grant_id: string | null;
  uid: string | null;
  account_id: string | null;
  client_id: string | null;
  created_at: string;
  expires_at: string | null;
  consumed_at: string | null;
  disabled_at: string | null;
}

function toRecord(row: OAuthRow): OAuthRecord {
  const record: OAuthRecord = {
    model: row.model,
    key: row.key,
    payload: JSON.parse(row.payload) as Record<string, unknown>,
    createdAt: row.created_at,
  };
  return setPresent(record, {
    grantId: row.grant_id,
    uid: row.uid,
    accountId: row.account_id,
    clientId: row.client_id,
    expiresAt: row.expires_at,
    consumedAt: row.consumed_at,
    disabledAt: row.disabled_at,
  });
}

/** Builds the OAuth store over an open, migrated database. */
export function createSqliteOAuthStore(db: SqliteDb): OAuthStore {
  const upsert = db.prepare(
    `INSERT INTO oauth_records (model, key, payload, grant_id, uid, account_id, client_id, created_at, expires_at, consumed_at, disabled_at)
     VALUES (@model, @key, @payload, @grantId, @uid, @accountId, @clientId, @createdAt, @expiresAt, @consumedAt, @disabledAt)
     ON CONFLICT (model, key) DO UPDATE SET payload = excluded.payload, grant_id = excluded.grant_id,
       uid = excluded.uid, account_id = excluded.account_id, client_id = excluded.client_id,
       expires_at = excluded.expires_at, consumed_at = excluded.consumed_at`,
  );
  const byKey = db.prepare<[string, string], OAuthRow>(
    'SELECT * FROM oauth_records WHERE model = ? AND key = ?',
  );
  const byUid = db.prepare<[string, string], OAuthRow>(
    'SELECT * FROM oauth_records WHERE model = ? AND uid = ? LIMIT 1',
  );
  const consume = db.prepare<[string, string, string]>(
    'UPDATE oauth_records SET consumed_at = COALESCE(consumed_at, ?) WHERE model = ? AND key = ?',
  );
  const destroy = db.prepare<[string, string]>('DELETE FROM oauth_records WHERE model = ? AND key = ?');
  const revoke = db.prepare<[string]>('DELETE FROM oauth_records WHERE grant_id = ?');
  const byAccount = db.prepare<[string, string], OAuthRow>(
    'SELECT * FROM oauth_records WHERE model = ? AND account_id = ? ORDER BY created_at, key',
  );
  const byModel = db.prepare<[string], OAuthRow>(
    'SELECT * FROM oauth_records WHERE model = ? ORDER BY created_at, key',
  );
  const disable = db.prepare<[string | null, string, string]>(
    'UPDATE oauth_records SET disabled_at = ? WHERE model = ? AND key = ?',
  );
  const expired = db.prepare<[string]>('DELETE FROM oauth_records WHERE expires_at < ?');
  return {
    upsert: async (r) => {
      upsert.run({
        model: r.model,
        key: r.key,
        payload: JSON.stringify(r.payload),
        grantId: r.grantId ?? null,
        uid: r.uid ?? null,
        accountId: r.accountId ?? null,
        clientId: r.clientId ?? null,
        createdAt: r.createdAt,
        expiresAt: r.expiresAt ?? null,
        consumedAt: r.consumedAt ?? null,
        disabledAt: r.disabledAt ?? null,
      });
    },
    find: async (model, key) => {
      const row = byKey.get(model, key);
      return row ? toRecord(row) : undefined;
    },
    findByUid: async (model, uid) => {
      const row = byUid.get(model, uid);
      return row ? toRecord(row) : undefined;
    },
    consume: async (model, key, at) => {
      consume.run(at, model, key);
    },
    destroy: async (model, key) => {
      destroy.run(model, key);
    },
    revokeByGrantId: async (grantId) => revoke.run(grantId).changes,
    listByAccount: async (model, accountId) => byAccount.all(model, accountId).map(toRecord),
    listByModel: async (model) => byModel.all(model).map(toRecord),
    setDisabled: async (model, key, at) => disable.run(at ?? null, model, key).changes > 0,
    deleteExpired: async (before) => expired.run(before).changes,
  };
}
