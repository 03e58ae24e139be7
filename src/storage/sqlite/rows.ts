/**
 * Row shapes of the SQLite tables and their mapping to the port records. Optional
 * fields that are NULL are omitted (not set to undefined), so records deep-equal the
 * ones the MongoDB adapter returns.
 */
import type {
  ApiKeyRecord,
  CredentialRecord,
  IssuanceState,
  PublishedStatusList,
  StatusEntryRef,
  StatusListRecord,
  StatusPurpose,
} from '../ports.js';

/** A row of `credentials`. */
export interface CredentialRow {
  id: string;
  idempotency_key: string;
  certificate_number: string;
  issuer_did: string;
  state: IssuanceState;
  unsigned: string;
  credential: string | null;
  revoked: number;
  suspended: number;
  status_reason: string | null;
  is_public: number;
  created_at: string;
  updated_at: string;
}

/** A row of `status_entries` (the columns a record needs). */
export interface StatusEntryRow {
  purpose: StatusPurpose;
  list_id: string;
  idx: number;
}

/** A row of `status_lists`. */
export interface StatusListRow {
  id: string;
  purpose: StatusPurpose;
  length: number;
  allocated: number;
  shuffle_key: string;
  version: number;
  created_at: string;
}

/** A row of `published_status_lists`. */
export interface PublishedRow {
  list_id: string;
  version: number;
  credential: string;
  published_at: string;
}

/** A row of `api_keys`. */
export interface ApiKeyRow {
  id: string;
  name: string;
  hash: string;
  scopes: string;
  created_at: string;
  revoked_at: string | null;
}

/** Builds a credential record from its row and its status entries (in ordinal order). */
export function toCredentialRecord(row: CredentialRow, entries: StatusEntryRow[]): CredentialRecord {
  const statusEntries: StatusEntryRef[] = entries.map((e) => ({
    purpose: e.purpose,
    listId: e.list_id,
    index: e.idx,
  }));
  const record: CredentialRecord = {
    id: row.id,
    idempotencyKey: row.idempotency_key,
    certificateNumber: row.certificate_number,
    issuerDid: row.issuer_did,
    state: row.state,
    statusEntries,
    unsigned: JSON.parse(row.unsigned) as Record<string, unknown>,
    revoked: row.revoked === 1,
    suspended: row.suspended === 1,
    isPublic: row.is_public === 1,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
  if (row.credential !== null) record.credential = JSON.parse(row.credential) as Record<string, unknown>;
  if (row.status_reason !== null) record.statusReason = row.status_reason;
  return record;
}

/** Maps a `status_lists` row to its record. */
export function toStatusListRecord(row: StatusListRow): StatusListRecord {
  return {
    id: row.id,
    purpose: row.purpose,
    length: row.length,
    allocated: row.allocated,
    shuffleKey: row.shuffle_key,
    version: row.version,
    createdAt: row.created_at,
  };
}

/** Maps a `published_status_lists` row to its record. */
export function toPublished(row: PublishedRow): PublishedStatusList {
  return {
    listId: row.list_id,
    version: row.version,
    credential: JSON.parse(row.credential) as Record<string, unknown>,
    publishedAt: row.published_at,
  };
}

/** Maps an `api_keys` row to its record, omitting `revokedAt` while the key is live. */
export function toApiKeyRecord(row: ApiKeyRow): ApiKeyRecord {
  const record: ApiKeyRecord = {
    id: row.id,
    name: row.name,
    hash: row.hash,
    scopes: JSON.parse(row.scopes) as string[],
    createdAt: row.created_at,
  };
  if (row.revoked_at !== null) record.revokedAt = row.revoked_at;
  return record;
}
