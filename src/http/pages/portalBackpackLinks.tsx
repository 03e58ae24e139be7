/**
 * /me/backpack-links (inside the portal: session, CSRF and role middleware): connect an
 * external OB 3.0 backpack (the browser goes there to sign in and allow, then comes back
 * to /callback), send a certificate to it, import from it, disconnect it. The domain
 * (src/backpackLinks/) checks every connection is the person's: someone else's is a 404.
 * A refusal a person can act on (a host we cannot use, a wrong state) is shown on the
 * page in words; anything else goes to the error page.
 */
import { Hono, type Context } from 'hono';
import { backpackLinksOverview, disconnectBackpack } from '../../backpackLinks/connections.js';
import { finishConnection, startConnection } from '../../backpackLinks/connectFlow.js';
import { importFromBackpack } from '../../backpackLinks/imports.js';
import { sendToBackpack } from '../../backpackLinks/pushes.js';
import { AppError } from '../../errors.js';
import type { AppEnv } from '../env.js';
import {
  BackpackLinksView,
  type BackpackLinksNotice,
  ContinueToBackpackView,
} from '../views/backpackLinksView.js';
import { actorOf, currentUser, formFields, render } from './pageKit.js';
import { shell } from './publicKit.js';

/** The notices a redirect after a change names. */
const SAVED: Record<string, string> = {
  connected: 'Your backpack is connected.',
  disconnected: 'The backpack was disconnected, and our access to it given up.',
};

async function linksPage(
  c: Context<AppEnv>,
  notice: BackpackLinksNotice = {},
  status: 200 | 400 | 409 = 200,
) {
  const overview = await backpackLinksOverview(c.var.deps.backpackLinks, currentUser(c).id);
  return render(c, <BackpackLinksView {...shell(c)} overview={overview} {...notice} />, status);
}

/** Shows a refusal the person can act on (4xx) on the page; anything else goes on to the error page. */
async function orShown(c: Context<AppEnv>, run: () => Promise<Response>): Promise<Response> {
  try {
    return await run();
  } catch (error) {
    if (!(error instanceof AppError) || error.status >= 500 || error.status === 404) throw error;
    return linksPage(c, { error: error.detail }, error.status === 409 ? 409 : 400);
  }
}

/** The /me/backpack-links sub-app. */
export function portalBackpackLinkRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get('/', (c) =>
    linksPage(c, {
      saved: SAVED[c.req.query('saved') ?? ''],
      push: c.req.query('push'),
      selected: c.req.query('credential'),
    }),
  );
  app.post('/connect', (c) =>
    orShown(c, async () => {
      const { address } = await formFields(c);
      if (!address) throw new AppError('invalid_request', 'Give the backpack’s address');
      const { redirectTo } = await startConnection(c.var.deps.backpackLinks, currentUser(c).id, address);
      return render(c, <ContinueToBackpackView {...shell(c)} continueTo={redirectTo} />);
    }),
  );
  app.get('/callback', (c) =>
    orShown(c, async () => {
      await finishConnection(c.var.deps.backpackLinks, actorOf(currentUser(c)), {
        code: c.req.query('code'),
        state: c.req.query('state'),
        error: c.req.query('error'),
        error_description: c.req.query('error_description'),
      });
      return c.redirect('/me/backpack-links?saved=connected', 303);
    }),
  );
  app.post('/:id/send', async (c) => {
    const { credentialId } = await formFields(c);
    if (!credentialId) throw new AppError('invalid_request', 'Choose a certificate to send');
    const push = await sendToBackpack(
      c.var.deps.backpackLinks,
      currentUser(c).id,
      c.req.param('id'),
      credentialId,
    );
    return c.redirect(`/me/backpack-links?push=${encodeURIComponent(push.id)}`, 303);
  });
  app.post('/:id/import', (c) =>
    orShown(c, async () => {
      const report = await importFromBackpack(c.var.deps.backpackLinks, currentUser(c).id, c.req.param('id'));
      return linksPage(c, { report });
    }),
  );
  app.post('/:id/disconnect', async (c) => {
    await disconnectBackpack(c.var.deps.backpackLinks, actorOf(currentUser(c)), c.req.param('id'));
    return c.redirect('/me/backpack-links?saved=disconnected', 303);
  });
  return app;
}
