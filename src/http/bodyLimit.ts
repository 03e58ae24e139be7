/**
 * A body size limit that reads nothing when it need not. Hono's bodyLimit asks for
 * `c.req.raw.body` before it looks at Content-Length; on Node (@hono/node-server) that
 * builds the full web Request and wraps the socket in a web stream for every request, and
 * the body is then read through that stream instead of node-server's direct read: on
 * POST /credentials/verify that was about a tenth of the event loop's time per request
 * (profiled 2026-12-07, issue 22). Same rules as Hono's: a Content-Length without
 * Transfer-Encoding is compared with the limit, unread (the HTTP parser delivers exactly
 * that many bytes); GET and HEAD carry no body; anything else (chunked, or a platform that
 * omits both headers, such as HTTP/2 on Workers) is counted as it streams by Hono's own
 * middleware, which refuses it past the limit.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';

/** Limits the request body to `maxSize` bytes; `onError` answers (or throws) past it. */
export function limitBody(
  maxSize: number,
  onError: (c: Context) => Response | Promise<Response>,
): MiddlewareHandler {
  const streamed = bodyLimit({ maxSize, onError });
  return async (c, next) => {
    const method = c.req.method;
    if (method === 'GET' || method === 'HEAD') return next();
    const length = c.req.header('content-length');
    if (length !== undefined && c.req.header('transfer-encoding') === undefined) {
      if (Number.parseInt(length, 10) > maxSize) return onError(c);
      return next();
    }
    return streamed(c, next);
  };
}
