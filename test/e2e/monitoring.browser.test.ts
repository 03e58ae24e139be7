/**
 * An admin opens the monitoring page in real Chromium at 1280x800 and 390x844: from the
 * dashboard through the console's "Monitoring" link, reads the 30 days' uptime measured
 * from the heartbeat (an hour down yesterday), the server errors of the last 15 minutes
 * against the alert threshold, the slowest routes with p50/p95, and the days' table. No
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
import { LATENCY_BUCKETS } from '../../src/storage/monitoringPorts.js';
import type { UserRecord } from '../../src/storage/ports.js';

const available = hasChromium();
if (!available)
  console.log(
    'monitoring.browser.test: skipped, /usr/bin/chromium is missing (npm test installs it as root: scripts/ensureChromium.mjs)',
  );

const NOW = new Date('2026-12-07T12:00:00.000Z');
const MINUTE = 60_000;
const latency = (pairs: Record<number, number>) =>
  Array.from({ length: LATENCY_BUCKETS }, (_, i) => pairs[i] ?? 0);

describe.skipIf(!available)('the monitoring page in Chromium', () => {
  let live: LiveServer;
  let browser: Browser;
  let admin: UserRecord;

  beforeAll(async () => {
    [live, browser] = await Promise.all([startLiveServer(), launchBrowser()]);
    live.testApp.clock.now = NOW;
    admin = await createUser(live.testApp, 'admin', { name: 'Thandi Admin' });
    const { monitoring } = live.testApp.deps.stores;
    // Up since 6 December 00:00, but 6 December 08:00-08:59; 3 of 40 requests failed at 11:50 today.
    for (let m = Date.parse('2026-12-06T00:00:00.000Z'); m < NOW.getTime(); m += MINUTE) {
      const minute = new Date(m).toISOString();
      if (minute >= '2026-12-06T08:00' && minute < '2026-12-06T09:00') continue;
      const failing = minute === '2026-12-07T11:50:00.000Z';
      await monitoring.recordHeartbeat({
        minute,
        instanceId: 'web-1',
        requests: failing ? 40 : 0,
        clientErrors: 0,
        serverErrors: failing ? 3 : 0,
      });
    }
    await monitoring.addRouteCounts('2026-12-07T11:00:00.000Z', [
      {
        method: 'GET',
        route: '/admin/programmes/reports',
        requests: 20,
        clientErrors: 0,
        serverErrors: 3,
        latency: latency({ 5: 10, 8: 10 }),
      },
      {
        method: 'GET',
        route: '/verify',
        requests: 80,
        clientErrors: 4,
        serverErrors: 0,
        latency: latency({ 1: 80 }),
      },
    ]);
  });
  afterAll(async () => {
    await browser?.close();
    await live?.close();
  });

  for (const screen of ['desktop', 'phone'] as const satisfies ViewportName[]) {
    it(`shows an admin the uptime, the errors and the slowest routes (${screen})`, async () => {
      const { page, context, problems } = await openWatchedPage(browser, screen);
      await page.goto(`${live.baseUrl}/login`);
      await submitLogin(page, admin.email, TEST_PASSWORD);
      expect(new URL(page.url()).pathname).toBe('/admin');
      await page
        .getByRole('navigation', { name: 'Console sections' })
        .getByRole('link', { name: 'Monitoring' })
        .click();
      expect(new URL(page.url()).pathname).toBe('/admin/monitoring');
      await expectAccessiblePage(page);
      await expectNoHorizontalScroll(page);

      expect(await page.getByRole('heading', { level: 1 }).textContent()).toContain('Monitoring');
      const figures = page.getByRole('region', { name: 'Last 30 days' }).getByRole('listitem');
      // 6 December: 1380 of 1440 minutes; today 720 of 720: 2100 / 2160 = 97.2%.
      expect(await figures.filter({ hasText: 'uptime' }).textContent()).toContain('97.2%');
      expect(await figures.filter({ hasText: 'uptime' }).textContent()).toContain('60 minutes down');
      // 3 of 40 in the last 15 minutes: 7.5%, over the 5% threshold.
      const recent = figures.filter({ hasText: 'last 15 minutes' });
      expect(await recent.textContent()).toContain('7.5%');
      expect(await recent.textContent()).toContain('At or over the alert threshold of 5%');

      const slowest = page.getByRole('table', { name: /Slowest routes/ });
      const first = slowest.getByRole('row').nth(1);
      expect(await first.textContent()).toContain('GET /admin/programmes/reports');
      expect(await first.textContent()).toContain('500 ms');
      expect(await first.textContent()).toContain('5 s');
      const days = page.getByRole('table', { name: /Uptime and errors per day/ });
      expect(await days.getByRole('row', { name: /2026-12-06/ }).textContent()).toContain('95.8%');

      await saveScreenshot(page, `monitoring-${screen}`);
      expect(problems).toEqual([]);
      await context.close();
    });
  }
});
