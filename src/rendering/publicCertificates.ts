/**
 * Certificates as anyone may see them, without an account: by id at the public address
 * (only if the holder made it public), by verification link, by number and the holder's
 * surname, and the newest certificate that replaced one. The rule of who sees what lives
 * here, so every public route answers the same way: anything that may not be shown is
 * undefined, exactly like a missing record, so ids cannot be probed.
 */
import type { CredentialRecord, Stores } from '../storage/ports.js';
import { holderNameOf, matchesHolder } from '../credentials/holderSurname.js';
import { VERIFICATION_TOKEN_SHAPE } from '../storage/verificationToken.js';
import type { QrLinkSite } from '../verification/qrLink.js';
import type { RenderingDeps } from './renderingDeps.js';
import {
  certificateFile,
  isShowable,
  type CertificateFormat,
  type ShowableRecord,
} from './certificateFiles.js';
import type { CachedRender } from './renderCache.js';

/** What these reads need. */
export interface PublicCertificateDeps {
  stores: Pick<Stores, 'credentials'>;
}

/**
 * How many re-issues are followed from a certificate to the newest (A replaced by B
 * replaced by C...): real chains are a correction or two; the cap bounds the look-ups of
 * one page view whatever the data says, a loop included.
 */
const MAX_REPLACEMENT_STEPS = 10;

/** The certificate at /c/:id: issued, not redacted and made public by its holder. */
export async function publicCertificate(
  deps: PublicCertificateDeps,
  id: string,
): Promise<ShowableRecord | undefined> {
  const record = await deps.stores.credentials.get(id);
  return isShowable(record) && record.isPublic ? record : undefined;
}

/**
 * A credential as JSON (GET /credentials/:id): issued and public, or issued and private
 * for a caller holding the credentials:read scope (`mayReadPrivate`).
 */
export async function credentialForReader(
  deps: PublicCertificateDeps,
  id: string,
  mayReadPrivate: boolean,
): Promise<CredentialRecord | undefined> {
  const record = await deps.stores.credentials.get(id);
  return record && record.state === 'issued' && (record.isPublic || mayReadPrivate) ? record : undefined;
}

/** The certificate behind a verification link (public or not: the link is the permission). */
export async function certificateByToken(
  deps: PublicCertificateDeps,
  token: string,
): Promise<ShowableRecord | undefined> {
  if (!VERIFICATION_TOKEN_SHAPE.test(token)) return undefined;
  const record = await deps.stores.credentials.getByVerificationToken(token);
  return isShowable(record) ? record : undefined;
}

/**
 * The verification token of the showable certificate with this number whose holder has
 * this surname, or undefined. The name is compared even when there is no record (against
 * ''), so both misses do the same work.
 */
export async function tokenForNumber(
  deps: PublicCertificateDeps,
  number: string,
  surname: string,
): Promise<string | undefined> {
  // Prefixes are capital letters (config.ts): a number typed in lower case is the same number.
  const record = await deps.stores.credentials.getByCertificateNumber(number.toUpperCase());
  const showable = isShowable(record) ? record : undefined;
  const matches = matchesHolder(showable ? holderNameOf(showable.credential) : '', surname);
  return showable && matches ? showable.verificationToken : undefined;
}

/** The newest credential in the chain of re-issues that replaced this one, if any. */
export async function newestReplacement(
  deps: PublicCertificateDeps,
  id: string,
): Promise<CredentialRecord | undefined> {
  let newest: CredentialRecord | undefined;
  for (let step = 0; step < MAX_REPLACEMENT_STEPS; step++) {
    const next = await deps.stores.credentials.findReplacement(newest?.id ?? id);
    if (!next) break;
    newest = next;
  }
  return newest;
}

/** Where a scanned QR code may lead: our own verification links and certificate pages. */
export function qrLinkSite(deps: PublicCertificateDeps, publicUrl: string): QrLinkSite {
  return { publicUrl, credentials: deps.stores.credentials };
}

/** One format of a showable certificate's picture (from the render cache or made now). */
export function publicCertificateFile(
  deps: { rendering: RenderingDeps; stores: Pick<Stores, 'templates' | 'badgeImages'>; now: () => Date },
  record: ShowableRecord,
  format: CertificateFormat,
): Promise<CachedRender> {
  return certificateFile(
    {
      rendering: deps.rendering,
      templates: deps.stores.templates,
      badgeImages: deps.stores.badgeImages,
      now: deps.now,
    },
    record,
    format,
  );
}
