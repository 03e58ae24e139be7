/**
 * A participant reads how their course's certificate is earned, in real Chromium at
 * 1280x800 and 390x844: from the link in the enrolment email (no sign-in needed: the page
 * is public), and from /me through "My courses" once signed in. Each time the page says
 * what to do, who reviews and in how many working days, lands on their cohort's section,
 * and has no sideways scroll, no axe violation and no page problem.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { hasChromium, launchBrowser } from '../fixtures/browser.js';
import { startLiveServer, type LiveServer } from '../fixtures/liveServer.js';
import { TEST_PASSWORD } from '../fixtures/sessions.js';
import {
  expectAccessiblePage,
  expectNoHorizontalScroll,
  openWatchedPage,
  submitLogin,
  type ViewportName,
} from '../fixtures/watchedPage.js';
import { makeBatch, makeCourse, makeParticipant } from '../fixtures/programs.js';
import { enrolAndTell } from '../../src/programs/enrolmentEmail.js';
import { deliverDue } from '../../src/notifications/outbox.js';
import type { BatchRecord, CourseRecord, UserRecord } from '../../src/storage/ports.js';

const available = hasChromium();
if (!available)
  console.log(
    'courseRequirements.browser.test: skipped, /usr/bin/chromium is missing (npm test installs it as root: scripts/ensureChromium.mjs)',
  );

describe.skipIf(!available)('the certificate requirements page in Chromium', () => {
  let live: LiveServer;
  let browser: Browser;
  let course: CourseRecord;
  let batch: BatchRecord;
  let participant: UserRecord;
  let emailLink: string;

  beforeAll(async () => {
    [live, browser] = await Promise.all([startLiveServer(), launchBrowser()]);
    const t = live.testApp;
    course = await makeCourse(t, { title: 'Accessible Web Pages', reviewDays: 4 });
    ({ batch } = await makeBatch(t, {
      course,
      criteria: { minParticipation: 2, contentApproval: true },
    }));
    // A second cohort, so landing on the participant's own section matters.
    await makeBatch(t, { course, criteria: { assessments: [] } });
    participant = await makeParticipant(t, { name: 'Naledi Mokoena' });
    await enrolAndTell(t.deps.programs, batch.id, { userId: participant.id });
    await deliverDue(t.deps.notifications);
    const mail = t.mail.lastTo(participant.email);
    expect(mail?.subject).toBe('You are enrolled: Accessible Web Pages');
    expect(mail?.text).toContain('Take part at least 2 times');
    // The text part's links read "label (url)"; the url may go through click tracking first.
    emailLink = mail!
      .text!.match(/https?:\/\/\S+/g)!
      .map((u) => u.replace(/[).,]+$/, ''))
      .find((u) => decodeURIComponent(u).includes(`/courses/${course.id}/certificate`))!;
    expect(emailLink).toBeDefined();
  });
  afterAll(async () => {
    await browser?.close();
    await live?.close();
  });

  /** Checks the requirements page the browser is on: the cohort's section, the review time, the look. */
  async function expectRequirementsPage(page: Page): Promise<void> {
    expect(new URL(page.url()).pathname).toBe(`/courses/${course.id}/certificate`);
    await expect
      .poll(() => page.getByRole('heading', { level: 1 }).textContent())
      .toBe('How to earn the certificate: Accessible Web Pages');
    const section = page.locator(`#batch-${batch.id}`);
    await section.waitFor();
    expect(await section.textContent()).toContain('Take part at least 2 times');
    expect(await section.textContent()).toContain('have it approved by a reviewer');
    expect(await page.locator('main').textContent()).toContain('within 4 working days');
    await expectAccessiblePage(page);
    await expectNoHorizontalScroll(page);
  }

  for (const screen of ['desktop', 'phone'] as ViewportName[]) {
    it(`${screen}: from the enrolment email, without signing in`, async () => {
      const watched = await openWatchedPage(browser, screen);
      await watched.page.goto(emailLink);
      await expectRequirementsPage(watched.page);
      expect(new URL(watched.page.url()).hash).toBe(`#batch-${batch.id}`);
      expect(watched.problems).toEqual([]);
      await watched.context.close();
    });

    it(`${screen}: from /me through "My courses", signed in`, async () => {
      const watched = await openWatchedPage(browser, screen);
      const { page } = watched;
      await page.goto(`${live.baseUrl}/login`);
      await submitLogin(page, participant.email, TEST_PASSWORD);
      expect(new URL(page.url()).pathname).toBe('/me');
      await Promise.all([
        page.waitForEvent('load'),
        page.getByRole('main').getByRole('link', { name: 'My courses', exact: true }).click(),
      ]);
      expect(new URL(page.url()).pathname).toBe('/me/programmes');
      await expectAccessiblePage(page);
      await Promise.all([
        page.waitForURL(/\/courses\//),
        page.getByRole('link', { name: 'How to earn the certificate of Accessible Web Pages' }).click(),
      ]);
      await expectRequirementsPage(page);
      expect(watched.problems).toEqual([]);
      await watched.context.close();
    });
  }
});
