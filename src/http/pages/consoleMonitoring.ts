/**
 * /admin/monitoring (admins only, behind the console's session, CSRF and role): uptime
 * from the heartbeat, error rates and the slowest routes (src/monitoring/).
 */
import { Hono } from 'hono';
import type { AppEnv } from '../env.js';
import { requireRole } from '../middleware/roles.js';
import { monitoringOverview } from '../../monitoring/availability.js';
import { render } from './pageKit.js';
import { pageContext } from './consoleKit.js';
import { MonitoringPage } from '../views/consoleMonitoringView.js';

/** Routes mounted at /admin/monitoring. */
export function consoleMonitoringRoutes(): Hono<AppEnv> {
  return new Hono<AppEnv>().get('/', requireRole('admin'), async (c) => {
    const { user, actor, csrfToken } = pageContext(c);
    const overview = await monitoringOverview(c.var.deps.monitoring, actor);
    return render(c, MonitoringPage({ user, csrfToken, overview }));
  });
}
