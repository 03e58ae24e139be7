/**
 * What a new user trips over, in real Chromium against the app over HTTP. A visitor sees
 * the password rules before typing, submits an empty sign-up and gets every problem at
 * once (a summary linking to each field, and each message next to its field), then a
 * password with their first name in it and is told exactly that. Then staff, on a
 * 390x844 phone, open the programme reports and a batch tracker filled by the demo seed:
 * the page never scrolls sideways, the charts fit the screen, and the tracker's actions
 * are on screen and work. Screenshots at 1280x800 and 390x844 go to
 * test-artifacts/screenshots/signup-phone-*.png.
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
  type WatchedPage,
} from '../fixtures/watchedPage.js';
import { seedDemo } from '../../src/cli/demoSeed.js';

const available = hasChromium();
if (!available)
  console.log(
    'signupAndPhone.journey.browser.test: skipped, /usr/bin/chromium is missing (npm test installs it as root: scripts/ensureChromium.mjs)',
  );

const SIZES = {
  desktop: { viewport: { width: 1280, height: 800 } },
  phone: contextOptions('phone'),
} as const;
type Size = keyof typeof SIZES;

async function open(browser: Browser, size: Size): Promise<WatchedPage> {
  const context: BrowserContext = await browser.newContext(SIZES[size]);
  return watch(context, await context.newPage());
}

/** The texts of the error summary's items and the field messages, in page order. */
async function problemsShown(
  page: Page,
): Promise<{ summary: { text: string; href: string | null }[]; fields: Record<string, string> }> {
  const items = page.locator('.error-summary li');
  const summary: { text: string; href: string | null }[] = [];
  for (let i = 0; i < (await items.count()); i++) {
    const item = items.nth(i);
    const link = item.locator('a');
    summary.push({
      text: (await item.innerText()).trim(),
      href: (await link.count()) ? await link.getAttribute('href') : null,
    });
  }
  const fields = await page.evaluate(() =>
    Object.fromEntries(
      Array.from(document.querySelectorAll('.error-message')).map((el) => [
        el.id.replace(/^field-|-error$/g, ''),
        (el.textContent ?? '').replace(/^Error:\s*/, '').trim(),
      ]),
    ),
  );
  return { summary, fields };
}

/** Fails unless the element lies within the viewport's width (nothing cut off at either side). */
async function expectWithinScreenWidth(page: Page, selector: string): Promise<number> {
  const boxes = await page
    .locator(selector)
    .evaluateAll((els) =>
      els.map((el) => el.getBoundingClientRect()).map((r) => ({ left: r.left, right: r.right })),
    );
  const width = await page.evaluate(() => window.innerWidth);
  for (const box of boxes) {
    expect(box.left, `${selector} starts on screen`).toBeGreaterThanOrEqual(0);
    expect(box.right, `${selector} ends on screen (${width} px)`).toBeLessThanOrEqual(width);
  }
  return boxes.length;
}

