/**
 * The SQLite ExchangeStore (wallet hand-off state) and its table. `claim` is one
 * `UPDATE ... RETURNING` guarded by "unused and unexpired", so of two concurrent claims
 * exactly one changes the row and gets it back. The table is made by the migrations
 * (migrations/).
 */
import type { ExchangeKind, ExchangeRecord, ExchangeStore } from '../ports.js';
import { setPresent } from './rows.js';
import type { SqliteDb } from './schema.js';

/** A row of `exchanges`. */
interface ExchangeRow {
  id: string;
  kind: ExchangeKind;
  user_id: string | null;
  credential_id: string | null;
  challenge: string | null;
  parent_id: string | null;
  created_at: string;
  expires_at: string;
  used_at: string | null;
  holder_did: string | null;
  issued_credential_id: string | null;
}

function toExchangeRecord(row: ExchangeRow): ExchangeRecord {
  const record: ExchangeRecord = {
    id: row.id,
    kind: row.kind,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
  };
  return setPresent(record, {
    userId: row.user_id,
    credentialId: row.credential_id,
    challenge: row.challenge,
    parentId: row.parent_id,
    usedAt: row.used_at,
    holderDid: row.holder_did,
    issuedCredentialId: row.issued_credential_id,
  });
}

/** Builds the exchange store over an open database whose exchange schema has been applied. */
export function createSqliteExchangeStore(db: SqliteDb): ExchangeStore {
  const insert = db.prepare(
    `INSERT INTO exchanges (id, kind, user_id, credential_id, challenge, parent_id, created_at, expires_at, used_at, holder_did, issued_credential_id)
     VALUES (@id, @kind, @userId, @credentialId, @challenge, @parentId, @createdAt, @expiresAt, @usedAt, @holderDid, @issuedCredentialId)`,
  );
  const byId = db.prepare<[string, ExchangeKind], ExchangeRow>(
    'SELECT * FROM exchanges WHERE id = ? AND kind = ?',
  );
  // ISO-8601 UTC strings of one format compare correctly as text.
  const claim = db.prepare<[string, string | null, string, ExchangeKind, string], ExchangeRow>(
    `UPDATE exchanges SET used_at = ?, holder_did = COALESCE(?, holder_did)
     WHERE id = ? AND kind = ? AND used_at IS NULL AND expires_at > ?
     RETURNING *`,
  );
  const setIssued = db.prepare<[string, string, ExchangeKind], ExchangeRow>(
    'UPDATE exchanges SET issued_credential_id = ? WHERE id = ? AND kind = ? RETURNING *',
  );
  const issuedFrom = db.prepare<[string], ExchangeRow>(
    'SELECT * FROM exchanges WHERE credential_id = ? AND issued_credential_id IS NOT NULL ORDER BY created_at, id',
  );
  const byIssued = db.prepare<[string], ExchangeRow>(
    'SELECT * FROM exchanges WHERE issued_credential_id = ? ORDER BY created_at, id LIMIT 1',
  );
  const removeExpired = db.prepare<[string]>(
    'DELETE FROM exchanges WHERE used_at IS NULL AND expires_at < ?',
  );
  return {
    create: async (r) => {
      insert.run({
        id: r.id,
        kind: r.kind,
        userId: r.userId ?? null,
        credentialId: r.credentialId ?? null,
        challenge: r.challenge ?? null,
        parentId: r.parentId ?? null,
        createdAt: r.createdAt,
        expiresAt: r.expiresAt,
        usedAt: r.usedAt ?? null,
        holderDid: r.holderDid ?? null,
        issuedCredentialId: r.issuedCredentialId ?? null,
      });
    },
    get: async (id, kind) => {
      const row = byId.get(id, kind);
      return row ? toExchangeRecord(row) : undefined;
    },
    claim: async (id, kind, { now, holderDid }) => {
      const row = claim.get(now, holderDid ?? null, id, kind, now);
      return row ? toExchangeRecord(row) : undefined;
    },
    setIssued: async (id, kind, credentialId) => {
      const row = setIssued.get(credentialId, id, kind);
      return row ? toExchangeRecord(row) : undefined;
    },
    listIssuedFrom: async (credentialId) => issuedFrom.all(credentialId).map(toExchangeRecord),
    getByIssued: async (issuedCredentialId) => {
      const row = byIssued.get(issuedCredentialId);
      return row ? toExchangeRecord(row) : undefined;
    },
    deleteUnusedExpired: async (before) => removeExpired.run(before).changes,
  };
}
