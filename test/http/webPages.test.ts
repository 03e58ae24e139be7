/** The public /verify page: served with a strict CSP, scripts external, assets listed only. */
import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../fixtures/testDeps.js';

let t: TestApp;
afterEach(async () => t?.close());

describe('web pages', () => {
  it('serves /verify as HTML under a CSP without unsafe-inline and no inline script', async () => {
    t = await createTestApp();
    const response = await t.app.request('/verify');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/text\/html/);
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toMatch(/default-src 'self'/);
    expect(csp).toMatch(/frame-ancestors 'none'/);
    expect(csp).not.toMatch(/unsafe-inline/);
    // no-referrer would make Chromium send `Origin: null` on form posts, which CSRF refuses.
    expect(response.headers.get('referrer-policy')).toBe('same-origin');
    const html = await response.text();
    expect(html).toMatch(/<label for="credential">/);
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
  });

  it('serves the listed assets with their types and nothing else', async () => {
    t = await createTestApp();
    const script = await t.app.request('/assets/verify.js');
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toMatch(/javascript/);
    expect(await script.text()).toMatch(/\/credentials\/verify/);
    for (const path of [
      '/assets/..%2F..%2Fkeys%2Fissuer-keys.json',
      '/assets/verify.html',
      '/assets/missing.css',
    ]) {
      const response = await t.app.request(path);
      expect(response.status, path).toBe(404);
      expect(response.headers.get('content-type')).toBe('application/problem+json');
    }
  });
});
