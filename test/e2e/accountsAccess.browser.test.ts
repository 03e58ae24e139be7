/**
 * The login page and /me for keyboards and phones, in real Chromium against the app over
 * HTTP: the form can be completed with Tab, typing and Enter alone, every stop on the way
 * shows a focus outline, and the skip link leads to the form; on desktop and on a
 * 390x844 phone, login and /me (with a certificate on it) never scroll sideways.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { hasChromium, launchBrowser, saveScreenshot } from '../fixtures/browser.js';
import { startLiveServer, type LiveServer } from '../fixtures/liveServer.js';
import { createUser, TEST_PASSWORD } from '../fixtures/sessions.js';
import { openBadgeRequest } from '../fixtures/credentials.js';
import {
  expectAccessiblePage,
  expectNoHorizontalScroll,
  openWatchedPage,
  submitLogin,
  type ViewportName,
} from '../fixtures/watchedPage.js';
import { issueCredential } from '../../src/credentials/issueCredential.js';
import type { UserRecord } from '../../src/storage/ports.js';

const available = hasChromium();
if (!available)
  console.log(
    'accountsAccess.browser.test: skipped, /usr/bin/chromium is missing (npm test installs it as root: scripts/ensureChromium.mjs)',
  );

/** What has the focus, and how its outline looks. */
async function focused(
  page: Page,
): Promise<{ label: string; outlineStyle: string; outlineWidth: number; inViewport: boolean }> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el || el === document.body)
      return { label: 'body', outlineStyle: 'none', outlineWidth: 0, inViewport: false };
    const style = getComputedStyle(el);
    const box = el.getBoundingClientRect();
    const label = el.id ? `#${el.id}` : `${el.tagName.toLowerCase()}:${(el.textContent ?? '').trim()}`;
    return {
      label,
      outlineStyle: style.outlineStyle,
      outlineWidth: Number.parseFloat(style.outlineWidth),
      inViewport: box.width > 0 && box.height > 0 && box.left >= 0 && box.top >= 0 && box.right <= innerWidth,
    };
  });
}

/** Presses Tab, checks the new focus is visible, returns what it is. */
async function tab(page: Page): Promise<string> {
  await page.keyboard.press('Tab');
  const now = await focused(page);
  expect(now.outlineStyle, `focus outline on ${now.label}`).not.toBe('none');
  expect(now.outlineWidth, `focus outline width on ${now.label}`).toBeGreaterThanOrEqual(2);
  expect(now.inViewport, `${now.label} is on screen while focused`).toBe(true);
  return now.label;
}

describe.skipIf(!available)('login and /me for keyboards and phones, in Chromium', () => {
  let live: LiveServer;
  let browser: Browser;
  let holder: UserRecord;

  beforeAll(async () => {
    [live, browser] = await Promise.all([startLiveServer(), launchBrowser()]);
    holder = await createUser(live.testApp, 'participant', { name: 'Lerato Nkosi-Abernathy' });
    await issueCredential(live.testApp.deps.issue, openBadgeRequest(), {
      isPublic: true,
      holderUserId: holder.id,
    });
  });
  afterAll(async () => {
    await browser?.close();
    await live?.close();
  });

  it('keyboard only: skip link, a wrong password, then the right one, with the focus always visible', async () => {
    const { context, page, problems, allowOnce } = await openWatchedPage(browser);
    await page.goto(`${live.baseUrl}/login`);

    // The first stop is the skip link, shown while focused; Enter moves on to the form.
    expect(await tab(page)).toBe('a:Skip to content');
    await saveScreenshot(page, 'accounts-desktop-login-skip-link');
    await page.keyboard.press('Enter');
    expect(await tab(page)).toBe('#field-email');
    await page.keyboard.type(holder.email);
    expect(await tab(page)).toBe('#field-password');
    await page.keyboard.type('not the password');
    await saveScreenshot(page, 'accounts-desktop-login-keyboard-focus');
    allowOnce(401, 'POST', '/login');
    await Promise.all([page.waitForEvent('load'), page.keyboard.press('Enter')]);
    expect(await page.getByRole('alert').textContent()).toBe('The email or password is incorrect');

    // From the top again, through the header, to the password (the email was kept).
    const stops: string[] = [];
    for (let i = 0; i < 10 && stops.at(-1) !== '#field-password'; i += 1) stops.push(await tab(page));
    expect(stops).toEqual([
      'a:Skip to content',
      'a:SayPro Credentials',
      'a:Verify a certificate',
      'a:Log in',
      '#field-email',
      '#field-password',
    ]);
    await page.keyboard.type(TEST_PASSWORD);
    expect(await tab(page)).toBe('button:Log in');
    await Promise.all([page.waitForEvent('load'), page.keyboard.press('Enter')]);
    expect(new URL(page.url()).pathname).toBe('/me');
    expect(await page.locator('h1').textContent()).toBe('My certificates');
    expect(problems).toEqual([]);
    await context.close();
  });

  for (const viewport of ['desktop', 'phone'] as ViewportName[]) {
    it(`${viewport}: login and /me fit the screen`, async () => {
      const { context, page, problems } = await openWatchedPage(browser, viewport);
      await page.goto(`${live.baseUrl}/me`);
      expect(new URL(page.url()).pathname).toBe('/login');
      await expectAccessiblePage(page);
      await expectNoHorizontalScroll(page);
      await saveScreenshot(page, `accounts-${viewport}-login`);

      await submitLogin(page, holder.email, TEST_PASSWORD);
      // Back where the browser was going.
      expect(new URL(page.url()).pathname).toBe('/me');
      expect(await page.locator('li.card h2').allTextContents()).toHaveLength(1);
      expect(await page.locator('li.card .badge').textContent()).toBe('Valid');
      await expectAccessiblePage(page);
      await expectNoHorizontalScroll(page);
      await saveScreenshot(page, `accounts-${viewport}-me`);

      await page.getByRole('link', { name: 'Profile and password' }).click();
      await expect.poll(() => page.locator('h1').textContent()).toBe('Profile');
      await expectAccessiblePage(page);
      await expectNoHorizontalScroll(page);
      await saveScreenshot(page, `accounts-${viewport}-me-profile`);
      expect(problems).toEqual([]);
      await context.close();
    });
  }
});
