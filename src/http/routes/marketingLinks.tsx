/**
 * The unsubscribe link of marketing messages, /marketing/unsubscribe/:userId/:tag: GET
 * shows a confirmation button (mail scanners follow GET links; they must not unsubscribe
 * anyone), POST withdraws the person's marketing consent, both from that page and as
 * RFC 8058 one-click from the mail client (List-Unsubscribe-Post). The signed tag is the
 * only credential, so there is no session or CSRF cookie, as for the reminders link.
 */
import { Hono } from 'hono';
import type { AppEnv } from '../env.js';
import {
  marketingDeps,
  marketingLinkTarget,
  unsubscribeFromMarketing,
} from '../../accounts/marketingConsent.js';
import { maskEmail } from '../../mail/maskEmail.js';
import { MarketingUnsubscribePage } from '../views/marketingViews.js';

const NO_STORE = { 'cache-control': 'no-store', 'referrer-policy': 'no-referrer' };

/** The marketing unsubscribe routes, mounted at /marketing. */
export function marketingLinkRoutes(): Hono<AppEnv> {
  return new Hono<AppEnv>()
    .get('/unsubscribe/:userId/:tag', async (c) => {
      const user = await marketingLinkTarget(
        marketingDeps(c.var.deps),
        c.req.param('userId'),
        c.req.param('tag'),
      );
      return c.html(
        <MarketingUnsubscribePage email={maskEmail(user.email)} done={false} action={c.req.path} />,
        200,
        NO_STORE,
      );
    })
    .post('/unsubscribe/:userId/:tag', async (c) => {
      const { userId, tag } = c.req.param();
      const user = await unsubscribeFromMarketing(marketingDeps(c.var.deps), userId, tag);
      return c.html(
        <MarketingUnsubscribePage email={maskEmail(user.email)} done action={c.req.path} />,
        200,
        NO_STORE,
      );
    });
}
