/**
 * The monitoring store contract: heartbeats add up per minute and instance, minutes are
 * distinct and ranged [from, to), the first heartbeat is remembered, totals add every
 * instance; route counts add up per hour, method and route (histograms bucket by bucket,
 * also when two instances flush at once); an alert kind is claimed once, not again within
 * its quiet period (of two racing claims exactly one wins), and again after it; old records
 * are deleted.
 */
import { describe, expect, it } from 'vitest';
import { LATENCY_BUCKETS, type RouteCounts } from '../../src/storage/monitoringPorts.js';
import type { GetStores } from './storeContract.js';

const minute = (m: number) => new Date(Date.UTC(2026, 11, 7, 10, m)).toISOString();
const hour = (h: number) => new Date(Date.UTC(2026, 11, 7, h)).toISOString();
const counts = (requests: number, clientErrors = 0, serverErrors = 0) => ({
  requests,
  clientErrors,
  serverErrors,
});
const latency = (...pairs: [number, number][]) => {
  const h = new Array<number>(LATENCY_BUCKETS).fill(0);
  for (const [i, n] of pairs) h[i] = n;
  return h;
};
const route = (path: string, n: number, pairs: [number, number][], method = 'GET'): RouteCounts => ({
  method,
  route: path,
  ...counts(n, 1, 0),
  latency: latency(...pairs),
});

/** The monitoring store cases, over the stores of the current test. */
export function describeMonitoringContract(getStores: GetStores): void {
  describe('monitoring', () => {
    it('records heartbeats per minute and instance, adding counts, and ranges them [from, to)', async () => {
      const { monitoring } = getStores();
      expect(await monitoring.firstHeartbeat()).toBeUndefined();
      expect(await monitoring.requestTotals(minute(0), minute(59))).toEqual(counts(0));
      await monitoring.recordHeartbeat({ minute: minute(5), instanceId: 'a', ...counts(3, 1, 0) });
      await monitoring.recordHeartbeat({ minute: minute(5), instanceId: 'a', ...counts(2, 0, 1) });
      await monitoring.recordHeartbeat({ minute: minute(5), instanceId: 'b', ...counts(4) });
      await monitoring.recordHeartbeat({ minute: minute(7), instanceId: 'b', ...counts(1) });
      await monitoring.recordHeartbeat({ minute: minute(3), instanceId: 'b', ...counts(0) });
      expect(await monitoring.heartbeatMinutes(minute(0), minute(59))).toEqual([
        minute(3),
        minute(5),
        minute(7),
      ]);
      expect(await monitoring.heartbeatMinutes(minute(5), minute(7))).toEqual([minute(5)]);
      expect(await monitoring.firstHeartbeat()).toBe(minute(3));
      expect(await monitoring.requestTotals(minute(5), minute(8))).toEqual(counts(10, 1, 1));
      expect(await monitoring.requestTotals(minute(6), minute(7))).toEqual(counts(0));
    });

    it('adds route counts per hour, method and route, also from two instances at once', async () => {
      const { monitoring } = getStores();
      await monitoring.addRouteCounts(hour(10), [
        route('/users/:id', 2, [[0, 2]]),
        route('/users/:id', 1, [[3, 1]], 'POST'),
      ]);
      await Promise.all([
        monitoring.addRouteCounts(hour(10), [
          route('/users/:id', 3, [
            [0, 1],
            [10, 2],
          ]),
        ]),
        monitoring.addRouteCounts(hour(10), [route('/users/:id', 1, [[1, 1]])]),
      ]);
      await monitoring.addRouteCounts(hour(11), [route('/', 1, [[0, 1]])]);
      await monitoring.addRouteCounts(hour(11), []);
      const tenOClock = (await monitoring.listRouteHours(hour(10), hour(11))).sort((a, b) =>
        a.method.localeCompare(b.method),
      );
      expect(tenOClock).toEqual([
        {
          hour: hour(10),
          method: 'GET',
          route: '/users/:id',
          requests: 6,
          clientErrors: 3,
          serverErrors: 0,
          latency: latency([0, 3], [1, 1], [10, 2]),
        },
        { hour: hour(10), method: 'POST', route: '/users/:id', ...counts(1, 1, 0), latency: latency([3, 1]) },
      ]);
      expect((await monitoring.listRouteHours(hour(10), hour(12))).map((r) => r.hour).sort()).toEqual([
        hour(10),
        hour(10),
        hour(11),
      ]);
    });

    it('claims an alert once, not again within its quiet period, and again after it', async () => {
      const { monitoring } = getStores();
      const race = await Promise.all([
        monitoring.claimAlert('error_rate', hour(10), hour(9)),
        monitoring.claimAlert('error_rate', hour(10), hour(9)),
      ]);
      expect(race.filter(Boolean)).toHaveLength(1);
      // 10:30, quiet since 09:30: the 10:00 alert is within the hour.
      expect(
        await monitoring.claimAlert(
          'error_rate',
          minute(30),
          new Date(Date.UTC(2026, 11, 7, 9, 30)).toISOString(),
        ),
      ).toBe(false);
      // Another kind is claimed on its own.
      expect(await monitoring.claimAlert('sla_backlog', minute(30), hour(9))).toBe(true);
      // 11:00, quiet since 10:00: the last one is an hour old.
      expect(await monitoring.claimAlert('error_rate', hour(11), hour(10))).toBe(true);
      expect(await monitoring.claimAlert('error_rate', minute(59), hour(10))).toBe(false);
    });

    it('deletes heartbeats and route records older than a time', async () => {
      const { monitoring } = getStores();
      await monitoring.recordHeartbeat({ minute: minute(1), instanceId: 'a', ...counts(1) });
      await monitoring.recordHeartbeat({ minute: hour(11), instanceId: 'a', ...counts(1) });
      await monitoring.addRouteCounts(hour(9), [route('/', 1, [[0, 1]])]);
      await monitoring.addRouteCounts(hour(11), [route('/', 1, [[0, 1]])]);
      await monitoring.deleteBefore(hour(11));
      expect(await monitoring.heartbeatMinutes(hour(0), hour(23))).toEqual([hour(11)]);
      expect((await monitoring.listRouteHours(hour(0), hour(23))).map((r) => r.hour)).toEqual([hour(11)]);
      expect(await monitoring.firstHeartbeat()).toBe(hour(11));
    });
  });
}
