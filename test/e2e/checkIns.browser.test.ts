/**
 * Check-ins in real Chromium at 1280x800 and 390x844: a staff member opens the
 * accreditation section, follows the link to check-ins, schedules a coaching call with a
 * partner (partner, kind, date and time in a named zone, duration, agenda, https link, who
 * runs it) and lands on the meeting's page; a member of that partner signs in, follows the
 * link from their organisation page and sees the call with its time, zone and link. No
 * sideways scroll, no axe violation, no page problem.
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
import { makeAccreditationType, makePartner } from '../fixtures/accreditation.js';
import { actorOf } from '../../src/http/pages/pageKit.js';
import { startApplication } from '../../src/accreditation/applications.js';
import type { UserRecord } from '../../src/storage/ports.js';

const available = hasChromium();
if (!available)
  console.log(
    'checkIns.browser.test: skipped, /usr/bin/chromium is missing (npm test installs it as root: scripts/ensureChromium.mjs)',
  );

const NOW = new Date('2026-12-07T12:00:00.000Z');

describe.skipIf(!available)('scheduling a check-in in Chromium', () => {
  let live: LiveServer;
  let browser: Browser;
  let officer: UserRecord;
  let typeId: string;

  beforeAll(async () => {
    [live, browser] = await Promise.all([startLiveServer(), launchBrowser()]);
    live.testApp.clock.now = NOW;
    officer = await createUser(live.testApp, 'staff', { name: 'Thandi Mokoena' });
    typeId = (await makeAccreditationType(live.testApp)).id;
  });
  afterAll(async () => {
    await browser?.close();
    await live?.close();
  });

  it.each<ViewportName>(['desktop', 'phone'])(
    'staff schedule a coaching call and the partner sees it (%s)',
    async (screen) => {
      const partnerName = `Ubuntu Skills ${screen}`;
      const { member } = await makePartner(live.testApp, partnerName);
      await startApplication(live.testApp.deps.accreditation, actorOf(member.user), { typeId });

      const staff = await openWatchedPage(browser, screen);
      const { page } = staff;
      await page.goto(`${live.baseUrl}/login`);
      await submitLogin(page, officer.email, TEST_PASSWORD);
      await page.goto(`${live.baseUrl}/admin/accreditation`);
      await Promise.all([
        page.waitForEvent('load'),
        page.getByRole('link', { name: 'Check-ins and coaching calls' }).click(),
      ]);
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(
        'Check-ins and coaching calls',
      );
      await expectAccessiblePage(page);
      await expectNoHorizontalScroll(page);

      // A first try with no time, no agenda and an http link: each problem beside its field.
      await page.getByLabel('Partner', { exact: true }).selectOption({ label: partnerName });
      await page.getByLabel('Meeting link', { exact: true }).fill('http://meet.example.org/ubuntu');
      staff.allowOnce(400, 'POST', '/admin/accreditation/check-ins');
      await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: 'Schedule' }).click()]);
      await expect.poll(() => page.locator('.error-summary li').count()).toBe(3);
      for (const field of ['startsAt', 'agenda', 'meetingUrl'])
        expect(await page.locator(`#field-${field}`).getAttribute('aria-invalid')).toBe('true');
      expect(await page.locator('#field-meetingUrl').getAttribute('aria-describedby')).toBe(
        'field-meetingUrl-hint field-meetingUrl-error',
      );
      expect(await page.getByLabel('Partner', { exact: true }).inputValue()).not.toBe('');
      await expectAccessiblePage(page);
      await expectNoHorizontalScroll(page);
      await saveScreenshot(page, `check-in-form-problems-${screen}`);

      await page.getByLabel('Kind', { exact: true }).selectOption({ label: 'Coaching call' });
      await page.getByLabel('Date and time', { exact: true }).fill('2026-12-15T10:00');
      await page.getByLabel('Time zone', { exact: true }).selectOption('Africa/Johannesburg');
      await page.getByLabel('Duration (minutes)', { exact: true }).fill('60');
      await page.getByLabel('Agenda', { exact: true }).fill('Progress on the documents; the site visit');
      await page.getByLabel('Meeting link', { exact: true }).fill('https://meet.example.org/ubuntu');
      await page.getByLabel('Run by', { exact: true }).selectOption({ label: 'Thandi Mokoena' });
      await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: 'Schedule' }).click()]);
      expect(new URL(page.url()).pathname).toMatch(/^\/admin\/accreditation\/check-ins\/[0-9a-f-]{36}$/);
      const main = await page.locator('main').textContent();
      expect(main).toContain('The meeting was scheduled');
      expect(main).toContain('Tuesday 15 December 2026, 10:00 (Africa/Johannesburg, UTC+02:00)');
      await expectAccessiblePage(page);
      await expectNoHorizontalScroll(page);
      await saveScreenshot(page, `check-in-scheduled-${screen}`);
      expect(staff.problems).toEqual([]);
      await staff.context.close();

      const partner = await openWatchedPage(browser, screen);
      await partner.page.goto(`${live.baseUrl}/login`);
      await submitLogin(partner.page, member.user.email, TEST_PASSWORD);
      await partner.page.goto(`${live.baseUrl}/partner`);
      await Promise.all([
        partner.page.waitForEvent('load'),
        partner.page.getByRole('link', { name: 'Check-ins and coaching calls' }).click(),
      ]);
      const upcoming = partner.page.getByRole('article', { name: /^Coaching call Tuesday 15 December 2026/ });
      expect(await upcoming.count()).toBe(1);
      const text = await upcoming.textContent();
      expect(text).toContain('10:00 (Africa/Johannesburg, UTC+02:00)');
      expect(text).toContain('60 minutes');
      expect(text).toContain('Thandi Mokoena');
      expect(await upcoming.getByRole('link', { name: 'https://meet.example.org/ubuntu' }).count()).toBe(1);
      await expectAccessiblePage(partner.page);
      await expectNoHorizontalScroll(partner.page);
      await saveScreenshot(partner.page, `check-in-partner-${screen}`);
      expect(partner.problems).toEqual([]);
      await partner.context.close();
    },
  );
});
