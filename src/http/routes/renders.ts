/**
 * Public certificate pictures, beside the public certificate page (GET /c/:id):
 *   /c/:id/certificate.png        the picture
 *   /c/:id/certificate.pdf        A4 PDF with a selectable text layer and the credential attached (download)
 *   /c/:id/certificate-baked.png  the picture with the signed credential baked in (download)
 *   /c/:id/certificate.svg        the vector picture with the credential baked in (download)
 * Only for an issued, public, not redacted credential; anything else is the same 404 as
 * a missing id, so ids cannot be probed. The verification link's pages (/v/:token,
 * verificationLinks.ts) serve the same files through sendCertificateFile.
 *
 * Every picture's QR code leads to the credential's verification link, and a revoked,
 * suspended, expired or replaced certificate is drawn with a banner saying so
 * (certificateMark.ts). Renders come from the cache, keyed by id, template version,
 * that mark and format, or are made from the signed credential on demand. Mounted before
 * the pages so the page middleware (session, CSRF) never runs for them.
 */
import { Hono, type Context } from 'hono';
import type { AppEnv } from '../env.js';
import { AppError } from '../../errors.js';
import { bakePng, bakeSvg } from '../../rendering/baking.js';
import { renderKey, type CachedRender } from '../../rendering/renderCache.js';
import { renderFactsOf } from '../../rendering/certificateMark.js';
import { DEFAULT_DESIGN, type TemplateDesign, type TemplateRef } from '../../rendering/templateDesign.js';
import type { CredentialRecord } from '../../storage/ports.js';

type Json = Record<string, unknown>;

/** A record with a certificate to show: issued, not redacted, its signed credential present. */
export type ShowableRecord = CredentialRecord & { credential: Json };

/**
 * Caches may keep a picture but must ask again before each use (the ETag makes that a 304):
 * a certificate revoked a minute ago must not be handed out clean from a cache.
 */
const CACHE_CONTROL = 'public, no-cache';

/** The response formats, with their media type and how they are offered. */
const FORMATS = {
  png: { type: 'image/png', suffix: '.png', disposition: 'inline' },
  pdf: { type: 'application/pdf', suffix: '.pdf', disposition: 'attachment' },
  'baked-png': { type: 'image/png', suffix: '-baked.png', disposition: 'attachment' },
  'baked-svg': { type: 'image/svg+xml', suffix: '.svg', disposition: 'attachment' },
} as const;
/** A file a certificate is offered as. */
export type CertificateFormat = keyof typeof FORMATS;

/** Whether a record has a certificate anyone may be shown (given the right address). */
export function isShowable(record: CredentialRecord | undefined): record is ShowableRecord {
  return record !== undefined && record.state === 'issued' && !record.redactedAt && record.credential !== undefined;
}

/**
 * The design a credential is drawn with: the template version recorded on it when it was
 * issued (locked, so it never changes), or the built-in design when it has none. Read
 * only when a render is made; a cache hit needs just the version in its key.
 */
async function designFor(c: Context<AppEnv>, ref: TemplateRef | undefined): Promise<TemplateDesign> {
  if (!ref) return DEFAULT_DESIGN;
  const stored = await c.var.deps.stores.templates.getVersion(ref.templateId, ref.version);
  if (!stored) throw new Error(`a credential records template ${ref.templateId} v${ref.version}, which does not exist`);
  return stored.design;
}

async function publicCredential(c: Context<AppEnv>): Promise<ShowableRecord> {
  const id = c.req.param('id') ?? '';
  const record = await c.var.deps.stores.credentials.get(id);
  if (!isShowable(record) || !record.isPublic) throw new AppError('not_found', `No public certificate with id ${id}`);
  return record;
}

/** Makes (or takes from the cache) one format of a credential's picture. */
async function renderFormat(c: Context<AppEnv>, record: ShowableRecord, format: CertificateFormat): Promise<CachedRender> {
  const { renderer, cache } = c.var.deps.rendering;
  const { credential, templateRef: ref } = record;
  const facts = renderFactsOf(record, c.var.deps.now());
  const key = (f: CertificateFormat) => renderKey(record.id, ref ? `${ref.templateId}@${ref.version}` : 'default', facts.mark ?? 'valid', f);
  const png = () => cache.getOrRender(key('png'), FORMATS.png.type, async () => renderer.png(credential, await designFor(c, ref), ref, facts));
  switch (format) {
    case 'png':
      return png();
    case 'pdf':
      return cache.getOrRender(key(format), FORMATS.pdf.type, async () => renderer.pdf(credential, await designFor(c, ref), ref, facts));
    case 'baked-png':
      return cache.getOrRender(key(format), FORMATS[format].type, async () => bakePng((await png()).bytes, credential));
    case 'baked-svg':
      return cache.getOrRender(key(format), FORMATS[format].type, async () =>
        new TextEncoder().encode(bakeSvg(await renderer.svg(credential, await designFor(c, ref), ref, facts), credential)),
      );
  }
}

/** A file name made of the certificate number (letters, digits, dot, dash, underscore only). */
function fileName(record: CredentialRecord, format: CertificateFormat): string {
  const base = (record.certificateNumber || 'certificate').replace(/[^\w.-]+/g, '_').slice(0, 80);
  return `certificate-${base}${FORMATS[format].suffix}`;
}

/**
 * Answers one format of a certificate's picture with its ETag (a matching If-None-Match
 * is a 304), `cacheControl`, a file name, and any `extraHeaders`.
 */
export async function sendCertificateFile(
  c: Context<AppEnv>,
  record: ShowableRecord,
  format: CertificateFormat,
  cacheControl: string,
  extraHeaders: Record<string, string> = {},
): Promise<Response> {
  const render = await renderFormat(c, record, format);
  const match = c.req.header('if-none-match');
  if (match && match.split(',').some((tag) => tag.trim().replace(/^W\//, '') === render.etag)) {
    return c.body(null, 304, { etag: render.etag, 'cache-control': cacheControl, ...extraHeaders });
  }
  return c.body(render.bytes as Uint8Array<ArrayBuffer>, 200, {
    'content-type': render.contentType,
    'cache-control': cacheControl,
    etag: render.etag,
    'content-disposition': `${FORMATS[format].disposition}; filename="${fileName(record, format)}"`,
    ...extraHeaders,
  });
}

function answer(format: CertificateFormat) {
  return async (c: Context<AppEnv>): Promise<Response> => sendCertificateFile(c, await publicCredential(c), format, CACHE_CONTROL);
}

/** The certificate picture routes; mount on the root app before the pages. */
export function renderRoutes(): Hono<AppEnv> {
  return new Hono<AppEnv>()
    .get('/c/:id/certificate.png', answer('png'))
    .get('/c/:id/certificate.pdf', answer('pdf'))
    .get('/c/:id/certificate-baked.png', answer('baked-png'))
    .get('/c/:id/certificate.svg', answer('baked-svg'));
}
