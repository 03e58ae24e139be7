/**
 * Reserving an issuance in SQLite: certificate number, one status index per purpose
 * and the reserved record, all in one IMMEDIATE transaction (the write lock is taken
 * up front, so two processes sharing the file serialise instead of deadlocking).
 */
import { formatCertificateNumber } from '../certificateNumber.js';
import { newVerificationToken } from '../verificationToken.js';
import { DuplicateCredentialIdError } from '../ports.js';
import { randomBytes } from 'node:crypto';
import type { CredentialRecord, ReserveInput, StatusEntryRef, StatusPurpose } from '../ports.js';
import type { CredentialReader } from './credentialReader.js';
import type { StatusListRow } from './rows.js';
import type { SqliteDb } from './schema.js';
import { immediateWithRetry } from './busyRetry.js';

/** The reserve operation of the SQLite credential store. */
export type SqliteReserve = (input: ReserveInput) => { record: CredentialRecord; created: boolean };

/** Builds the reserve operation over prepared statements. */
export function createSqliteReserve(db: SqliteDb, reader: CredentialReader): SqliteReserve {
  const nextNumber = db.prepare<[string, number], { last: number }>(
    `INSERT INTO sequences (prefix, year, last) VALUES (?, ?, 1)
     ON CONFLICT (prefix, year) DO UPDATE SET last = last + 1
     RETURNING last`,
  );
  const openList = db.prepare<[StatusPurpose, number], StatusListRow>(
    `SELECT * FROM status_lists WHERE purpose = ? AND length = ? AND allocated < length
     ORDER BY created_at, rowid LIMIT 1`,
  );
  const takePosition = db.prepare<[string]>('UPDATE status_lists SET allocated = allocated + 1 WHERE id = ?');
  const insertList = db.prepare<[string, StatusPurpose, number, string, string]>(
    `INSERT INTO status_lists (id, purpose, length, allocated, shuffle_key, version, created_at)
     VALUES (?, ?, ?, 1, ?, 0, ?)`,
  );
  const insertCredential = db.prepare(
    `INSERT INTO credentials (id, idempotency_key, certificate_number, issuer_did, state, unsigned,
       credential, revoked, suspended, status_reason, is_public, created_at, updated_at, holder_user_id,
       template_id, template_version, supersedes, verification_token)
     VALUES (@id, @idempotencyKey, @certificateNumber, @issuerDid, 'reserved', @unsigned,
       NULL, 0, 0, NULL, @isPublic, @now, @now, @holderUserId, @templateId, @templateVersion, @supersedes,
       @verificationToken)`,
  );
  const insertEntry = db.prepare<[string, number, StatusPurpose, string, number]>(
    'INSERT INTO status_entries (credential_id, ordinal, purpose, list_id, idx) VALUES (?, ?, ?, ?, ?)',
  );

  /** Takes the next position of an open list of this purpose and length, or of a new one. */
  const allocate = (purpose: StatusPurpose, input: ReserveInput): StatusEntryRef => {
    const length = input.statusListLength;
    const open = openList.get(purpose, length);
    let listId: string;
    let shuffleKey: string;
    let position: number;
    if (open) {
      takePosition.run(open.id);
      ({ id: listId, shuffle_key: shuffleKey, allocated: position } = open);
    } else {
      listId = randomBytes(16).toString('base64url');
      shuffleKey = randomBytes(32).toString('hex');
      position = 0;
      insertList.run(listId, purpose, length, shuffleKey, input.now);
    }
    const index = input.shuffle(shuffleKey, position, length);
    if (!Number.isInteger(index) || index < 0 || index >= length) {
      throw new Error(`shuffle returned ${index} for position ${position} of a list of length ${length}`);
    }
    return { purpose, listId, index };
  };

  const reserve = db.transaction(
    (input: ReserveInput): { record: CredentialRecord; created: boolean } | undefined => {
      const existing = reader.byIdempotencyKey(input.idempotencyKey);
      if (existing) return { record: existing, created: false };
      if (reader.byId(input.id)) throw new DuplicateCredentialIdError(input.id);

      const n = nextNumber.get(input.certificatePrefix, input.year)!.last;
      const certificateNumber = formatCertificateNumber(input.certificatePrefix, input.year, n);
      const statusEntries = input.purposes.map((purpose) => allocate(purpose, input));
      const unsigned = input.build({
        certificateNumber,
        statusEntries: statusEntries.map((e) => ({ ...e })),
      });

      insertCredential.run({
        id: input.id,
        idempotencyKey: input.idempotencyKey,
        certificateNumber,
        issuerDid: input.issuerDid,
        unsigned: JSON.stringify(unsigned),
        isPublic: input.isPublic ? 1 : 0,
        now: input.now,
        holderUserId: input.holderUserId ?? null,
        templateId: input.templateRef?.templateId ?? null,
        templateVersion: input.templateRef?.version ?? null,
        supersedes: input.supersedes ?? null,
        verificationToken: newVerificationToken(),
      });
      for (const [ordinal, e] of statusEntries.entries())
        insertEntry.run(input.id, ordinal, e.purpose, e.listId, e.index);
      return undefined;
    },
  );

  // Reserving is the write several issuing processes contend for: retried in fine steps.
  const reserveWithRetry = immediateWithRetry(db, reserve);
  return (input) => {
    const existing = reserveWithRetry(input);
    if (existing) return existing;
    // Read back after commit: parsing the JSON inside would hold the write lock longer,
    // and with several writers (batch issuance) every waiter sleeps in SQLite's busy handler.
    return { record: reader.byId(input.id)!, created: true };
  };
}
