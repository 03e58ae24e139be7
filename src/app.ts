/**
 * createApp(deps): the whole HTTP surface. Mounts one sub-app per resource, sets the
 * request id, size limit and security headers, and answers every error as
 * application/problem+json through one onError (DESIGN rules 2, 3, 5).
 */
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { secureHeaders } from 'hono/secure-headers';
import { HTTPException } from 'hono/http-exception';
import { randomUUID } from 'node:crypto';
import type { AppDeps } from './deps.js';
import type { AppEnv } from './http/env.js';
import { AppError, toProblem, type ErrorCode } from './errors.js';
import { credentialRoutes } from './http/routes/credentials.js';
import { presentationRoutes } from './http/routes/presentations.js';
import { statusRoutes } from './http/routes/status.js';
import { didRoutes } from './http/routes/did.js';
import { webRoutes } from './http/routes/web.js';

function problemResponse(code: ErrorCode, detail: string, requestId: string, extra?: Record<string, unknown>): Response {
  const body = toProblem(code, detail, requestId, extra);
  return new Response(JSON.stringify(body), { status: body.status, headers: { 'content-type': 'application/problem+json' } });
}

/** Builds the Hono app over its dependencies. */
export function createApp(deps: AppDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.use('*', async (c, next) => {
    c.set('deps', deps);
    const given = c.req.header('x-request-id');
    c.set('requestId', given && /^[\w.-]{1,64}$/.test(given) ? given : randomUUID());
    await next();
    c.header('x-request-id', c.var.requestId);
  });
  app.use('*', secureHeaders({ contentSecurityPolicy: { defaultSrc: ["'self'"], frameAncestors: ["'none'"] } }));
  app.use(
    '*',
    bodyLimit({
      maxSize: deps.config.maxBodyBytes,
      onError: (c) => {
        throw new AppError('payload_too_large', `The body is larger than ${deps.config.maxBodyBytes} bytes`);
      },
    }),
  );

  app.get('/health', (c) => c.json({ status: 'ok', issuer: deps.identity.did }));
  app.route('/', didRoutes(deps.identity.didDocumentPath));
  app.route('/credentials', credentialRoutes);
  app.route('/presentations', presentationRoutes);
  app.route('/status', statusRoutes);
  app.route('/', webRoutes());

  app.notFound((c) => problemResponse('not_found', `No route for ${c.req.method} ${c.req.path}`, c.var.requestId ?? randomUUID()));
  app.onError((error, c) => {
    const requestId = c.var.requestId ?? randomUUID();
    if (error instanceof AppError) return problemResponse(error.code, error.detail, requestId, error.extra);
    if (error instanceof HTTPException && error.status < 500) {
      return problemResponse(error.status === 413 ? 'payload_too_large' : 'invalid_request', error.message || 'Bad request', requestId);
    }
    // A bug or an infrastructure fault: log it with the request id, never show internals.
    console.error(`[${requestId}] ${c.req.method} ${c.req.path} failed:`, error);
    return problemResponse('internal_error', `Something went wrong on our side; quote request id ${requestId}`, requestId);
  });
  return app;
}
