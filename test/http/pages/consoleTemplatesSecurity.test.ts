/**
 * The security cases on every /admin/templates route (DESIGN rule 9): no session (GET goes
 * to the login page and comes back, POST is 401), participant/partner/reviewer 403, staff
 * and admin through; on every POST: CSRF missing or wrong or its cookie missing 403 (as a
 * multipart form, the way the page sends it), a JSON body 415, an oversized body 413,
 * and a bad design 400 naming the field.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../fixtures/testDeps.js';
import { createUser, signIn, type SignedIn } from '../../fixtures/sessions.js';
import { ROLES, type Role } from '../../../src/storage/ports.js';
import { noSession } from './consoleFixtures.js';
import { createTemplateAs, designForm, postMultipart, previewQuery } from './consoleTemplateFixtures.js';

const MAX_BODY = 16 * 1024;
let t: TestApp;
const as = {} as Record<Role, SignedIn>;
let templateId: string;

beforeAll(async () => {
  t = await createTestApp({ env: { MAX_BODY_BYTES: String(MAX_BODY) } });
  await t.deps.stores.directory.createOrganisation({
    id: 'org-a',
    name: 'Alpha',
    createdAt: t.deps.now().toISOString(),
  });
  for (const role of ROLES)
    as[role] = await signIn(
      t,
      role,
      role === 'partner' ? await createUser(t, 'partner', { organisationId: 'org-a' }) : undefined,
    );
  templateId = await createTemplateAs(t, as.admin, 'Matrix template');
});
afterAll(async () => {
  await t.close();
});

interface TemplateRoute {
  name: string;
  path: () => string;
  /** What a staff member gets: a page or a picture. */
  kind: 'page' | 'png' | 'post';
  fields?: () => Record<string, string>;
  /** A bad design and the field the 400 must name. */
  bad?: { fields: () => Record<string, string>; message: RegExp };
}

const STAFF: Role[] = ['staff', 'admin'];
let n = 0;
const routes: TemplateRoute[] = [
  { name: 'GET /admin/templates', path: () => '/admin/templates', kind: 'page' },
  { name: 'GET /admin/templates/new', path: () => '/admin/templates/new', kind: 'page' },
  { name: 'GET /admin/templates/:id', path: () => `/admin/templates/${templateId}`, kind: 'page' },
  {
    name: 'GET /admin/templates/:id/versions/:version',
    path: () => `/admin/templates/${templateId}/versions/1`,
    kind: 'page',
  },
  {
    name: 'GET /admin/templates/:id/versions/:version/preview.png',
    path: () => `/admin/templates/${templateId}/versions/1/preview.png`,
    kind: 'png',
  },
  {
    name: 'GET /admin/templates/preview.png',
    path: () => `/admin/templates/preview.png?design=${previewQuery(designForm())}`,
    kind: 'png',
  },
  {
    name: 'POST /admin/templates',
    path: () => '/admin/templates',
    kind: 'post',
    fields: () => ({ name: `Matrix ${(n += 1)}`, ...designForm() }),
    bad: {
      fields: () => ({ name: 'Bad', ...designForm({ body: 'For {{studentName}}' }) }),
      message: /Body \(body\): unknown placeholder \{\{studentName\}\}/,
    },
  },
  {
    name: 'POST /admin/templates/:id',
    path: () => `/admin/templates/${templateId}`,
    kind: 'post',
    fields: () => designForm({ title: `Edited ${(n += 1)}` }),
    bad: {
      fields: () => designForm({}, { colour_accent: 'orange' }),
      message: /Accent colour \(colours.accent\)/,
    },
  },
  {
    name: 'POST /admin/templates/:id/versions/:version/lock',
    path: () => `/admin/templates/${templateId}/versions/1/lock`,
    kind: 'post',
    fields: () => ({}),
  },
];

const pathOnly = (path: string) => path.split('?')[0]!;

