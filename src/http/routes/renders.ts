/**
 * Public certificate pictures, beside the public certificate page (GET /c/:id):
 *   /c/:id/certificate.png        the picture
 *   /c/:id/certificate.pdf        A4 PDF with a selectable text layer (download)
 *   /c/:id/certificate-baked.png  the picture with the signed credential baked in (download)
 *   /c/:id/certificate.svg        the vector picture with the credential baked in (download)
 * Only for an issued, public, not redacted credential; anything else is the same 404 as
 * a missing id, so ids cannot be probed. Renders come from the cache (keyed by id,
 * template version and format) or are made from the signed credential on demand.
 * Mounted before the pages so the page middleware (session, CSRF) never runs for them.
 */
import { Hono, type Context } from 'hono';
import type { AppEnv } from '../env.js';
import { AppError } from '../../errors.js';
import { bakePng, bakeSvg } from '../../rendering/baking.js';
import { renderKey, type CachedRender } from '../../rendering/renderCache.js';
import { DEFAULT_DESIGN, type TemplateDesign, type TemplateRef } from '../../rendering/templateDesign.js';
import type { CredentialRecord } from '../../storage/ports.js';

type Json = Record<string, unknown>;

/** Shared caches may keep a picture for an hour; the QR code leads to live verification. */
const CACHE_CONTROL = 'public, max-age=3600';

/** The response formats, with their media type and how they are offered. */
const FORMATS = {
  png: { type: 'image/png', suffix: '.png', disposition: 'inline' },
  pdf: { type: 'application/pdf', suffix: '.pdf', disposition: 'attachment' },
  'baked-png': { type: 'image/png', suffix: '-baked.png', disposition: 'attachment' },
  'baked-svg': { type: 'image/svg+xml', suffix: '.svg', disposition: 'attachment' },
} as const;
type Format = keyof typeof FORMATS;

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

async function publicCredential(c: Context<AppEnv>): Promise<{ record: CredentialRecord; credential: Json }> {
  const id = c.req.param('id') ?? '';
  const record = await c.var.deps.stores.credentials.get(id);
  if (!record || record.state !== 'issued' || !record.isPublic || record.redactedAt || !record.credential) {
    throw new AppError('not_found', `No public certificate with id ${id}`);
  }
  return { record, credential: record.credential };
}

/** Makes (or takes from the cache) one format of a credential's picture. */
async function renderFormat(c: Context<AppEnv>, record: CredentialRecord, credential: Json, format: Format): Promise<CachedRender> {
  const { renderer, cache } = c.var.deps.rendering;
  const ref = record.templateRef;
  const key = (f: Format) => renderKey(record.id, ref ? `${ref.templateId}@${ref.version}` : 'default', f);
  const png = () => cache.getOrRender(key('png'), FORMATS.png.type, async () => renderer.png(credential, await designFor(c, ref), ref));
  switch (format) {
    case 'png':
      return png();
    case 'pdf':
      return cache.getOrRender(key(format), FORMATS.pdf.type, async () => renderer.pdf(credential, await designFor(c, ref), ref));
    case 'baked-png':
      return cache.getOrRender(key(format), FORMATS[format].type, async () => bakePng((await png()).bytes, credential));
    case 'baked-svg':
      return cache.getOrRender(key(format), FORMATS[format].type, async () =>
        new TextEncoder().encode(bakeSvg(await renderer.svg(credential, await designFor(c, ref), ref), credential)),
      );
  }
}

/** A file name made of the certificate number (letters, digits, dot, dash, underscore only). */
function fileName(record: CredentialRecord, format: Format): string {
  const base = (record.certificateNumber || 'certificate').replace(/[^\w.-]+/g, '_').slice(0, 80);
  return `certificate-${base}${FORMATS[format].suffix}`;
}

function answer(format: Format) {
  return async (c: Context<AppEnv>): Promise<Response> => {
    const { record, credential } = await publicCredential(c);
    const render = await renderFormat(c, record, credential, format);
    const headers: Record<string, string> = {
      'content-type': render.contentType,
      'cache-control': CACHE_CONTROL,
      etag: render.etag,
      'content-disposition': `${FORMATS[format].disposition}; filename="${fileName(record, format)}"`,
    };
    const match = c.req.header('if-none-match');
    if (match && match.split(',').some((tag) => tag.trim().replace(/^W\//, '') === render.etag)) {
      return c.body(null, 304, { etag: render.etag, 'cache-control': CACHE_CONTROL });
    }
    return c.body(render.bytes as Uint8Array<ArrayBuffer>, 200, headers);
  };
}

/** The certificate picture routes; mount on the root app before the pages. */
export function renderRoutes(): Hono<AppEnv> {
  return new Hono<AppEnv>()
    .get('/c/:id/certificate.png', answer('png'))
    .get('/c/:id/certificate.pdf', answer('pdf'))
    .get('/c/:id/certificate-baked.png', answer('baked-png'))
    .get('/c/:id/certificate.svg', answer('baked-svg'));
}
