/**
 * The one check of every human-readable name the platform stores and shows to others: a
 * person's name (sign-up, invitation, setup, the CLI, /me/name, a name correction, an
 * account made by an import) and the names of organisations and teams. Names end up on
 * signed certificates, in emails and on pages, so characters nobody can see are taken out
 * before anything is stored: control characters (a NUL breaks exports and some drivers),
 * bidi overrides and isolates (U+202E turns "Smith" around and can disguise a name), and
 * zero-width characters (two names that look the same would differ), except the joiners
 * inside words that some scripts spell with. What is left is
 * NFC-normalised (the same name typed on two keyboards is the same string), whitespace is
 * collapsed to single spaces, and it must hold at least one letter or digit in any script.
 * Names in every script, with their combining marks, come through unchanged.
 */
import { AppError } from '../errors.js';

/** What is being named, in the words the refusals use. */
export interface NameField {
  /** The field as a sentence names it, lower case: "your name", "the team name". */
  label: string;
  /** The sentence for an empty field. */
  missing: string;
  /** The longest name allowed (UTF-16 units, as the forms' maxlength counts). */
  max: number;
  /**
   * What a longer name gets: refused (a form the person can correct), or cut to `max`
   * (where a long name was always shortened, so an import or the admin's list keeps working).
   */
  overLength: 'refuse' | 'cut';
}

/** The longest name anything keeps (the certificate layout shrinks long names to fit). */
export const MAX_DISPLAY_NAME_LENGTH = 200;

/** A person's own name, as they type it on a form. */
export const OWN_NAME: NameField = {
  label: 'your name',
  missing: 'Enter your name as it should appear on certificates',
  max: MAX_DISPLAY_NAME_LENGTH,
  overLength: 'refuse',
};
/** A person's name given by someone else (an import, an integration) or by a fixed caller. */
export const PERSON_NAME: NameField = {
  label: "the person's name",
  missing: "Enter the person's name",
  max: MAX_DISPLAY_NAME_LENGTH,
  overLength: 'cut',
};
export const ORGANISATION_NAME: NameField = {
  label: 'the organisation name',
  missing: 'Enter the organisation name',
  max: MAX_DISPLAY_NAME_LENGTH,
  overLength: 'cut',
};
export const TEAM_NAME: NameField = {
  label: 'the team name',
  missing: 'Enter the team name',
  max: MAX_DISPLAY_NAME_LENGTH,
  overLength: 'cut',
};

/** Line breaks and tabs separate words: they become spaces, not nothing. */
const BREAKS = /[\t\n\v\f\r\u0085\u2028\u2029]/g;
/**
 * Removed outright: C0 and C1 controls (with DEL), bidi embeddings, overrides and isolates
 * (U+202A-U+202E, U+2066-U+2069), zero-width space, the word joiner and the byte-order
 * mark, and lone surrogates (not text; a store may refuse or mangle them).
 */
const INVISIBLE = /[\p{Cc}\u202A-\u202E\u2066-\u2069\u200B\u2060\uFEFF]|\p{Cs}/gu;
/**
 * The zero-width non-joiner and joiner (U+200C, U+200D) are part of how Persian, Urdu and
 * Indic names are spelled (می‌خواهم, क्‍ष): one is kept between two letters or marks; a
 * run becomes one, and one anywhere else (at an end, beside a space) is removed.
 */
const JOINERS = /[\u200C\u200D]+/g;
const LETTER_OR_MARK = /[\p{L}\p{M}]/u;
function keepJoinersInWords(text: string): string {
  return text.replace(JOINERS, (run, at: number, whole: string) =>
    LETTER_OR_MARK.test(whole.charAt(at - 1)) && LETTER_OR_MARK.test(whole.charAt(at + run.length))
      ? run.charAt(0)
      : '',
  );
}
const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;

const capitalised = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** Cuts to at most `max` UTF-16 units without splitting a surrogate pair. */
function cut(text: string, max: number): string {
  let end = Math.min(text.length, max);
  if (end < text.length && /[\uD800-\uDBFF]/.test(text.charAt(end - 1))) end -= 1;
  return keepJoinersInWords(text.slice(0, end)).trimEnd();
}

/**
 * The name as it is stored, or a 400 naming the field: empty once the invisible characters
 * are gone, without a letter or digit, or (when `field.overLength` is 'refuse') too long.
 * The error carries `field: 'name'`, the form field every one of these names is typed in.
 */
export function cleanDisplayName(text: string | undefined, field: NameField): string {
  const cleaned = keepJoinersInWords((text ?? '').replace(BREAKS, ' ').replace(INVISIBLE, ''))
    .normalize('NFC')
    .replace(/\s+/g, ' ')
    .trim();
  const refuse = (message: string) => new AppError('invalid_request', message, { field: 'name' });
  if (!cleaned)
    throw refuse(
      text?.trim() ? `${capitalised(field.label)} needs at least one letter or digit` : field.missing,
    );
  if (!LETTER_OR_DIGIT.test(cleaned))
    throw refuse(`${capitalised(field.label)} needs at least one letter or digit`);
  if (cleaned.length <= field.max) return cleaned;
  if (field.overLength === 'refuse') throw refuse(`Keep ${field.label} under ${field.max} characters`);
  const shortened = cut(cleaned, field.max);
  if (!LETTER_OR_DIGIT.test(shortened))
    throw refuse(
      `${capitalised(field.label)} needs at least one letter or digit in its first ${field.max} characters`,
    );
  return shortened;
}
