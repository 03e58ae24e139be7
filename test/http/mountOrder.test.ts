/**
 * The HTTP surface does not depend on the order of its mounts: createApp mounts each
 * sub-app of APP_ROUTES once under its prefix, and each brings its own middleware (session,
 * CSRF, roles, API keys, upload limits) on its own paths. So an app with the sub-apps
 * mounted in reverse serves the same routes and answers every request as the normal one:
 * each tabled route (test/fixtures/routeTables.ts) anonymously and, for the pages, as a
 * signed-in admin, plus the requests that once hung on the order (the number lookup beside
 * /credentials/:id, the certificate files beside the page middleware of /c/:id).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hono } from 'hono';
import { APP_ROUTES, createApp } from '../../src/app.js';
import type { AppEnv } from '../../src/http/env.js';
import type { CredentialRecord } from '../../src/storage/ports.js';
import { createTestApp, type TestApp } from '../fixtures/testDeps.js';
import { openBadgeRequest } from '../fixtures/credentials.js';
import { issueVia } from '../fixtures/http.js';
import { signIn } from '../fixtures/sessions.js';
import { ROUTE_TABLES, PAGE_TABLE, type AnyRoute } from '../fixtures/routeTables.js';
import { samplePath } from '../fixtures/routeCases.js';

let t: TestApp;
let reversed: Hono<AppEnv>;
let record: CredentialRecord;
let adminCookie: string;

beforeAll(async () => {
  t = await createTestApp();
  reversed = createApp(t.deps, [...APP_ROUTES].reverse());
  const { vc } = await issueVia(t, openBadgeRequest(), { public: true });
  record = (await t.deps.stores.credentials.get(vc.id))!;
  adminCookie = (await signIn(t, 'admin')).cookie;
});
afterAll(async () => {
  await t.close();
});

/** What must not change with the order: status, media type, a cookie set or not, where a redirect leads. */
async function shapeOf(res: Response): Promise<Record<string, unknown>> {
  await res.body?.cancel();
  return {
    status: res.status,
    type: res.headers.get('content-type')?.split(';')[0] ?? null,
    setsCookie: res.headers.has('set-cookie'),
    location: res.headers.get('location'),
  };
}

/** Sends one request to the normal app and to the reversed one; both answers' shapes. */
async function both(
  path: string,
  init: RequestInit = {},
): Promise<[Record<string, unknown>, Record<string, unknown>]> {
  const request = () => ({ ...init, headers: { 'x-request-id': 'mount-order', ...init.headers } });
  const normal = await shapeOf(await t.app.request(path, request()));
  const other = await shapeOf(await reversed.request(path, request()));
  return [normal, other];
}

/** A request for a route: its method and a sample path, with an empty JSON body when it takes one. */
function requestFor(route: AnyRoute, headers: Record<string, string> = {}): [string, RequestInit] {
  const init: RequestInit = { method: route.method, headers };
  if (route.method !== 'GET')
    return [
      samplePath(route.path),
      { ...init, headers: { ...headers, 'content-type': 'application/json' }, body: '{}' },
    ];
  return [samplePath(route.path), init];
}

describe('the sub-apps mounted in reverse', () => {
  it('mount every prefix once', () => {
    const prefixes = APP_ROUTES.map(([prefix]) => prefix).filter((prefix) => prefix !== '/');
    expect(new Set(prefixes).size).toBe(prefixes.length);
  });

  it('serve the same routes', () => {
    const keys = (app: Hono<AppEnv>) =>
      app.routes
        .filter((r) => r.method !== 'ALL')
        .map((r) => `${r.method} ${r.path}`)
        .sort();
    expect(keys(reversed)).toEqual(keys(t.app));
  });

  it('answer every tabled route alike, anonymously', async () => {
    for (const table of ROUTE_TABLES) {
      for (const route of table.routes) {
        const [path, init] = requestFor(route, { accept: 'application/json' });
        const [normal, other] = await both(path, init);
        expect(other, `${route.key} (${path})`).toEqual(normal);
      }
    }
  });

  it('answer every page alike, signed in as an admin', async () => {
    for (const route of PAGE_TABLE.routes.filter((r) => r.method === 'GET')) {
      const [path, init] = requestFor(route, { accept: 'text/html', cookie: adminCookie });
      const [normal, other] = await both(path, init);
      expect(other, `${route.key} (${path})`).toEqual(normal);
    }
  });

  it('answer the number lookup from the lookup, not from /credentials/:id', async () => {
    const query = new URLSearchParams({ number: record.certificateNumber, surname: 'Ngcobo-Müller' });
    const [normal, other] = await both(`/credentials/verify-number?${query}`, {
      headers: { accept: 'application/json' },
    });
    expect(normal).toMatchObject({ status: 200, type: 'application/json' });
    expect(other).toEqual(normal);
  });

  it('hold each upload route to its declared limit and every other route to the default', async () => {
    const body = 'x'.repeat(2 * 1024 * 1024);
    expect(body.length).toBeGreaterThan(t.deps.config.maxBodyBytes);
    expect(body.length).toBeLessThan(t.deps.config.maxUploadBytes);
    const send = (path: string) =>
      both(samplePath(path), { method: 'POST', headers: { 'content-type': 'image/png' }, body });
    for (const path of [
      '/credentials/verify',
      '/programs/batches/:id/import',
      '/admin/programmes/batches/:id/import',
      '/me/programmes/:batchId/submissions',
      '/partner/applications/:id/items/:itemId/documents',
    ]) {
      const [normal, other] = await send(path);
      expect(normal.status, path).not.toBe(413);
      expect(other, path).toEqual(normal);
    }
    for (const path of ['/credentials/issue', '/programs/batches/:id/enrolments', '/me/messages', '/login']) {
      const [normal, other] = await send(path);
      expect(normal.status, path).toBe(413);
      expect(other, path).toEqual(normal);
    }
  });

  it('serve a certificate page with the page middleware and its files without it', async () => {
    const page = await both(`/c/${record.id}`, { headers: { accept: 'text/html' } });
    expect(page[0]).toMatchObject({ status: 200, type: 'text/html', setsCookie: true });
    expect(page[1]).toEqual(page[0]);
    const file = await both(`/c/${record.id}/certificate.svg`);
    expect(file[0]).toMatchObject({ status: 200, setsCookie: false });
    expect(file[1]).toEqual(file[0]);
    const link = await both(`/v/${record.verificationToken}/credential.json`);
    expect(link[0]).toMatchObject({ status: 200, setsCookie: false });
    expect(link[1]).toEqual(link[0]);
  });
});
