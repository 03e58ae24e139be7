/**
 * What every HTTP entry shares (the Node app and the Workers verifier): the request id,
 * security headers, the body size limit, and the one error path that answers every
 * failure as application/problem+json (DESIGN rule 5). Uses only web APIs, so it runs
 * on Node and on Workers alike.
 */
import type { Context, Hono, MiddlewareHandler } from 'hono';
import { matchedRoutes } from 'hono/route';
import { secureHeaders } from 'hono/secure-headers';
import { HTTPException } from 'hono/http-exception';
import { AppError, toProblem, type ErrorCode } from '../errors.js';
import { limitBody } from './bodyLimit.js';
import { urlForLog } from '../logging/redact.js';
import type { Logger } from '../logging/logger.js';

/** The context variables this module sets; an app's env must include them. */
export interface RequestVariables {
  requestId: string;
}

/** Limits for the shared request handling. */
export interface RequestHandlingOptions {
  /** The body limit of every route that declares no larger one with uploadLimit. */
  maxBodyBytes: number;
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

/** Where uploadLimit keeps a route's declared limit, on its middleware function. */
const UPLOAD_LIMIT = Symbol('uploadLimit');

/** A handler as the router holds it: maybe an uploadLimit declaration. */
interface MaybeDeclaration {
  [UPLOAD_LIMIT]?: (c: Context) => number;
}

/**
 * Declares that a route takes uploads (CSV imports, documents, photos) and so the larger
 * body limit `maxBytes` (a size, or read from the request's context, e.g. the app's
 * config), in place of the default of applyRequestHandling. Put it on the route itself:
 * `.post('/import', uploadLimit(bytes), handler)`.
 *
 * The middleware itself does nothing: the body limit of applyRequestHandling runs before
 * any route and takes the limit from the matched route's declaration, so the body is
 * limited (a too-long Content-Length refused unread) before anything reads it, and a
 * route that declares nothing keeps the default.
 */
export function uploadLimit<E extends object>(
  maxBytes: number | ((c: Context<E>) => number),
): MiddlewareHandler<E> {
  const declaration: MiddlewareHandler<E> = async (_c, next) => {
    await next();
  };
  return Object.assign(declaration, {
    [UPLOAD_LIMIT]: typeof maxBytes === 'number' ? () => maxBytes : maxBytes,
  });
}

/** Where embeddableFiles marks a route's middleware. */
const EMBEDDABLE = Symbol('embeddableFiles');

/**
 * Declares that a route serves files other sites show (badge images in backpacks): its
 * answers get Cross-Origin-Resource-Policy cross-origin instead of same-origin, and a
 * Content-Security-Policy under which nothing in the file runs or loads (a sandbox), in
 * place of the pages' policy. Like uploadLimit, the middleware itself does nothing: the
 * security headers of applyRequestHandling read the matched route's declaration.
 */
export function embeddableFiles<E extends object>(): MiddlewareHandler<E> {
  const declaration: MiddlewareHandler<E> = async (_c, next) => {
    await next();
  };
  return Object.assign(declaration, { [EMBEDDABLE]: true });
}

/** The upload limit declared by a route this request matched, if any. */
function declaredUploadLimit(c: Context): number | undefined {
  for (const { handler } of matchedRoutes(c)) {
    // (A sub-app with an onError of its own has its handlers wrapped when mounted, which
    // hides the declaration: keep upload routes out of such sub-apps. mountOrder.test.ts
    // sends a large body to every upload route.)
    const bytes = (handler as MaybeDeclaration)[UPLOAD_LIMIT];
    if (bytes) return bytes(c);
  }
  return undefined;
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
    const requestId = given && /^[\w.-]{1,64}$/.test(given) ? given : crypto.randomUUID();
    c.set('requestId', requestId);
    await next();
    // On the answer's own headers, as the security headers are set: c.header() on a finished
    // answer rebuilds it as a web Response with a stream body on Node, which cost every
    // request about a twentieth of its event-loop time (issue 22).
    c.res.headers.set('x-request-id', requestId);
  });
  const headerOptions: NonNullable<Parameters<typeof secureHeaders>[0]> = {
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
  };
  const pageHeaders = secureHeaders(headerOptions);
  const fileHeaders = secureHeaders({
    ...headerOptions,
    contentSecurityPolicy: {
      defaultSrc: ["'none'"],
      styleSrc: ["'unsafe-inline'"],
      imgSrc: ['data:'],
      sandbox: [],
    },
    crossOriginResourcePolicy: 'cross-origin',
  });
  app.use('*', (c, next) =>
    matchedRoutes(c).some(({ handler }) => EMBEDDABLE in handler)
      ? fileHeaders(c, next)
      : pageHeaders(c, next),
  );
  const limit = (maxSize: number) =>
    limitBody(maxSize, () => {
      throw new AppError('payload_too_large', `The body is larger than ${maxSize} bytes`);
    });
  // One limit per request, chosen before the body is read: the route's declared upload
  // limit (uploadLimit) or the default.
  const standard = limit(options.maxBodyBytes);
  app.use('*', (c, next) => {
    const upload = declaredUploadLimit(c);
    return upload === undefined ? standard(c, next) : limit(upload)(c, next);
  });

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
