/**
 * The credential's subjects: a credential is a set of claims about one or more subjects
 * (VC DM 2.0 §4.8), so one that names no subject, or only empty ones, is refused when
 * issuing and fails verification, both with the reason `credential_subject_missing`.
 */
import { describe, forEachEntry, invalid, isObject, isUrl } from './credentialValues.js';

/** The reason (problem `reason`, verification code) for a credential that makes no claims. */
export const CREDENTIAL_SUBJECT_MISSING = 'credential_subject_missing';

/**
 * Why `credentialSubject` makes no claims, or undefined if it does. A credential is a set of
 * claims about one or more subjects (VC DM 2.0 §4.8): a missing subject, `[]`, `{}` or an
 * array holding `{}` says nothing. A subject with only an `id` is accepted, as digitalbazaar/vc
 * does. Entries that are not objects are another fault (malformed), not reported here.
 * Issuing refuses these with reason `credential_subject_missing`; verification fails with
 * that code.
 */
export function credentialSubjectMissing(subject: unknown): string | undefined {
  if (subject === undefined || subject === null) {
    return 'The credential has no "credentialSubject": it must make claims about at least one subject';
  }
  if (Array.isArray(subject)) {
    if (subject.length === 0)
      return '"credentialSubject" is an empty array: it must make claims about at least one subject';
    const empty = subject.findIndex((entry) => isObject(entry) && Object.keys(entry).length === 0);
    if (empty >= 0)
      return `"credentialSubject[${empty}]" is an empty object: each subject must have an id or make a claim`;
    return undefined;
  }
  if (isObject(subject) && Object.keys(subject).length === 0) {
    return '"credentialSubject" is an empty object: it must have an id or make a claim';
  }
  return undefined;
}

/** Refuses a `credentialSubject` that makes no claims, is not objects, or has an id that is no URL. */
export function assertCredentialSubject(subject: unknown): void {
  const missing = credentialSubjectMissing(subject);
  if (missing) throw invalid(missing, { reason: CREDENTIAL_SUBJECT_MISSING });
  if (!isObject(subject) && !Array.isArray(subject)) {
    throw invalid('"credentialSubject" must be an object (or an array of objects) holding the claims');
  }
  forEachEntry(subject, 'credentialSubject', (entry, field) => {
    if (!isObject(entry))
      throw invalid(`"${field}" must be an object holding claims about one subject, not ${describe(entry)}`);
    if (entry.id !== undefined && !isUrl(entry.id)) {
      throw invalid(`"${field}.id" must be a single URL string, such as did:example:123, when present`);
    }
  });
}
