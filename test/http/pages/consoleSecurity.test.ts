/**
 * The security cases on every console and portal route (DESIGN rule 9): no session (GET
 * goes to the login page and comes back, POST is 401), every wrong role 403, someone
 * else's object 404, and on every POST: CSRF missing or wrong 403, a non-form body 415,
 * an oversized body 413 and missing fields 400 with a sentence saying what to fill in.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../fixtures/testDeps.js';
import { createUser, signIn, type SignedIn } from '../../fixtures/sessions.js';
import { createApiKey } from '../../../src/credentials/apiKeys.js';
import { ROLES, type Role, type UserRecord } from '../../../src/storage/ports.js';
import { get, noSession, post } from './consoleFixtures.js';

const MAX_BODY = 4096;
let t: TestApp;
const as = {} as Record<Role, SignedIn>;
let target: UserRecord;
let orgA: string;
let orgB: string;
let keyId: string;

beforeAll(async () => {
  t = await createTestApp({ env: { MAX_BODY_BYTES: String(MAX_BODY) } });
  const at = t.deps.now().toISOString();
  orgA = 'org-a';
  orgB = 'org-b';
  await t.deps.stores.directory.createOrganisation({ id: orgA, name: 'Alpha Training', createdAt: at });
  await t.deps.stores.directory.createOrganisation({ id: orgB, name: 'Beta Academy', createdAt: at });
  for (const role of ROLES) {
    as[role] = await signIn(
      t,
      role,
      role === 'partner' ? await createUser(t, 'partner', { organisationId: orgA }) : undefined,
    );
  }
  target = await createUser(t, 'participant');
  keyId = (
    await createApiKey(t.deps.stores.apiKeys, {
      name: 'matrix key',
      scopes: ['credentials:read'],
      now: new Date(),
    })
  ).record.id;
});
afterAll(async () => {
  await t.close();
});

interface PageRoute {
  /** Method and path pattern, e.g. "POST /admin/users/:userId/role". */
  name: string;
  path: () => string;
  /** Roles that get past every role check (route and domain). */
  allowed: Role[];
  /** Fields that would be accepted (POST). */
  fields?: () => Record<string, string>;
  /** Fields missing something, and the message that says so (POST). */
  missing?: { fields: () => Record<string, string>; message: RegExp };
}

const method = (route: PageRoute) => route.name.split(' ')[0] as 'GET' | 'POST';
const STAFF: Role[] = ['staff', 'admin'];
const ADMIN: Role[] = ['admin'];
let n = 0;

const routes: PageRoute[] = [
  { name: 'GET /admin', path: () => '/admin', allowed: STAFF },
  { name: 'GET /admin/users', path: () => '/admin/users', allowed: STAFF },
  { name: 'GET /admin/users/:userId', path: () => `/admin/users/${target.id}`, allowed: STAFF },
  { name: 'GET /admin/organisations', path: () => '/admin/organisations', allowed: STAFF },
  { name: 'GET /admin/organisations/:orgId', path: () => `/admin/organisations/${orgA}`, allowed: STAFF },
  { name: 'GET /admin/teams', path: () => '/admin/teams', allowed: STAFF },
  { name: 'GET /admin/corrections', path: () => '/admin/corrections', allowed: STAFF },
  { name: 'GET /admin/content', path: () => '/admin/content', allowed: ADMIN },
  { name: 'GET /admin/api-keys', path: () => '/admin/api-keys', allowed: ADMIN },
  { name: 'GET /admin/audit', path: () => '/admin/audit', allowed: ADMIN },
  { name: 'GET /admin/audit.csv', path: () => '/admin/audit.csv', allowed: ADMIN },
  { name: 'GET /admin/audit.json', path: () => '/admin/audit.json', allowed: ADMIN },
  { name: 'GET /partner', path: () => '/partner', allowed: ['partner'] },
  {
    name: 'GET /partner/organisations/:orgId',
    path: () => `/partner/organisations/${orgA}`,
    allowed: ['partner'],
  },
  { name: 'GET /reviewer', path: () => '/reviewer', allowed: ['reviewer', 'staff', 'admin'] },
  {
    name: 'POST /admin/users/invite',
    path: () => '/admin/users/invite',
    allowed: STAFF,
    fields: () => ({ email: `matrix${(n += 1)}@example.org`, role: 'participant' }),
    missing: { fields: () => ({ role: 'participant' }), message: /Enter the email address/ },
  },
  {
    name: 'POST /admin/users/:userId/role',
    path: () => `/admin/users/${target.id}/role`,
    allowed: ADMIN,
    fields: () => ({ role: 'reviewer' }),
    missing: { fields: () => ({}), message: /Choose the new role/ },
  },
  {
    name: 'POST /admin/users/:userId/disable',
    path: () => `/admin/users/${target.id}/disable`,
    allowed: ADMIN,
    fields: () => ({}),
  },
  {
    name: 'POST /admin/users/:userId/enable',
    path: () => `/admin/users/${target.id}/enable`,
    allowed: ADMIN,
    fields: () => ({}),
  },
  {
    name: 'POST /admin/organisations',
    path: () => '/admin/organisations',
    allowed: ADMIN,
    fields: () => ({ name: 'Gamma' }),
    missing: { fields: () => ({ name: '  ' }), message: /Enter the organisation name/ },
  },
  {
    name: 'POST /admin/teams',
    path: () => '/admin/teams',
    allowed: ADMIN,
    fields: () => ({ name: 'Support' }),
    missing: { fields: () => ({}), message: /Enter the team name/ },
  },
  {
    name: 'POST /admin/api-keys',
    path: () => '/admin/api-keys',
    allowed: ADMIN,
    fields: () => ({ name: 'LMS', scopes: 'credentials:issue' }),
    missing: { fields: () => ({ scopes: 'credentials:issue' }), message: /Name the key/ },
  },
  {
    name: 'POST /admin/api-keys/:keyId/revoke',
    path: () => `/admin/api-keys/${keyId}/revoke`,
    allowed: ADMIN,
    fields: () => ({}),
  },
];

