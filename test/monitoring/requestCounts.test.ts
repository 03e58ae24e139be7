/**
 * Request counts in memory: grouped by method and route pattern with 4xx, 5xx and a latency
 * histogram; p50/p95 read from the histogram (worked by hand); handed over and reset at a
 * flush, which writes the instance's heartbeat and adds the route counts to the hour's
 * records; and the middleware counts Hono's matched pattern, never the raw URL.
 */
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import {
  countRequests,
  createRequestCounter,
  latencyBucket,
  latencyQuantile,
} from '../../src/monitoring/requestCounts.js';
import { recordHeartbeat } from '../../src/monitoring/heartbeat.js';
import { createSqliteStores } from '../../src/storage/sqlite/sqliteStores.js';
import { LATENCY_BUCKETS } from '../../src/storage/monitoringPorts.js';

/** A histogram with the given counts in the given buckets. */
function histogram(counts: Record<number, number>): number[] {
  return Array.from({ length: LATENCY_BUCKETS }, (_, i) => counts[i] ?? 0);
}

describe('the latency histogram', () => {
  it('puts a latency in the first bucket whose bound holds it, the overflow past the last', () => {
    expect(latencyBucket(0)).toBe(0);
    expect(latencyBucket(10)).toBe(0);
    expect(latencyBucket(10.5)).toBe(1);
    expect(latencyBucket(10_000)).toBe(9);
    expect(latencyBucket(10_001)).toBe(10);
  });

  it('reads p50 and p95 as the bound of the bucket the rank falls in', () => {
    // 100 requests: 50 ≤10 ms, 30 ≤25 ms, 15 ≤100 ms, 4 ≤250 ms, 1 over 10 s.
    const h = histogram({ 0: 50, 1: 30, 3: 15, 4: 4, 10: 1 });
    expect(latencyQuantile(h, 0.5)).toBe(10); // rank 50: the 50th is the last ≤10 ms
    expect(latencyQuantile(h, 0.95)).toBe(100); // rank 95: 50 + 30 + 15
    expect(latencyQuantile(h, 0.99)).toBe(250); // rank 99
    expect(latencyQuantile(h, 1)).toBe(Number.POSITIVE_INFINITY);
    expect(latencyQuantile(histogram({}), 0.5)).toBeUndefined();
    // One request of 3: rank ceil(0.5 * 3) = 2 falls in the second one's bucket.
    expect(latencyQuantile(histogram({ 2: 1, 5: 2 }), 0.5)).toBe(500);
  });
});

describe('the request counter', () => {
  it('groups by method and route, counts 4xx and 5xx, and resets when taken', () => {
    const counter = createRequestCounter();
    counter.record('GET', '/users/:id', 200, 5);
    counter.record('GET', '/users/:id', 404, 30);
    counter.record('GET', '/users/:id', 503, 20_000);
    counter.record('POST', '/users/:id', 201, 120);
    const { totals, routes } = counter.take();
    expect(totals).toEqual({ requests: 4, clientErrors: 1, serverErrors: 1 });
    expect(routes).toEqual([
      {
        method: 'GET',
        route: '/users/:id',
        requests: 3,
        clientErrors: 1,
        serverErrors: 1,
        latency: histogram({ 0: 1, 2: 1, 10: 1 }),
      },
      {
        method: 'POST',
        route: '/users/:id',
        requests: 1,
        clientErrors: 0,
        serverErrors: 0,
        latency: histogram({ 4: 1 }),
      },
    ]);
    expect(counter.take()).toEqual({ totals: { requests: 0, clientErrors: 0, serverErrors: 0 }, routes: [] });
  });

  it('flushes into the heartbeat of the minute and the route records of the hour', async () => {
    const stores = createSqliteStores(':memory:');
    const counter = createRequestCounter();
    const deps = { stores, counter, instanceId: 'web-1', now: () => new Date('2026-12-07T10:05:42.000Z') };
    counter.record('GET', '/a', 200, 5);
    counter.record('GET', '/a', 500, 5);
    await recordHeartbeat(deps);
    counter.record('GET', '/a', 200, 40);
    await recordHeartbeat(deps); // a second beat in the same minute adds up
    await recordHeartbeat(deps); // and one with nothing counted still marks the minute
    expect(
      await stores.monitoring.heartbeatMinutes('2026-12-07T10:00:00.000Z', '2026-12-07T11:00:00.000Z'),
    ).toEqual(['2026-12-07T10:05:00.000Z']);
    expect(
      await stores.monitoring.requestTotals('2026-12-07T10:05:00.000Z', '2026-12-07T10:06:00.000Z'),
    ).toEqual({ requests: 3, clientErrors: 0, serverErrors: 1 });
    expect(
      await stores.monitoring.listRouteHours('2026-12-07T10:00:00.000Z', '2026-12-07T11:00:00.000Z'),
    ).toEqual([
      {
        hour: '2026-12-07T10:00:00.000Z',
        method: 'GET',
        route: '/a',
        requests: 3,
        clientErrors: 0,
        serverErrors: 1,
        latency: histogram({ 0: 2, 2: 1 }),
      },
    ]);
    await stores.close();
  });
});

describe('the counting middleware', () => {
  it('counts the matched route pattern, the status (errors included) and never the raw URL', async () => {
    const counter = createRequestCounter();
    const app = new Hono();
    app.use('*', countRequests(counter));
    app.onError((_error, c) => c.text('failed', 500));
    const users = new Hono()
      .get('/:id', (c) => c.text(c.req.param('id')))
      .get('/:id/broken', () => {
        throw new Error('boom');
      });
    app.route('/users', users);
    for (const path of ['/users/41', '/users/42', '/users/43/broken', '/nothing/here'])
      await app.request(path);
    const { totals, routes } = counter.take();
    expect(totals).toEqual({ requests: 4, clientErrors: 1, serverErrors: 1 });
    expect(routes.map((r) => [r.method, r.route, r.requests])).toEqual([
      ['GET', '/users/:id', 2],
      ['GET', '/users/:id/broken', 1],
      ['GET', '/*', 1],
    ]);
    expect(JSON.stringify(routes)).not.toMatch(/4[123]/);
  });
});
