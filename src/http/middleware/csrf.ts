/**
 * CSRF protection for every state-changing browser request: a double-submit token (a
 * random value in an HttpOnly SameSite=Strict cookie that each form echoes in a hidden
 * `_csrf` field, or a script in the `x-csrf-token` header), plus an Origin check when the
 * browser sends one. Applied to the web pages, which authenticate by cookie; the JSON API
 * authenticates by API key only, which a cross-site form cannot send.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import { timingSafeEqual } from 'node:crypto';
import type { AppEnv } from '../env.js';
import { AppError } from '../../errors.js';
import { newSecret } from '../../accounts/secrets.js';
import { secureCookies } from './session.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function same(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/**
 * The parsed form, or a 400 `form_unreadable`: Hono's parser throws a TypeError on a
 * multipart body with a bad or missing boundary, which would otherwise be a 500 on every
 * form route. Checked before the token, so a broken body is not mistaken for a forgery.
 */
async function readForm(c: Context<AppEnv>): Promise<Record<string, unknown>> {
  try {
    return await c.req.parseBody();
  } catch {
    throw new AppError(
      'form_unreadable',
      'The form could not be read: its body is not valid form data. Reload the page and send it again',
    );
  }
}

/** Issues the token and enforces it on unsafe methods. */
export const csrfMiddleware: MiddlewareHandler<AppEnv> = async (c, next) => {
  const name = secureCookies(c) ? '__Host-csrf' : 'csrf';
  let token = getCookie(c, name);
  if (!token || !/^[A-Za-z0-9_-]{43}$/.test(token)) {
    token = newSecret();
    setCookie(c, name, token, { path: '/', httpOnly: true, secure: secureCookies(c), sameSite: 'Strict' });
  }
  c.set('csrfToken', token);
  if (!SAFE_METHODS.has(c.req.method)) {
    const origin = c.req.header('origin');
    if (
      origin &&
      origin !== new URL(c.var.deps.config.publicUrl).origin &&
      origin !== new URL(c.req.url).origin
    ) {
      throw new AppError('forbidden', 'This form was sent from another site; reload the page and try again');
    }
    const type = c.req.header('content-type') ?? '';
    let sent = c.req.header('x-csrf-token');
    if (/^(application\/x-www-form-urlencoded|multipart\/form-data)/i.test(type)) {
      // Read even when the token came in the header: the handler reads the same (cached) form.
      const body = await readForm(c);
      sent ??= typeof body._csrf === 'string' ? body._csrf : undefined;
    }
    if (!sent || !same(sent, token) || !getCookie(c, name)) {
      throw new AppError(
        'forbidden',
        'The form has expired or was not sent from this site; reload the page and try again',
      );
    }
  }
  await next();
};
