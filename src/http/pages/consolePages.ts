/**
 * The staff/admin console, the sub-app at /admin (session, CSRF, then staff or admin;
 * admin-only sections add their own check, and the domain checks every action again).
 * The partner portal (/partner, partnerPages.ts) and the reviewer portal (/reviewer,
 * reviewerPages.ts) are sub-apps of their own; each runs its middleware under its own
 * prefix alone.
 */
import { Hono } from 'hono';
import type { AppEnv } from '../env.js';
import { requireRole } from '../middleware/roles.js';
import { staffDashboard } from '../../reports/staffDashboard.js';
import { pageMiddleware, render } from './pageKit.js';
import { pageContext } from './consoleKit.js';
import { consoleUserRoutes } from './consoleUsers.js';
import { consoleDirectoryRoutes } from './consoleDirectory.js';
import { consoleApiKeyRoutes } from './consoleApiKeys.js';
import { consoleAuditRoutes } from './consoleAudit.js';
import { consoleTemplateRoutes } from './consoleTemplates.js';
import { consoleProgramRoutes } from './consolePrograms.js';
import { consoleCommunicationRoutes } from './consoleCommunications.js';
import { consoleMessageRoutes } from './consoleMessages.js';
import { consoleTrustRoutes } from './consoleTrust.js';
import { consoleContentRoutes } from './consoleContent.js';
import { consoleCorrectionRoutes } from './consoleCorrections.js';
import { consoleSurveyRoutes } from './consoleSurveys.js';
import { consoleReportRoutes } from './consoleReports.js';
import { consoleMonitoringRoutes } from './consoleMonitoring.js';
import { consoleApiClientRoutes } from './consoleApiClients.js';
import { staffApplicationRoutes } from './staffApplicationPages.js';
import { DashboardPage } from '../views/consoleViews.js';

/** The console, mounted at /admin. */
export function consoleRoutes(): Hono<AppEnv> {
  return new Hono<AppEnv>()
    .use('*', ...pageMiddleware, requireRole('staff', 'admin'))
    .get('/', async (c) => {
      const { user, actor, csrfToken } = pageContext(c);
      const dashboard = await staffDashboard(c.var.deps, actor);
      return render(c, DashboardPage({ dashboard, user, csrfToken }));
    })
    .route('/users', consoleUserRoutes())
    .route('/api-keys', consoleApiKeyRoutes())
    .route('/api-clients', consoleApiClientRoutes())
    .route('/templates', consoleTemplateRoutes())
    .route('/programmes', consoleProgramRoutes())
    .route('/communications', consoleCommunicationRoutes())
    .route('/messages', consoleMessageRoutes())
    .route('/accreditation', staffApplicationRoutes())
    .route('/trust', consoleTrustRoutes())
    .route('/content', consoleContentRoutes())
    .route('/corrections', consoleCorrectionRoutes())
    .route('/surveys', consoleSurveyRoutes())
    .route('/reports', consoleReportRoutes())
    .route('/monitoring', consoleMonitoringRoutes())
    .route('/', consoleDirectoryRoutes())
    .route('/', consoleAuditRoutes());
}
