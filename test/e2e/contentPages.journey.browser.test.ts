/**
 * The site pages in real Chromium against the app over HTTP, at 1280x800 and 390x844: an
 * admin opens the help page from the console's site pages, rewrites it, previews and
 * publishes it; a visitor then reads the new text on /help, follows /faq to its FAQ section
 * and the footer to the privacy notice; the visitor mistypes an address and gets the 404
 * in words, whose links lead home. Every page is labelled, never scrolls sideways, and
 * shows no script, CSP or request errors (the icon included).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { hasChromium, launchBrowser, saveScreenshot } from '../fixtures/browser.js';
import { startLiveServer, type LiveServer } from '../fixtures/liveServer.js';
import { createUser, TEST_PASSWORD } from '../fixtures/sessions.js';
import {
  contextOptions,
  expectAccessiblePage,
  expectNoHorizontalScroll,
  submitLogin,
  watch,
  type ViewportName,
  type WatchedPage,
} from '../fixtures/watchedPage.js';

const available = hasChromium();
if (!available)
  console.log(
    'contentPages.journey.browser.test: skipped, /usr/bin/chromium is missing (npm test installs it as root: scripts/ensureChromium.mjs)',
  );

/** The sizes this journey is checked at. */
const SIZES: Record<ViewportName, { width: number; height: number }> = {
  desktop: { width: 1280, height: 800 },
  phone: { width: 390, height: 844 },
};

async function open(
  browser: Browser,
  viewport: ViewportName,
): Promise<WatchedPage & { context: BrowserContext }> {
  const context = await browser.newContext({ ...contextOptions(viewport), viewport: SIZES[viewport] });
  return watch(context, await context.newPage());
}

/** Follows a link or button that loads a new page. */
async function go(page: Page, click: () => Promise<void>): Promise<void> {
  await Promise.all([page.waitForEvent('load'), click()]);
}

/** The checks every page of the journey passes, then its screenshot. */
async function checkPage(page: Page, shot: string): Promise<void> {
  await expectAccessiblePage(page);
  await expectNoHorizontalScroll(page);
  const footer = page.getByRole('contentinfo').getByRole('navigation', { name: 'About this site' });
  expect(await footer.getByRole('link').allTextContents()).toEqual([
    'Privacy notice',
    'Terms of use',
    'Help and FAQ',
  ]);
  await saveScreenshot(page, shot);
}

