/**
 * Repository interface for wallet hand-off state (src/exchanges/): VC-API exchanges for
 * the Learner Credential Wallet, OpenID4VCI pre-authorized codes, access tokens and
 * nonces. One record shape for all four kinds, keyed by (id, kind); every kind is
 * short-lived and used once, so one atomic `claim` serves them all. Same rules as
 * ports.ts: plain JSON-able records, one contract suite for every adapter.
 */

/** What a hand-off record is. */
export type ExchangeKind = 'vcapi_exchange' | 'oid4vci_offer' | 'oid4vci_token' | 'oid4vci_nonce';

/** One piece of hand-off state. */
export interface ExchangeRecord {
  /**
   * A VC-API exchange: its random id (it is in the URL the wallet posts to). A code or
   * access token: the SHA-256 (hex) of the secret, which is never stored. A nonce: the
   * nonce itself (it is no secret, only single-use).
   */
  id: string;
  kind: ExchangeKind;
  /** The account whose certificate is being handed to a wallet (absent for a nonce). */
  userId?: string;
  /** The stored credential the wallet copy is made from (absent for a nonce). */
  credentialId?: string;
  /** The VC-API exchange challenge, or the c_nonce bound to an access token. */
  challenge?: string;
  /** The record this one was made from (an access token: the hash of its offer's code). */
  parentId?: string;
  createdAt: string;
  expiresAt: string;
  /** When the record was claimed; a claimed record is never claimed again. */
  usedAt?: string;
  /** The wallet's DID that claimed it, so a retry by the same wallet can be recognised. */
  holderDid?: string;
  /** The credential issued to the wallet, once there is one. */
  issuedCredentialId?: string;
}

/** Hand-off state. */
export interface ExchangeStore {
  /** Stores a new record; throws if (id, kind) exists. */
  create(record: ExchangeRecord): Promise<void>;
  /** A record whatever its state (used, expired): the domain decides what to answer. */
  get(id: string, kind: ExchangeKind): Promise<ExchangeRecord | undefined>;
  /**
   * Atomically marks an unused record that expires after `now` as used (by `holderDid`,
   * when given) and returns it; undefined if it is unknown, used or expired. Of two
   * concurrent claims exactly one succeeds.
   */
  claim(
    id: string,
    kind: ExchangeKind,
    claim: { now: string; holderDid?: string },
  ): Promise<ExchangeRecord | undefined>;
  /** Records the credential issued for a claimed record; returns the updated record. */
  setIssued(id: string, kind: ExchangeKind, credentialId: string): Promise<ExchangeRecord | undefined>;
  /** The records made from one stored credential that led to an issued wallet copy. */
  listIssuedFrom(credentialId: string): Promise<ExchangeRecord[]>;
  /**
   * The record that led to a wallet copy (its `credentialId` is the copy's parent), or
   * undefined for a credential that is no wallet copy.
   */
  getByIssued(issuedCredentialId: string): Promise<ExchangeRecord | undefined>;
  /** Deletes records never used that expired before `before`; returns how many. */
  deleteUnusedExpired(before: string): Promise<number>;
}
