/**
 * Request counts per route, kept in memory and flushed to the store once a minute (see
 * heartbeat.ts), so answering a request costs a map look-up and a few additions, never a
 * write or an await. Routes are Hono's matched route patterns (`/admin/users/:id`), never
 * the raw URL, so the number of keys is bounded by the routes the app declares.
 */
import type { MiddlewareHandler } from 'hono';
import { routePath } from 'hono/route';
import {
  LATENCY_BOUNDS_MS,
  LATENCY_BUCKETS,
  type RequestCounts,
  type RouteCounts,
} from '../storage/monitoringPorts.js';

/** What the counter hands over at a flush: totals and per-route counts since the last one. */
interface CountsTaken {
  totals: RequestCounts;
  routes: RouteCounts[];
}

/** The in-memory counter of one instance. */
export interface RequestCounter {
  /** Counts one answered request. */
  record(method: string, route: string, status: number, elapsedMs: number): void;
  /** Hands over everything counted since the last call and starts again from zero. */
  take(): CountsTaken;
}

/** The histogram bucket a latency falls in (its index into LATENCY_BOUNDS_MS, or the overflow). */
export function latencyBucket(elapsedMs: number): number {
  const index = LATENCY_BOUNDS_MS.findIndex((bound) => elapsedMs <= bound);
  return index === -1 ? LATENCY_BOUNDS_MS.length : index;
}

/**
 * The latency at quantile `q` (0.5 for p50, 0.95 for p95) read from a histogram: the upper
 * bound of the bucket the q-th request falls in, so "p95 250" means 95% took 250 ms or
 * less. Infinity when it falls in the overflow bucket (slower than the last bound);
 * undefined for an empty histogram.
 */
export function latencyQuantile(latency: readonly number[], q: number): number | undefined {
  const total = latency.reduce((a, b) => a + b, 0);
  if (total === 0) return undefined;
  const rank = Math.ceil(q * total);
  let seen = 0;
  for (let i = 0; i < LATENCY_BUCKETS; i++) {
    seen += latency[i] ?? 0;
    if (seen >= rank) return LATENCY_BOUNDS_MS[i] ?? Number.POSITIVE_INFINITY;
  }
  return Number.POSITIVE_INFINITY;
}

/** A new, empty counter. */
export function createRequestCounter(): RequestCounter {
  let routes = new Map<string, RouteCounts>();
  return {
    record(method, route, status, elapsedMs) {
      const key = `${method} ${route}`;
      let entry = routes.get(key);
      if (!entry) {
        entry = {
          method,
          route,
          requests: 0,
          clientErrors: 0,
          serverErrors: 0,
          latency: new Array<number>(LATENCY_BUCKETS).fill(0),
        };
        routes.set(key, entry);
      }
      entry.requests += 1;
      if (status >= 500) entry.serverErrors += 1;
      else if (status >= 400) entry.clientErrors += 1;
      entry.latency[latencyBucket(elapsedMs)]! += 1;
    },
    take() {
      const taken = [...routes.values()];
      routes = new Map();
      const totals = { requests: 0, clientErrors: 0, serverErrors: 0 };
      for (const r of taken) {
        totals.requests += r.requests;
        totals.clientErrors += r.clientErrors;
        totals.serverErrors += r.serverErrors;
      }
      return { totals, routes: taken };
    },
  };
}

/**
 * The middleware counting every request the app answers into `counter`: its method, the
 * route pattern that answered (the last handler that ran, so a request refused by a
 * section's login check counts under that section's pattern, e.g. `/admin/*`), its status
 * and how long it took. Install it first, so the time includes the other middleware.
 */
export function countRequests(counter: RequestCounter): MiddlewareHandler {
  return async (c, next) => {
    const started = performance.now();
    await next();
    counter.record(c.req.method, routePath(c), c.res.status, performance.now() - started);
  };
}
