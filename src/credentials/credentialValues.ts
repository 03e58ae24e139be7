/**
 * The small tests every credential check shares: what a JSON object, a URL and a type value
 * are, how a value is named in a message, and the one error all the checks throw
 * (400 invalid_credential with a sentence naming the field).
 */
import { AppError } from '../errors.js';

/** A JSON object as the credential checks read it. */
export type Json = Record<string, unknown>;

/** The JSON-LD 1.1 keywords; anything else starting with "@" is refused or ignored by expansion. */
export const KEYWORDS: ReadonlySet<string> = new Set([
  '@base',
  '@container',
  '@context',
  '@direction',
  '@graph',
  '@id',
  '@import',
  '@included',
  '@index',
  '@json',
  '@language',
  '@list',
  '@nest',
  '@none',
  '@prefix',
  '@propagate',
  '@protected',
  '@reverse',
  '@set',
  '@type',
  '@value',
  '@version',
  '@vocab',
]);

/** Whether a value is a JSON object (not null, not an array). */
export function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Whether a value is one absolute URL string that `new URL` can parse. */
export function isUrl(value: unknown): value is string {
  if (typeof value !== 'string' || !/^[a-z][a-z0-9+.-]*:\S+$/i.test(value)) return false;
  // digitalbazaar/vc checks some ids with `new URL`, so what it cannot parse is refused here.
  try {
    new URL(value);
    return true;
  } catch {
    return false;
  }
}

/** What a value is, for messages: "null", "an array", "a number"... */
export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return `a ${typeof value}`;
}

/** The error every credential check throws: a 400 that names the field at fault. */
export function invalid(detail: string, extra?: Record<string, unknown>): AppError {
  return new AppError('invalid_credential', detail, extra);
}

/** Refuses a `type` that is not one non-empty string or a non-empty array of them. */
export function assertTypeValue(value: unknown, field: string): void {
  const ok =
    typeof value === 'string'
      ? value.length > 0
      : Array.isArray(value) && value.length > 0 && value.every((t) => typeof t === 'string' && t.length > 0);
  if (!ok) throw invalid(`"${field}" must be a type name or an array of type names (strings)`);
}

/**
 * Visits a property that holds one entry or an array of entries, with the name messages
 * use for each: `field` for a lone entry, `field[i]` for an array's.
 */
export function forEachEntry(
  value: unknown,
  field: string,
  visit: (entry: unknown, name: string) => void,
): void {
  if (!Array.isArray(value)) {
    visit(value, field);
    return;
  }
  for (const [i, entry] of value.entries()) visit(entry, `${field}[${i}]`);
}
