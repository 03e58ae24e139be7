/**
 * Repository interface for the trust list (src/trust/): issuers staff list as trusted, and
 * the issuer DID each accredited partner organisation registers. Verification asks about
 * one DID at a time, so both are found by DID through a unique index. Same rules as
 * ports.ts: plain JSON-able records, one contract suite for every adapter.
 */

/** An issuer staff trust, by DID, optionally only between two instants. */
export interface TrustedIssuerRecord {
  did: string;
  /** The name this site gives the issuer (shown instead of the name a credential claims). */
  name: string;
  /** The issuer's https address. */
  url?: string;
  /** Why it is trusted, in staff's words. */
  note?: string;
  /** Trusted from this instant (ISO 8601); absent: since always. */
  validFrom?: string;
  /** Trusted until this instant, inclusive (ISO 8601); absent: with no end. */
  validUntil?: string;
  createdAt: string;
  updatedAt: string;
  /** The user who listed it. */
  createdBy: string;
}

/** The issuer DID a partner organisation signs its own credentials with. */
export interface PartnerIssuerRecord {
  organisationId: string;
  did: string;
  registeredAt: string;
  registeredBy: string;
}

/** Raised by addIssuer when the DID is listed already. */
export class DuplicateTrustedIssuerError extends Error {
  constructor(readonly did: string) {
    super(`The DID ${did} is already on the trust list`);
    this.name = 'DuplicateTrustedIssuerError';
  }
}

/** Raised by setPartnerIssuer when another organisation registered the DID. */
export class PartnerIssuerTakenError extends Error {
  constructor(readonly did: string) {
    super(`Another organisation registered the DID ${did}`);
    this.name = 'PartnerIssuerTakenError';
  }
}

/** Which DIDs an import added and which it updated. */
export interface TrustImportOutcome {
  added: string[];
  updated: string[];
}

/** The trust list and partners' issuer DIDs. */
export interface TrustStore {
  /** Throws DuplicateTrustedIssuerError when the DID is listed already. */
  addIssuer(record: TrustedIssuerRecord): Promise<void>;
  /** Replaces the entry with the record's DID (keeping createdAt and createdBy); false when there is none. */
  updateIssuer(record: TrustedIssuerRecord): Promise<boolean>;
  removeIssuer(did: string): Promise<boolean>;
  getIssuer(did: string): Promise<TrustedIssuerRecord | undefined>;
  /** Every entry, by name. */
  listIssuers(): Promise<TrustedIssuerRecord[]>;
  /**
   * Adds the records whose DID is not listed and replaces the others (keeping their
   * createdAt and createdBy), as one write: every record is stored or, on SQLite, none.
   */
  importIssuers(records: TrustedIssuerRecord[]): Promise<TrustImportOutcome>;
  /** Registers or replaces an organisation's DID; throws PartnerIssuerTakenError when another organisation has it. */
  setPartnerIssuer(record: PartnerIssuerRecord): Promise<void>;
  getPartnerIssuer(organisationId: string): Promise<PartnerIssuerRecord | undefined>;
  findPartnerIssuer(did: string): Promise<PartnerIssuerRecord | undefined>;
  removePartnerIssuer(organisationId: string): Promise<boolean>;
  /** Every registration, newest first. */
  listPartnerIssuers(): Promise<PartnerIssuerRecord[]>;
}
