/**
 * Self-service accounts in real Chromium against the app over HTTP: sign up, open the
 * emailed confirmation link, log in, land on /me, log out (after which /me sends the
 * browser to /login); and a forgotten password reset from the emailed link, after which
 * the old password fails and the new one works. Every page must be free of script and
 * console errors and of 4xx/5xx answers other than the one a wrong password gets.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { hasChromium, launchBrowser, saveScreenshot } from '../fixtures/browser.js';
import { startLiveServer, type LiveServer } from '../fixtures/liveServer.js';
import { createUser, TEST_PASSWORD } from '../fixtures/sessions.js';
import {
  expectAccessiblePage,
  expectNoHorizontalScroll,
  linkFromMail,
  openWatchedPage,
  submitLogin,
} from '../fixtures/watchedPage.js';

const available = hasChromium();
if (!available)
  console.log(
    'accountsSelfService.browser.test: skipped, /usr/bin/chromium is missing (npm test installs it as root: scripts/ensureChromium.mjs)',
  );

const NEW_PASSWORD = 'violet harbour lantern 42';

describe.skipIf(!available)('self-service accounts in Chromium', () => {
  let live: LiveServer;
  let browser: Browser;

  beforeAll(async () => {
    [live, browser] = await Promise.all([startLiveServer({ env: { SIGNUP_MODE: 'self' } }), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await live?.close();
  });

  it('sign up, confirm from the email, log in to /me, log out', async () => {
    const { context, page, problems } = await openWatchedPage(browser);
    const email = `signup-${Date.now()}@example.org`;

    await page.goto(`${live.baseUrl}/`);
    await page.getByRole('link', { name: 'Create an account' }).click();
    await expect.poll(() => page.locator('h1').textContent()).toBe('Create an account');
    await expectAccessiblePage(page);
    await page.getByLabel('Full name').fill('Nomvula Dlamini');
    await page.getByLabel('Email', { exact: true }).fill(email);
    await page.getByLabel('Password', { exact: true }).fill(NEW_PASSWORD);
    await page.getByLabel('I accept the terms of use and the privacy notice').check();
    await saveScreenshot(page, 'accounts-desktop-signup');
    await Promise.all([
      page.waitForEvent('load'),
      page.getByRole('button', { name: 'Create account' }).click(),
    ]);
    expect(await page.locator('h1').textContent()).toBe('Check your email');
    expect(await page.getByRole('status').textContent()).toMatch(/sent a confirmation link/);
    await saveScreenshot(page, 'accounts-desktop-signup-check-email');

    await page.goto(linkFromMail(live.testApp, email, '/verify-email'));
    expect(await page.locator('h1').textContent()).toBe('Email confirmed');
    await saveScreenshot(page, 'accounts-desktop-email-confirmed');
    await page.getByRole('main').getByRole('link', { name: 'Log in' }).click();
    await expect.poll(() => page.locator('h1').textContent()).toBe('Log in');

    await submitLogin(page, email, NEW_PASSWORD);
    expect(new URL(page.url()).pathname).toBe('/me');
    expect(await page.locator('h1').textContent()).toBe('My certificates');
    expect(await page.locator('p.empty').first().textContent()).toMatch(/No certificates yet/);
    await expectNoHorizontalScroll(page);

    await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: 'Log out' }).click()]);
    expect(new URL(page.url()).pathname).toBe('/');
    expect(await page.getByRole('button', { name: 'Log out' }).count()).toBe(0);
    await page.goto(`${live.baseUrl}/me`);
    const after = new URL(page.url());
    expect(`${after.pathname}${after.search}`).toBe('/login?next=%2Fme');
    expect(await page.locator('h1').textContent()).toBe('Log in');
    expect(problems).toEqual([]);
    await context.close();
  });

  it('forgotten password: the emailed link sets a new one; the old one no longer works', async () => {
    const user = await createUser(live.testApp, 'participant');
    const { context, page, problems, allowOnce } = await openWatchedPage(browser);

    await page.goto(`${live.baseUrl}/login`);
    await page.getByRole('link', { name: 'Forgotten your password?' }).click();
    await expect.poll(() => page.locator('h1').textContent()).toBe('Reset your password');
    await expectAccessiblePage(page);
    await page.getByLabel('Email', { exact: true }).fill(user.email);
    await saveScreenshot(page, 'accounts-desktop-forgot-password');
    await Promise.all([
      page.waitForEvent('load'),
      page.getByRole('button', { name: 'Send the link' }).click(),
    ]);
    expect(await page.locator('h1').textContent()).toBe('Check your email');

    await page.goto(linkFromMail(live.testApp, user.email, '/reset-password'));
    expect(await page.locator('h1').textContent()).toBe('Choose a new password');
    await expectAccessiblePage(page);
    await page.getByLabel('New password', { exact: true }).fill(NEW_PASSWORD);
    await page.getByLabel('Repeat the new password').fill(NEW_PASSWORD);
    await saveScreenshot(page, 'accounts-desktop-reset-password');
    await Promise.all([
      page.waitForEvent('load'),
      page.getByRole('button', { name: 'Save the new password' }).click(),
    ]);
    expect(await page.locator('h1').textContent()).toBe('Password changed');
    await saveScreenshot(page, 'accounts-desktop-password-changed');

    await page.getByRole('link', { name: 'Log in with the new password' }).click();
    await expect.poll(() => page.locator('h1').textContent()).toBe('Log in');
    allowOnce(401, 'POST', '/login');
    await submitLogin(page, user.email, TEST_PASSWORD);
    expect(new URL(page.url()).pathname).toBe('/login');
    expect(await page.getByRole('alert').textContent()).toBe('The email or password is incorrect');
    // The email is kept; the password never comes back.
    expect(await page.getByLabel('Email', { exact: true }).inputValue()).toBe(user.email);
    expect(await page.getByLabel('Password', { exact: true }).inputValue()).toBe('');
    await saveScreenshot(page, 'accounts-desktop-login-wrong-password');

    await submitLogin(page, user.email, NEW_PASSWORD);
    expect(new URL(page.url()).pathname).toBe('/me');
    expect(await page.locator('h1').textContent()).toBe('My certificates');
    expect(problems).toEqual([]);
    await context.close();
  });
});
