/**
 * Role checks for the web pages, in one place: no session sends the browser to the login
 * page (coming back afterwards); a session with the wrong role gets 403. Object-level
 * checks (whose certificate, which organisation) are the domain's.
 */
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../env.js';
import { AppError } from '../../errors.js';
import type { Role } from '../../storage/ports.js';

/** Requires a signed-in user with one of the roles (any role when none are given). */
export function requireRole(...roles: Role[]): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const user = c.var.user;
    if (!user) {
      if (c.req.method === 'GET') return c.redirect(`/login?next=${encodeURIComponent(c.req.path)}`, 303);
      throw new AppError('unauthorized', 'Your session has ended; log in again');
    }
    if (roles.length > 0 && !roles.includes(user.role))
      throw new AppError('forbidden', 'Your account does not have access to this page');
    await next();
  };
}
