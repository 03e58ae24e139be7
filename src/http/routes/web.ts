/**
 * The public web pages from web/: /verify and its assets. Files are read once when the
 * app is built; only names listed here are served, so no path from a request ever
 * reaches the file system.
 */
import { readFileSync } from 'node:fs';
import { Hono } from 'hono';
import type { AppEnv } from '../env.js';
import { AppError } from '../../errors.js';

const webDir = new URL('../../../web/', import.meta.url);
const assetTypes: Record<string, string> = {
  'verify.js': 'text/javascript; charset=utf-8',
  'templatePreview.js': 'text/javascript; charset=utf-8',
  'messages.js': 'text/javascript; charset=utf-8',
  'styles.css': 'text/css; charset=utf-8',
};

/** Routes for the pages, mounted at the root. */
export function webRoutes(): Hono<AppEnv> {
  const verifyPage = readFileSync(new URL('verify.html', webDir), 'utf8');
  const assets = new Map(Object.entries(assetTypes).map(([name, type]) => [name, { type, body: readFileSync(new URL(name, webDir), 'utf8') }]));
  return new Hono<AppEnv>()
    .get('/verify', (c) => c.html(verifyPage))
    .get('/assets/:name', (c) => {
      const asset = assets.get(c.req.param('name'));
      if (!asset) throw new AppError('not_found', `No asset ${c.req.param('name')}`);
      return c.body(asset.body, 200, { 'content-type': asset.type, 'cache-control': 'public, max-age=300' });
    });
}
