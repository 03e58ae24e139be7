/**
 * Shared pieces for the console and portal pages: who is asking (user, audit actor,
 * CSRF token), running a domain action so that an AppError a person can act on comes
 * back as a notice with its 4xx status (anything else still goes to onError), repeated
 * form fields, and the fixed notices a redirect after a change may name.
 */
import type { Context } from 'hono';
import type { AppEnv } from '../env.js';
import { AppError } from '../../errors.js';
import type { AccountDeps, Actor } from '../../accounts/accountDeps.js';
import type { UserRecord } from '../../storage/ports.js';
import { actorOf, currentUser, type render } from './pageKit.js';

/** The statuses a page may be rendered with. */
export type PageStatus = NonNullable<Parameters<typeof render>[2]>;

/** A message shown at the top of a page. */
export interface NoticeData {
  kind: 'error' | 'success' | 'info';
  text: string;
}

/** What every console handler needs about the request. */
export interface PageContext {
  user: UserRecord;
  actor: Actor;
  csrfToken: string;
  accounts: AccountDeps;
}

/** The signed-in user, their actor, the CSRF token and the account deps. */
export function pageContext(c: Context<AppEnv>): PageContext {
  const user = currentUser(c);
  return { user, actor: actorOf(user), csrfToken: c.var.csrfToken, accounts: c.var.deps.accounts };
}

const SHOWN_STATUSES = new Set<number>([400, 401, 403, 404, 409, 429]);

/** The outcome of a domain action: its value, or the notice and status to show. */
export type Attempt<T> = { ok: true; value: T } | { ok: false; notice: NoticeData; status: PageStatus };

/** Runs a domain action; an AppError with a 4xx a page can show becomes a notice. */
export async function attempt<T>(action: () => Promise<T>): Promise<Attempt<T>> {
  try {
    return { ok: true, value: await action() };
  } catch (error) {
    if (error instanceof AppError && SHOWN_STATUSES.has(error.status)) {
      return { ok: false, notice: { kind: 'error', text: error.detail }, status: error.status as PageStatus };
    }
    throw error;
  }
}

/** Every value of a repeated form field (checkbox groups); call after formFields. */
export async function formValues(c: Context<AppEnv>, name: string): Promise<string[]> {
  const body = await c.req.parseBody({ all: true });
  const value = body[name];
  const values = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return values.filter((v): v is string => typeof v === 'string');
}

/** Throws a 400 naming the field when it is blank; returns it trimmed. */
export function requireField(fields: Record<string, string>, name: string, message: string): string {
  const value = fields[name]?.trim();
  if (!value) throw new AppError('invalid_request', message);
  return value;
}

const DONE = {
  role_changed: 'The role was changed.',
  teams_changed: 'The team membership was saved.',
  disabled: 'The account was disabled and signed out everywhere.',
  enabled: 'The account was enabled.',
  organisation_created: 'The organisation was created.',
  team_created: 'The team was created.',
  key_revoked: 'The API key was revoked; integrations using it stop working now.',
  api_client_changed: "The app's state was saved; a disabled app's tokens stop working now.",
  template_created:
    "The template was created as version 1, a draft. To use it, choose it for a new batch on a course's page under Programmes (that locks the version).",
  template_saved: 'The draft was saved.',
  template_replaced:
    'The latest version was locked, so your changes were saved as a new version; the locked one is unchanged.',
  template_locked:
    'The version was locked; it can no longer change. Editing the template now creates a new version.',
} as const;

/** The changes a redirect may report. */
export type DoneCode = keyof typeof DONE;

/** The success notice a post-redirect-get `?done=` names (fixed texts only). */
export function doneNotice(c: Context<AppEnv>): NoticeData | undefined {
  const done = c.req.query('done') ?? '';
  return Object.hasOwn(DONE, done) ? { kind: 'success', text: DONE[done as DoneCode] } : undefined;
}

/** A 303 back to a list after a change, naming the notice to show. */
export function redirectDone(c: Context<AppEnv>, path: string, done: DoneCode): Response {
  return c.redirect(`${path}?done=${done}`, 303);
}
