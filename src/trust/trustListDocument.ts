/**
 * The trust list as a JSON file, to move it between instances, keep it under review, or
 * give it to the Workers verifier (TRUSTED_ISSUERS):
 * `{"format": "saypro-trust-list", "version": 1, "exportedAt": ..., "issuers": [entry...]}`
 * where each entry has the console's fields (did, name, url, note, validFrom, validUntil).
 * Pure: no store, so the Worker bundles it.
 */
import { z } from 'zod';
import { AppError } from '../errors.js';
import { describeIssue, trustedIssuerInput, type TrustedIssuerFields } from './trustedIssuerInput.js';

export const TRUST_LIST_FORMAT = 'saypro-trust-list';
/** Enough for any real list, few enough that one import is one quick write. */
const MAX_IMPORT_ENTRIES = 1000;
const SHOWN_PROBLEMS = 10;

/** The file's shape (zod-validated on import). */
const trustListFile = z.strictObject({
  format: z.literal(TRUST_LIST_FORMAT, `must be "${TRUST_LIST_FORMAT}"`),
  version: z.literal(1, 'must be 1'),
  exportedAt: z.string().max(40).optional(),
  issuers: z
    .array(trustedIssuerInput)
    .max(MAX_IMPORT_ENTRIES, `may hold at most ${MAX_IMPORT_ENTRIES} entries`),
});

/** The exported document. */
export interface TrustListDocument {
  format: typeof TRUST_LIST_FORMAT;
  version: 1;
  exportedAt: string;
  issuers: TrustedIssuerFields[];
}

/** Where in the file a problem is: `issuers[3] (did:web:example.org) URL must ...`. */
function locate(issue: z.core.$ZodIssue, json: unknown): string {
  const [top, index] = issue.path;
  if (top !== 'issuers' || typeof index !== 'number')
    return `${issue.path.length ? `${issue.path.join('.')} ` : ''}${issue.message}`;
  const entry = (json as { issuers: unknown[] }).issuers[index];
  const did =
    entry && typeof entry === 'object' && typeof (entry as { did?: unknown }).did === 'string'
      ? ` (${(entry as { did: string }).did.slice(0, 100)})`
      : '';
  return `issuers[${index}]${did}: ${issue.path.length > 2 ? describeIssue(issue) : issue.message}`;
}

/** The validated entries of a file's text, or a 400 naming what is wrong. */
export function readTrustListDocument(text: string): TrustedIssuerFields[] {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new AppError(
      'invalid_request',
      'The file is not JSON; choose a trust list exported from this console',
    );
  }
  const parsed = trustListFile.safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => locate(issue, json));
    const more = problems.length > SHOWN_PROBLEMS ? `; and ${problems.length - SHOWN_PROBLEMS} more` : '';
    throw new AppError(
      'invalid_request',
      `Nothing was imported. ${problems.slice(0, SHOWN_PROBLEMS).join('; ')}${more}`,
    );
  }
  const seen = new Set<string>();
  const repeated = new Set<string>();
  for (const { did } of parsed.data.issuers) (seen.has(did) ? repeated : seen).add(did);
  if (repeated.size)
    throw new AppError(
      'invalid_request',
      `Nothing was imported. The file lists ${[...repeated].slice(0, SHOWN_PROBLEMS).join(', ')} more than once`,
    );
  return parsed.data.issuers;
}
