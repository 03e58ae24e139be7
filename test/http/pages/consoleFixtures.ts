/**
 * Requests for the console and portal page tests: browser GETs and form POSTs (with a
 * chosen CSRF token or none), the audit entries about an object, and a check that every
 * visible form control has a label. Every helper builds fresh objects.
 */
import { expect } from 'vitest';
import type { TestApp } from '../../fixtures/testDeps.js';
import { form } from '../../fixtures/sessions.js';
import type { AuditRecord } from '../../../src/storage/ports.js';

/** Cookies and the CSRF token a browser sends. */
export interface Browser {
  cookie: string;
  csrf: string;
}

/** A browser with no session, only the CSRF cookie an earlier page visit set. */
export function noSession(): Browser {
  const csrf = 'c'.repeat(43);
  return { cookie: `csrf=${csrf}`, csrf };
}

/** GETs a page as a browser. */
export async function get(t: TestApp, path: string, who?: Browser): Promise<Response> {
  return t.app.request(path, { headers: { accept: 'text/html', ...(who ? { cookie: who.cookie } : {}) } });
}

/** POSTs a form; `csrf` overrides the token sent, null sends none. */
export async function post(
  t: TestApp,
  path: string,
  who: Browser,
  fields: Record<string, string> = {},
  options: { csrf?: string | null; headers?: Record<string, string> } = {},
): Promise<Response> {
  const csrf = options.csrf === null ? undefined : (options.csrf ?? who.csrf);
  return t.app.request(path, {
    method: 'POST',
    headers: {
      cookie: who.cookie,
      'content-type': 'application/x-www-form-urlencoded',
      accept: 'text/html',
      ...options.headers,
    },
    body: form(fields, csrf),
  });
}

/** The audit entries about one object (newest first). */
export function auditAbout(t: TestApp, objectId: string): Promise<AuditRecord[]> {
  return t.deps.stores.audit.list({ objectId, limit: 100 });
}

/** Asserts that every visible input, select and textarea has a <label for> its id. */
export function expectLabelled(html: string): void {
  const controls = [...html.matchAll(/<(input|select|textarea)\b([^>]*)>/g)].filter(
    ([, , attrs]) => !/type="hidden"/.test(attrs!),
  );
  for (const [tag, , attrs] of controls) {
    const id = /\bid="([^"]+)"/.exec(attrs!)?.[1];
    expect(id, `an id on ${tag}`).toBeTruthy();
    expect(html, `a label for #${id}`).toContain(`for="${id}"`);
  }
}

/** Asserts a 303 to `location`. */
export function expectRedirect(res: Response, location: string): void {
  expect(res.status, `redirect to ${location}`).toBe(303);
  expect(res.headers.get('location')).toBe(location);
}
