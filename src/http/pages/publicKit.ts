/**
 * Helpers the public and participant page handlers share: running a domain action and
 * turning an expected failure (AppError) into a form error with its status, requiring
 * form fields, per-address rate limits that answer with the form, and what every page
 * passes to the layout.
 */
import type { Context } from 'hono';
import type { AppEnv } from '../env.js';
import { AppError } from '../../errors.js';
import { clientAddress, type FixedWindowCounter } from '../middleware/rateLimit.js';
import { setSessionCookie } from '../middleware/session.js';
import { endSession, startSession } from '../../accounts/sessions.js';
import type { UserRecord } from '../../storage/ports.js';
import { plural } from '../../plural.js';

/** The statuses a re-rendered form may answer with. */
export type FormStatus = 400 | 401 | 403 | 404 | 409 | 429;

const FORM_STATUSES = new Set<number>([400, 401, 403, 404, 409, 429]);

/** A failure to show on the form. */
export interface FormError {
  message: string;
  status: FormStatus;
}

/**
 * Runs an action; an AppError with a form status becomes `{ error }`, anything else
 * (a bug, an infrastructure fault, 413/415) propagates to onError.
 */
export async function attempt<T>(
  action: () => Promise<T>,
): Promise<{ value: T; error?: undefined } | { value?: undefined; error: FormError }> {
  try {
    return { value: await action() };
  } catch (error) {
    if (error instanceof AppError && FORM_STATUSES.has(error.status)) {
      return { error: { message: error.detail, status: error.status as FormStatus } };
    }
    throw error;
  }
}

/** Throws invalid_request naming the first required field left empty. */
export function requireFields(fields: Record<string, string>, required: Record<string, string>): void {
  for (const [name, message] of Object.entries(required)) {
    if (!fields[name]?.trim()) throw new AppError('invalid_request', message);
  }
}

/** Counts an unsafe request from this address; throws rate_limited (with retry-after) when over. */
export function enforceRateLimit(c: Context<AppEnv>, counter: FixedWindowCounter): void {
  const wait = counter.hit(clientAddress(c), c.var.deps.now().getTime());
  if (wait > 0) {
    c.header('retry-after', String(wait));
    throw new AppError(
      'rate_limited',
      `Too many attempts from your network; try again in ${plural(Math.ceil(wait / 60), 'minute')}`,
    );
  }
}

/** What every page hands to the layout. */
export function shell(c: Context<AppEnv>): { user: AppEnv['Variables']['user']; csrfToken: string } {
  return { user: c.var.user, csrfToken: c.var.csrfToken };
}

/** Whether anyone may create an account (SIGNUP_MODE=self), so pages offer "Create an account". */
export function signupOpen(c: Context<AppEnv>): boolean {
  return c.var.deps.config.signupMode === 'self';
}

/** A query parameter, or '' when absent. */
export function queryParam(c: Context<AppEnv>, name: string): string {
  return c.req.query(name) ?? '';
}

/**
 * Starts a session for a person who just proved who they are and sets the cookie. Any
 * session the browser had before is ended first, so a planted cookie never survives.
 */
export async function signInBrowser(c: Context<AppEnv>, user: UserRecord): Promise<void> {
  const previous = c.var.sessionSecret;
  if (previous) await endSession(c.var.deps.accounts, previous);
  const { secret } = await startSession(c.var.deps.accounts, user, c.req.header('user-agent'));
  setSessionCookie(c, secret);
}
