/**
 * Matching the holder's name a person types against the name on a credential, for the
 * certificate number lookup: the surname (the last word of the recipient's name) or the
 * whole name, compared without regard to case, accents or spacing, so "ngcobo-muller"
 * finds "Zoë Ngcobo-Müller". Only what the signed credential says is compared.
 */

type Json = Record<string, unknown>;

/** NFD, combining marks stripped, lower case, runs of white space as one space. */
export function foldName(name: string): string {
  return name.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/\s+/gu, ' ').trim();
}

/** The recipient's name on a credential (its first subject's `name`), or ''. */
export function holderNameOf(credential: Json): string {
  const subjects = credential.credentialSubject;
  const subject = Array.isArray(subjects) ? subjects[0] : subjects;
  const name = subject && typeof subject === 'object' ? (subject as Json).name : undefined;
  return typeof name === 'string' ? name : '';
}

/** Whether `given` is the holder's surname or full name; never for an empty name on either side. */
export function matchesHolder(holderName: string, given: string): boolean {
  const name = foldName(holderName);
  const typed = foldName(given);
  if (!name || !typed) return false;
  return typed === name || typed === name.slice(name.lastIndexOf(' ') + 1);
}
