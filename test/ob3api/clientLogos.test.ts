/**
 * Issue 20, part 1: an OB 3.0 app's logo on the consent screen and in the console. The
 * server fetches the logo the app names at registration, once, through the safe fetcher
 * (a live local site stands in for the app's), checks its bytes like a badge image, stores
 * it and serves it from our origin; the page shows it with alt text. Hostile logos (huge,
 * not an image, an SVG with a script, a private or plain-http address, too slow, missing)
 * are refused: the page shows the app's initial and the console says why.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listRegisteredApps } from '../../src/ob3api/connectedApps.js';
import { startLiveServer, type LiveServer } from '../fixtures/liveServer.js';
import { LOGO_ORIGIN, startLogoSite, type LogoSite } from '../fixtures/logoSite.js';
import { SAFE_SVG } from '../fixtures/badges.js';
import { tinyPng } from '../fixtures/badgeImages.js';
import {
  authorizeUrl,
  CookieJar,
  pkce,
  register,
  step,
  type RegisteredClient,
} from '../fixtures/ob3Client.js';
import { signIn, type SignedIn } from '../fixtures/sessions.js';

/** The site's fetches give up after this (the production deadline is FETCH_TIMEOUT_MS). */
const TIMEOUT_MS = 600;

let live: LiveServer;
let site: LogoSite;
let person: SignedIn;
let admin: SignedIn;

beforeAll(async () => {
  site = await startLogoSite(TIMEOUT_MS);
  live = await startLiveServer({ fetchLogo: site.fetchLogo });
  person = await signIn(live.testApp, 'participant');
  admin = await signIn(live.testApp, 'admin');
}, 60_000);
afterAll(async () => {
  await live?.close();
  await site?.close();
});

/** Registers an app with `logoUri` and waits for the check its registration started. */
async function registerWithLogo(name: string, logoUri: string | undefined): Promise<RegisteredClient> {
  const client = await register(live.baseUrl, { client_name: name, logo_uri: logoUri });
  await live.testApp.deps.ob3.logos.ensure(client.client_id, logoUri);
  return client;
}

/** The consent page's HTML for an authorization request of `client`. */
async function consentPage(client: RegisteredClient): Promise<string> {
  const jar = new CookieJar(person.cookie);
  const { challenge } = pkce();
  const start = await step(jar, authorizeUrl(live.baseUrl, client, { state: 's', challenge }));
  expect(start.status).toBe(303);
  const page = await step(jar, new URL(start.headers.get('location')!, live.baseUrl).href);
  const html = await page.text();
  expect(page.status, html.slice(0, 300)).toBe(200);
  return html;
}

/** What the console says about a client's logo. */
async function consoleEntry(clientId: string) {
  const apps = await listRegisteredApps(live.testApp.deps.ob3, {
    id: admin.user.id,
    label: 'admin',
    role: 'admin',
  });
  return apps.find((a) => a.clientId === clientId)!;
}

