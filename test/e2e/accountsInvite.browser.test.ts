/**
 * Invitations in real Chromium against the app over HTTP: an admin logs in through the
 * form, invites a staff member from /admin/users; the invitee opens the emailed link in
 * a browser of their own, accepts with a name and password and lands in the console as
 * staff; the admin then finds them in the user list, on a desktop and on a phone.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { hasChromium, launchBrowser, saveScreenshot } from '../fixtures/browser.js';
import { startLiveServer, type LiveServer } from '../fixtures/liveServer.js';
import { createUser, TEST_PASSWORD } from '../fixtures/sessions.js';
import {
  contextOptions,
  expectAccessiblePage,
  expectNoHorizontalScroll,
  linkFromMail,
  openWatchedPage,
  submitLogin,
  watch,
} from '../fixtures/watchedPage.js';

const available = hasChromium();
if (!available)
  console.log(
    'accountsInvite.browser.test: skipped, /usr/bin/chromium is missing (npm test installs it as root: scripts/ensureChromium.mjs)',
  );

describe.skipIf(!available)('inviting staff in Chromium', () => {
  let live: LiveServer;
  let browser: Browser;

  beforeAll(async () => {
    [live, browser] = await Promise.all([startLiveServer(), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await live?.close();
  });

  it('an admin invites a staff member, who accepts in their own browser and lands in the console', async () => {
    const admin = await createUser(live.testApp, 'admin');
    const invitee = `new-staff-${Date.now()}@example.org`;
    const adminTab = await openWatchedPage(browser);
    const { page } = adminTab;

    await page.goto(`${live.baseUrl}/login`);
    await submitLogin(page, admin.email, TEST_PASSWORD);
    expect(new URL(page.url()).pathname).toBe('/admin');
    expect(await page.locator('h1').textContent()).toBe('Console');
    await saveScreenshot(page, 'accounts-desktop-admin-dashboard');

    await page
      .getByRole('navigation', { name: 'Console sections' })
      .getByRole('link', { name: 'Users' })
      .click();
    await expect.poll(() => page.locator('h1').textContent()).toBe('Users');
    await expectAccessiblePage(page);
    await page.getByLabel('Email address').fill(invitee);
    await page.getByLabel('Role', { exact: true }).selectOption('staff');
    await Promise.all([
      page.waitForEvent('load'),
      page.getByRole('button', { name: 'Send invitation' }).click(),
    ]);
    expect(await page.getByRole('status').textContent()).toBe(
      `Invitation sent to ${invitee}. The link works for 7 days.`,
    );
    await saveScreenshot(page, 'accounts-desktop-admin-invited');

    // The invitee: a browser with none of the admin's cookies.
    const inviteeTab = await openWatchedPage(browser);
    const other = inviteeTab.page;
    await other.goto(linkFromMail(live.testApp, invitee, '/accept-invitation'));
    expect(await other.locator('h1').textContent()).toBe('Accept your invitation');
    expect(await other.getByRole('main').textContent()).toContain(
      `You are invited as staff member with the email address ${invitee}`,
    );
    await expectAccessiblePage(other);
    await other.getByLabel('Full name').fill('Thabo Mokoena');
    await other.getByLabel('Password', { exact: true }).fill('amber meadow compass 7');
    await saveScreenshot(other, 'accounts-desktop-accept-invitation');
    await Promise.all([
      other.waitForEvent('load'),
      other.getByRole('button', { name: 'Create my account' }).click(),
    ]);
    expect(new URL(other.url()).pathname).toBe('/admin');
    expect(await other.locator('h1').textContent()).toBe('Console');
    // Staff see the console without the admin-only sections.
    const sections = await other
      .getByRole('navigation', { name: 'Console sections' })
      .getByRole('link')
      .allTextContents();
    expect(sections).toEqual([
      'Dashboard',
      'Users',
      'Organisations',
      'Teams',
      'Programmes',
      'Name corrections',
      'Templates',
      'Messages',
      'Accreditation',
      'Communications',
      'Reports',
    ]);
    await saveScreenshot(other, 'accounts-desktop-staff-console');
    expect(inviteeTab.problems).toEqual([]);
    await inviteeTab.context.close();

    // Back to the list through the section link (a reload would re-send the invitation form:
    // POST /admin/users/invite answers with the page itself, not a redirect).
    await page
      .getByRole('navigation', { name: 'Console sections' })
      .getByRole('link', { name: 'Users' })
      .click();
    await expect.poll(() => new URL(page.url()).pathname).toBe('/admin/users');
    const row = page.getByRole('row').filter({ hasText: invitee });
    await expect.poll(() => row.count()).toBe(1);
    // The name heads the row; the row's one action is a link to the person's page.
    expect(await row.getByRole('rowheader').textContent()).toBe('Thabo Mokoena');
    const cells = await row.getByRole('cell').allTextContents();
    expect(cells.slice(0, 4)).toEqual([invitee, 'staff', 'active', 'yes']);
    expect(await row.getByRole('link').allTextContents()).toEqual(['Manage Thabo Mokoena']);
    await expectNoHorizontalScroll(page);
    // On a desktop the whole table shows, the row's link included, without scrolling it.
    const table = await page
      .locator('.table-wrap')
      .evaluate((el) => ({ scroll: el.scrollWidth, client: el.clientWidth }));
    expect(table.scroll, 'the users table fits a 1280px screen').toBeLessThanOrEqual(table.client);
    await saveScreenshot(page, 'accounts-desktop-admin-users');

    // The same list on the admin's phone (same session): the table scrolls, the page does not.
    const phoneContext = await browser.newContext(contextOptions('phone'));
    await phoneContext.addCookies(await adminTab.context.cookies());
    const phone = watch(phoneContext, await phoneContext.newPage());
    await phone.page.goto(`${live.baseUrl}/admin/users`);
    expect(await phone.page.locator('h1').textContent()).toBe('Users');
    await expectNoHorizontalScroll(phone.page);
    await saveScreenshot(phone.page, 'accounts-phone-admin-users');
    expect(phone.problems).toEqual([]);
    await phoneContext.close();

    expect(adminTab.problems).toEqual([]);
    await adminTab.context.close();
  });
});
