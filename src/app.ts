/**
 * createApp(deps): the whole HTTP surface. Mounts one sub-app per resource; the request
 * id, size limit, security headers and the one onError answering every error as
 * application/problem+json come from applyRequestHandling (DESIGN rules 2, 3, 5), which
 * the Workers verifier (src/worker.ts) shares.
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
import { webRoutes } from './http/routes/web.js';
import { renderRoutes } from './http/routes/renders.js';
import { verificationLinkRoutes } from './http/routes/verificationLinks.js';
import { exchangeRoutes } from './http/routes/exchanges.js';
import { oid4vciRoutes } from './http/routes/oid4vci.js';
import { programRoutes } from './http/routes/programs.js';
import { lmsWebhookRoutes } from './http/routes/lmsWebhook.js';
import { communicationRoutes } from './http/routes/communications.js';
import { renderErrorPage } from './http/views/layout.js';
import { mountPublicPages } from './http/pages/publicPages.js';
import { mountConsolePages } from './http/pages/consolePages.js';

/**
 * The routes that take uploads: CSV imports, content submissions, accreditation documents,
 * and certificate photos and PDFs sent to be verified (whose JSON bodies the handler holds
 * to the usual limit).
 */
const UPLOAD_PATHS =
  /^\/((admin\/programmes|programs)\/batches\/[^/]+\/import|me\/programmes\/[^/]+\/submissions|partner\/applications\/[^/]+\/items\/[^/]+\/documents|credentials\/verify)$/;

/** Builds the Hono app over its dependencies. */
export function createApp(deps: AppDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.use('*', async (c, next) => {
    c.set('deps', deps);
    await next();
  });
  applyRequestHandling(app, {
    maxBodyBytes: deps.config.maxBodyBytes,
    logger: deps.logger,
    uploads: { paths: UPLOAD_PATHS, maxBytes: deps.config.maxUploadBytes },
    hsts: deps.config.publicUrl.startsWith('https://'),
    renderHtmlError: renderErrorPage,
  });

  app.get('/health', (c) => c.json({ status: 'ok', issuer: deps.identity.did }));
  app.route('/', didRoutes(deps.identity.didDocumentPath));
  app.route('/', didResolutionRoutes({ resolveDid: deps.verify.resolveDid, ownDids: [deps.identity.did] }));
  // Before /credentials (whose /:id would take verify-number) and the pages.
  app.route('/', verificationLinkRoutes());
  app.route('/credentials', credentialRoutes);
  app.route('/presentations', presentationRoutes);
  app.route('/status', statusRoutes);
  app.route('/exchanges', exchangeRoutes());
  app.route('/programs', programRoutes);
  app.route('/integrations/lms', lmsWebhookRoutes);
  app.route('/communications', communicationRoutes);
  app.route('/', oid4vciRoutes());
  app.route('/', webRoutes());
  app.route('/', mailLinkRoutes());
  // Before the pages: /c/:id/certificate.* must not run the page middleware registered on /c/*.
  app.route('/', renderRoutes());
  mountPublicPages(app);
  mountConsolePages(app);
  return app;
}
