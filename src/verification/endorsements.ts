/**
 * Embedded endorsements (OB 3.0 EndorsementCredential): a third party's signed statement
 * about the credential, its achievement or its issuer, carried inside the credential as
 * `endorsement` (objects) or `endorsementJwt` (VC-JWTs). Each is verified like any credential,
 * but only one level deep: an endorsement's own endorsements are not followed, and at most
 * MAX_ENDORSEMENTS are verified, so a credential cannot multiply the work done for it. A
 * failing endorsement does not fail the credential (the issuer's signature covers what it
 * carries either way); it is listed as unverified, with a warning.
 */
import { AppError } from '../errors.js';
import { claimedIssuer } from './credentialFacts.js';
import type { EndorsementResult, Finding, VerificationResult } from './result.js';
import type { CheckedCredential } from './verifyCredential.js';

type Json = Record<string, unknown>;

/** Endorsements verified per credential; each may cost a DID resolution and a status fetch. */
const MAX_ENDORSEMENTS = 8;

const object = (value: unknown): Json =>
  value && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : {};

/** Where OB 3.0 puts endorsements: on the credential, on its issuer Profile and on its Achievement. */
function endorsementsIn(credential: Json): unknown[] {
  const subject = object(
    Array.isArray(credential.credentialSubject)
      ? credential.credentialSubject[0]
      : credential.credentialSubject,
  );
  const holders = [credential, object(credential.issuer), object(subject.achievement)];
  return holders.flatMap((holder) => [
    ...([] as unknown[]).concat(holder.endorsement ?? []),
    ...([] as unknown[]).concat(holder.endorsementJwt ?? []),
  ]);
}

function refused(message: string): VerificationResult {
  const error: Finding = { code: 'malformed_credential', message };
  return {
    verified: false,
    checks: [{ id: 'structure', valid: false, error }],
    warnings: [],
    errors: [error],
  };
}

const isEndorsement = (credential: Json): boolean =>
  ([] as unknown[]).concat(credential.type ?? []).includes('EndorsementCredential');

/**
 * Verifies the credential's embedded endorsements with `check` (one credential, no refresh,
 * no endorsements of its own); returns their results and the warnings for the result.
 */
export async function verifyEndorsements(
  credential: Json,
  check: (input: unknown) => Promise<CheckedCredential>,
): Promise<{ endorsements: EndorsementResult[]; warnings: Finding[] }> {
  const found = endorsementsIn(credential);
  const warnings: Finding[] = [];
  const endorsements: EndorsementResult[] = [];
  for (const endorsement of found.slice(0, MAX_ENDORSEMENTS)) {
    let result: VerificationResult;
    let read: Json = object(endorsement);
    try {
      const checked = await check(endorsement);
      read = checked.credential ?? read;
      result = isEndorsement(read)
        ? checked.result.build()
        : refused('An endorsement must be an EndorsementCredential');
    } catch (error) {
      // An endorsement JWT whose payload exceeds the caps is refused on its own, not the whole credential.
      if (!(error instanceof AppError)) throw error;
      result = refused(`The endorsement was not verified: ${error.detail}`);
    }
    // Who the endorsement names: a claim, proven only when it verified.
    const issuer = claimedIssuer(read);
    endorsements.push({ issuer, verified: result.verified, checks: result.checks });
    if (!result.verified) {
      warnings.push({
        code: 'endorsement_unverified',
        message: `An endorsement by ${issuer.name ?? issuer.id ?? 'an unnamed endorser'} did not verify: ${result.errors[0]?.message ?? 'no check passed'}`,
      });
    }
  }
  if (found.length > MAX_ENDORSEMENTS) {
    warnings.push({
      code: 'endorsement_unverified',
      message: `The credential carries ${found.length} endorsements; only the first ${MAX_ENDORSEMENTS} were verified`,
    });
  }
  return { endorsements, warnings };
}
