/**
 * What the wallet hand-off needs (DESIGN rule 1), built once in createDeps, and the
 * lifetimes of its short-lived state. A hand-off gives a participant's certificate to
 * their own wallet as a new credential bound to the wallet's DID, by either the VC-API
 * exchange the Learner Credential Wallet speaks or an OpenID4VCI pre-authorized offer.
 */
import type { IssueDeps } from '../credentials/issueCredential.js';
import type { CredentialStore, ExchangeStore } from '../storage/ports.js';
import type { Verifier } from '../verification/verifier.js';

/** The hand-off's collaborators. */
export interface ExchangeDeps {
  exchanges: ExchangeStore;
  credentials: CredentialStore;
  issue: IssueDeps;
  /** Verifies the wallet's presentation (caps, worker threads, time budget). */
  verifier: Verifier;
  /** Our DID, the `issuer` of the Learner Credential Wallet deep link. */
  issuerDid: string;
  /** The organisation's name, shown by wallets in the OpenID4VCI issuer metadata. */
  issuerName: string;
  /** Our public base URL (no trailing slash): the OpenID4VCI credential issuer id. */
  publicUrl: string;
  now: () => Date;
}

/** How long a VC-API exchange and an OpenID4VCI pre-authorized code stay usable. */
export const OFFER_TTL_MS = 15 * 60_000;
/** How long an OpenID4VCI access token (and its c_nonce) stays usable. */
export const TOKEN_TTL_MS = 10 * 60_000;
/** How long a nonce from the nonce endpoint stays usable. */
export const NONCE_TTL_MS = 5 * 60_000;
/**
 * Unused expired records are pruned once they are this far past their expiry: until
 * then a late wallet still hears "expired" (410) rather than "unknown" (404).
 */
const PRUNE_AFTER_MS = 60 * 60_000;

/** An ISO timestamp `ms` after `now`. */
export function later(now: Date, ms: number): string {
  return new Date(now.getTime() + ms).toISOString();
}

/** Removes unused state that expired more than PRUNE_AFTER_MS ago. */
export async function pruneExpired(deps: ExchangeDeps): Promise<void> {
  await deps.exchanges.deleteUnusedExpired(later(deps.now(), -PRUNE_AFTER_MS));
}

/**
 * Raised when a hand-off can no longer happen: its exchange or offer was used by another
 * wallet or expired, or the certificate was revoked, suspended or removed. The VC-API
 * route answers 410 Gone; the OpenID4VCI routes answer their own error codes.
 */
export class HandOffGoneError extends Error {
  constructor(readonly detail: string) {
    super(detail);
    this.name = 'HandOffGoneError';
  }
}
