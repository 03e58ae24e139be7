/**
 * The same security cases on every public and participant page route (DESIGN rule 9):
 * no session (GET goes to the login page and comes back, POST is 401), every role may use
 * the portal, a disabled account's session is refused, CSRF missing or wrong is 403, a
 * cross-site Origin is 403, a non-form body is 415, an oversized body is 413, and a form
 * with its fields missing comes back as the form with a message (400).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../fixtures/testDeps.js';
import { signIn, type SignedIn } from '../../fixtures/sessions.js';
import { anonymous, CSRF, getPage, issueTo, postForm, type Browser } from './pageRequests.js';
import { ROLES } from '../../../src/storage/ports.js';

let t: TestApp;
let owner: SignedIn;
let ownId: string;

beforeAll(async () => {
  t = await createTestApp({ env: { MAX_BODY_BYTES: '2048' } });
  owner = await signIn(t, 'participant');
  ownId = encodeURIComponent((await issueTo(t, owner.user.id)).id);
});
afterAll(async () => {
  await t.close();
});

const PORTAL_GETS = [
  '/me',
  '/me/profile',
  '/me/sessions',
  '/me/privacy',
  '/me/export.json',
  '/me/messages',
  '/me/notifications',
  '/me/credentials/:own.json',
];

/** Routes that need a session, and the fields a complete form would carry. */
const SESSION_POSTS = [
  '/logout',
  '/me/credentials/:own/visibility',
  '/me/password',
  '/me/sessions/revoke-others',
  '/me/erase',
];
const OPEN_POSTS = [
  '/login',
  '/signup',
  '/forgot-password',
  '/reset-password',
  '/accept-invitation',
  '/setup',
];
const ALL_POSTS = [...SESSION_POSTS, ...OPEN_POSTS];

/** Forms that re-render with a message when their fields are missing. */
const FORMS_WITH_FIELDS = [
  '/login',
  '/signup',
  '/forgot-password',
  '/reset-password',
  '/accept-invitation',
  '/setup',
  '/me/password',
  '/me/erase',
  '/me/credentials/:own/visibility',
];

function resolve(path: string): string {
  return path.replace(':own', ownId);
}

async function browserFor(path: string): Promise<Browser | SignedIn> {
  return SESSION_POSTS.includes(path) ? signIn(t, 'participant', owner.user) : anonymous();
}

describe('no session', () => {
  it.each(PORTAL_GETS)('GET %s redirects to the login page and back', async (route) => {
    const path = resolve(route);
    for (const who of [
      undefined,
      anonymous(),
      { cookie: `sid=forged-session-secret; csrf=${CSRF}`, csrf: CSRF },
    ]) {
      const res = await getPage(t, path, who);
      expect(res.status).toBe(303);
      const location = new URL(res.headers.get('location')!, 'http://x');
      expect(location.pathname).toBe('/login');
      expect(location.searchParams.get('next')).toBe(path);
    }
  });

  it.each(SESSION_POSTS)('POST %s is 401', async (route) => {
    const res = await postForm(
      t,
      resolve(route),
      { public: 'true', currentPassword: 'x', newPassword: 'y', password: 'z', confirmation: 'ERASE' },
      anonymous(),
      {
        headers: { accept: 'application/json' },
      },
    );
    expect(res.status).toBe(401);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  });
});

describe('roles', () => {
  it.each(ROLES)('a %s may use the portal', async (role) => {
    const who = await signIn(t, role);
    for (const route of PORTAL_GETS.filter((p) => !p.includes(':own')))
      expect((await getPage(t, route, who)).status, route).toBe(200);
  });

  it('refuses the session of a disabled account', async () => {
    const who = await signIn(t, 'participant');
    await t.deps.stores.users.update(who.user.id, { status: 'disabled' }, new Date().toISOString());
    expect((await getPage(t, '/me', who)).status).toBe(303);
    expect((await postForm(t, '/me/sessions/revoke-others', {}, who)).status).toBe(401);
  });
});

describe('CSRF', () => {
  it.each(ALL_POSTS)(
    'POST %s without the token, with a wrong one, or from another site is 403',
    async (route) => {
      const path = resolve(route);
      const who = await browserFor(route);
      expect((await postForm(t, path, {}, who, { csrf: null })).status).toBe(403);
      expect((await postForm(t, path, {}, who, { csrf: 'd'.repeat(43) })).status).toBe(403);
      const noCookie = { cookie: who.cookie.replace(/;?\s*csrf=[^;]*/, ''), csrf: CSRF };
      expect((await postForm(t, path, {}, noCookie)).status).toBe(403);
      expect((await postForm(t, path, {}, who, { headers: { origin: 'https://evil.example' } })).status).toBe(
        403,
      );
    },
  );
});

describe('malformed bodies', () => {
  it.each(ALL_POSTS)('POST %s as JSON is 415', async (route) => {
    const who = await browserFor(route);
    const res = await t.app.request(resolve(route), {
      method: 'POST',
      headers: { cookie: who.cookie, 'x-csrf-token': who.csrf, 'content-type': 'application/json' },
      body: '{"email":"a@example.org"}',
    });
    expect(res.status).toBe(415);
  });

  it.each(ALL_POSTS)('POST %s with an oversized body is 413', async (route) => {
    const who = await browserFor(route);
    const res = await postForm(t, resolve(route), { filler: 'a'.repeat(4096) }, who);
    expect(res.status).toBe(413);
  });

  it.each(FORMS_WITH_FIELDS)(
    'POST %s with its fields missing re-renders the form with a message (400)',
    async (route) => {
      const who = await browserFor(route);
      const res = await postForm(t, resolve(route), {}, who);
      expect(res.status).toBe(400);
      expect(res.headers.get('content-type')).toMatch(/^text\/html/);
      const html = await res.text();
      // One notice, or (forms that show every problem at once) the error summary.
      expect(html).toMatch(
        /<p class="notice error" role="alert">[^<]+<\/p>|<div class="error-summary" role="alert"[^>]*><h2[^>]*>There is a problem<\/h2><ul><li>/,
      );
    },
  );
});
