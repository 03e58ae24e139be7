/**
 * Scheduled programme reports in real Chromium at 1280x800 and 390x844: an admin opens
 * Reports from the console's navigation, chooses who receives the reports (themself and
 * one staff member, not the other), the job runs after the month ends (controlled clock),
 * the report's email reaches exactly those two, and the admin follows the email's link to
 * the kept report, reads its figures, goes back to the list and downloads its CSV. No
 * sideways scroll, no axe violation, no page problem.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { hasChromium, launchBrowser, saveScreenshot } from '../fixtures/browser.js';
import { startLiveServer, type LiveServer } from '../fixtures/liveServer.js';
import { createUser, TEST_PASSWORD } from '../fixtures/sessions.js';
import { batchRecord, courseRecord } from '../fixtures/programRecords.js';
import {
  expectAccessiblePage,
  expectNoHorizontalScroll,
  submitLogin,
  watch,
} from '../fixtures/watchedPage.js';
import { runScheduledReports } from '../../src/programs/scheduledReports.js';
import type { EnrolmentRecord, UserRecord } from '../../src/storage/ports.js';

/** The two screens of the browser tests: 1280x800 and a 390x844 phone. */
const SCREENS = {
  desktop: { viewport: { width: 1280, height: 800 } },
  phone: { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 },
} as const;
type ViewportName = keyof typeof SCREENS;

const available = hasChromium();
if (!available)
  console.log(
    'scheduledReports.browser.test: skipped, /usr/bin/chromium is missing (npm test installs it as root: scripts/ensureChromium.mjs)',
  );

function issued(batchId: string, userId: string, issuedAt: string): EnrolmentRecord {
  return {
    batchId,
    userId,
    enrolledAt: '2026-09-01T00:00:00.000Z',
    status: 'issued',
    missing: [],
    certificates: [{ credentialId: `urn:uuid:${userId}`, issuedAt }],
    generation: 1,
    version: 1,
    updatedAt: issuedAt,
    credentialId: `urn:uuid:${userId}`,
    issuedAt,
  };
}

/** Each screen runs the job after a different month: its report, and the staff member it adds. */
const RUNS: Record<ViewportName, { now: string; id: string; period: string; issued: string; staff: string }> =
  {
    desktop: {
      now: '2026-12-07T12:00:00.000Z',
      id: 'monthly-2026-11',
      period: 'November 2026',
      issued: '1',
      staff: 'Sipho Desktop',
    },
    phone: {
      now: '2027-01-05T12:00:00.000Z',
      id: 'monthly-2026-12',
      period: 'December 2026',
      issued: '2',
      staff: 'Lerato Phone',
    },
  };

