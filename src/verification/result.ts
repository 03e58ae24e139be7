/**
 * The verification result (DESIGN rule 4): data, never an exception. Each check has a
 * stable snake_case code when it fails, so API clients, the /verify page and wallets can
 * show a precise reason.
 */

import type { Verdict } from './verdict.js';

/** The checks a credential goes through, in order. */
export type CheckId =
  | 'structure'
  | 'context'
  | 'issuer'
  | 'proof'
  | 'validity'
  | 'status'
  | 'schema'
  | 'presentation'
  | 'recipient';

/** Stable reasons a check fails or warns. */
export type VerificationCode =
  | 'malformed_credential'
  | 'credential_subject_missing'
  | 'unknown_context'
  | 'did_unresolved'
  | 'no_proof'
  | 'unknown_suite'
  | 'invalid_signature'
  | 'undefined_term'
  | 'issuer_mismatch'
  | 'not_yet_valid'
  | 'expired'
  | 'revoked'
  | 'suspended'
  | 'status_list_unreachable'
  | 'status_list_invalid'
  | 'status_list_expired'
  | 'status_type_unsupported'
  | 'schema_invalid'
  | 'schema_unknown'
  | 'malformed_presentation'
  | 'challenge_mismatch'
  | 'domain_mismatch'
  | 'holder_mismatch'
  | 'issuer_unknown'
  | 'recipient_mismatch'
  | 'recipient_not_stated'
  | 'credential_refreshed'
  | 'refresh_failed'
  | 'endorsement_unverified';

/** A problem with its code and a sentence for people. */
export interface Finding {
  code: VerificationCode;
  message: string;
}

/** One check's outcome. */
export interface Check {
  id: CheckId;
  valid: boolean;
  error?: Finding;
}

/**
 * Who stands behind the issuer DID, as this site knows it: `own` (a DID this platform signs
 * or ever signed with), `trusted` (on the trust list, or an accredited partner's registered
 * DID while the accreditation holds), or `unknown` (anyone can make a DID and a name).
 */
type IssuerStanding = 'own' | 'trusted' | 'unknown';

/** Why a trusted issuer is trusted: the trust list entry, or the partner's accreditation. */
export interface TrustReason {
  kind: 'listed' | 'accredited_partner';
  /** The name the trust list (or the partner record) gives, not the one the credential claims. */
  name: string;
  url?: string;
  note?: string;
  /** The end of the listing or of the accreditation (ISO 8601), when there is one. */
  until?: string;
}

/** The issuer as the credential names it and as this site knows it. */
export interface IssuerFacts {
  /** The issuer DID the credential claims (absent when it names none). */
  id?: string;
  /** The name the credential gives itself (`issuer.name`): a claim, not proof. */
  name?: string;
  standing: IssuerStanding;
  /** The name this site vouches for: ours for `own`, the trust list's for `trusted`; absent for `unknown`. */
  displayName?: string;
  trust?: TrustReason;
}

/** What the credential says, for people: read from it, only strings, never trusted as markup. */
export interface CredentialFacts {
  id?: string;
  recipientName?: string;
  achievementName: string;
  description?: string;
  criteria?: string;
  /** The achievement's (or credential's) image URL. */
  image?: string;
  validFrom?: string;
  validUntil?: string;
  /** The human certificate number, when the credential carries one as a subject identifier. */
  certificateNumber?: string;
}

/** An endorsement embedded in the credential (OB 3.0 EndorsementCredential), verified on its own. */
export interface EndorsementResult {
  /** The endorser as the endorsement names it (a claim, proven only when `verified`), and its standing here. */
  issuer: {
    id?: string;
    name?: string;
    standing?: IssuerStanding;
    displayName?: string;
    trust?: TrustReason;
  };
  verified: boolean;
  checks: Check[];
}

/** The whole outcome of verifying a credential. */
export interface VerificationResult {
  /** The cryptographic and structural result: signature, dates, status, schema. */
  verified: boolean;
  checks: Check[];
  warnings: Finding[];
  errors: Finding[];
  /** What the credential says (absent when it could not be read as a credential). */
  credential?: CredentialFacts;
  /** Who issued it and what standing they have here (set on the main thread, after verification). */
  issuer?: IssuerFacts;
  /** The result in words for people (verdict.ts), set with the standing. */
  verdict?: Verdict;
  /** The embedded endorsements, each verified (absent when the credential carries none). */
  endorsements?: EndorsementResult[];
}

/** Collects checks and findings while a verification runs. */
export class ResultBuilder {
  private readonly checks: Check[] = [];
  private readonly warnings: Finding[] = [];
  private readonly errors: Finding[] = [];
  private facts?: { credential: CredentialFacts; issuer: IssuerFacts };

  /** Records what the credential says and who it claims issued it. */
  describe(credential: CredentialFacts, issuer: IssuerFacts): void {
    this.facts = { credential, issuer };
  }

  pass(id: CheckId): void {
    this.checks.push({ id, valid: true });
  }

  fail(id: CheckId, code: VerificationCode, message: string): void {
    const error = { code, message };
    this.checks.push({ id, valid: false, error });
    this.errors.push(error);
  }

  warn(code: VerificationCode, message: string): void {
    this.warnings.push({ code, message });
  }

  hasFailed(id?: CheckId): boolean {
    return this.checks.some((c) => !c.valid && (id === undefined || c.id === id));
  }

  build(): VerificationResult {
    return {
      verified: this.checks.length > 0 && this.checks.every((c) => c.valid),
      checks: this.checks,
      warnings: this.warnings,
      errors: this.errors,
      ...this.facts,
    };
  }
}