function send(route: PageRoute, who: { cookie: string; csrf: string }): Promise<Response> {
  return method(route) === 'GET'
    ? get(t, route.path(), who)
    : post(t, route.path(), who, route.fields?.() ?? {});
}

describe.each(routes.map((r) => [r.name, r] as const))('%s', (_name, route) => {
  it('without a session: GET redirects to the login page, POST is 401', async () => {
    const res = await send(route, noSession());
    if (method(route) === 'GET') {
      expect(res.status).toBe(303);
      expect(res.headers.get('location')).toBe(`/login?next=${encodeURIComponent(route.path())}`);
    } else {
      expect(res.status).toBe(401);
    }
  });

  it.each(ROLES.filter((r) => !route.allowed.includes(r)))('is 403 for a %s', async (role) => {
    const res = await send(route, as[role]);
    expect(res.status).toBe(403);
    expect(await res.text()).not.toMatch(/at .*\.ts:\d+/);
  });

  if (method(route) === 'GET') {
    it.each(route.allowed)('answers 200 to a %s', async (role) => {
      const res = await send(route, as[role]);
      expect(res.status).toBe(200);
      expect(res.headers.get('cache-control')).toBe('no-store');
    });
    return;
  }

  const admin = () => as[route.allowed[0]!];
  it('is 403 when the CSRF token is missing', async () => {
    expect((await post(t, route.path(), admin(), route.fields!(), { csrf: null })).status).toBe(403);
  });
  it('is 403 when the CSRF token is wrong', async () => {
    expect((await post(t, route.path(), admin(), route.fields!(), { csrf: 'd'.repeat(43) })).status).toBe(
      403,
    );
  });
  it('is 403 when the CSRF cookie is missing', async () => {
    const who = admin();
    const cookie = who.cookie.replace(/;?\s*csrf=[^;]*/, '');
    expect((await post(t, route.path(), { cookie, csrf: who.csrf }, route.fields!())).status).toBe(403);
  });
  it('is 415 for a body that is not a form', async () => {
    const who = admin();
    const res = await t.app.request(route.path(), {
      method: 'POST',
      headers: { cookie: who.cookie, 'x-csrf-token': who.csrf, 'content-type': 'application/json' },
      body: JSON.stringify(route.fields!()),
    });
    expect(res.status).toBe(415);
  });
  it('is 413 for an oversized body', async () => {
    const res = await post(t, route.path(), admin(), { ...route.fields!(), pad: 'x'.repeat(MAX_BODY + 100) });
    expect(res.status).toBe(413);
  });
  if (route.missing) {
    const missing = route.missing;
    it('is 400 with a message when a field is missing', async () => {
      const res = await post(t, route.path(), admin(), missing.fields());
      expect(res.status).toBe(400);
      const html = await res.text();
      expect(html).toMatch(missing.message);
      expect(html).toContain('class="notice error"');
    });
  }
});

describe("someone else's object", () => {
  it('a partner gets 404 for another organisation, and for an unknown one', async () => {
    expect((await get(t, `/partner/organisations/${orgB}`, as.partner)).status).toBe(404);
    expect((await get(t, '/partner/organisations/nope', as.partner)).status).toBe(404);
  });
  it('the console answers 404 for an unknown organisation', async () => {
    expect((await get(t, '/admin/organisations/nope', as.admin)).status).toBe(404);
  });
  it('the console answers 404 for an unknown user', async () => {
    expect((await get(t, '/admin/users/no-such-user', as.admin)).status).toBe(404);
  });
  it.each(['role', 'disable', 'enable'])('an admin gets 404 for %s on an unknown user', async (action) => {
    const res = await post(
      t,
      `/admin/users/no-such-user/${action}`,
      as.admin,
      action === 'role' ? { role: 'reviewer' } : {},
    );
    expect(res.status).toBe(404);
    expect(await res.text()).toContain('No user no-such-user');
  });
  it('an admin gets 404 revoking an unknown API key', async () => {
    expect((await post(t, '/admin/api-keys/no-such-key/revoke', as.admin)).status).toBe(404);
  });
});