describe.skipIf(!available)('the site pages in Chromium', () => {
  let live: LiveServer;
  let browser: Browser;

  beforeAll(async () => {
    [live, browser] = await Promise.all([
      startLiveServer({ env: { ISSUER_NAME: 'Umthombo Skills Academy' } }),
      launchBrowser(),
    ]);
  });
  afterAll(async () => {
    await browser?.close();
    await live?.close();
  });

  it.each<ViewportName>(['desktop', 'phone'])(
    'an admin publishes the help page and a visitor reads it; a bad address gets the 404 in words (%s)',
    async (viewport) => {
      const { width, height } = SIZES[viewport];
      const size = `${width}x${height}`;

      // The admin edits the help page in the console.
      const admin = await createUser(live.testApp, 'admin');
      const staff = await open(browser, viewport);
      await staff.page.goto(`${live.baseUrl}/login?next=/admin/content`);
      await submitLogin(staff.page, admin.email, TEST_PASSWORD);
      expect(new URL(staff.page.url()).pathname).toBe('/admin/content');
      expect(await staff.page.locator('h1').textContent()).toBe('Site pages');
      await checkPage(staff.page, `content-${size}-admin-list`);

      await go(staff.page, () =>
        staff.page.getByRole('link', { name: 'Edit Help and FAQ', exact: true }).click(),
      );
      expect(await staff.page.locator('h1').textContent()).toBe('Edit: Help and FAQ');
      const text = staff.page.getByLabel('Text (Markdown)');
      expect(await text.inputValue()).toContain('# Frequently asked questions {#faq}');
      await checkPage(staff.page, `content-${size}-admin-editor`);

      const headline = `Help desk open weekdays (${viewport})`;
      await text.fill(
        `# ${headline} {#desk}\n\nCall **{{organisationName}}** or [verify a certificate](/verify).\n\n<script>alert("x")</script>\n\n# Frequently asked questions {#faq}\n\n## Where is my certificate?\n\nOn [My certificates](/me).`,
      );
      await go(staff.page, () => staff.page.getByRole('button', { name: 'Preview' }).click());
      const preview = staff.page.getByRole('region', { name: 'Rendered page' });
      expect(await preview.getByRole('heading', { level: 2 }).first().textContent()).toBe(headline);
      expect(await preview.textContent()).toContain('<script>alert("x")</script>');
      expect(await preview.locator('strong').textContent()).toBe('Umthombo Skills Academy');

      const publishButton = staff.page.getByRole('button', { name: /^Publish as version \d+$/ });
      const next = Number((await publishButton.textContent())!.match(/\d+$/)![0]);
      await go(staff.page, () => publishButton.click());
      expect(await staff.page.getByRole('status').textContent()).toBe(
        `Published as version ${next}: the public page shows it now.`,
      );
      expect(
        await staff.page
          .getByRole('row')
          .filter({ hasText: `v${next} (shown now)` })
          .textContent(),
      ).toContain(admin.name);
      await checkPage(staff.page, `content-${size}-admin-published`);
      expect(staff.problems).toEqual([]);
      await staff.context.close();

      // A visitor reads it.
      const visitor = await open(browser, viewport);
      const { page } = visitor;
      await page.goto(`${live.baseUrl}/`);
      await go(page, () => page.getByRole('contentinfo').getByRole('link', { name: 'Help and FAQ' }).click());
      expect(new URL(page.url()).pathname).toBe('/help');
      expect(await page.getByRole('heading', { level: 2 }).first().textContent()).toBe(headline);
      expect(await page.locator('main').textContent()).toContain('<script>alert("x")</script>');
      expect(
        await page.getByRole('main').getByRole('link', { name: 'verify a certificate' }).getAttribute('href'),
      ).toBe('/verify');
      await checkPage(page, `content-${size}-visitor-help`);

      await page.goto(`${live.baseUrl}/faq`);
      expect(new URL(page.url()).pathname + new URL(page.url()).hash).toBe('/help#faq');
      expect(await page.locator('#faq').textContent()).toBe('Frequently asked questions');

      await go(page, () =>
        page.getByRole('contentinfo').getByRole('link', { name: 'Privacy notice' }).click(),
      );
      expect(await page.locator('h1').textContent()).toBe('Privacy notice');
      expect(await page.getByRole('main').textContent()).toContain('Umthombo Skills Academy runs this site');
      await checkPage(page, `content-${size}-visitor-privacy`);

      // Sign-up links its words to the texts, opening beside the form.
      await page.goto(`${live.baseUrl}/signup`);
      for (const [name, href] of [
        ['terms of use', '/terms'],
        ['privacy notice', '/privacy'],
      ]) {
        const link = page.getByRole('main').getByRole('link', { name, exact: true });
        expect([
          await link.getAttribute('href'),
          await link.getAttribute('target'),
          await link.getAttribute('aria-describedby'),
        ]).toEqual([href, '_blank', 'new-tab-note']);
      }
      expect(await page.getByLabel('I accept the terms of use and the privacy notice').isChecked()).toBe(
        false,
      );
      expect(await page.locator('#new-tab-note').textContent()).toBe('Opens in a new tab');
      await checkPage(page, `content-${size}-visitor-signup`);

      // A mistyped address: the 404 in words, with ways out.
      visitor.allowOnce(404, 'GET', '/certificats/SP-2026-000123');
      await page.goto(`${live.baseUrl}/certificats/SP-2026-000123`);
      expect(await page.locator('h1').textContent()).toBe("We can't find that page");
      expect(await page.getByRole('main').textContent()).not.toContain('certificats');
      const ways = page.getByRole('main').getByRole('listitem').getByRole('link');
      expect(await ways.allTextContents()).toEqual([
        'Go to the home page',
        'Verify a certificate',
        'See your certificates',
        'Read the help and FAQ',
      ]);
      await checkPage(page, `content-${size}-visitor-404`);
      await go(page, () => ways.first().click());
      expect(new URL(page.url()).pathname).toBe('/');

      // The icon the pages name is there (the watcher ignores /favicon.ico failures, so ask).
      const icon = await page.request.get(`${live.baseUrl}/favicon.ico`);
      expect([icon.status(), icon.headers()['content-type']]).toEqual([200, 'image/x-icon']);
      expect(
        await page.evaluate(() =>
          Array.from(document.querySelectorAll('link[rel=icon]')).map((l) => l.getAttribute('href')),
        ),
      ).toEqual(['/favicon.ico', '/favicon.svg']);
      expect(visitor.problems).toEqual([]);
      await visitor.context.close();
    },
  );
});
