/**
 * /admin/api-clients (admins only): the apps registered through the Open Badges 3.0 API,
 * how many people connected each, and a button to disable or enable one. The domain
 * (src/ob3api/connectedApps.ts) checks the actor again and audits each change.
 */
import { Hono } from 'hono';
import type { AppEnv } from '../env.js';
import { AppError } from '../../errors.js';
import { requireRole } from '../middleware/roles.js';
import { formFields, render } from './pageKit.js';
import { doneNotice, pageContext, redirectDone } from './consoleKit.js';
import { listRegisteredApps, setAppDisabled } from '../../ob3api/connectedApps.js';
import { RegisteredAppsView } from '../views/connectedAppsView.js';

/** The /admin/api-clients sub-app. */
export function consoleApiClientRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.use('*', requireRole('admin'));
  app.get('/', async (c) => {
    const { user, actor, csrfToken } = pageContext(c);
    const apps = await listRegisteredApps(c.var.deps.ob3, actor);
    return render(
      c,
      <RegisteredAppsView user={user} csrfToken={csrfToken} notice={doneNotice(c)} apps={apps} />,
    );
  });
  app.post('/:clientId/state', async (c) => {
    const { disabled } = await formFields(c);
    if (disabled !== 'true' && disabled !== 'false')
      throw new AppError('invalid_request', 'Say whether the app is to be disabled or enabled');
    await setAppDisabled(c.var.deps.ob3, pageContext(c).actor, c.req.param('clientId'), disabled === 'true');
    return redirectDone(c, '/admin/api-clients', 'api_client_changed');
  });
  return app;
}
