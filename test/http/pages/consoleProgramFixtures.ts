/**
 * Requests the programme console tests need beyond consoleFixtures.ts: a form with
 * repeated fields (checkbox groups), a multipart form with a file (the CSV upload), and
 * the security cases every programme POST route answers the same way. Fresh objects only.
 */
import { expect } from 'vitest';
import type { TestApp } from '../../fixtures/testDeps.js';
import { ROLES, type Role } from '../../../src/storage/ports.js';
import type { SignedIn } from '../../fixtures/sessions.js';
import { get, noSession, post, type Browser } from './consoleFixtures.js';

/** POSTs a form whose fields may repeat (e.g. several reviewerIds), with the CSRF token. */
export async function postPairs(
  t: TestApp,
  path: string,
  who: Browser,
  pairs: [string, string][],
): Promise<Response> {
  const body = new URLSearchParams([...pairs, ['_csrf', who.csrf]]).toString();
  return t.app.request(path, {
    method: 'POST',
    headers: { cookie: who.cookie, 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
    body,
  });
}

/** POSTs multipart/form-data as a browser does for a form with a file input. */
export async function postMultipart(
  t: TestApp,
  path: string,
  who: Browser,
  fields: Record<string, string>,
  file?: { name: string; text: string },
): Promise<Response> {
  const data = new FormData();
  for (const [key, value] of Object.entries({ ...fields, _csrf: who.csrf })) data.append(key, value);
  if (file) data.append('file', new File([file.text], file.name, { type: 'text/csv' }));
  return t.app.request(path, {
    method: 'POST',
    headers: { cookie: who.cookie, accept: 'text/html' },
    body: data,
  });
}

/** The roles that must not reach the programme console. */
const NOT_STAFF: Role[] = ROLES.filter((r) => r !== 'staff' && r !== 'admin');

/**
 * The security answers of one POST route: 401 without a session, 403 for each role that
 * is not staff, 403 without the CSRF token, 413 when oversized, and the store untouched
 * by all of them (`unchanged` reads back what the route would change).
 */
export async function expectPostGuarded(
  t: TestApp,
  as: Record<Role, SignedIn>,
  path: string,
  fields: Record<string, string>,
  maxBytes: number,
  unchanged: () => Promise<void>,
): Promise<void> {
  expect((await post(t, path, noSession(), fields)).status, 'no session').toBe(401);
  for (const role of NOT_STAFF) expect((await post(t, path, as[role], fields)).status, role).toBe(403);
  expect((await post(t, path, as.staff, fields, { csrf: null })).status, 'no CSRF token').toBe(403);
  expect(
    (await post(t, path, as.staff, { ...fields, pad: 'x'.repeat(maxBytes + 100) })).status,
    'oversized',
  ).toBe(413);
  await unchanged();
}

/** The security answers of one GET route: login redirect, 403 per role, 200 for staff and admins. */
export async function expectGetGuarded(t: TestApp, as: Record<Role, SignedIn>, path: string): Promise<void> {
  const anonymous = await get(t, path, noSession());
  expect(anonymous.status, 'no session').toBe(303);
  expect(anonymous.headers.get('location')).toMatch(/^\/login/);
  for (const role of NOT_STAFF) expect((await get(t, path, as[role])).status, role).toBe(403);
  for (const role of ['staff', 'admin'] as const)
    expect((await get(t, path, as[role])).status, role).toBe(200);
}
