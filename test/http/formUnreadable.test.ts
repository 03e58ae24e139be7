/**
 * A form body that cannot be read (a multipart body with a bad or missing boundary, or
 * bytes that are not multipart at all) is a 400 `form_unreadable` on every form route,
 * answered before the CSRF token check and the handler, never a 500 or a misleading 403.
 * The JSON API routes keep answering 415 to a form body.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../fixtures/testDeps.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

/** Every POST/PUT/PATCH/DELETE route the app registers, with placeholders for its parameters. */
function unsafeRoutes(): string[] {
  const paths = new Set<string>();
  for (const route of t.app.routes) {
    if (!['POST', 'PUT', 'PATCH', 'DELETE'].includes(route.method) || route.path.includes('*')) continue;
    paths.add(`${route.method} ${route.path.replace(/:(\w+)(\{[^}]*\})?/g, 'x')}`);
  }
  return [...paths];
}

const BROKEN_BODIES: Array<[string, string, string]> = [
  [
    'a multipart body without a boundary',
    'multipart/form-data',
    '--x\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n--x--',
  ],
  [
    'a multipart body whose boundary does not match',
    'multipart/form-data; boundary=abc',
    '--x\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n--x--',
  ],
  ['a multipart body that is not multipart at all', 'multipart/form-data; boundary=abc', '{"not": "a form"}'],
];

it('the app has form routes to check (the list comes from app.routes)', () => {
  expect(unsafeRoutes().length).toBeGreaterThan(50);
  expect(unsafeRoutes()).toContain('POST /login');
});

for (const [name, type, body] of BROKEN_BODIES) {
  it(`${name} is 400 form_unreadable on every form route, /login included, and never a 5xx anywhere`, async () => {
    const failures: string[] = [];
    let forms = 0;
    for (const route of unsafeRoutes()) {
      const [method, path] = route.split(' ') as [string, string];
      const res = await t.app.request(path, {
        method,
        headers: { 'content-type': type, origin: 'http://localhost:3000', accept: 'application/json' },
        body,
      });
      const text = await res.text();
      if (res.status === 400 && text.includes('"form_unreadable"')) forms += 1;
      // Other routes refuse for their own reason first (an API key, a JSON body, an OAuth
      // token), but never with a server error and never as a forged form.
      else if (res.status >= 500 || res.status === 403)
        failures.push(`${route}: ${res.status} ${text.slice(0, 120)}`);
    }
    expect(failures).toEqual([]);
    // The pages' form routes (the console, portals, sign-in) are most of the app.
    expect(forms).toBeGreaterThan(50);
  });
}

it('/login answers form_unreadable to a broken body even when the CSRF token comes in a header', async () => {
  const res = await t.app.request('/login', {
    method: 'POST',
    headers: {
      'content-type': 'multipart/form-data; boundary=abc',
      'x-csrf-token': 'a'.repeat(43),
      accept: 'application/json',
    },
    body: 'garbage',
  });
  expect(res.status).toBe(400);
  expect(((await res.json()) as { code: string }).code).toBe('form_unreadable');
});

it('a browser gets the same answer as a page saying the form could not be read', async () => {
  const res = await t.app.request('/login', {
    method: 'POST',
    headers: { 'content-type': 'multipart/form-data', accept: 'text/html' },
    body: 'garbage',
  });
  expect(res.status).toBe(400);
  expect(await res.text()).toContain('The form could not be read');
});

it('a well-formed form still reaches CSRF (403 without a token), so the check is not a blanket refusal', async () => {
  const form = new FormData();
  form.set('email', 'someone@example.org');
  form.set('password', 'whatever-it-is');
  const res = await t.app.request('/login', {
    method: 'POST',
    body: form,
    headers: { accept: 'application/json' },
  });
  expect(res.status).toBe(403);
  expect(await res.text()).toContain('forbidden');
});
