/**
 * The assets of every page (/assets/:name) and, for the Workers verifier, the static
 * verification page (/verify), from web/ through src/http/webAssets.generated.ts. The Node
 * server shows /verify inside its own layout instead (src/http/pages/homePages.tsx), with
 * the same verifier block. Only names in that module are served, so no path from a request
 * ever reaches the file system.
 */
import { Hono } from 'hono';
import { AppError } from '../../errors.js';
import { VERIFY_PAGE, WEB_ASSETS } from '../webAssets.generated.js';

/**
 * The page without its certificate-number lookup, for the Workers verifier: it has no
 * store to look numbers up in, so the form would only ever fail there.
 */
const VERIFY_PAGE_WITHOUT_LOOKUP = VERIFY_PAGE.replace(
  /\s*<section id="number-lookup"[\s\S]*?<\/section>/,
  '',
);

/** The /assets sub-app (the server and the Workers verifier). */
export function assetRoutes<E extends object>(): Hono<E> {
  return new Hono<E>().get('/:name', (c) => {
    const name = c.req.param('name');
    const asset = Object.hasOwn(WEB_ASSETS, name) ? WEB_ASSETS[name] : undefined;
    if (!asset) throw new AppError('not_found', `No asset ${name}`);
    return c.body(asset.body, 200, { 'content-type': asset.type, 'cache-control': 'public, max-age=300' });
  });
}

/** The Worker's /verify sub-app: the static verification page (no store, so no number lookup). */
export function staticVerifierRoutes<E extends object>(): Hono<E> {
  return new Hono<E>().get('/', (c) => c.html(VERIFY_PAGE_WITHOUT_LOOKUP));
}
