/**
 * Browser-like requests for the page tests: an anonymous browser with a CSRF cookie,
 * form POSTs, reading the session cookie a response sets, and pulling a link out of the
 * captured email. Every helper builds fresh objects.
 */
import { expect } from 'vitest';
import type { TestApp } from '../../fixtures/testDeps.js';
import { form, type SignedIn } from '../../fixtures/sessions.js';
import { issueCredential } from '../../../src/credentials/issueCredential.js';
import { openBadgeRequest } from '../../fixtures/credentials.js';
import type { CredentialRecord } from '../../../src/storage/ports.js';

/** What a browser sends: cookies and the CSRF token its forms carry. */
export interface Browser {
  cookie: string;
  csrf: string;
}

/** The CSRF token every test browser uses (43 URL-safe characters, as the middleware expects). */
export const CSRF = 'c'.repeat(43);

/** A browser with no session, only the CSRF cookie a page visit would have set. */
export function anonymous(): Browser {
  return { cookie: `csrf=${CSRF}`, csrf: CSRF };
}

/** GETs a page as a browser (or with no cookies at all). */
export function getPage(
  t: TestApp,
  path: string,
  who?: Browser | SignedIn,
  headers: Record<string, string> = {},
): Promise<Response> {
  return Promise.resolve(
    t.app.request(path, {
      headers: { ...(who ? { cookie: who.cookie } : {}), accept: 'text/html', ...headers },
    }),
  );
}

/** POSTs a form as a browser; `csrf` overrides the token sent (null sends none). */
export function postForm(
  t: TestApp,
  path: string,
  fields: Record<string, string>,
  who: Browser | SignedIn = anonymous(),
  options: { csrf?: string | null; env?: unknown; headers?: Record<string, string> } = {},
): Promise<Response> {
  const csrf = options.csrf === null ? undefined : (options.csrf ?? who.csrf);
  const init = {
    method: 'POST',
    headers: {
      cookie: who.cookie,
      'content-type': 'application/x-www-form-urlencoded',
      accept: 'text/html',
      ...options.headers,
    },
    body: form(fields, csrf),
  };
  return Promise.resolve(
    options.env
      ? t.app.request(path, init, options.env as Record<string, unknown>)
      : t.app.request(path, init),
  );
}

/** A request env carrying a client address, as @hono/node-server would supply it. */
export function fromAddress(address: string): unknown {
  return { incoming: { socket: { remoteAddress: address, remotePort: 40000, remoteFamily: 'IPv4' } } };
}

/** The value of a cookie set by a response ('' when it is being deleted), or undefined. */
export function setCookie(res: Response, name: string): string | undefined {
  for (const header of res.headers.getSetCookie()) {
    const [pair] = header.split(';');
    const [key, ...value] = pair!.split('=');
    if (key!.trim() === name) return value.join('=');
  }
  return undefined;
}

/** The browser after a response that signed it in (expects a new session cookie). */
export function signedInFrom(res: Response): Browser {
  const sid = setCookie(res, 'sid');
  expect(sid, 'a session cookie').toBeTruthy();
  return { cookie: `sid=${sid}; csrf=${CSRF}`, csrf: CSRF };
}

/** Asserts a 303 redirect to `location`. */
export function expectRedirect(res: Response, location: string): void {
  expect(res.status, `redirect to ${location}`).toBe(303);
  expect(res.headers.get('location')).toBe(location);
}

/** The path and query of the last link emailed to `to` that contains `marker`. */
export function linkFromMail(t: TestApp, to: string, marker: string): string {
  const mail = t.mail.lastTo(to);
  expect(mail, `an email to ${to}`).toBeDefined();
  const url = mail!.text.match(/https?:\/\/\S+/g)?.find((u) => u.includes(marker));
  expect(url, `a ${marker} link`).toBeDefined();
  const parsed = new URL(url!);
  return `${parsed.pathname}${parsed.search}`;
}

/** Issues an Open Badge to a holder directly through the domain; returns the record. */
export async function issueTo(
  t: TestApp,
  holderUserId: string | undefined,
  options: { isPublic?: boolean; subjectName?: string } = {},
): Promise<CredentialRecord> {
  const request = openBadgeRequest();
  if (options.subjectName) (request.credentialSubject as Record<string, unknown>).name = options.subjectName;
  const { record } = await issueCredential(t.deps.issue, request, {
    isPublic: options.isPublic ?? false,
    ...(holderUserId ? { holderUserId } : {}),
  });
  return record;
}
