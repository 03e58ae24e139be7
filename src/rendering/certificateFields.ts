/**
 * The values a certificate shows, read from the signed Open Badges credential (never from
 * anything else, so the picture says exactly what the signature covers). Only strings are
 * taken; a field the credential lacks becomes an empty string or a neutral word.
 */
import type { CertificateFields } from './templateDesign.js';
import { safeImage } from './designSafety.js';

type Json = Record<string, unknown>;

const dateFormat = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  timeZone: 'UTC',
});

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() ? value.trim() : undefined;
}

function object(value: unknown): Json {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : {};
}

/** An ISO date-time as "24 November 2026" (UTC), or the text as it is when it is not a date. */
function formatCertificateDate(value: string | undefined): string {
  if (!value) return '';
  const time = Date.parse(value);
  return Number.isNaN(time) ? value : dateFormat.format(new Date(time));
}

/** The human certificate number: the subject's unhashed `identifier` IdentityObject. */
function certificateNumberOf(subject: Json): string {
  const identifiers = ([] as unknown[]).concat(subject.identifier ?? []);
  for (const entry of identifiers) {
    const identity = object(entry);
    if (identity.identityType === 'identifier' && identity.hashed !== true) {
      const number = text(identity.identityHash);
      if (number) return number;
    }
  }
  return '';
}

/**
 * Where a certificate's QR code leads: the verification page of its token (`/v/<token>`,
 * which works for private certificates too), or, for a picture of no stored certificate
 * (a template preview), the public page of the credential's id.
 */
function verifyUrlOf(publicUrl: string, credentialId: string, verificationToken?: string): string {
  const base = publicUrl.replace(/\/+$/, '');
  return verificationToken
    ? `${base}/v/${verificationToken}`
    : `${base}/c/${encodeURIComponent(credentialId)}`;
}

/** Extracts the certificate fields from a signed credential (its stored token, when it has one, for the QR link). */
export function certificateFields(
  credential: Json,
  publicUrl: string,
  verificationToken?: string,
): CertificateFields {
  const subject = object(
    Array.isArray(credential.credentialSubject)
      ? credential.credentialSubject[0]
      : credential.credentialSubject,
  );
  const achievement = object(subject.achievement);
  const issuer =
    typeof credential.issuer === 'string' ? { id: credential.issuer } : object(credential.issuer);
  const validUntil = text(credential.validUntil) ?? text(credential.expirationDate);
  return {
    participantName: text(subject.name) ?? '',
    courseName: text(achievement.name) ?? text(credential.name) ?? 'Certificate',
    courseDescription: text(achievement.description) ?? text(credential.description) ?? '',
    completionDate: formatCertificateDate(text(credential.validFrom) ?? text(credential.issuanceDate)),
    certificateNumber: certificateNumberOf(subject),
    issuerName: text(issuer.name) ?? text(issuer.id) ?? '',
    verifyUrl: verifyUrlOf(publicUrl, text(credential.id) ?? '', verificationToken),
    ...(validUntil ? { validUntil: formatCertificateDate(validUntil) } : {}),
  };
}

/**
 * The issuer's image (Open Badges Profile `image`: a URI or an Image object with an `id`)
 * when it is an inline data: URL the renderer may draw; a remote image is never fetched.
 */
export function issuerImageOf(credential: Json): string | undefined {
  const issuer = typeof credential.issuer === 'string' ? {} : object(credential.issuer);
  const image = typeof issuer.image === 'string' ? issuer.image : object(issuer.image).id;
  return safeImage(image);
}

/** The placeholders a design's body may use, in the order the template documents them. */
export const PLACEHOLDERS = [
  'participantName',
  'courseName',
  'courseDescription',
  'completionDate',
  'certificateNumber',
  'issuerName',
] as const;

/**
 * Fills `{{name}}` placeholders with plain text. Nothing is evaluated: an unknown name
 * stays as written, and a value that already ends a sentence absorbs the template's
 * following full stop ("...pages.." becomes "...pages."); a colon left dangling by an
 * empty value is dropped.
 */
export function fillPlaceholders(template: string, fields: CertificateFields): string {
  const filled = template.replace(/\{\{\s*(\w+)\s*\}\}(\.?)/g, (whole, name: string, dot: string) => {
    if (!(PLACEHOLDERS as readonly string[]).includes(name)) return whole;
    const value = fields[name as (typeof PLACEHOLDERS)[number]];
    return dot && /[.!?]$/.test(value) ? value : value + dot;
  });
  // An empty value leaves "completed X: ." behind; drop the dangling colon.
  return filled.replace(/\s*:\s*(?=[.!?]|$)/g, '');
}