const IMG = /<img class="app-logo" src="([^"]+)" alt="([^"]+)"/;

describe("an OB 3.0 app's logo", () => {
  it('is fetched once, checked, stored and served from our origin; the consent page shows it with alt text', async () => {
    const png = tinyPng();
    site.routes.set('/good.png', { body: png });
    const client = await registerWithLogo('Pictured Backpack', `${LOGO_ORIGIN}/good.png`);
    const html = await consentPage(client);
    const [, src, alt] = IMG.exec(html) ?? [];
    expect(alt).toBe('Pictured Backpack logo');
    expect(src).toMatch(
      new RegExp(`^/ims/ob/v3p0/client-logos/${encodeURIComponent(client.client_id)}\\?v=[0-9a-f]{16}$`),
    );
    const served = await fetch(`${live.baseUrl}${src!.replace(/&amp;/g, '&')}`);
    expect(served.status).toBe(200);
    expect(served.headers.get('content-type')).toBe('image/png');
    // Sandboxed like badge images: nothing in the file runs or loads.
    expect(served.headers.get('content-security-policy')).toContain('sandbox');
    expect(new Uint8Array(await served.arrayBuffer())).toEqual(png);
    // The registration's check, the test's wait and the consent page: one fetch.
    expect(site.requested.filter((p) => p === '/good.png')).toHaveLength(1);
    const listed = await consoleEntry(client.client_id);
    expect(listed.logoSrc).toBe(src!.replace(/&amp;/g, '&'));
    expect(listed.logoProblem).toBeUndefined();
  });

  it('accepts a safe SVG', async () => {
    site.routes.set('/mark.svg', { body: SAFE_SVG, contentType: 'image/svg+xml' });
    const svg = await registerWithLogo('Vector Backpack', `${LOGO_ORIGIN}/mark.svg`);
    expect(IMG.exec(await consentPage(svg))?.[2]).toBe('Vector Backpack logo');
    const svgLogo = await fetch(`${live.baseUrl}/ims/ob/v3p0/client-logos/${svg.client_id}`);
    expect(svgLogo.headers.get('content-type')).toBe('image/svg+xml');
    expect(await svgLogo.text()).toBe(SAFE_SVG);
  });

  const hostile: [string, () => string, RegExp][] = [
    [
      'larger than 256 KB (the fetch stops at the cap)',
      () => {
        site.routes.set('/huge.png', { body: new Uint8Array(300 * 1024).fill(7) });
        return `${LOGO_ORIGIN}/huge.png`;
      },
      /The app's logo is larger than 256 KB/,
    ],
    [
      'not a PNG, JPEG or SVG (a GIF sent as image/png)',
      () => {
        site.routes.set('/logo.gif', { body: Buffer.from('GIF89a\x01\x00\x01\x00\x00\x00\x00;', 'latin1') });
        return `${LOGO_ORIGIN}/logo.gif`;
      },
      /The app's logo is not a PNG, SVG or JPEG file/,
    ],
    [
      'an SVG with a script',
      () => {
        site.routes.set('/evil.svg', {
          body: '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(document.cookie)</script></svg>',
          contentType: 'image/svg+xml',
        });
        return `${LOGO_ORIGIN}/evil.svg`;
      },
      /The app's logo was refused: it has a <script> element/,
    ],
    [
      'at a private address',
      () => 'https://10.0.0.7/logo.png',
      /private, loopback or link-local address, so it was not fetched/,
    ],
    ['on localhost', () => 'https://localhost/logo.png', /private, loopback or link-local address/],
    ['over plain http', () => 'http://backpack.example/logo.png', /not at an https address/],
    [
      'slower than the deadline',
      () => {
        site.routes.set('/slow.png', { body: tinyPng(), delayMs: TIMEOUT_MS * 3 });
        return `${LOGO_ORIGIN}/slow.png`;
      },
      /The app's logo did not arrive in time/,
    ],
    ['missing (404)', () => `${LOGO_ORIGIN}/gone.png`, /could not be fetched \(HTTP 404\)/],
  ];

  it.each(hostile)(
    'is refused when %s: the initial is shown and the console says why',
    async (what, logoOf, why) => {
      const name = `Hostile ${what.slice(0, 20)}`;
      const started = Date.now();
      const client = await registerWithLogo(name, logoOf());
      // Every refusal is bounded by the fetch deadline, the slow site included.
      expect(Date.now() - started).toBeLessThan(TIMEOUT_MS * 2 + 1_000);
      const html = await consentPage(client);
      expect(html).not.toContain('<img class="app-logo"');
      expect(html).toContain(`<span class="app-logo" aria-hidden="true">H</span>`);
      const listed = await consoleEntry(client.client_id);
      expect(listed.logoSrc).toBeUndefined();
      expect(listed.logoProblem).toMatch(why);
      const page = await fetch(`${live.baseUrl}/admin/api-clients`, { headers: { cookie: admin.cookie } });
      const console = await page.text();
      expect(console).toContain(
        listed.logoProblem!.replace(/'/g, '&#39;').replace(/</g, '&lt;').replace(/>/g, '&gt;'),
      );
      const served = await fetch(`${live.baseUrl}/ims/ob/v3p0/client-logos/${client.client_id}`);
      expect(served.status).toBe(404);
    },
  );

  it('tries a logo that could not be reached again an hour later, not one refused for its bytes', async () => {
    const client = await registerWithLogo('Late Backpack', `${LOGO_ORIGIN}/late.png`);
    expect((await consoleEntry(client.client_id)).logoProblem).toMatch(/HTTP 404/);
    site.routes.set('/late.png', { body: tinyPng() });
    await consentPage(client);
    expect((await consoleEntry(client.client_id)).logoSrc).toBeUndefined();
    const { clock } = live.testApp;
    clock.now = new Date(clock.now.getTime() + 61 * 60_000);
    try {
      expect(IMG.exec(await consentPage(client))?.[2]).toBe('Late Backpack logo');
    } finally {
      clock.now = new Date();
    }
  });

  it('shows the initial, and the console "None given", for an app that names no logo', async () => {
    const client = await registerWithLogo('Plain Backpack', undefined);
    expect(await consentPage(client)).toContain('<span class="app-logo" aria-hidden="true">P</span>');
    const listed = await consoleEntry(client.client_id);
    expect(listed.logoSrc ?? listed.logoProblem).toBeUndefined();
    const page = await (
      await fetch(`${live.baseUrl}/admin/api-clients`, { headers: { cookie: admin.cookie } })
    ).text();
    expect(page).toContain('None given');
  });
});
