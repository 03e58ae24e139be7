/**
 * Issue 21's supervisor journey in real Chromium at 1280x800 and 390x844: an admin opens
 * the messages inbox, follows "Supervisor view" and reads a staff member's live queue and
 * the template audit, then follows "Content filter", adds a phrase and a domain beside the
 * spam rules and saves; a person's message with the phrase then waits in the review queue
 * with the reason. Every page is accessible (axe), has no sideways scroll and no problem.
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
import { actorOf } from '../../src/http/pages/pageKit.js';
import { openConversation, replyToConversation } from '../../src/messaging/conversationWrites.js';
import type { UserRecord } from '../../src/storage/ports.js';

const available = hasChromium();
if (!available)
  console.log(
    'messagingSupervisor.browser.test: skipped, /usr/bin/chromium is missing (npm test installs it as root: scripts/ensureChromium.mjs)',
  );

describe.skipIf(!available)('the messaging supervisor view and content filter in Chromium', () => {
  let live: LiveServer;
  let browser: Browser;
  let admin: UserRecord;
  let person: UserRecord;

  beforeAll(async () => {
    [live, browser] = await Promise.all([startLiveServer(), launchBrowser()]);
    const t = live.testApp;
    t.clock.now = new Date('2026-11-25T10:00:00.000Z');
    admin = await createUser(t, 'admin', { name: 'Thandi Admin' });
    const staff = await createUser(t, 'staff', { name: 'Sipho Staff' });
    person = await createUser(t, 'participant', { name: 'Amahle Person' });
    const conversation = await openConversation(t.deps.messaging, actorOf(person), {
      category: 'other',
      subject: 'My certificate',
      body: 'Where is my certificate?',
    });
    await replyToConversation(t.deps.messaging, actorOf(staff), conversation.id, 'Looking into it');
    await replyToConversation(t.deps.messaging, actorOf(person), conversation.id, 'Thank you, waiting.');
  });
  afterAll(async () => {
    await browser?.close();
    await live?.close();
  });

  for (const screen of ['desktop', 'phone'] as ViewportName[]) {
    it(`lets an admin read the queues and edit the content filter (${screen})`, async () => {
      const { context, page, problems } = await openWatchedPage(browser, screen);
      await page.goto(`${live.baseUrl}/login`);
      await submitLogin(page, admin.email, TEST_PASSWORD);
      await page.goto(`${live.baseUrl}/admin/messages`);
      await page.getByRole('link', { name: 'Supervisor view' }).click();
      await page.waitForURL('**/admin/messages/supervisor');
      await expectAccessiblePage(page);
      await expectNoHorizontalScroll(page);
      const row = page.getByRole('row').filter({ hasText: 'Sipho Staff (staff)' });
      expect(await row.getByRole('cell').allTextContents()).toEqual([
        '1',
        '1',
        '2026-11-25 10:00 UTC',
        '1',
        '0 min (1)',
      ]);
      expect(await page.getByRole('region', { name: 'Template audit' }).textContent()).toContain(
        'We are looking into it',
      );
      await saveScreenshot(page, `messaging-supervisor-${screen}`);

      await page.getByRole('link', { name: 'Content filter' }).click();
      await page.waitForURL('**/admin/messages/filter');
      await expectAccessiblePage(page);
      await expectNoHorizontalScroll(page);
      expect(await page.getByRole('heading', { name: 'Spam rules', exact: true }).count()).toBe(1);
      const phrase = screen === 'desktop' ? 'wire the fee' : 'gift cards';
      const keywords = page.getByLabel('Words and phrases');
      await keywords.fill(`${await keywords.inputValue()}\n${phrase}`.trim());
      await page.getByLabel('Link domains').fill('scam.example');
      await page.getByRole('button', { name: 'Save the content filter' }).click();
      await page.waitForURL('**/admin/messages/filter?done=1');
      expect(await page.getByText('The content filter was saved.').count()).toBe(1);
      expect(await page.getByLabel('Words and phrases').inputValue()).toContain(phrase);
      await expectAccessiblePage(page);
      await expectNoHorizontalScroll(page);

      await openConversation(live.testApp.deps.messaging, actorOf(person), {
        category: 'other',
        subject: `Offer ${screen}`,
        body: `Please ${phrase} before Friday.`,
      });
      await page.goto(`${live.baseUrl}/admin/messages/review`);
      expect(await page.getByText(`content filter: ${phrase}`).count()).toBe(1);
      await expectAccessiblePage(page);
      await expectNoHorizontalScroll(page);
      expect(problems).toEqual([]);
      await context.close();
    });
  }
});
