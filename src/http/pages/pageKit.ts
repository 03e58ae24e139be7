/**
 * Shared pieces for the server-rendered pages: the middleware every page runs (session,
 * then CSRF), rendering JSX with the doctype, reading a form, the audit actor for the
 * signed-in person, and a safe post-login redirect.
 *
 * Hono applies a sub-app's `use('*')` to every path under its mount point, so page
 * sub-apps are mounted under their own prefixes (/me, /admin, ...) and a sub-app of
 * root-level pages (mounted at /) runs the middleware on its own paths alone (pagesAt);
 * the JSON API never runs it.
 */
import { type Context, Hono, type MiddlewareHandler } from 'hono';
import type { Child } from 'hono/jsx';
import type { AppEnv } from '../env.js';
import { sessionMiddleware } from '../middleware/session.js';
import { csrfMiddleware } from '../middleware/csrf.js';
import { AppError } from '../../errors.js';
import type { Actor } from '../../accounts/accountDeps.js';
import type { UserRecord } from '../../storage/ports.js';

/** Session then CSRF, for every page route. */
export const pageMiddleware: MiddlewareHandler<AppEnv>[] = [sessionMiddleware, csrfMiddleware];

/**
 * A sub-app for root-level pages that runs the page middleware on each of `paths` (its
 * own pages) and on nothing else, wherever it is mounted among the others.
 */
export function pagesAt(paths: readonly string[]): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  for (const path of paths) app.use(path, ...pageMiddleware);
  return app;
}

/** Sends a rendered page. */
export function render(
  c: Context<AppEnv>,
  page: Child,
  status: 200 | 400 | 401 | 403 | 404 | 409 | 429 = 200,
): Response {
  c.header('cache-control', 'no-store');
  return c.html(`<!doctype html>${String(page)}`, status);
}

/** The fields of a submitted form as strings (files and repeated fields are ignored). */
export async function formFields(c: Context<AppEnv>): Promise<Record<string, string>> {
  const type = c.req.header('content-type') ?? '';
  if (!/^(application\/x-www-form-urlencoded|multipart\/form-data)/i.test(type)) {
    throw new AppError('unsupported_media_type', 'Send the form as application/x-www-form-urlencoded');
  }
  const body = await c.req.parseBody();
  const fields: Record<string, string> = {};
  for (const [key, value] of Object.entries(body)) if (typeof value === 'string') fields[key] = value;
  return fields;
}

/** The audit actor for a signed-in person. */
export function actorOf(user: UserRecord): Actor {
  return {
    id: user.id,
    label: `${user.name} <${user.email}>`,
    role: user.role,
    ...(user.organisationId ? { organisationId: user.organisationId } : {}),
  };
}

/** Where a person lands after logging in, by role. */
export function homeFor(user: UserRecord): string {
  if (user.role === 'admin' || user.role === 'staff') return '/admin';
  if (user.role === 'partner') return '/partner';
  if (user.role === 'reviewer') return '/reviewer';
  return '/me';
}

/** A post-login redirect target: only a local path, never another site. */
export function safeNext(next: string | undefined, fallback: string): string {
  return next && /^\/(?![/\\])[\w\-./?=&%]*$/.test(next) ? next : fallback;
}

/** The signed-in user (routes behind requireRole only). */
export function currentUser(c: Context<AppEnv>): UserRecord {
  const user = c.var.user;
  if (!user) throw new AppError('unauthorized', 'Your session has ended; log in again');
  return user;
}
