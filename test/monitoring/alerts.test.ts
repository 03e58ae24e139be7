/**
 * The alert job on a controlled clock (thresholds from config: a backlog of 2, 5% server
 * errors over at least 20 requests): quiet below the thresholds and below the minimum
 * number of requests; past one, it alerts once through the outbox, stays quiet within the
 * hour though the rate stays high, and alerts again after it. The error rate goes to every
 * admin (no one else); the backlog, counted as the dashboard counts it, to the admins whose
 * messaging preferences include it: on for an admin who never saved preferences, off for
 * one who turned it off, on for one whose old record chose the daily alert it replaced,
 * never for staff.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../fixtures/testDeps.js';
import { createUser, signIn, type SignedIn } from '../fixtures/sessions.js';
import { post } from '../http/pages/consoleFixtures.js';
import { checkMonitoringAlerts } from '../../src/monitoring/alerts.js';
import type { UserRecord } from '../../src/storage/ports.js';

let t: TestApp;
let admins: UserRecord[];
/** An admin who saved preferences without the backlog alert. */
let quietAdmin: UserRecord;
/** An admin whose preferences were saved when the daily backlog alert existed, choosing it. */
let oldChoiceAdmin: UserRecord;
let staff: UserRecord;
let people: SignedIn[];

const at = (iso: string) => {
  t.clock.now = new Date(iso);
};
/** A heartbeat of instance `web-1` at `minute` with `requests` answered, `failed` of them 5xx. */
const beat = (minute: string, requests: number, failed: number) =>
  t.deps.stores.monitoring.recordHeartbeat({
    minute,
    instanceId: 'web-1',
    requests,
    clientErrors: 0,
    serverErrors: failed,
  });
const alertEmails = () =>
  t.deps.stores.outbox.search({ trigger: 'monitoring_alert', channel: 'email', limit: 100 });

beforeAll(async () => {
  t = await createTestApp({
    env: {
      MONITORING_BACKLOG_ALERT: '2',
      MONITORING_ERROR_RATE_ALERT_PCT: '5',
      MONITORING_ERROR_ALERT_MIN_REQUESTS: '20',
    },
  });
  at('2026-12-01T08:00:00.000Z');
  quietAdmin = await createUser(t, 'admin');
  oldChoiceAdmin = await createUser(t, 'admin');
  admins = [await createUser(t, 'admin'), quietAdmin, oldChoiceAdmin];
  staff = await createUser(t, 'staff');
  await post(t, '/admin/messages/preferences', await signIn(t, 'admin', quietAdmin), {
    alert_assigned_reply: 'on',
  });
  // Written as the old release stored them ('sla_backlog' is no longer an alert name).
  for (const who of [oldChoiceAdmin, staff])
    await t.deps.stores.messagingPreferences.putPreferences({
      staffId: who.id,
      alerts: ['assigned_reply', 'sla_backlog' as never],
      updatedAt: '2026-11-20T08:00:00.000Z',
    });
  people = [await signIn(t, 'participant'), await signIn(t, 'participant')];
  // One conversation waits from Tuesday 08:00 (the reply target is 24 hours).
  await post(t, '/me/messages', people[0]!, { category: 'other', subject: 'First', body: 'Hello' });
});
afterAll(async () => {
  await t.close();
});

describe('monitoring alerts', () => {
  it('stays quiet below the thresholds and below the minimum number of requests', async () => {
    at('2026-12-02T10:00:00.000Z');
    await beat('2026-12-02T09:50:00.000Z', 30, 1); // 3.3%, and one conversation over the target
    expect(await checkMonitoringAlerts(t.deps.monitoring)).toEqual([]);
    at('2026-12-02T12:00:00.000Z');
    await beat('2026-12-02T11:55:00.000Z', 10, 5); // 50%, but only 10 requests
    expect(await checkMonitoringAlerts(t.deps.monitoring)).toEqual([]);
    expect(await alertEmails()).toEqual([]);
  });

  it('alerts every admin once when the error rate passes, not again within the hour, again after it', async () => {
    at('2026-12-02T14:00:00.000Z');
    await beat('2026-12-02T13:50:00.000Z', 20, 1);
    await beat('2026-12-02T13:55:00.000Z', 10, 2); // 3 of 30 in the 15 minutes: 10%
    expect(await checkMonitoringAlerts(t.deps.monitoring)).toEqual([
      {
        kind: 'error_rate',
        sent: true,
        detail: '3 of 30 requests in the last 15 minutes failed with a server error (10%, alert at 5%).',
      },
    ]);
    const first = await alertEmails();
    expect(first.map((m) => m.userId).sort()).toEqual(admins.map((a) => a.id).sort());
    expect(first.map((m) => m.userId)).not.toContain(staff.id);
    expect(first[0]!.subject).toBe('Alert: Server errors above the alert threshold');
    expect(first[0]!.text).toContain('3 of 30 requests');
    expect(first[0]!.text).toContain('http://localhost:3000/admin/monitoring');

    at('2026-12-02T14:30:00.000Z');
    await beat('2026-12-02T14:25:00.000Z', 40, 10);
    expect(await checkMonitoringAlerts(t.deps.monitoring)).toMatchObject([
      { kind: 'error_rate', sent: false },
    ]);
    expect(await alertEmails()).toHaveLength(3);

    at('2026-12-02T15:00:00.000Z'); // an hour after the first
    await beat('2026-12-02T14:58:00.000Z', 40, 10);
    expect(await checkMonitoringAlerts(t.deps.monitoring)).toMatchObject([
      { kind: 'error_rate', sent: true },
    ]);
    expect(await alertEmails()).toHaveLength(6);
  });

  it('alerts when conversations waiting past the reply target reach the backlog threshold', async () => {
    at('2026-12-02T15:30:00.000Z');
    await post(t, '/me/messages', people[1]!, { category: 'payment', subject: 'Second', body: 'Hello' });
    at('2026-12-03T16:00:00.000Z'); // both have waited over 24 hours; no requests in the window
    expect(await checkMonitoringAlerts(t.deps.monitoring)).toEqual([
      {
        kind: 'sla_backlog',
        sent: true,
        detail: '2 conversations have waited longer than the 24-hour reply target (alert at 2).',
      },
    ]);
    const backlog = (await alertEmails()).filter((m) => m.subject.includes('backlog'));
    expect(backlog.map((m) => m.userId).sort()).toEqual([admins[0]!.id, oldChoiceAdmin.id].sort());
    expect(backlog[0]!.subject).toBe('Alert: Messaging backlog over the reply target');
    expect(backlog[0]!.text).toContain('2 conversations have waited longer than the 24-hour reply target');
    at('2026-12-03T16:10:00.000Z');
    expect(await checkMonitoringAlerts(t.deps.monitoring)).toMatchObject([
      { kind: 'sla_backlog', sent: false },
    ]);
    expect((await alertEmails()).filter((m) => m.subject.includes('backlog'))).toHaveLength(2);
    // The daily backlog alert is gone: nothing else was sent about the backlog.
    expect(await t.deps.stores.outbox.search({ trigger: 'messaging_sla_backlog', limit: 10 })).toEqual([]);
  });
});
