/**
 * The public verification page (/verify) and the assets of every page (/assets/:name),
 * from web/ through src/http/webAssets.generated.ts (the same module the Workers verifier
 * serves, so both answer with the same bytes). Only names in that module are served, so
 * no path from a request ever reaches the file system.
 */
import { Hono } from 'hono';
import { AppError } from '../../errors.js';
import { VERIFY_PAGE, WEB_ASSETS } from '../webAssets.generated.js';

/** Routes for the pages, mounted at the root (the server and the Worker). */
export function webRoutes<E extends object>(): Hono<E> {
  return new Hono<E>()
    .get('/verify', (c) => c.html(VERIFY_PAGE))
    .get('/assets/:name', (c) => {
      const name = c.req.param('name');
      const asset = Object.hasOwn(WEB_ASSETS, name) ? WEB_ASSETS[name] : undefined;
      if (!asset) throw new AppError('not_found', `No asset ${name}`);
      return c.body(asset.body, 200, { 'content-type': asset.type, 'cache-control': 'public, max-age=300' });
    });
}
