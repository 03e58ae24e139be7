/**
 * Surveys in real Chromium at 1280x800 and 390x844: a staff member finds the surveys
 * from Programmes, builds the next version of the participant survey (a rating, a single
 * choice, a free-text question) and publishes it; a participant whose certificate is then
 * issued gets the invitation email, follows its link, answers, and is thanked; the survey
 * does not ask again. Every page: labels, one h1, axe WCAG 2.1 A/AA, no sideways scroll,
 * no page problem.
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
import { makeBatch, makeParticipant, passingEvents, recordAll } from '../fixtures/programs.js';

const available = hasChromium();
if (!available)
  console.log(
    'surveyBuilder.browser.test: skipped, /usr/bin/chromium is missing (npm test installs it as root: scripts/ensureChromium.mjs)',
  );

async function checked(page: Page): Promise<void> {
  await expectAccessiblePage(page);
  await expectNoHorizontalScroll(page);
}

async function go(page: Page, act: () => Promise<unknown>): Promise<void> {
  await Promise.all([page.waitForEvent('load'), act()]);
}

describe.skipIf(!available)('building a survey and answering it in Chromium', () => {
  // Two people, seven pages and axe on each: longer than the default on a busy machine.
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
    'staff publish a version and a participant answers it (%s)',
    async (screen) => {
      const t = live.testApp;
      const staff = await createUser(t, 'staff', { name: 'Sipho Staff' });
      const s = await openWatchedPage(browser, screen);
      await s.page.goto(`${live.baseUrl}/login`);
      await submitLogin(s.page, staff.email, TEST_PASSWORD);
      await s.page.goto(`${live.baseUrl}/admin/programmes`);
      await go(s.page, () => s.page.getByRole('link', { name: 'Surveys and feedback' }).click());
      expect(new URL(s.page.url()).pathname).toBe('/admin/surveys');
      await checked(s.page);
      await go(s.page, () =>
        s.page
          .getByRole('link', { name: /^(Build and publish|Publish a new version)\W+Participants/ })
          .click(),
      );
      await checked(s.page);
      await s.page.getByLabel('Title').fill(`After your certificate (${screen})`);
      const q = (n: number) => s.page.getByRole('group', { name: `Question ${n}`, exact: true });
      await q(1).getByLabel('Question text').fill('How was the course?');
      await q(1).getByLabel('Type').selectOption('rating');
      await q(1).getByLabel('An answer is required').check();
      await q(2).getByLabel('Question text').fill('Which part helped most?');
      await q(2).getByLabel('Type').selectOption('choice');
      await q(2)
        .getByLabel(/^Options/)
        .fill('Videos\nExercises');
      await q(2).getByLabel('An answer is required').uncheck();
      await q(3).getByLabel('Question text').fill('What should we improve?');
      await q(3).getByLabel('Type').selectOption('text');
      await saveScreenshot(s.page, `survey-builder-${screen}`);
      await go(s.page, () => s.page.getByRole('button', { name: 'Publish this version' }).click());
      expect(new URL(s.page.url()).pathname).toBe('/admin/surveys');
      expect(await s.page.getByRole('main').innerText()).toContain(
        'Published: people answer this version from now on.',
      );
      await checked(s.page);
      expect(s.problems).toEqual([]);
      await s.context.close();

      // A certificate issued now brings the invitation.
      const { batch } = await makeBatch(t);
      const participant = await makeParticipant(t, { name: 'Lerato Mokoena' });
      await recordAll(t, passingEvents(batch.id, participant.id));
      const credentialId = (await t.deps.stores.enrolments.getEnrolment(batch.id, participant.id))!
        .credentialId!;
      const path = `/me/surveys/${encodeURIComponent(credentialId)}`;
      const link = linkFromMail(t, participant.email, path);

      const p = await openWatchedPage(browser, screen);
      await p.page.goto(`${live.baseUrl}/login`);
      await submitLogin(p.page, participant.email, TEST_PASSWORD);
      await p.page.goto(link);
      expect(await p.page.locator('h1').textContent()).toContain('Survey');
      await checked(p.page);
      await p.page
        .getByRole('group', { name: /How was the course/ })
        .getByLabel('4')
        .check();
      await p.page.getByLabel('Exercises').check();
      await p.page.getByLabel(/What should we improve/).fill('Shorter videos, more exercises');
      await saveScreenshot(p.page, `survey-answer-${screen}`);
      await go(p.page, () => p.page.getByRole('button', { name: 'Send my answers' }).click());
      expect(new URL(p.page.url()).pathname).toBe('/me/programmes');
      expect(await p.page.getByRole('main').innerText()).toContain('Thank you for your feedback.');
      await checked(p.page);
      await p.page.goto(link);
      expect(await p.page.getByRole('main').innerText()).toContain(
        'You have answered the survey for this certificate',
      );
      expect(p.problems).toEqual([]);
      await p.context.close();

      const response = await t.deps.stores.surveys.getResponse('participant-after-issuance', credentialId);
      expect(response?.answers).toEqual({ q1: 4, q2: 'Exercises', q3: 'Shorter videos, more exercises' });
    },
  );
});
