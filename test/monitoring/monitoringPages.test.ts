/**
 * The monitoring page and the report on seeded figures: the app counts each request under
 * its route pattern (never the id in the URL) and the heartbeat flushes them; an admin's
 * /admin/monitoring shows the uptime, error rates and slowest routes of the last 30 days;
 * staff are refused it (and the domain refuses them too); the messaging monthly report
 * carries the month's availability in its page, CSV and figures.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../fixtures/testDeps.js';
import { signIn, type SignedIn } from '../fixtures/sessions.js';
import { expectLabelled, get } from '../http/pages/consoleFixtures.js';
import { recordHeartbeat } from '../../src/monitoring/heartbeat.js';
import { monitoringOverview } from '../../src/monitoring/availability.js';
import { monthlyReport } from '../../src/messaging/monthlyReport.js';
import { LATENCY_BUCKETS } from '../../src/storage/monitoringPorts.js';

let t: TestApp;
let admin: SignedIn;
let staff: SignedIn;

const MINUTE = 60_000;
const latency = (pairs: Record<number, number>) =>
  Array.from({ length: LATENCY_BUCKETS }, (_, i) => pairs[i] ?? 0);

beforeAll(async () => {
  t = await createTestApp();
  t.clock.now = new Date('2026-11-30T12:00:00.000Z');
  admin = await signIn(t, 'admin');
  staff = await signIn(t, 'staff');
  const { monitoring } = t.deps.stores;
  // Up every minute of 29 and 30 November but 29 November 08:00-08:59 (60 minutes down).
  for (
    let m = Date.parse('2026-11-29T00:00:00.000Z');
    m < Date.parse('2026-11-30T12:00:00.000Z');
    m += MINUTE
  ) {
    const minute = new Date(m).toISOString();
    if (minute >= '2026-11-29T08:00' && minute < '2026-11-29T09:00') continue;
    await monitoring.recordHeartbeat({
      minute,
      instanceId: 'web-1',
      requests: 0,
      clientErrors: 0,
      serverErrors: 0,
    });
  }
  await monitoring.addRouteCounts('2026-11-29T10:00:00.000Z', [
    {
      method: 'GET',
      route: '/admin/programmes/reports',
      requests: 20,
      clientErrors: 0,
      serverErrors: 2,
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
  await t.close();
});

describe('monitoring', () => {
  it('counts requests under their route pattern and flushes them with the heartbeat', async () => {
    t.deps.monitoring.counter.take();
    await get(t, `/admin/users/${staff.user.id}`, admin);
    await get(t, '/admin/users/someone-else', admin);
    t.clock.now = new Date('2026-11-30T12:00:20.000Z');
    await recordHeartbeat(t.deps.monitoring);
    const routes = await t.deps.stores.monitoring.listRouteHours(
      '2026-11-30T12:00:00.000Z',
      '2026-11-30T13:00:00.000Z',
    );
    expect(routes.map((r) => [r.method, r.route, r.requests])).toEqual([['GET', '/admin/users/:id', 2]]);
    expect(JSON.stringify(routes)).not.toContain(staff.user.id);
    t.clock.now = new Date('2026-11-30T12:00:30.000Z');
  });

  it("shows an admin the last 30 days' uptime, errors and slowest routes", async () => {
    const res = await get(t, '/admin/monitoring', admin);
    expect(res.status).toBe(200);
    const html = await res.text();
    expectLabelled(html);
    // 29 Nov: 1380 of 1440; 30 Nov: 720 of 720 (up to 12:00); 2100 / 2160 = 97.2%.
    expect(html).toContain('<strong>97.2%</strong> uptime');
    expect(html).toContain('60 minutes down of 2160 minutes measured');
    expect(html).toContain('<th scope="row">2026-11-29</th><td>95.8%</td><td>60</td>');
    // The reports route: p50 in the 500 ms bucket, p95 in the 5 s one; listed first as the slowest.
    expect(html).toMatch(
      /id="slowest-routes"[\s\S]*GET \/admin\/programmes\/reports[\s\S]*500 ms[\s\S]*5 s[\s\S]*GET \/verify/,
    );
    expect(html).toContain('/admin/messages/reports?month=2026-11');
  });

  it('is for admins only', async () => {
    expect((await get(t, '/admin/monitoring', staff)).status).toBe(403);
    await expect(
      monitoringOverview(t.deps.monitoring, { id: staff.user.id, label: 'staff', role: 'staff' }),
    ).rejects.toMatchObject({ code: 'forbidden' });
  });

  it("puts the month's availability in the messaging monthly report", async () => {
    const report = await monthlyReport(
      t.deps.messaging,
      { id: staff.user.id, label: 'staff', role: 'staff' },
      '2026-11',
      'SayPro',
    );
    expect(report.availability.overall).toMatchObject({
      upMinutes: 2100,
      measuredMinutes: 2160,
      uptimePct: 97.2,
    });
    expect(report.availabilitySections.map((s) => s.heading)).toEqual(['Availability', 'Slowest routes']);
    expect(report.availabilitySections[0]!.paragraphs[1]).toBe('Days below 99.9%: 2026-11-29 (95.8%).');
    expect(report.availabilitySections[0]!.paragraphs[2]).toContain('2% were server errors');
    expect(report.availabilitySections[1]!.table!.rows[0]).toEqual([
      'GET /admin/programmes/reports',
      '20',
      '500 ms',
      '5 s',
      '2',
    ]);
    const page = await (await get(t, '/admin/messages/reports?month=2026-11', staff)).text();
    expect(page).toContain('<h2>Availability</h2>');
    expect(page).toContain('Service uptime per day');
    const csv = await (await get(t, '/admin/messages/reports/2026-11.csv', staff)).text();
    expect(csv).toContain('2026-11,uptime_pct,,97.2\r\n');
    expect(csv).toContain('2026-11,uptime_pct_by_day,2026-11-29,95.8\r\n');
    expect(csv).toContain('2026-11,p95_ms_by_route,GET /admin/programmes/reports,5000\r\n');
  });
});
