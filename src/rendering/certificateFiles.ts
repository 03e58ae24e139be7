/**
 * One file of a stored certificate (PNG, PDF, baked PNG, baked SVG), made from its signed
 * credential in the design version it records, with the mark of its state (revoked,
 * suspended, expired, replaced) and its QR code to the verification link; the baked
 * copies carry the credential in its course's badge image when it has one of that format
 * (badgeBaking.ts), else in the certificate picture; taken from the
 * render cache (keyed by id, template version, mark and format) when it is there. Used by
 * the certificate routes and by the certificate email's PDF attachment.
 */
import { bakePng, bakeSvg } from './baking.js';
import { bakeIntoBadgeImage, type BadgeImageLookup } from './badgeBaking.js';
import { renderKey, type CachedRender } from './renderCache.js';
import { renderFactsOf } from './certificateMark.js';
import { DEFAULT_DESIGN, type TemplateDesign, type TemplateRef } from './templateDesign.js';
import type { RenderingDeps } from './renderingDeps.js';
import type { CredentialRecord, TemplateStore } from '../storage/ports.js';

type Json = Record<string, unknown>;

/** A record with a certificate to show: issued, not redacted, its signed credential present. */
export type ShowableRecord = CredentialRecord & { credential: Json };

/** The formats, with their media type, file name suffix and how they are offered. */
export const CERTIFICATE_FORMATS = {
  png: { type: 'image/png', suffix: '.png', disposition: 'inline' },
  pdf: { type: 'application/pdf', suffix: '.pdf', disposition: 'attachment' },
  'baked-png': { type: 'image/png', suffix: '-baked.png', disposition: 'attachment' },
  'baked-svg': { type: 'image/svg+xml', suffix: '.svg', disposition: 'attachment' },
} as const;
/** A file a certificate is offered as. */
export type CertificateFormat = keyof typeof CERTIFICATE_FORMATS;

/** What making a file needs. */
export interface CertificateFileDeps {
  rendering: RenderingDeps;
  templates: Pick<TemplateStore, 'getVersion'>;
  /** Where the badge image a baked copy is made of is found. */
  badgeImages: BadgeImageLookup;
  now: () => Date;
}

/** Whether a record has a certificate anyone may be shown (given the right address). */
export function isShowable(record: CredentialRecord | undefined): record is ShowableRecord {
  return (
    record !== undefined && record.state === 'issued' && !record.redactedAt && record.credential !== undefined
  );
}

/**
 * The design a credential is drawn with: the template version recorded on it when it was
 * issued (locked, so it never changes), or the built-in design when it has none. Read
 * only when a render is made; a cache hit needs just the version in its key.
 */
async function designFor(deps: CertificateFileDeps, ref: TemplateRef | undefined): Promise<TemplateDesign> {
  if (!ref) return DEFAULT_DESIGN;
  const stored = await deps.templates.getVersion(ref.templateId, ref.version);
  if (!stored)
    throw new Error(`a credential records template ${ref.templateId} v${ref.version}, which does not exist`);
  return stored.design;
}

/** Makes (or takes from the cache) one format of a certificate's picture. */
export async function certificateFile(
  deps: CertificateFileDeps,
  record: ShowableRecord,
  format: CertificateFormat,
): Promise<CachedRender> {
  const { renderer, cache } = deps.rendering;
  const { credential, templateRef: ref } = record;
  const facts = renderFactsOf(record, deps.now());
  const key = (f: CertificateFormat) =>
    renderKey(record.id, ref ? `${ref.templateId}@${ref.version}` : 'default', facts.mark ?? 'valid', f);
  const png = () =>
    cache.getOrRender(key('png'), CERTIFICATE_FORMATS.png.type, async () =>
      renderer.png(credential, await designFor(deps, ref), ref, facts),
    );
  switch (format) {
    case 'png':
      return png();
    case 'pdf':
      return cache.getOrRender(key(format), CERTIFICATE_FORMATS.pdf.type, async () =>
        renderer.pdf(credential, await designFor(deps, ref), ref, facts),
      );
    case 'baked-png':
      return cache.getOrRender(
        key(format),
        CERTIFICATE_FORMATS[format].type,
        async () =>
          (await bakeIntoBadgeImage(deps.badgeImages, credential, format)) ??
          bakePng((await png()).bytes, credential),
      );
    case 'baked-svg':
      return cache.getOrRender(
        key(format),
        CERTIFICATE_FORMATS[format].type,
        async () =>
          (await bakeIntoBadgeImage(deps.badgeImages, credential, format)) ??
          new TextEncoder().encode(
            bakeSvg(await renderer.svg(credential, await designFor(deps, ref), ref, facts), credential),
          ),
      );
  }
}

/** A file name made of the certificate number (letters, digits, dot, dash, underscore only). */
export function certificateFileName(
  record: Pick<CredentialRecord, 'certificateNumber'>,
  format: CertificateFormat,
): string {
  const base = (record.certificateNumber || 'certificate').replace(/[^\w.-]+/g, '_').slice(0, 80);
  return `certificate-${base}${CERTIFICATE_FORMATS[format].suffix}`;
}
