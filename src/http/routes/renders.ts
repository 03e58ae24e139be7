/**
 * Public certificate pictures, beside the public certificate page (GET /c/:id), whose /c
 * sub-app (certificatePage.tsx) mounts them:
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
 * that mark and format, or are made from the signed credential on demand. No page
 * middleware (session, CSRF) runs for them: fixed files for anyone.
 */
import { Hono, type Context } from 'hono';
import type { AppEnv } from '../env.js';
import { AppError } from '../../errors.js';
import {
  CERTIFICATE_FORMATS,
  certificateFileName,
  type CertificateFormat,
  type ShowableRecord,
} from '../../rendering/certificateFiles.js';
import { publicCertificate, publicCertificateFile } from '../../rendering/publicCertificates.js';

/**
 * Caches may keep a picture but must ask again before each use (the ETag makes that a 304):
 * a certificate revoked a minute ago must not be handed out clean from a cache.
 */
const CACHE_CONTROL = 'public, no-cache';

async function publicCredential(c: Context<AppEnv>): Promise<ShowableRecord> {
  const id = c.req.param('id') ?? '';
  const record = await publicCertificate(c.var.deps, id);
  if (!record) throw new AppError('not_found', `No public certificate with id ${id}`);
  return record;
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
  const { deps } = c.var;
  const render = await publicCertificateFile(deps, record, format);
  const match = c.req.header('if-none-match');
  if (match?.split(',').some((tag) => tag.trim().replace(/^W\//, '') === render.etag)) {
    return c.body(null, 304, { etag: render.etag, 'cache-control': cacheControl, ...extraHeaders });
  }
  return c.body(render.bytes as Uint8Array<ArrayBuffer>, 200, {
    'content-type': render.contentType,
    'cache-control': cacheControl,
    etag: render.etag,
    'content-disposition': `${CERTIFICATE_FORMATS[format].disposition}; filename="${certificateFileName(record, format)}"`,
    ...extraHeaders,
  });
}

function answer(format: CertificateFormat) {
  return async (c: Context<AppEnv>): Promise<Response> =>
    sendCertificateFile(c, await publicCredential(c), format, CACHE_CONTROL);
}

/** The certificate picture routes, /:id/certificate.* under the /c sub-app. */
export function renderRoutes(): Hono<AppEnv> {
  return new Hono<AppEnv>()
    .get('/:id/certificate.png', answer('png'))
    .get('/:id/certificate.pdf', answer('pdf'))
    .get('/:id/certificate-baked.png', answer('baked-png'))
    .get('/:id/certificate.svg', answer('baked-svg'));
}
