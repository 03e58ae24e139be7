/**
 * The public verification page (/verify) and the assets of every page (/assets/:name),
 * from web/ through src/http/webAssets.generated.ts (the same module the Workers verifier
 * serves, so both answer with the same bytes). Only names in that module are served, so
 * no path from a request ever reaches the file system.
 */
import { Hono } from 'hono';
import { AppError } from '../../errors.js';
import { VERIFY_PAGE, WEB_ASSETS } from '../webAssets.generated.js';

/**
 * The page without its certificate-number lookup, for the Workers verifier: it has no
 * store to look numbers up in, so the form would only ever fail there.
 */
const VERIFY_PAGE_WITHOUT_LOOKUP = VERIFY_PAGE.replace(/\s*<section id="number-lookup"[\s\S]*?<\/section>/, '');

/** Routes for the pages, mounted at the root (the server and the Worker, which has no number lookup). */
export function webRoutes<E extends object>(options: { numberLookup: boolean } = { numberLookup: true }): Hono<E> {
  const page = options.numberLookup ? VERIFY_PAGE : VERIFY_PAGE_WITHOUT_LOOKUP;
  return new Hono<E>()
    .get('/verify', (c) => c.html(page))
    .get('/assets/:name', (c) => {
      const name = c.req.param('name');
      const asset = Object.hasOwn(WEB_ASSETS, name) ? WEB_ASSETS[name] : undefined;
      if (!asset) throw new AppError('not_found', `No asset ${name}`);
      return c.body(asset.body, 200, { 'content-type': asset.type, 'cache-control': 'public, max-age=300' });
    });
}
