/**
 * Reads credential records (row plus its status entries) by id, idempotency key,
 * verification token or certificate number (each a unique column).
 * Shared by `reserve` and the rest of the credential store so both return the same
 * shape, always re-read from the database.
 */
import type { CredentialRecord } from '../ports.js';
import { toCredentialRecord, type CredentialRow, type StatusEntryRow } from './rows.js';
import type { SqliteDb } from './schema.js';

/** Looks credentials up; synchronous so it can run inside a better-sqlite3 transaction. */
export interface CredentialReader {
  byId(id: string): CredentialRecord | undefined;
  byIdempotencyKey(key: string): CredentialRecord | undefined;
  byVerificationToken(token: string): CredentialRecord | undefined;
  byCertificateNumber(certificateNumber: string): CredentialRecord | undefined;
}

/** Prepares the look-up statements once for a database handle. */
export function createCredentialReader(db: SqliteDb): CredentialReader {
  const rowById = db.prepare<[string], CredentialRow>('SELECT * FROM credentials WHERE id = ?');
  const rowByKey = db.prepare<[string], CredentialRow>('SELECT * FROM credentials WHERE idempotency_key = ?');
  const rowByToken = db.prepare<[string], CredentialRow>(
    'SELECT * FROM credentials WHERE verification_token = ?',
  );
  const rowByNumber = db.prepare<[string], CredentialRow>(
    'SELECT * FROM credentials WHERE certificate_number = ?',
  );
  const entries = db.prepare<[string], StatusEntryRow>(
    'SELECT purpose, list_id, idx FROM status_entries WHERE credential_id = ? ORDER BY ordinal',
  );
  const withEntries = (row: CredentialRow | undefined): CredentialRecord | undefined =>
    row === undefined ? undefined : toCredentialRecord(row, entries.all(row.id));
  return {
    byId: (id) => withEntries(rowById.get(id)),
    byIdempotencyKey: (key) => withEntries(rowByKey.get(key)),
    byVerificationToken: (token) => withEntries(rowByToken.get(token)),
    byCertificateNumber: (certificateNumber) => withEntries(rowByNumber.get(certificateNumber)),
  };
}
