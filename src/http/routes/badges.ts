/**
 * The /badges sub-app, public: what Open Badges we issue point at. GET /badges/images/:file
 * serves a course's badge image by the sha256 of its bytes, so a URL always means the same
 * picture and may be cached for a year; both routes answer with a Content-Security-Policy
 * that sandboxes the file and lets it load nothing (embeddableFiles), on top of the upload
 * check of SVG (src/badges/svgSafety.ts).
 * GET /badges/evidence/:id serves approved work a holder linked as evidence, only while they
 * consent (src/badges/evidenceConsent.ts), never cached, as text or a download.
 */
import { Hono } from 'hono';
import type { AppEnv } from '../env.js';
import { badgeImageFile } from '../../badges/badgeImages.js';
import { evidenceContent } from '../../badges/evidenceConsent.js';
import { embeddableFiles } from '../requestHandling.js';

/** The badge routes, mounted at /badges. */
export function badgeRoutes(): Hono<AppEnv> {
  return (
    new Hono<AppEnv>()
      // Backpacks and other sites show badge images: cross-origin, sandboxed (embeddableFiles).
      .get('/images/:file', embeddableFiles(), async (c) => {
        const image = await badgeImageFile(c.var.deps.programs, c.req.param('file'));
        return c.body(image.bytes as Uint8Array<ArrayBuffer>, 200, {
          'content-type': image.mediaType,
          'cache-control': 'public, max-age=31536000, immutable',
          'access-control-allow-origin': '*',
        });
      })
      .get('/evidence/:id', embeddableFiles(), async (c) => {
        const evidence = await evidenceContent(c.var.deps.programs, c.req.param('id'));
        const common = {
          'cache-control': 'no-store',
          'x-robots-tag': 'noindex',
        };
        if (evidence.kind === 'text')
          return c.body(evidence.text, 200, { ...common, 'content-type': 'text/plain; charset=utf-8' });
        const name = evidence.name.replace(/[^\w.-]+/g, '_');
        return c.body(evidence.bytes as Uint8Array<ArrayBuffer>, 200, {
          ...common,
          'content-type': evidence.mediaType,
          'content-disposition': `attachment; filename="${name}"`,
        });
      })
  );
}
