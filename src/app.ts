/**
 * createApp(deps): the whole HTTP surface. Mounts one sub-app per prefix (APP_ROUTES), each
 * once, so a URL leads to one file; the request id, size limit, security headers and the
 * one onError answering every error as application/problem+json come from
 * applyRequestHandling (DESIGN rules 2, 3, 5), which the Workers verifier (src/worker.ts)
 * shares. Every sub-app brings its own middleware (session, CSRF, roles, API keys, upload
 * limits) on its own paths, so the order of the mounts does not matter
 * (test/http/mountOrder.test.ts mounts them in reverse).
 */
import { Hono } from 'hono';
import type { AppDeps } from './deps.js';
import type { AppEnv } from './http/env.js';
import { applyRequestHandling } from './http/requestHandling.js';
import { credentialRoutes } from './http/routes/credentials.js';
import { presentationRoutes } from './http/routes/presentations.js';
import { statusRoutes } from './http/routes/status.js';
import { didRoutes } from './http/routes/did.js';
import { didResolutionRoutes } from './http/routes/didResolution.js';
import { mailLinkRoutes } from './http/routes/mailLinks.js';
import { marketingLinkRoutes } from './http/routes/marketingLinks.js';
import { assetRoutes } from './http/routes/assets.js';
import { verificationLinkRoutes } from './http/routes/verificationLinks.js';
import { exchangeRoutes } from './http/routes/exchanges.js';
import { oid4vciRoutes } from './http/routes/oid4vci.js';
import { programRoutes } from './http/routes/programs.js';
import { lmsWebhookRoutes } from './http/routes/lmsWebhook.js';
import { communicationRoutes } from './http/routes/communications.js';
import { reportRoutes } from './http/routes/reports.js';
import { ob3ApiRoutes } from './http/routes/ob3Api.js';
import { renderErrorPage } from './http/views/layout.js';
import { publicPages } from './http/pages/publicPages.js';
import { certificateRoutes } from './http/pages/certificatePage.js';
import { portalPages } from './http/pages/portalPages.js';
import { consoleRoutes } from './http/pages/consolePages.js';
import { partnerRoutes } from './http/pages/partnerPages.js';
import { reviewerRoutes } from './http/pages/reviewerPages.js';
import { courseRequirementRoutes } from './http/pages/courseRequirementsPage.js';
import { badgeRoutes } from './http/routes/badges.js';
import { countRequests } from './monitoring/requestCounts.js';

/** A prefix and the factory of the sub-app mounted there. */
export type AppRoute = readonly [prefix: string, subApp: (deps: AppDeps) => Hono<AppEnv>];

/** GET /health: liveness for the load balancer. */
function healthRoutes(): Hono<AppEnv> {
  return new Hono<AppEnv>().get('/', (c) => c.json({ status: 'ok', issuer: c.var.deps.identity.did }));
}

/**
 * Every sub-app createApp mounts, by prefix. The sub-apps at / serve fixed paths of their
 * own (did.json, OpenID4VCI, mail links, the root pages), none of another's.
 */
export const APP_ROUTES: readonly AppRoute[] = [
  ['/health', healthRoutes],
  ['/', (deps) => didRoutes(deps.identity.didDocumentPath)],
  [
    '/1.0/identifiers',
    (deps) => didResolutionRoutes({ resolveDid: deps.verify.resolveDid, ownDids: [deps.identity.did] }),
  ],
  ['/credentials', credentialRoutes],
  ['/presentations', presentationRoutes],
  ['/status', statusRoutes],
  ['/exchanges', exchangeRoutes],
  ['/programs', programRoutes],
  ['/integrations/lms', lmsWebhookRoutes],
  ['/communications', communicationRoutes],
  ['/reports', reportRoutes],
  ['/ims/ob/v3p0', ob3ApiRoutes],
  ['/', oid4vciRoutes],
  ['/assets', assetRoutes],
  ['/', mailLinkRoutes],
  ['/marketing', marketingLinkRoutes],
  ['/v', verificationLinkRoutes],
  ['/c', certificateRoutes],
  ['/', publicPages],
  ['/me', portalPages],
  ['/admin', consoleRoutes],
  ['/partner', partnerRoutes],
  ['/reviewer', reviewerRoutes],
  ['/courses', courseRequirementRoutes],
  ['/badges', badgeRoutes],
];

/** Builds the Hono app over its dependencies; `routes` is APP_ROUTES but for tests of the mounting. */
export function createApp(deps: AppDeps, routes: readonly AppRoute[] = APP_ROUTES): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.use('*', async (c, next) => {
    c.set('deps', deps);
    await next();
  });
  // Requests per route pattern, status and time, counted in memory (flushed by the heartbeat).
  app.use('*', countRequests(deps.monitoring.counter));
  applyRequestHandling(app, {
    maxBodyBytes: deps.config.maxBodyBytes,
    logger: deps.logger,
    hsts: deps.config.publicUrl.startsWith('https://'),
    renderHtmlError: renderErrorPage,
  });

  for (const [prefix, subApp] of routes) app.route(prefix, subApp(deps));
  return app;
}
