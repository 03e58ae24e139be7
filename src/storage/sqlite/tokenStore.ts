/**
 * The SQLite TokenStore for single-use emailed tokens, keyed by the SHA-256 of the
 * secret. `consume` is one `UPDATE ... RETURNING` guarded by "unused and unexpired", so
 * of two concurrent uses exactly one changes the row and gets it back. `peek` returns
 * the token whatever its state (used, expired): the domain decides what to show.
 */
import type { Role, TokenPurpose, TokenRecord, TokenStore } from '../ports.js';
import { setPresent } from './rows.js';
import type { SqliteDb } from './schema.js';

/** A row of `tokens`. */
interface TokenRow {
  hash: string;
  purpose: TokenPurpose;
  user_id: string | null;
  email: string | null;
  role: Role | null;
  organisation_id: string | null;
  created_by: string | null;
  created_at: string;
  expires_at: string;
  used_at: string | null;
}

/** Maps a `tokens` row to its record, omitting unset optional fields. */
function toTokenRecord(row: TokenRow): TokenRecord {
  const record: TokenRecord = {
    hash: row.hash,
    purpose: row.purpose,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
  };
  return setPresent(record, {
    userId: row.user_id,
    email: row.email,
    role: row.role,
    organisationId: row.organisation_id,
    createdBy: row.created_by,
    usedAt: row.used_at,
  });
}

/** Builds the token store over an open database whose schema has been applied. */
export function createSqliteTokenStore(db: SqliteDb): TokenStore {
  const insert = db.prepare(
    `INSERT INTO tokens (hash, purpose, user_id, email, role, organisation_id, created_by, created_at, expires_at, used_at)
     VALUES (@hash, @purpose, @userId, @email, @role, @organisationId, @createdBy, @createdAt, @expiresAt, @usedAt)`,
  );
  const byHash = db.prepare<[string, TokenPurpose], TokenRow>(
    'SELECT * FROM tokens WHERE hash = ? AND purpose = ?',
  );
  // ISO-8601 UTC strings of one format compare correctly as text.
  const consume = db.prepare<[string, string, TokenPurpose, string], TokenRow>(
    `UPDATE tokens SET used_at = ?
     WHERE hash = ? AND purpose = ? AND used_at IS NULL AND expires_at > ?
     RETURNING *`,
  );
  const removeUnused = db.prepare<[{ userId: string; purpose: TokenPurpose | null }]>(
    'DELETE FROM tokens WHERE user_id = @userId AND used_at IS NULL AND (@purpose IS NULL OR purpose = @purpose)',
  );
  return {
    create: async (t) => {
      insert.run({
        hash: t.hash,
        purpose: t.purpose,
        userId: t.userId ?? null,
        email: t.email ?? null,
        role: t.role ?? null,
        organisationId: t.organisationId ?? null,
        createdBy: t.createdBy ?? null,
        createdAt: t.createdAt,
        expiresAt: t.expiresAt,
        usedAt: t.usedAt ?? null,
      });
    },
    peek: async (hash, purpose) => {
      const row = byHash.get(hash, purpose);
      return row ? toTokenRecord(row) : undefined;
    },
    consume: async (hash, purpose, now) => {
      const row = consume.get(now, hash, purpose, now);
      return row ? toTokenRecord(row) : undefined;
    },
    deleteForUser: async (userId, purpose) => {
      removeUnused.run({ userId, purpose: purpose ?? null });
    },
  };
}
