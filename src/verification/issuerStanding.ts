/**
 * The issuer's standing (result.ts IssuerStanding): a valid signature proves only that the
 * holder of some key signed; anyone can make a DID and call themselves SayPro. Standing is
 * what this site knows about that DID: one of our own, on the trust list, or unknown.
 */
import type { TrustReason } from './result.js';

/** Finds why an issuer DID is trusted at a moment, if it is (the trust list and accredited partners). */
export interface TrustLookup {
  find(did: string, at: Date): Promise<TrustReason | undefined>;
}
