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
import { urlForLog } from '../logging/redact.js';
import type { Logger } from '../logging/logger.js';

/** The context variables this module sets; an app's env must include them. */
export interface RequestVariables {
  requestId: string;
}

/** Limits for the shared request handling. */
export interface RequestHandlingOptions {
  maxBodyBytes: number;
  /**
   * Routes that take uploads (content files, CSV imports) and the larger limit they get;
   * every other route keeps `maxBodyBytes`.
   */
  uploads?: { paths: RegExp; maxBytes: number };
  /** Send Strict-Transport-Security (only when the public URL is https). */
  hsts?: boolean;
  /** Where a failed request is logged: pino on Node (AppDeps.logger), the console logger on Workers. */
  logger: Logger;
  /** Renders an error as a page for browsers that ask for HTML (the Node web app). */
  renderHtmlError?: (status: number, title: string, detail: string, requestId: string) => string;
}

function problemResponse(
  code: ErrorCode,
  detail: string,
  requestId: string,
  extra?: Record<string, unknown>,
): Response {
  const body = toProblem(code, detail, requestId, extra);
  return new Response(JSON.stringify(body), {
    status: body.status,
    headers: { 'content-type': 'application/problem+json' },
  });
}

/**
 * Registers the request-id, security-header and body-limit middleware and the notFound
 * and onError handlers. Call it before mounting routes, so the middleware runs first.
 */
export function applyRequestHandling<E extends { Variables: RequestVariables }>(
  app: Hono<E>,
  options: RequestHandlingOptions,
): void {
  app.use('*', async (c, next) => {
    const given = c.req.header('x-request-id');
    c.set('requestId', given && /^[\w.-]{1,64}$/.test(given) ? given : crypto.randomUUID());
    await next();
    c.header('x-request-id', c.var.requestId);
  });
  app.use(
    '*',
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        frameAncestors: ["'none'"],
        formAction: ["'self'"],
        baseUri: ["'none'"],
      },
      // Not Hono's default no-referrer: under it Chromium sends `Origin: null` with every
      // form POST, which the CSRF origin check rightly refuses. same-origin still gives
      // other sites no referrer (a /verify?id=... URL never leaks) yet keeps our Origin.
      referrerPolicy: 'same-origin',
      strictTransportSecurity: options.hsts ? 'max-age=31536000; includeSubDomains' : false,
    }),
  );
  const limit = (maxSize: number) =>
    bodyLimit({
      maxSize,
      onError: () => {
        throw new AppError('payload_too_large', `The body is larger than ${maxSize} bytes`);
      },
    });
  const standard = limit(options.maxBodyBytes);
  const uploads = options.uploads;
  const upload = uploads ? limit(uploads.maxBytes) : standard;
  app.use('*', (c, next) => (uploads?.paths.test(c.req.path) ? upload(c, next) : standard(c, next)));

  // Browsers navigating to a page get the error as a page; API clients get problem+json.
  // `pageDetail` is what a page says instead of `detail`, when the two should differ.
  const answer = (
    request: Request,
    code: ErrorCode,
    detail: string,
    requestId: string,
    extra?: Record<string, unknown>,
    pageDetail = detail,
  ): Response => {
    const accept = request.headers.get('accept') ?? '';
    if (
      options.renderHtmlError &&
      /text\/html/.test(accept) &&
      !/application\/(problem\+)?json/.test(accept)
    ) {
      const problem = toProblem(code, pageDetail, requestId);
      return new Response(options.renderHtmlError(problem.status, problem.title, pageDetail, requestId), {
        status: problem.status,
        headers: { 'content-type': 'text/html; charset=utf-8' },
      });
    }
    return problemResponse(code, detail, requestId, extra);
  };

  // A page says the same sentence for every unknown address: reading the path back would put
  // whatever a link-maker typed into our page (and tells a person nothing they can act on).
  // An API client is told the method and path it used, which is what its developer needs.
  app.notFound((c) =>
    answer(
      c.req.raw,
      'not_found',
      `No route for ${c.req.method} ${c.req.path}`,
      c.var.requestId ?? crypto.randomUUID(),
      undefined,
      'There is no page at this address.',
    ),
  );
  app.onError((error, c) => {
    const requestId = c.var.requestId ?? crypto.randomUUID();
    if (error instanceof AppError) return answer(c.req.raw, error.code, error.detail, requestId, error.extra);
    if (error instanceof HTTPException && error.status < 500) {
      return answer(
        c.req.raw,
        error.status === 413 ? 'payload_too_large' : 'invalid_request',
        error.message || 'Bad request',
        requestId,
      );
    }
    // A bug or an infrastructure fault: log it with the request id, never show internals.
    // No body, no headers, and the URL without query values or capability segments
    // (urlForLog): a set-password link's token must not reach a log that support reads.
    options.logger.error(
      { requestId, method: c.req.method, path: urlForLog(c.req.url), status: 500, err: error },
      'request failed',
    );
    return answer(
      c.req.raw,
      'internal_error',
      `Something went wrong on our side; quote request id ${requestId}`,
      requestId,
    );
  });
}