function send(route: TemplateRoute, who: { cookie: string; csrf: string }): Promise<Response> {
  if (route.kind === 'post') return postMultipart(t, route.path(), who, route.fields!());
  return Promise.resolve(
    t.app.request(route.path(), {
      headers: { cookie: who.cookie, accept: route.kind === 'png' ? 'image/png' : 'text/html' },
    }),
  );
}

describe.each(routes.map((r) => [r.name, r] as const))('%s', (_name, route) => {
  it('without a session: GET redirects to the login page, POST is 401', async () => {
    const res = await send(route, noSession());
    if (route.kind === 'post') {
      expect(res.status).toBe(401);
    } else {
      expect(res.status).toBe(303);
      expect(res.headers.get('location')).toBe(`/login?next=${encodeURIComponent(pathOnly(route.path()))}`);
    }
  });

  it.each(ROLES.filter((r) => !STAFF.includes(r)))('is 403 for a %s', async (role) => {
    const res = await send(route, as[role]);
    expect(res.status).toBe(403);
    expect(await res.text()).not.toMatch(/at .*\.ts:\d+/);
  });

  if (route.kind !== 'post') {
    it.each(STAFF)('answers 200 to a %s, never cached', async (role) => {
      const res = await send(route, as[role]);
      expect(res.status).toBe(200);
      expect(res.headers.get('cache-control')).toBe('no-store');
      expect(res.headers.get('content-type')).toMatch(route.kind === 'png' ? /^image\/png$/ : /^text\/html/);
    });
    return;
  }

  it.each(STAFF)('lets a %s through', async (role) => {
    expect((await send(route, as[role])).status).toBe(303);
  });
  it('is 403 when the CSRF token is missing', async () => {
    expect((await postMultipart(t, route.path(), as.staff, route.fields!(), {}, { csrf: null })).status).toBe(
      403,
    );
  });
  it('is 403 when the CSRF token is wrong', async () => {
    expect(
      (await postMultipart(t, route.path(), as.staff, route.fields!(), {}, { csrf: 'd'.repeat(43) })).status,
    ).toBe(403);
  });
  it('is 403 when the CSRF cookie is missing', async () => {
    const cookie = as.staff.cookie.replace(/;?\s*csrf=[^;]*/, '');
    expect(
      (await postMultipart(t, route.path(), { cookie, csrf: as.staff.csrf }, route.fields!())).status,
    ).toBe(403);
  });
  it('is 415 for a body that is not a form', async () => {
    const res = await t.app.request(route.path(), {
      method: 'POST',
      headers: { cookie: as.staff.cookie, 'x-csrf-token': as.staff.csrf, 'content-type': 'application/json' },
      body: JSON.stringify(route.fields!()),
    });
    expect(res.status).toBe(415);
  });
  it('is 413 for an oversized body', async () => {
    const res = await postMultipart(t, route.path(), as.staff, route.fields!(), {
      logo: { bytes: new Uint8Array(MAX_BODY + 100), name: 'logo.png', type: 'image/png' },
    });
    expect(res.status).toBe(413);
  });
  if (route.bad) {
    const bad = route.bad;
    it('is 400 naming the field for a bad design', async () => {
      const res = await postMultipart(t, route.path(), as.staff, bad.fields());
      expect(res.status).toBe(400);
      const html = await res.text();
      expect(html).toContain('class="notice error"');
      expect(html).toMatch(bad.message);
    });
  }
});

describe('the live preview parameter', () => {
  it('is 413 when oversized and 400 naming the field when the design is bad', async () => {
    const headers = { cookie: as.staff.cookie, accept: 'application/problem+json' };
    const oversized = await t.app.request(`/admin/templates/preview.png?design=${'A'.repeat(9000)}`, {
      headers,
    });
    expect(oversized.status).toBe(413);
    const bad = await t.app.request(
      `/admin/templates/preview.png?design=${previewQuery(designForm({}, { colour_background: 'white' }))}`,
      { headers },
    );
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { detail: string }).detail).toMatch(
      /Background colour \(colours.background\)/,
    );
  });
});
