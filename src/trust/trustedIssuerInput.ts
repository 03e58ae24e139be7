/**
 * What staff give for a trust list entry, from the console form or an imported file, and
 * its validation: the DID must be a DID, the name is required, the URL is https, dates are
 * real dates. A bare date means the whole day in UTC: "valid from" its first millisecond,
 * "valid until" its last, so an entry valid until 2027-06-30 still counts that day.
 */
import { z } from 'zod';
import type { TrustedIssuerRecord } from '../storage/ports.js';
import { isDid, MAX_DID_LENGTH } from '../jsonld/didSyntax.js';

export const LIMITS = { name: 200, url: 2000, note: 2000 } as const;

/** How each field is called on the form, for messages people can act on. */
const FIELD_LABELS: Record<string, string> = {
  did: 'DID',
  name: 'Name',
  url: 'URL',
  note: 'Note',
  validFrom: 'Valid from',
  validUntil: 'Valid until',
};

/** A blank value (the form sends '' for an empty field) is no value. */
const blankToUndefined = (value: string | undefined) =>
  value === undefined || value === '' ? undefined : value;

/** An issuer's DID, as staff or a partner type it. */
export const issuerDid = z
  .string()
  .trim()
  .superRefine((value, ctx) => {
    const problem = !value
      ? 'is required'
      : value.length > MAX_DID_LENGTH
        ? `may be at most ${MAX_DID_LENGTH} characters`
        : !isDid(value)
          ? 'must be a DID, such as did:web:example.org or did:key:z6Mk...'
          : undefined;
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

const httpsUrl = z
  .string()
  .trim()
  .max(LIMITS.url, `may be at most ${LIMITS.url} characters`)
  .optional()
  .transform((raw, ctx) => {
    const value = blankToUndefined(raw);
    if (value === undefined) return undefined;
    if (!URL.canParse(value)) ctx.addIssue({ code: 'custom', message: 'must be a web address' });
    else if (new URL(value).protocol !== 'https:')
      ctx.addIssue({ code: 'custom', message: 'must start with https://' });
    return value;
  });

const YMD = /^\d{4}-\d{2}-\d{2}$/;
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/** A date (the day's first or last millisecond in UTC) or an instant with its offset, as ISO 8601 UTC. */
function dateOrInstant(edge: 'start' | 'end') {
  return z
    .string()
    .trim()
    .optional()
    .transform((raw, ctx) => {
      const value = blankToUndefined(raw);
      if (value === undefined) return undefined;
      const time = edge === 'start' ? 'T00:00:00.000Z' : 'T23:59:59.999Z';
      const parsed = YMD.test(value)
        ? new Date(`${value}${time}`)
        : INSTANT.test(value)
          ? new Date(value)
          : undefined;
      // Date rolls 2026-02-30 over into March; a date that does not round-trip does not exist.
      if (
        !parsed ||
        Number.isNaN(parsed.getTime()) ||
        (YMD.test(value) && parsed.toISOString().slice(0, 10) !== value)
      ) {
        ctx.addIssue({ code: 'custom', message: 'must be a date (YYYY-MM-DD)' });
        return z.NEVER;
      }
      return parsed.toISOString();
    });
}

/** An entry's own fields (no timestamps), unset ones absent. */
export type TrustedIssuerFields = Pick<
  TrustedIssuerRecord,
  'did' | 'name' | 'url' | 'note' | 'validFrom' | 'validUntil'
>;

type Loose<T> = { [K in keyof T]: T[K] | undefined };

/** The entry's own fields of a record or a parsed entry, leaving out the unset ones. */
export function entryFields(entry: Loose<TrustedIssuerFields>): TrustedIssuerFields {
  const { did, name, url, note, validFrom, validUntil } = entry;
  return {
    did: did!,
    name: name!,
    ...(url !== undefined ? { url } : {}),
    ...(note !== undefined ? { note } : {}),
    ...(validFrom !== undefined ? { validFrom } : {}),
    ...(validUntil !== undefined ? { validUntil } : {}),
  };
}

/** The fields of an entry, validated and normalised (trimmed, blanks dropped, dates as instants). */
export const trustedIssuerInput = z
  .strictObject({
    did: issuerDid,
    name: z
      .string()
      .trim()
      .min(1, 'is required')
      .max(LIMITS.name, `may be at most ${LIMITS.name} characters`),
    url: httpsUrl,
    note: z
      .string()
      .trim()
      .max(LIMITS.note, `may be at most ${LIMITS.note} characters`)
      .optional()
      .transform(blankToUndefined),
    validFrom: dateOrInstant('start'),
    validUntil: dateOrInstant('end'),
  })
  .refine((entry) => !entry.validFrom || !entry.validUntil || entry.validFrom < entry.validUntil, {
    message: 'must be after "Valid from"',
    path: ['validUntil'],
  })
  .transform(entryFields);

/** An entry as staff give it. */
export type TrustedIssuerInput = z.input<typeof trustedIssuerInput>;

/** One zod issue in words: "URL must start with https://". */
export function describeIssue(issue: z.core.$ZodIssue): string {
  const field = issue.path.at(-1);
  const label = typeof field === 'string' ? (FIELD_LABELS[field] ?? field) : undefined;
  return label ? `${label} ${issue.message}` : issue.message;
}
