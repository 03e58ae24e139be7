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
  holder_user_id: string | null;
  redacted_at: string | null;
  template_id: string | null;
  template_version: number | null;
  supersedes: string | null;
  /** NULL only in a file from before tokens, until the baseline migration has backfilled it. */
  verification_token: string | null;
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
  created_by: string | null;
}

/**
 * Copies the optional fields whose column is not NULL onto a record, so unset fields
 * are omitted rather than present as undefined or null.
 */
export function setPresent<T extends object>(record: T, optional: { [K in keyof T]?: T[K] | null }): T {
  for (const [key, value] of Object.entries(optional)) {
    if (value !== null && value !== undefined) (record as Record<string, unknown>)[key] = value;
  }
  return record;
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
    revoked: row.revoked === 1,
    suspended: row.suspended === 1,
    isPublic: row.is_public === 1,
    verificationToken: row.verification_token!,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
  // A redacted record stores the JSON text `null` in its NOT NULL `unsigned` column.
  return setPresent(record, {
    unsigned: JSON.parse(row.unsigned) as Record<string, unknown> | null,
    credential: row.credential === null ? null : (JSON.parse(row.credential) as Record<string, unknown>),
    statusReason: row.status_reason,
    holderUserId: row.holder_user_id,
    redactedAt: row.redacted_at,
    templateRef:
      row.template_id === null || row.template_version === null
        ? null
        : { templateId: row.template_id, version: row.template_version },
    supersedes: row.supersedes,
  });
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
  return setPresent(record, { createdBy: row.created_by, revokedAt: row.revoked_at });
}
