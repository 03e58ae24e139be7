/**
 * The verification result (DESIGN rule 4): data, never an exception. Each check has a
 * stable snake_case code when it fails, so API clients, the /verify page and wallets can
 * show a precise reason.
 */

/** The checks a credential goes through, in order. */
export type CheckId = 'structure' | 'context' | 'issuer' | 'proof' | 'validity' | 'status' | 'schema' | 'presentation';

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
  | 'holder_mismatch';

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

/** The whole outcome of verifying a credential. */
export interface VerificationResult {
  verified: boolean;
  checks: Check[];
  warnings: Finding[];
  errors: Finding[];
}

/** Collects checks and findings while a verification runs. */
export class ResultBuilder {
  private readonly checks: Check[] = [];
  private readonly warnings: Finding[] = [];
  private readonly errors: Finding[] = [];

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
    };
  }
}
