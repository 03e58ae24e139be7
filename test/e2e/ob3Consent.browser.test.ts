/**
 * The OB 3.0 API's consent screen in real Chromium (issue 20), on a desktop and a phone: an
 * app registers and sends the person to authorize; they log in, see the app named and each
 * scope in words with its logo (fetched from the app's site when it registered, served from
 * ours), click Allow, and the browser lands on the app's redirect URI with a code and its
 * state. Then /me/connected-apps lists the app and withdraws it, and the console lists
 * registered apps for admins, with their logos or why not, each column on screen on a phone. Every page is labelled, never scrolls sideways, and
 * shows no script, CSP or request errors; screenshots go to test-artifacts/screenshots/.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { hasChromium, launchBrowser, saveScreenshot } from '../fixtures/browser.js';
import { startLiveServer, type LiveServer } from '../fixtures/liveServer.js';
import { createUser, TEST_PASSWORD } from '../fixtures/sessions.js';
import {
  expectAccessiblePage,
  expectNoHorizontalScroll,
  openWatchedPage,
  submitLogin,
  type ViewportName,
} from '../fixtures/watchedPage.js';
import { authorizeUrl, pkce, register, tokenRequest } from '../fixtures/ob3Client.js';
import { solidPng } from '../fixtures/badges.js';
import { LOGO_ORIGIN, startLogoSite, type LogoSite } from '../fixtures/logoSite.js';
import type { Page } from 'playwright-core';

const available = hasChromium();
if (!available) console.log('ob3Consent.browser.test: skipped, /usr/bin/chromium is missing');

describe.skipIf(!available)('the OB 3.0 consent screen in Chromium', () => {
  let live: LiveServer;
  let browser: Browser;
  let site: LogoSite;

  beforeAll(async () => {
    site = await startLogoSite();
    site.routes.set('/logo.png', { body: solidPng(96, [0x0f, 0x76, 0x6e]) });
    [live, browser] = await Promise.all([startLiveServer({ fetchLogo: site.fetchLogo }), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await live?.close();
    await site?.close();
  });

  /** Registers an app with a logo and waits for the check its registration started. */
  async function registerApp(base: string, fields: Record<string, unknown>) {
    const client = await register(base, { logo_uri: `${LOGO_ORIGIN}/logo.png`, ...fields });
    await live.testApp.deps.ob3.logos.ensure(
      client.client_id,
      String(fields.logo_uri ?? `${LOGO_ORIGIN}/logo.png`),
    );
    return client;
  }

  /** Whether the image named `alt` is on the page and drawn (loaded from our origin). */
  const logoDrawn = (page: Page, alt: string) =>
    page
      .getByAltText(alt, { exact: true })
      .evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0);

  it.each<ViewportName>(['desktop', 'phone'])(
    'a participant allows an app, then withdraws it from Connected apps (%s)',
    async (viewport) => {
      const base = live.baseUrl;
      const callback = `${base}/backpack-callback`;
      const client = await registerApp(base, {
        client_name: `Open Backpack ${viewport}`,
        redirect_uris: [callback],
      });
      const person = await createUser(live.testApp, 'participant');
      const { verifier, challenge } = pkce();
      const { context, page, problems } = await openWatchedPage(browser, viewport);
      await page.goto(
        authorizeUrl(base, client, { state: `st-${viewport}`, challenge, redirectUri: callback }),
      );
      expect(new URL(page.url()).pathname).toBe('/login');
      await submitLogin(page, person.email, TEST_PASSWORD);
      expect(new URL(page.url()).pathname).toMatch(/^\/me\/connected-apps\/consent\//);
      expect(await page.locator('h1').textContent()).toBe(
        `Allow Open Backpack ${viewport} to use your account?`,
      );
      const scopes = await page.locator('ul.scope-list li').allTextContents();
      expect(scopes).toHaveLength(4);
      expect(scopes).toContain('See your profile: your name and email address');
      expect(await logoDrawn(page, `Open Backpack ${viewport} logo`)).toBe(true);
      await expectAccessiblePage(page);
      await expectNoHorizontalScroll(page);
      await saveScreenshot(page, `ob3-consent-${viewport}`);

      await Promise.all([
        page.waitForURL((url) => url.pathname === '/backpack-callback'),
        page.getByRole('button', { name: 'Allow', exact: true }).click(),
      ]);
      const back = new URL(page.url());
      expect(back.searchParams.get('state')).toBe(`st-${viewport}`);
      const token = await tokenRequest(base, client, {
        grant_type: 'authorization_code',
        code: back.searchParams.get('code')!,
        redirect_uri: callback,
        code_verifier: verifier,
      });
      expect(token.status).toBe(200);

      await page.goto(`${base}/me/connected-apps`);
      expect(await page.locator('h1').textContent()).toBe('Connected apps');
      expect(await page.getByRole('heading', { name: `Open Backpack ${viewport}` }).count()).toBe(1);
      await expectAccessiblePage(page);
      await expectNoHorizontalScroll(page);
      await saveScreenshot(page, `ob3-connected-apps-${viewport}`);
      await Promise.all([
        page.waitForEvent('load'),
        page.getByRole('button', { name: `Withdraw Open Backpack ${viewport}'s access` }).click(),
      ]);
      expect(await page.getByRole('status').textContent()).toContain('withdrawn');
      expect(await page.locator('.empty').textContent()).toBe('You have not connected any app.');
      // The app's callback is not ours: this server answers it 404 (a route cannot answer
      // the end of a redirect chain), which is the one request error allowed here.
      expect(problems).toEqual(['404 GET /backpack-callback']);
      await context.close();
    },
  );

  it.each<ViewportName>(['desktop', 'phone'])(
    'an admin sees the registered apps and disables one (%s)',
    async (viewport) => {
      const base = live.baseUrl;
      await registerApp(base, { client_name: `Listed Backpack ${viewport}` });
      await registerApp(base, {
        client_name: `Refused Logo ${viewport}`,
        logo_uri: 'https://10.0.0.9/logo.png',
      });
      const admin = await createUser(live.testApp, 'admin');
      const { context, page, problems } = await openWatchedPage(browser, viewport);
      await page.goto(`${base}/login?next=/admin/api-clients`);
      await submitLogin(page, admin.email, TEST_PASSWORD);
      expect(await page.locator('h1').textContent()).toBe('Connected apps (Open Badges API)');
      expect(await logoDrawn(page, `Listed Backpack ${viewport} logo`)).toBe(true);
      const refused = page.getByRole('row', { name: new RegExp(`Refused Logo ${viewport}`) });
      expect(await refused.textContent()).toContain('private, loopback or link-local address');
      await expectAccessiblePage(page);
      await expectNoHorizontalScroll(page);
      // The table does not scroll inside its box either, and each client id is whole within it.
      const wrap = page.locator('.table-wrap');
      expect(await wrap.evaluate((el) => el.scrollWidth - el.clientWidth)).toBeLessThanOrEqual(1);
      const box = (await wrap.boundingBox())!;
      for (const id of await page.locator('.client-id').all()) {
        const idBox = (await id.boundingBox())!;
        expect(idBox.x + idBox.width).toBeLessThanOrEqual(box.x + box.width);
      }
      await Promise.all([
        page.waitForEvent('load'),
        page.getByRole('button', { name: `Disable Listed Backpack ${viewport}` }).click(),
      ]);
      expect(await page.getByRole('button', { name: `Enable Listed Backpack ${viewport}` }).count()).toBe(1);
      await saveScreenshot(page, `ob3-console-apps-${viewport}`);
      expect(problems).toEqual([]);
      await context.close();
    },
  );
});
