/**
 * /me/connected-apps: the consent screen an OB 3.0 app's authorization request leads to
 * (src/ob3api/consent.ts: the interaction cookie binds it to the browser that started
 * it), the step back to the app, and the person's connected apps with a button to
 * withdraw each. Mounted inside the portal, so every page needs a session: without one
 * the consent page sends the person to log in and brings them back.
 */
import { Hono } from 'hono';
import type { AppEnv } from '../env.js';
import { actorOf, currentUser, formFields, render } from './pageKit.js';
import { shell } from './publicKit.js';
import { AppError } from '../../errors.js';
import { decideConsent, openConsent } from '../../ob3api/consent.js';
import { listConnectedApps, revokeConnectedApp } from '../../ob3api/connectedApps.js';
import { ConnectedAppsView, ConsentView, ContinueView } from '../views/connectedAppsView.js';

/** The /me/connected-apps sub-app. */
export function portalConnectedAppRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get('/', async (c) => {
    const apps = await listConnectedApps(c.var.deps.ob3, currentUser(c).id);
    return render(c, <ConnectedAppsView {...shell(c)} apps={apps} saved={c.req.query('saved') === '1'} />);
  });
  app.post('/:grantId/revoke', async (c) => {
    await revokeConnectedApp(c.var.deps.ob3, actorOf(currentUser(c)), c.req.param('grantId'));
    return c.redirect('/me/connected-apps?saved=1', 303);
  });
  app.get('/consent/:uid', async (c) => {
    const uid = c.req.param('uid');
    const step = await openConsent(c.var.deps.ob3, c.req.raw, currentUser(c), uid);
    if ('continueTo' in step) return render(c, <ContinueView {...shell(c)} continueTo={step.continueTo} />);
    return render(c, <ConsentView {...shell(c)} uid={uid} {...step.ask} />);
  });
  app.post('/consent/:uid', async (c) => {
    const { decision } = await formFields(c);
    if (decision !== 'allow' && decision !== 'deny')
      throw new AppError('invalid_request', 'Choose whether to allow the app or not');
    const step = await decideConsent(
      c.var.deps.ob3,
      c.req.raw,
      currentUser(c),
      c.req.param('uid'),
      decision === 'allow',
    );
    return render(c, <ContinueView {...shell(c)} continueTo={step.continueTo} />);
  });
  return app;
}
