/**
 * Feedback on messaging in real Chromium at 1280x800 and 390x844: a person whose
 * conversation staff resolved follows the survey link of the email, answers the three
 * questions and a comment, and is thanked in the thread; an admin opens "Feedback and
 * suggestions" from the console's messages, sends the messaging form twice, sees the
 * consolidated suggestion with its priority and marks it done. Every page: labels, one
 * h1, axe WCAG 2.1 A/AA, no sideways scroll, no page problem.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Browser, Page } from 'playwright-core';
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
import { openConversation, replyToConversation } from '../../src/messaging/conversationWrites.js';

const available = hasChromium();
if (!available)
  console.log(
    'conversationSurvey.browser.test: skipped, /usr/bin/chromium is missing (npm test installs it as root: scripts/ensureChromium.mjs)',
  );

async function checked(page: Page): Promise<void> {
  await expectAccessiblePage(page);
  await expectNoHorizontalScroll(page);
}

async function go(page: Page, act: () => Promise<unknown>): Promise<void> {
  await Promise.all([page.waitForEvent('load'), act()]);
}

describe.skipIf(!available)('feedback on messaging in Chromium', () => {
  vi.setConfig({ testTimeout: 120_000 });
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
    'a person answers the survey from the email; an admin sends feedback and marks a suggestion (%s)',
    async (screen) => {
      const t = live.testApp;
      const person = await createUser(t, 'participant', { name: 'Lerato Mokoena' });
      const admin = await createUser(t, 'admin', { name: 'Thandi Admin' });
      const conversation = await openConversation(
        t.deps.messaging,
        { id: person.id, label: person.name, role: 'participant' },
        { category: 'account', subject: 'My email changed', body: 'Please update it.' },
      );
      await replyToConversation(
        t.deps.messaging,
        { id: admin.id, label: admin.name, role: 'admin' },
        conversation.id,
        'Updated; you can sign in with the new address.',
        { status: 'resolved' },
      );
      const link = linkFromMail(t, person.email, `/me/surveys/conversations/${conversation.id}`);

      const p = await openWatchedPage(browser, screen);
      await p.page.goto(`${live.baseUrl}/login`);
      await submitLogin(p.page, person.email, TEST_PASSWORD);
      await p.page.goto(link);
      expect(await p.page.locator('h1').textContent()).toContain(`conversation #${conversation.number}`);
      await checked(p.page);
      const rate = (question: RegExp, value: string) =>
        p.page.getByRole('group', { name: question }).getByLabel(value, { exact: true }).check();
      await rate(/How helpful/, '5');
      await rate(/How clear/, '4');
      await rate(/How quickly/, '3');
      await p.page.getByLabel(/Anything else/).fill('Quick and friendly');
      await saveScreenshot(p.page, `conversation-survey-${screen}`);
      await go(p.page, () => p.page.getByRole('button', { name: 'Send my answers' }).click());
      expect(new URL(p.page.url()).pathname).toBe(`/me/messages/${conversation.id}`);
      expect(await p.page.getByRole('main').innerText()).toContain('Thank you for answering the survey.');
      await checked(p.page);
      expect(p.problems).toEqual([]);
      await p.context.close();
      const answer = await t.deps.stores.surveys.getResponse('conversation-satisfaction', conversation.id);
      expect(answer).toMatchObject({ answers: { q1: 5, q2: 4, q3: 3 }, staffId: admin.id });

      const a = await openWatchedPage(browser, screen);
      await a.page.goto(`${live.baseUrl}/login`);
      await submitLogin(a.page, admin.email, TEST_PASSWORD);
      await a.page.goto(`${live.baseUrl}/admin/messages`);
      await go(a.page, () => a.page.getByRole('link', { name: 'Feedback and suggestions' }).click());
      expect(new URL(a.page.url()).pathname).toBe('/admin/messages/feedback');
      await checked(a.page);
      // Each screen's run raises its own theme (the server is shared, marks persist).
      const theme = screen === 'desktop' ? 'bulk replies' : 'canned answers';
      for (const challenge of [`${theme} are missing`, `No ${theme} for refunds`]) {
        await a.page
          .getByRole('group', { name: /How efficient/ })
          .getByLabel('2', { exact: true })
          .check();
        await a.page.getByLabel(/What challenges/).fill(challenge);
        await go(a.page, () => a.page.getByRole('button', { name: 'Send feedback' }).click());
        expect(await a.page.getByRole('main').innerText()).toContain('your feedback was recorded');
      }
      const card = () =>
        a.page
          .getByRole('listitem')
          .filter({ has: a.page.getByRole('heading', { name: theme, exact: true }) });
      expect(await card().locator('.tag').innerText()).toBe('Short term');
      expect(await card().innerText()).toContain('2 answers, average rating 2 of 5.');
      await checked(a.page);
      await saveScreenshot(a.page, `messaging-feedback-${screen}`);
      await card().getByLabel('Done').check();
      await go(a.page, () => card().getByRole('button', { name: /^Save/ }).click());
      expect(await a.page.getByRole('main').innerText()).toContain('The suggestion was marked.');
      expect(await card().locator('.tag').innerText()).toBe('Done');
      await checked(a.page);
      expect(a.problems).toEqual([]);
      await a.context.close();
    },
  );
});
