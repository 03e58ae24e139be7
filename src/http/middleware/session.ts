/**
 * Browser sessions: the session secret travels in an HttpOnly, SameSite=Lax cookie
 * (`__Host-` prefixed and Secure when the public URL is https); this middleware resolves
 * it to the signed-in user. API routes never read it: they authenticate by API key only.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { AppEnv } from '../env.js';
import { resolveSession } from '../../accounts/sessions.js';

/** Whether cookies must be Secure (and may use the __Host- prefix). */
export function secureCookies(c: Context<AppEnv>): boolean {
  return c.var.deps.config.publicUrl.startsWith('https://');
}

/** The session cookie's name. */
function sessionCookieName(c: Context<AppEnv>): string {
  return secureCookies(c) ? '__Host-sid' : 'sid';
}

/** Resolves the session cookie, if any, to `c.var.user`. */
export const sessionMiddleware: MiddlewareHandler<AppEnv> = async (c, next) => {
  const secret = getCookie(c, sessionCookieName(c));
  const resolved = await resolveSession(c.var.deps.accounts, secret);
  if (resolved) {
    c.set('user', resolved.user);
    c.set('sessionSecret', secret);
  } else if (secret) {
    deleteCookie(c, sessionCookieName(c), { path: '/', secure: secureCookies(c) });
  }
  await next();
};

/** Sets the session cookie after a successful login. */
export function setSessionCookie(c: Context<AppEnv>, secret: string): void {
  setCookie(c, sessionCookieName(c), secret, {
    path: '/',
    httpOnly: true,
    secure: secureCookies(c),
    sameSite: 'Lax',
    maxAge: c.var.deps.config.sessionTtlHours * 3600,
  });
}

/** Removes the session cookie (sign-out). */
export function clearSessionCookie(c: Context<AppEnv>): void {
  deleteCookie(c, sessionCookieName(c), { path: '/', secure: secureCookies(c) });
}
