/**
 * Storage for the OB 3.0 API's OAuth 2.0 server (src/ob3api/, panva's oidc-provider): its
 * clients, grants, sessions, interactions, codes and tokens, one record shape for every
 * model the library persists. The library's adapter (src/ob3api/oauthAdapter.ts) hashes
 * the ids that are secrets (codes, tokens, sessions) before they reach a store, so `key`
 * is either a public id (a client id, a grant id) or a SHA-256; the raw value is never
 * stored. Same rules as ports.ts: plain JSON-able records, one contract suite for every
 * adapter (test/contract/oauthContract.ts).
 */

/** One thing oidc-provider keeps. */
export interface OAuthRecord {
  /**
   * The library's model name: Client, Grant, Session, Interaction, AccessToken, ...; and
   * ClientLogo, ours (the check of a client's logo, keyed by client id: src/ob3api/clientLogos.ts).
   */
  model: string;
  /** The record's id within its model (the SHA-256 of a secret one). */
  key: string;
  /** What the library stored, as JSON (without the raw id). */
  payload: Record<string, unknown>;
  /** The grant a code or token was made under, for revoking them all at once. */
  grantId?: string;
  /** A session's uid (hashed), the other key the library finds sessions by. */
  uid?: string;
  /** The account (our user id) a grant or token belongs to. */
  accountId?: string;
  clientId?: string;
  createdAt: string;
  /** When the library will no longer accept it; absent for clients. */
  expiresAt?: string;
  /** When a code or refresh token was used (the library refuses a second use). */
  consumedAt?: string;
  /** When an admin disabled a client (kept by `upsert`). */
  disabledAt?: string;
}

/** The OAuth server's records. */
export interface OAuthStore {
  /** Inserts or replaces (model, key); a replacement keeps `disabledAt` and `createdAt`. */
  upsert(record: OAuthRecord): Promise<void>;
  /** The record whatever its state (expired, consumed, disabled): the caller decides. */
  find(model: string, key: string): Promise<OAuthRecord | undefined>;
  findByUid(model: string, uid: string): Promise<OAuthRecord | undefined>;
  /** Marks a record used at `at`; a second call keeps the first time. */
  consume(model: string, key: string, at: string): Promise<void>;
  destroy(model: string, key: string): Promise<void>;
  /** Deletes every record (any model) made under `grantId`; returns how many. */
  revokeByGrantId(grantId: string): Promise<number>;
  /** One account's records of `model` (its grants), oldest first. */
  listByAccount(model: string, accountId: string): Promise<OAuthRecord[]>;
  /** Every record of `model` (the registered clients), oldest first. */
  listByModel(model: string): Promise<OAuthRecord[]>;
  /** Sets or clears `disabledAt`; false when there is no such record. */
  setDisabled(model: string, key: string, disabledAt: string | undefined): Promise<boolean>;
  /** Deletes records that expired before `before`; returns how many. */
  deleteExpired(before: string): Promise<number>;
}
