/**
 * The staff dashboard (/admin) in real Chromium at 1280x800 and 390x844: on an empty
 * platform an admin signs in and reads zeros with calm words (no empty charts), then, once
 * certificates, submissions, an accreditation document, messages and a participant
 * without consent exist (made through the domain functions, the clock moved to date
 * them), reads the figures, the change against last month and the 30-day sparklines, and
 * each card leads to its list. No sideways scroll, no axe violation, no page problem.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { hasChromium, launchBrowser, saveScreenshot } from '../fixtures/browser.js';
import { startLiveServer, type LiveServer } from '../fixtures/liveServer.js';
import { createUser, TEST_PASSWORD } from '../fixtures/sessions.js';
import {
  expectAccessiblePage,
  expectNoHorizontalScroll,
  submitLogin,
  watch,
} from '../fixtures/watchedPage.js';
import { makeBatch, makeParticipant, passingEvents, recordAll } from '../fixtures/programs.js';
import { makeAccreditationType, makePartner, PDF } from '../fixtures/accreditation.js';
import { openBadgeRequest } from '../fixtures/credentials.js';
import { actorOf } from '../../src/http/pages/pageKit.js';
import { issueCredential } from '../../src/credentials/issueCredential.js';
import { enrolParticipant } from '../../src/programs/enrolments.js';
import { submitContent } from '../../src/programs/submissions.js';
import { startApplication, submitDocument } from '../../src/accreditation/applications.js';
import { openConversation } from '../../src/messaging/conversationWrites.js';
import type { UserRecord } from '../../src/storage/ports.js';

const available = hasChromium();
if (!available)
  console.log(
    'consoleDashboard.browser.test: skipped, /usr/bin/chromium is missing (npm test installs it as root: scripts/ensureChromium.mjs)',
  );

const NOW = new Date('2026-12-07T12:00:00.000Z');
const SCREENS = {
  desktop: { viewport: { width: 1280, height: 800 } },
  phone: { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 },
} as const;
type Screen = keyof typeof SCREENS;

/** The figure card (a list item in "Waiting for staff" or "Issuing") whose text has `label`. */
const card = (page: Page, label: string) =>
  page
    .locator('section')
    .filter({ has: page.getByRole('heading', { name: /^(Waiting for staff|Issuing)$/ }) })
    .getByRole('listitem')
    .filter({ hasText: label });

