/** Published Bitstring Status List credentials at stable URLs (public, cacheable). */
import { Hono } from 'hono';
import type { AppEnv } from '../env.js';
import { AppError } from '../../errors.js';
import { getStatusListCredential, STATUS_LIST_TTL_MS } from '../../status/statusLists.js';

/** The /status sub-app. */
export function statusRoutes(): Hono<AppEnv> {
  return new Hono<AppEnv>().get('/:listId', async (c) => {
    const listId = c.req.param('listId');
    const credential = /^[A-Za-z0-9_-]{1,64}$/.test(listId)
      ? await getStatusListCredential(c.var.deps.status, listId)
      : undefined;
    if (!credential) throw new AppError('not_found', `No status list ${listId}`);
    return c.json(credential, 200, {
      'content-type': 'application/vc+ld+json',
      'cache-control': `public, max-age=${Math.floor(STATUS_LIST_TTL_MS / 1000)}`,
    });
  });
}
