/**
 * Repository interface for participants' backpacks (src/backpack/): credentials from any
 * issuer that a person keeps in their account, beside the ones we issued them. An entry is
 * unique per person by `credentialKey` (a hash of the credential's own id, or of its content
 * when it has none), so storing the same credential again replaces it, and two people may
 * keep the same credential without touching each other's entry. Same rules as ports.ts:
 * plain JSON-able records, one contract suite for every adapter.
 */

/** How an entry came into the backpack. */
export type BackpackSource = 'upload' | 'ob3-api' | 'import';

/** What the platform's verifier said when the entry was stored. */
export interface BackpackStanding {
  /** The verdict's headline ("Valid certificate", "Signature valid, issuer not known"). */
  label: string;
  /** The proof, dates and status held (an unknown issuer may still be `verified`). */
  verified: boolean;
  /** The verdict's kind: `valid` only for our own or a trusted issuer. */
  kind: string;
  /** Who issued it, in words this site can vouch for, or the name it claims (with `kind` saying which). */
  issuer?: string;
  /** The achievement's name, for lists. */
  name?: string;
}

/** One credential in a person's backpack. */
export interface BackpackRecord {
  /** Our id for the entry (stable across replacements; used in URLs). */
  id: string;
  userId: string;
  /** sha256 (hex) of the credential's id, or of its content when it has none: unique per user. */
  credentialKey: string;
  /** The credential's own `id`, when it has one. */
  credentialId?: string;
  /** The credential as JSON-LD (for a VC-JWT: its decoded payload). */
  credential: Record<string, unknown>;
  /** The compact VC-JWT, when it came as one (it is what verifies). */
  jwt?: string;
  source: BackpackSource;
  addedAt: string;
  updatedAt: string;
  standing: BackpackStanding;
}

/** A page of one person's entries. */
export interface BackpackPage {
  limit: number;
  offset: number;
  /** Only entries with updatedAt >= since (ISO 8601). */
  since?: string;
}

/** Participants' backpacks. */
export interface BackpackStore {
  /**
   * Inserts the record, or, when the user has an entry with its credentialKey, replaces that
   * entry's credential, jwt, source, standing and updatedAt (keeping its id and addedAt).
   * `created` says which; `record` is the entry as stored.
   */
  upsert(record: BackpackRecord): Promise<{ created: boolean; record: BackpackRecord }>;
  /** The user's entry with this id; undefined for anyone else's. */
  get(userId: string, id: string): Promise<BackpackRecord | undefined>;
  /** The user's entry for this credential key, if any. */
  getByKey(userId: string, credentialKey: string): Promise<BackpackRecord | undefined>;
  /** The user's entries, newest (updatedAt) first, then by id; `total` counts all that match `since`. */
  list(userId: string, page: BackpackPage): Promise<{ records: BackpackRecord[]; total: number }>;
  /** How many entries the user has. */
  count(userId: string): Promise<number>;
  /** Removes the user's entry; false when they have none with this id. */
  remove(userId: string, id: string): Promise<boolean>;
  /** Removes every entry of the user (account erasure); how many there were. */
  removeAllOf(userId: string): Promise<number>;
}