describe.skipIf(!available)('scheduled programme reports in Chromium', () => {
  let live: LiveServer;
  let browser: Browser;
  let admin: UserRecord;
  const staff = {} as Record<ViewportName, UserRecord>;

  beforeAll(async () => {
    [live, browser] = await Promise.all([startLiveServer(), launchBrowser()]);
    const t = live.testApp;
    admin = await createUser(t, 'admin', { name: 'Thandi Admin' });
    for (const screen of ['desktop', 'phone'] as const)
      staff[screen] = await createUser(t, 'staff', { name: RUNS[screen].staff });
    // One certificate in November (Web 101), two in December (one per course).
    await t.deps.stores.courses.createCourse(courseRecord('c1', 'Web 101'));
    await t.deps.stores.courses.createCourse(courseRecord('c2', 'Data 201'));
    await t.deps.stores.courses.createBatch(batchRecord('b1', 'c1'));
    await t.deps.stores.courses.createBatch(batchRecord('b2', 'c2'));
    await t.deps.stores.enrolments.enrol(issued('b1', 'p1', '2026-11-10T10:00:00.000Z'));
    await t.deps.stores.enrolments.enrol(issued('b1', 'p2', '2026-12-03T10:00:00.000Z'));
    await t.deps.stores.enrolments.enrol(issued('b2', 'p3', '2026-12-04T10:00:00.000Z'));
  });
  afterAll(async () => {
    await browser?.close();
    await live?.close();
  });

  it.each<ViewportName>(['desktop', 'phone'])(
    'an admin chooses the recipients and opens the kept report from the email (%s)',
    async (screen) => {
      const t = live.testApp;
      const run = RUNS[screen];
      const other = staff[screen === 'desktop' ? 'phone' : 'desktop'];
      t.clock.now = new Date(run.now);
      const context = await browser.newContext(SCREENS[screen]);
      const { page, problems } = watch(context, await context.newPage());
      await page.goto(`${live.baseUrl}/login`);
      await submitLogin(page, admin.email, TEST_PASSWORD);

      // Reports, from the console's section navigation.
      await Promise.all([
        page.waitForEvent('load'),
        page
          .getByRole('navigation', { name: 'Console sections' })
          .getByRole('link', { name: 'Reports' })
          .click(),
      ]);
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Reports');
      await expectAccessiblePage(page);
      await expectNoHorizontalScroll(page);

      // Choosing who receives them.
      await Promise.all([
        page.waitForEvent('load'),
        page.getByRole('link', { name: 'Choose who receives them' }).click(),
      ]);
      await expectAccessiblePage(page);
      await expectNoHorizontalScroll(page);
      await page.getByLabel(/^Thandi Admin/).setChecked(true);
      await page.getByLabel(new RegExp(`^${staff[screen].name}`)).setChecked(true);
      await page.getByLabel(new RegExp(`^${other.name}`)).setChecked(false);
      await Promise.all([
        page.waitForEvent('load'),
        page.getByRole('button', { name: 'Save recipients' }).click(),
      ]);
      expect(await page.getByRole('status').first().textContent()).toContain('The recipients were saved.');
      expect(await page.getByLabel(new RegExp(`^${staff[screen].name}`)).isChecked()).toBe(true);
      expect(await page.getByLabel(new RegExp(`^${other.name}`)).isChecked()).toBe(false);
      await saveScreenshot(page, `scheduled-reports-recipients-${screen}`);

      // The month ends; the job makes the report and emails exactly the two chosen.
      const { made } = await runScheduledReports(t.deps.programs);
      expect(made).toContain(run.id);
      const emails = await t.deps.stores.outbox.search({ trigger: 'programme_report_ready', limit: 100 });
      expect(
        emails
          .filter((m) => m.dedupeKey.startsWith(`programme_report:${run.id}:`))
          .map((m) => m.to)
          .sort(),
      ).toEqual([admin.email, staff[screen].email].sort());

      // The email's link leads to the kept report.
      const path = `/admin/reports/kept/${run.id}`;
      const mail = t.mail.sent.find((m) => m.to === admin.email && m.text.includes(path));
      const link = mail?.text.match(/https?:\/\/\S+/g)?.find((u) => u.replace(/[).,]+$/, '').endsWith(path));
      expect(link, `a link to ${path} in the report's email`).toBeDefined();
      await page.goto(link!.replace(/[).,]+$/, ''));
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(
        `Programme report: ${run.period}`,
      );
      const figure = page.locator('ul.stats li').filter({ hasText: 'certificates issued' });
      expect(await figure.locator('strong').textContent()).toBe(run.issued);
      await expectAccessiblePage(page);
      await expectNoHorizontalScroll(page);
      await saveScreenshot(page, `scheduled-reports-kept-${screen}`);

      // Back to the list, where the report has its row and its CSV.
      await Promise.all([page.waitForEvent('load'), page.getByRole('link', { name: 'All reports' }).click()]);
      expect(await page.getByRole('link', { name: run.period, exact: true }).count()).toBe(1);
      await expectAccessiblePage(page);
      await expectNoHorizontalScroll(page);
      const href = await page.getByRole('link', { name: `CSV of ${run.period}` }).getAttribute('href');
      const csv = await page.request.get(`${live.baseUrl}${href}`);
      expect(csv.status()).toBe(200);
      expect((await csv.text()).split('\r\n')).toContain(`totals,issued,${run.issued},,`);
      await saveScreenshot(page, `scheduled-reports-list-${screen}`);
      expect(problems).toEqual([]);
      await context.close();
    },
    // Five pages each checked by axe: tens of seconds on a busy machine.
    120_000,
  );
});
