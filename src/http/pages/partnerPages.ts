/**
 * /partner (partners only): their organisation and its members. Which organisation is
 * decided by the domain's object-level check, so another organisation's id in the URL
 * answers 404 exactly like an unknown one.
 */
import { Hono, type Context } from 'hono';
import type { AppEnv } from '../env.js';
import { requireRole } from '../middleware/roles.js';
import { organisationWithMembers } from '../../accounts/directory.js';
import { pageMiddleware, render } from './pageKit.js';
import { pageContext } from './consoleKit.js';
import { PartnerPage } from '../views/partnerView.js';
import { partnerApplicationRoutes, partnerReportRoutes, summaries, PARTNER_APPLICATIONS } from './accreditationPages.js';
import { previousQuarter, quarterOf } from '../../accreditation/quarterlyReport.js';

async function showOrganisation(c: Context<AppEnv>, organisationId: string | undefined): Promise<Response> {
  const { user, actor, csrfToken, accounts } = pageContext(c);
  if (!organisationId) return render(c, PartnerPage({ user, csrfToken, members: [] }));
  const { organisation, members } = await organisationWithMembers(accounts, actor, organisationId);
  const applications = await summaries(c, await c.var.deps.stores.accreditation.listApplications({ organisationId: organisation.id, limit: 100 }));
  const types = (await c.var.deps.stores.accreditation.listTypes()).filter((t) => t.active);
  const now = c.var.deps.now();
  const reports = [quarterOf(now), previousQuarter(now)];
  return render(c, PartnerPage({ user, csrfToken, organisation, members, applications, types, applicationsBase: PARTNER_APPLICATIONS, reports }));
}

/** The partner portal, mounted at /partner. */
export function partnerRoutes(): Hono<AppEnv> {
  return new Hono<AppEnv>()
    .use('*', ...pageMiddleware, requireRole('partner'))
    .get('/', (c) => showOrganisation(c, pageContext(c).user.organisationId))
    .get('/organisations/:id', (c) => showOrganisation(c, c.req.param('id')))
    .route('/applications', partnerApplicationRoutes())
    .route('/reports', partnerReportRoutes());
}
