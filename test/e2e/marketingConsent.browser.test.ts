/**
 * Marketing with consent in real Chromium, at 1280x900 and 390x844: a participant opens
 * News, offers and location from their profile, reads the consent text, agrees, and gives
 * their location; staff send a marketing broadcast to that region; the email that arrives
 * carries the unsubscribe link, which the participant opens without being signed in and
 * confirms in one click; /me then shows the withdrawal in the history. No sideways scroll,
 * no axe violation, no page problem.
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
  type ViewportName,
} from '../fixtures/watchedPage.js';
import { OFFICE_TIME } from '../fixtures/messaging.js';
import { actorOf } from '../../src/http/pages/pageKit.js';
import { sendBroadcast } from '../../src/messaging/broadcasts.js';
import { marketingUnsubscribeUrl } from '../../src/accounts/marketingConsent.js';

const available = hasChromium();
if (!available)
  console.log(
    'marketingConsent.browser.test: skipped, /usr/bin/chromium is missing (npm test installs it as root: scripts/ensureChromium.mjs)',
  );

/** Each screen's participant lives in a region of its own, so each broadcast reaches one person. */
const REGION: Record<ViewportName, string> = { desktop: 'Gauteng', phone: 'Limpopo' };

describe.skipIf(!available)('marketing consent in Chromium', () => {
  let live: LiveServer;
  let browser: Browser;

  beforeAll(async () => {
    [live, browser] = await Promise.all([startLiveServer(), launchBrowser()]);
    live.testApp.clock.now = new Date(OFFICE_TIME);
  });
  afterAll(async () => {
    await browser?.close();
    await live?.close();
  });

  it.each<ViewportName>(['desktop', 'phone'])(
    'a participant agrees in /me, gets a marketing broadcast and unsubscribes from the email (%s)',
    async (screen) => {
      const t = live.testApp;
      const participant = await createUser(t, 'participant', { name: `Naledi ${screen}` });
      const staff = await createUser(t, 'staff', { name: 'Outreach Staffer' });

      const { context, page, problems } = await openWatchedPage(browser, screen);
      await page.goto(`${live.baseUrl}/login`);
      await submitLogin(page, participant.email, TEST_PASSWORD);
      await page.goto(`${live.baseUrl}/me/profile`);
      await Promise.all([
        page.waitForEvent('load'),
        page.getByRole('link', { name: 'News, offers and location' }).click(),
      ]);
      expect(new URL(page.url()).pathname).toBe('/me/marketing');
      expect(await page.locator('main').textContent()).toContain('You do not get news and offers');
      expect(await page.getByRole('heading', { name: /^The text you agree to \(version v0-/ }).count()).toBe(
        1,
      );
      await expectAccessiblePage(page);
      await expectNoHorizontalScroll(page);

      await Promise.all([
        page.waitForEvent('load'),
        page.getByRole('button', { name: 'Yes, send me news and offers' }).click(),
      ]);
      expect(await page.getByRole('status').first().textContent()).toContain('you will get news and offers');
      expect(await page.locator('main').textContent()).toContain('You agreed to news and offers');

      await page.getByLabel('Country (two-letter code)').fill('ZA');
      await page.getByLabel('Province or region').fill(REGION[screen]);
      await page.getByLabel('City or town').fill('Polokwane');
      await Promise.all([
        page.waitForEvent('load'),
        page.getByRole('button', { name: 'Save my location' }).click(),
      ]);
      expect(await page.getByRole('status').first().textContent()).toContain('Your location was saved.');
      expect(await page.locator('main').textContent()).toContain('Now: South Africa');
      await expectAccessiblePage(page);
      await expectNoHorizontalScroll(page);
      await saveScreenshot(page, `marketing-consent-${screen}-agreed`);

      // Staff send a marketing broadcast to the region (the console page is tested elsewhere).
      const broadcast = await sendBroadcast(t.deps.messaging, actorOf(staff), {
        kind: 'marketing',
        segment: { country: 'ZA', region: REGION[screen] },
        category: 'other',
        subject: 'Open day in December',
        body: 'Come and meet the trainers on our open day.',
      });
      expect(broadcast.recipients.map((r) => r.userId)).toEqual([participant.id]);

      // The email's unsubscribe link, opened in a browser that is not signed in.
      const path = new URL(marketingUnsubscribeUrl(t.deps.notifications.links!, participant.id)).pathname;
      const link = linkFromMail(t, participant.email, path);
      expect(t.mail.lastTo(participant.email)?.headers?.['List-Unsubscribe']).toBe(`<${link}>`);
      const anonymous = await openWatchedPage(browser, screen);
      await anonymous.page.goto(link);
      expect(await anonymous.page.locator('main').textContent()).toContain('Stop news and offers to');
      await expectAccessiblePage(anonymous.page);
      await expectNoHorizontalScroll(anonymous.page);
      await Promise.all([
        anonymous.page.waitForEvent('load'),
        anonymous.page.getByRole('button', { name: 'Unsubscribe from news and offers' }).click(),
      ]);
      expect(await anonymous.page.getByRole('status').textContent()).toContain(
        'will get no more news and offers',
      );
      await expectAccessiblePage(anonymous.page);
      await expectNoHorizontalScroll(anonymous.page);
      await saveScreenshot(anonymous.page, `marketing-consent-${screen}-unsubscribed`);
      expect(anonymous.problems).toEqual([]);
      await anonymous.context.close();

      // Back in /me: the withdrawal is in the history, the agreement before it kept.
      await page.goto(`${live.baseUrl}/me/marketing`);
      expect(await page.locator('main').textContent()).toContain('you withdrew on');
      const rows = page.getByRole('table').getByRole('row');
      expect(await rows.count()).toBe(3);
      expect(await rows.nth(1).textContent()).toContain('agreed');
      expect(await rows.nth(2).textContent()).toContain('withdrew');
      await expectAccessiblePage(page);
      await expectNoHorizontalScroll(page);
      expect(problems).toEqual([]);
      await context.close();
    },
  );
});
