/**
 * What every HTTP entry shares (the Node app and the Workers verifier): the request id,
 * security headers, the body size limit, and the one error path that answers every
 * failure as application/problem+json (DESIGN rule 5). Uses only web APIs, so it runs
 * on Node and on Workers alike.
 */
import type { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { secureHeaders } from 'hono/secure-headers';
import { HTTPException } from 'hono/http-exception';
import { AppError, toProblem, type ErrorCode } from '../errors.js';

/** The context variables this module sets; an app's env must include them. */
export interface RequestVariables {
  requestId: string;
}

/** Limits for the shared request handling. */
export interface RequestHandlingOptions {
  maxBodyBytes: number;
}

function problemResponse(code: ErrorCode, detail: string, requestId: string, extra?: Record<string, unknown>): Response {
  const body = toProblem(code, detail, requestId, extra);
  return new Response(JSON.stringify(body), { status: body.status, headers: { 'content-type': 'application/problem+json' } });
}

/**
 * Registers the request-id, security-header and body-limit middleware and the notFound
 * and onError handlers. Call it before mounting routes, so the middleware runs first.
 */
export function applyRequestHandling<E extends { Variables: RequestVariables }>(app: Hono<E>, options: RequestHandlingOptions): void {
  app.use('*', async (c, next) => {
    const given = c.req.header('x-request-id');
    c.set('requestId', given && /^[\w.-]{1,64}$/.test(given) ? given : crypto.randomUUID());
    await next();
    c.header('x-request-id', c.var.requestId);
  });
  app.use('*', secureHeaders({ contentSecurityPolicy: { defaultSrc: ["'self'"], frameAncestors: ["'none'"] } }));
  app.use(
    '*',
    bodyLimit({
      maxSize: options.maxBodyBytes,
      onError: () => {
        throw new AppError('payload_too_large', `The body is larger than ${options.maxBodyBytes} bytes`);
      },
    }),
  );

  app.notFound((c) => problemResponse('not_found', `No route for ${c.req.method} ${c.req.path}`, c.var.requestId ?? crypto.randomUUID()));
  app.onError((error, c) => {
    const requestId = c.var.requestId ?? crypto.randomUUID();
    if (error instanceof AppError) return problemResponse(error.code, error.detail, requestId, error.extra);
    if (error instanceof HTTPException && error.status < 500) {
      return problemResponse(error.status === 413 ? 'payload_too_large' : 'invalid_request', error.message || 'Bad request', requestId);
    }
    // A bug or an infrastructure fault: log it with the request id, never show internals.
    console.error(`[${requestId}] ${c.req.method} ${c.req.path} failed:`, error);
    return problemResponse('internal_error', `Something went wrong on our side; quote request id ${requestId}`, requestId);
  });
}