describe.skipIf(!available)('sign-up problems all at once, and staff pages on a phone', () => {
  let live: LiveServer;
  let browser: Browser;

  beforeAll(async () => {
    [live, browser] = await Promise.all([startLiveServer({ env: { SIGNUP_MODE: 'self' } }), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await live?.close();
  });

  for (const size of ['desktop', 'phone'] as const) {
    it(`sign-up at ${size}: the rules up front, every problem at once, the real reason`, async () => {
      const { context, page, problems, allowOnce } = await open(browser, size);
      await page.goto(`${live.baseUrl}/signup`);
      await expectAccessiblePage(page);
      // The rules are there before anyone types, tied to the password input.
      const hint = page.locator('#field-password-hint');
      expect(await hint.innerText()).toMatch(
        /at least 10 characters[\s\S]*not contain your name, your email address/,
      );
      expect(await page.locator('#field-password').getAttribute('aria-describedby')).toBe(
        'field-password-hint',
      );
      await saveScreenshot(page, `signup-phone-${size}-signup-empty`);

      allowOnce(400, 'POST', '/signup');
      await Promise.all([
        page.waitForEvent('load'),
        page.getByRole('button', { name: 'Create account' }).click(),
      ]);
      const empty = await problemsShown(page);
      expect(empty.summary).toEqual([
        { text: 'Enter your name as it should appear on certificates', href: '#field-name' },
        { text: 'Enter your email address', href: '#field-email' },
        { text: 'Choose a password', href: '#field-password' },
        {
          text: 'Accept the terms of use and the privacy notice to create an account',
          href: '#field-acceptedTerms',
        },
      ]);
      expect(empty.fields).toEqual({
        name: 'Enter your name as it should appear on certificates',
        email: 'Enter your email address',
        password: 'Choose a password',
        acceptedTerms: 'Accept the terms of use and the privacy notice to create an account',
      });
      // Every summary link leads to an input that says it is invalid and why.
      for (const { href } of empty.summary) {
        const input = page.locator(href!);
        expect(await input.getAttribute('aria-invalid')).toBe('true');
        expect(await input.getAttribute('aria-describedby')).toContain(`${href!.slice(1)}-error`);
      }
      expect(await page.evaluate(() => document.activeElement?.className)).toBe('error-summary');
      expect(await hint.isVisible()).toBe(true);
      await expectNoHorizontalScroll(page);
      await saveScreenshot(page, `signup-phone-${size}-signup-all-problems`);

      // A password made of the first name: refused for that reason, with the other problem beside it.
      await page.getByLabel('Full name').fill('Thandeka Mokoena');
      await page.getByLabel('Email', { exact: true }).fill(`thandeka.m-${size}@example.org`);
      await page.getByLabel('Password', { exact: true }).fill('thandeka-2026-rules');
      allowOnce(400, 'POST', '/signup');
      await Promise.all([
        page.waitForEvent('load'),
        page.getByRole('button', { name: 'Create account' }).click(),
      ]);
      const named = await problemsShown(page);
      expect(named.summary.map((p) => p.text)).toEqual([
        'Choose a password that does not contain your name',
        'Accept the terms of use and the privacy notice to create an account',
      ]);
      expect(await page.getByLabel('Full name').inputValue()).toBe('Thandeka Mokoena');
      expect(await page.getByLabel('Password', { exact: true }).inputValue()).toBe('');
      await saveScreenshot(page, `signup-phone-${size}-signup-name-in-password`);
      expect(problems).toEqual([]);
      await context.close();
    });
  }

  it('staff on a phone: reports and the batch tracker fit the screen, the actions work', async () => {
    await seedDemo(live.testApp.deps, () => {});
    const staff = await createUser(live.testApp, 'staff');
    const reportsUrl = `${live.baseUrl}/admin/programmes/reports`;
    const batchUrl = `${live.baseUrl}/admin/programmes/batches/web-101-2026-11`;

    for (const size of ['desktop', 'phone'] as const) {
      const { context, page, problems } = await open(browser, size);
      await page.goto(`${live.baseUrl}/login`);
      await submitLogin(page, staff.email, TEST_PASSWORD);

      await page.goto(reportsUrl);
      expect(await page.locator('h1').textContent()).toBe('Programme reports');
      expect(await page.locator('figure.chart svg').count()).toBeGreaterThan(3);
      await expectNoHorizontalScroll(page);
      expect(await expectWithinScreenWidth(page, 'figure.chart svg')).toBeGreaterThan(3);
      // The period filter: both inputs and the button on screen, the inputs level with each other.
      await expectWithinScreenWidth(page, 'form.filters input, form.filters button');
      const [from, to] = await Promise.all(['#r-from', '#r-to'].map((id) => page.locator(id).boundingBox()));
      expect(Math.abs(from!.y - to!.y)).toBeLessThan(2);
      await expectAccessiblePage(page);
      await saveScreenshot(page, `signup-phone-${size}-reports`);

      await page.goto(batchUrl);
      expect(await page.locator('h1').textContent()).toBe('Web Development 101: November 2026');
      expect(await page.locator('caption').first().textContent()).toBe(
        '6 participants, what needs attention first',
      );
      await expectNoHorizontalScroll(page);
      const actions = page.locator('table.cards-on-phone button');
      expect(await actions.count()).toBeGreaterThan(3);
      expect(
        await expectWithinScreenWidth(page, 'table.cards-on-phone button, table.cards-on-phone input'),
      ).toBeGreaterThan(3);
      for (let i = 0; i < (await actions.count()); i++) await actions.nth(i).click({ trial: true });
      await expectAccessiblePage(page);
      await saveScreenshot(page, `signup-phone-${size}-batch-tracker`);
      expect(problems).toEqual([]);
      await context.close();
    }

    // A real click on the phone: revoke Amahle's certificate from her row.
    const { context, page, problems } = await open(browser, 'phone');
    await page.goto(`${live.baseUrl}/login`);
    await submitLogin(page, staff.email, TEST_PASSWORD);
    await page.goto(batchUrl);
    const row = page.locator('table.cards-on-phone tr', {
      has: page.locator('th', { hasText: 'Amahle Dlamini' }),
    });
    await row.getByLabel('Reason to revoke').fill('Shown in the phone layout test');
    await Promise.all([page.waitForEvent('load'), row.getByRole('button', { name: 'Revoke' }).click()]);
    const after = page.locator('table.cards-on-phone tr', {
      has: page.locator('th', { hasText: 'Amahle Dlamini' }),
    });
    expect(await after.locator('td[data-label="Status"]').textContent()).toBe('Revoked');
    await expectNoHorizontalScroll(page);
    await saveScreenshot(page, 'signup-phone-phone-batch-after-revoke');
    expect(problems).toEqual([]);
    await context.close();
  });
});
