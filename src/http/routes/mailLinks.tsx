/**
 * The links in our emails: GET /t/c/:messageId?u=&s= (click, then 302 to the URL),
 * GET /t/o/:messageId/:tag.gif (open pixel), and /unsubscribe/:userId/:tag: GET shows a
 * confirmation button (mail scanners follow GET links; they must not unsubscribe anyone),
 * POST unsubscribes, both from that page and as RFC 8058 one-click from the mail client.
 * The tag in the URL is the only credential, so there is no session or CSRF cookie here.
 */
import { Hono, type Context } from 'hono';
import type { AppEnv } from '../env.js';
import {
  recordClick,
  recordOpen,
  unsubscribe,
  unsubscribeTarget,
  type LinkEventDeps,
} from '../../notifications/linkEvents.js';
import { maskEmail } from '../../mail/maskEmail.js';
import { Layout } from '../views/layout.js';

/** A transparent 1x1 GIF. */
const PIXEL = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');
const NO_STORE = { 'cache-control': 'no-store', 'referrer-policy': 'no-referrer' };

function UnsubscribePage(props: { email: string; done: boolean; action: string }) {
  return (
    <Layout title="Reminder emails" user={undefined} csrfToken="">
      {props.done ? (
        <p class="notice success" role="status">
          {`Done: ${props.email} will get no more reminder emails. Messages about your certificates and submitted work still arrive. You can turn reminders back on in your notification settings.`}
        </p>
      ) : (
        <form method="post" action={props.action} class="compact">
          <p>{`Stop reminder emails (deadlines, expiry, inactivity) to ${props.email}?`}</p>
          <button type="submit">Stop reminder emails</button>
        </form>
      )}
    </Layout>
  );
}

/** The link events' deps: the app's, with its mail-link settings (none: the links are off). */
function linkDeps(c: Context<AppEnv>): LinkEventDeps {
  const { links } = c.var.deps.notifications;
  return { ...c.var.deps, ...(links ? { links } : {}) };
}

/** The mail link routes, mounted at the root. */
export function mailLinkRoutes(): Hono<AppEnv> {
  return new Hono<AppEnv>()
    .get('/t/c/:messageId', async (c) => {
      const url = await recordClick(
        linkDeps(c),
        c.req.param('messageId'),
        c.req.query('u') ?? '',
        c.req.query('s') ?? '',
      );
      return c.redirect(url, 302);
    })
    .get('/t/o/:messageId/:file{[A-Za-z0-9_-]{1,64}\\.gif}', async (c) => {
      await recordOpen(linkDeps(c), c.req.param('messageId'), c.req.param('file').replace(/\.gif$/, ''));
      // Always the pixel: a bad tag records nothing, and an image error would only show a broken icon.
      return c.body(PIXEL, 200, { 'content-type': 'image/gif', ...NO_STORE });
    })
    .get('/unsubscribe/:userId/:tag', async (c) => {
      const user = await unsubscribeTarget(linkDeps(c), c.req.param('userId'), c.req.param('tag'));
      return c.html(
        <UnsubscribePage email={maskEmail(user.email)} done={false} action={c.req.path} />,
        200,
        NO_STORE,
      );
    })
    .post('/unsubscribe/:userId/:tag', async (c) => {
      const { userId, tag } = c.req.param();
      const user = await unsubscribe(linkDeps(c), userId, tag);
      return c.html(
        <UnsubscribePage email={maskEmail(user.email)} done action={c.req.path} />,
        200,
        NO_STORE,
      );
    });
}
