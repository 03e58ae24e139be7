/**
 * Whether a certificate's picture must carry a mark, and which: a revoked, suspended,
 * expired or replaced certificate is drawn with a banner across it (markBanner.ts), so no
 * download of one looks like a valid certificate. Decided from the stored record and the
 * clock when the picture is asked for, since all four can change after issuance.
 */
import { SUPERSEDED } from '../programs/automaticIssuance.js';
import type { CredentialRecord } from '../storage/ports.js';

/** The marks a certificate picture can carry. */
export type CertificateMark = 'revoked' | 'suspended' | 'expired' | 'replaced';

/** What a render of a stored certificate knows besides the signed credential. */
export interface RenderFacts {
  /** The QR code leads to `${publicUrl}/v/<verificationToken>`. */
  verificationToken: string;
  /** The banner drawn across the picture; none for a valid certificate. */
  mark?: CertificateMark;
}

/** The credential's end of validity (VC 2.0 `validUntil`, VC 1.1 `expirationDate`), if any. */
function endOf(credential: Record<string, unknown> | undefined): number | undefined {
  const end = credential?.validUntil ?? credential?.expirationDate;
  const time = typeof end === 'string' ? Date.parse(end) : Number.NaN;
  return Number.isNaN(time) ? undefined : time;
}

/**
 * The mark of a record at `now`. A replacement revokes what it replaces with the reason
 * "superseded": that says "replaced", not "revoked". Revocation outranks suspension, and
 * both outrank expiry (the stronger statement wins).
 */
export function markOf(
  record: Pick<CredentialRecord, 'revoked' | 'suspended' | 'statusReason' | 'credential'>,
  now: Date,
): CertificateMark | undefined {
  if (record.revoked) return record.statusReason === SUPERSEDED ? 'replaced' : 'revoked';
  if (record.suspended) return 'suspended';
  const end = endOf(record.credential);
  return end !== undefined && end <= now.getTime() ? 'expired' : undefined;
}

/** The facts a render of a stored record needs. */
export function renderFactsOf(record: CredentialRecord, now: Date): RenderFacts {
  const mark = markOf(record, now);
  return { verificationToken: record.verificationToken, ...(mark ? { mark } : {}) };
}