describe.skipIf(!available)('the staff dashboard in Chromium', () => {
  let live: LiveServer;
  let browser: Browser;
  let admin: UserRecord;

  beforeAll(async () => {
    [live, browser] = await Promise.all([startLiveServer(), launchBrowser()]);
    live.testApp.clock.now = NOW;
    admin = await createUser(live.testApp, 'admin', { name: 'Thandi Admin' });
  });
  afterAll(async () => {
    await browser?.close();
    await live?.close();
  });

  /** Signs the admin in on a fresh page of `screen`; the login lands on the dashboard. */
  async function dashboard(screen: Screen) {
    const context = await browser.newContext(SCREENS[screen]);
    const watched = watch(context, await context.newPage());
    await watched.page.goto(`${live.baseUrl}/login`);
    await submitLogin(watched.page, admin.email, TEST_PASSWORD);
    expect(new URL(watched.page.url()).pathname).toBe('/admin');
    await expectAccessiblePage(watched.page);
    await expectNoHorizontalScroll(watched.page);
    return watched;
  }

  /** Dates what `action` makes at `iso`, then puts the clock back. */
  async function at<T>(iso: string, action: () => Promise<T>): Promise<T> {
    live.testApp.clock.now = new Date(iso);
    try {
      return await action();
    } finally {
      live.testApp.clock.now = NOW;
    }
  }

  it.each<Screen>(['desktop', 'phone'])('shows zeros in words on an empty platform (%s)', async (screen) => {
    const { context, page, problems } = await dashboard(screen);
    const issued = card(page, 'issued in December');
    expect(await issued.locator('strong').textContent()).toBe('0');
    expect(await issued.textContent()).toContain('0 certificates issued in December');
    expect(await issued.textContent()).toContain('Same as 1–7 November');
    expect(await issued.textContent()).toContain('None issued in the last 30 days');
    expect(await page.locator('svg.sparkline').count()).toBe(0);
    expect(await card(page, 'waiting for review').textContent()).toContain('None overdue');
    expect(await card(page, 'waiting over 7 days').textContent()).toContain('Nothing overdue');
    expect(await card(page, 'waiting over 24 hours').textContent()).toContain('All within target');
    expect(await card(page, 'failing to issue').textContent()).toContain('None stuck');
    expect(await page.getByRole('heading', { name: 'First steps' }).count()).toBe(1);
    expect(
      await page
        .getByRole('region', { name: 'Accounts' })
        .getByRole('link', { name: '1 admin', exact: true })
        .count(),
    ).toBe(1);
    await saveScreenshot(page, `console-dashboard-${screen}-empty`);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('shows the figures, the change against last month and the trends once there is work (both screens)', async () => {
    const t = live.testApp;
    for (const when of [
      '2026-11-03T10:00:00.000Z',
      '2026-11-20T10:00:00.000Z',
      '2026-11-28T10:00:00.000Z',
      '2026-12-01T09:00:00.000Z',
      '2026-12-02T09:00:00.000Z',
      '2026-12-02T15:00:00.000Z',
      '2026-12-04T10:00:00.000Z',
      '2026-12-06T10:00:00.000Z',
    ]) {
      await at(when, () => issueCredential(t.deps.issue, openBadgeRequest()));
    }
    const { batch } = await makeBatch(t, { criteria: { contentApproval: true } });
    for (const when of ['2026-11-24T10:00:00.000Z', '2026-12-03T10:00:00.000Z', '2026-12-06T16:00:00.000Z']) {
      const person = await makeParticipant(t);
      await enrolParticipant(t.deps.programs, batch.id, person.id);
      await at(when, () =>
        submitContent(t.deps.programs, actorOf(person), batch.id, {
          kind: 'text',
          text: 'My essay on accessible forms',
        }),
      );
    }
    const type = await makeAccreditationType(t);
    const { member } = await makePartner(t);
    const application = await at('2026-11-10T10:00:00.000Z', () =>
      startApplication(t.deps.accreditation, actorOf(member.user), { typeId: type.id }),
    );
    await at('2026-12-05T10:00:00.000Z', () =>
      submitDocument(t.deps.accreditation, actorOf(member.user), application.id, 'tax-clearance', {
        name: 'tax.pdf',
        bytes: PDF(),
      }),
    );
    const writer = await makeParticipant(t);
    await at('2026-12-05T08:00:00.000Z', () =>
      openConversation(t.deps.messaging, actorOf(writer), {
        category: 'certificates',
        subject: 'Where is my certificate?',
        body: 'I finished in November.',
      }),
    );
    const { batch: plain } = await makeBatch(t);
    const shy = await makeParticipant(t, { consent: false });
    await at('2026-12-01T10:00:00.000Z', () => recordAll(t, passingEvents(plain.id, shy.id)));

    for (const screen of ['desktop', 'phone'] as const) {
      const { context, page, problems } = await dashboard(screen);
      const issued = card(page, 'issued in December');
      expect(await issued.locator('strong').textContent()).toBe('5');
      expect(await issued.textContent()).toContain('5 certificates issued in December');
      expect(await issued.textContent()).toContain('4 more than 1–7 November');
      expect(await issued.getByRole('link').getAttribute('href')).toBe(
        '/admin/programmes/reports?from=2026-12&to=2026-12',
      );
      expect(await issued.locator('svg.sparkline title').textContent()).toBe(
        'Certificates issued per day. Last 30 days: 0 to 2 a day, 7 in total.',
      );
      expect(await issued.locator('.visually-hidden').textContent()).toBe(
        'Last 30 days: 0 to 2 a day, 7 in total.',
      );

      const review = card(page, 'waiting for review');
      expect(await review.textContent()).toContain('3 submissions waiting for review');
      expect(await review.textContent()).toContain('1 over 7 days');
      expect(await review.locator('svg.sparkline title').textContent()).toBe(
        'Submissions received per day. Last 30 days: 0 to 1 a day, 3 in total.',
      );

      expect(await card(page, 'waiting over 7 days').textContent()).toContain(
        '1 submission, 0 accreditation items',
      );
      const messages = card(page, 'waiting over 24 hours');
      expect(await messages.textContent()).toContain('1 conversation waiting over 24 hours');
      expect(await messages.getByRole('link').getAttribute('href')).toBe('/admin/messages?view=overdue');
      expect(await card(page, 'to review').filter({ hasText: 'accreditation' }).textContent()).toContain(
        '1 accreditation item to review',
      );
      expect(await card(page, 'waiting for consent').locator('strong').textContent()).toBe('1');
      expect(await page.getByRole('heading', { name: 'Recent activity' }).count()).toBe(1);
      await saveScreenshot(page, `console-dashboard-${screen}-figures`);

      // The messages card opens the inbox's "over the SLA" view, where the conversation is.
      await Promise.all([page.waitForEvent('load'), messages.getByRole('link').click()]);
      expect(new URL(page.url()).search).toBe('?view=overdue');
      expect(await page.locator('main').textContent()).toContain('Where is my certificate?');
      expect(problems).toEqual([]);
      await context.close();
    }
  });
});
