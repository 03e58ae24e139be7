/**
 * My messaging preferences in real Chromium at 1280x800 and 390x844: an admin who never
 * saved preferences finds the backlog alert (the monitoring one) ticked, turns it off and
 * saves, and the page shows it off; a staff member who is not an admin is not offered it.
 * No sideways scroll, no axe violation, no page problem.
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

const available = hasChromium();
if (!available)
  console.log(
    'messagingPreferences.browser.test: skipped, /usr/bin/chromium is missing (npm test installs it as root: scripts/ensureChromium.mjs)',
  );

const BACKLOG =
  'The messaging backlog past the reply target reaches its alert threshold (admins; at most once an hour)';

describe.skipIf(!available)('messaging preferences in Chromium', () => {
  let live: LiveServer;
  let browser: Browser;

  beforeAll(async () => {
    [live, browser] = await Promise.all([startLiveServer(), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await live?.close();
  });

  it.each<ViewportName>(['desktop', 'phone'])(
    'an admin turns the backlog alert off; staff are not offered it (%s)',
    async (screen) => {
      const admin = await createUser(live.testApp, 'admin', { name: `Lerato Admin ${screen}` });
      const watched = await openWatchedPage(browser, screen);
      const { page } = watched;
      await page.goto(`${live.baseUrl}/login`);
      await submitLogin(page, admin.email, TEST_PASSWORD);
      await page.goto(`${live.baseUrl}/admin/messages/preferences`);
      const backlog = page.getByLabel(BACKLOG, { exact: true });
      expect(await backlog.isChecked()).toBe(true);
      await expectAccessiblePage(page);
      await expectNoHorizontalScroll(page);
      await saveScreenshot(page, `messaging-preferences-admin-${screen}`);

      await backlog.uncheck();
      await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: 'Save' }).click()]);
      expect(await page.locator('main').textContent()).toContain('Your preferences were saved.');
      expect(await page.getByLabel(BACKLOG, { exact: true }).isChecked()).toBe(false);
      expect(watched.problems).toEqual([]);
      await watched.context.close();

      const member = await createUser(live.testApp, 'staff', { name: `Sipho Staff ${screen}` });
      const staff = await openWatchedPage(browser, screen);
      await staff.page.goto(`${live.baseUrl}/login`);
      await submitLogin(staff.page, member.email, TEST_PASSWORD);
      await staff.page.goto(`${live.baseUrl}/admin/messages/preferences`);
      expect(await staff.page.getByLabel(BACKLOG, { exact: true }).count()).toBe(0);
      expect(await staff.page.getByLabel('Someone writes in a conversation assigned to me').isChecked()).toBe(
        true,
      );
      await expectAccessiblePage(staff.page);
      await expectNoHorizontalScroll(staff.page);
      expect(staff.problems).toEqual([]);
      await staff.context.close();
    },
  );
});
