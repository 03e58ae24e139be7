/**
 * Availability and errors over a period, for the admins' monitoring page and the
 * messaging monthly report: uptime per day and week (uptime.ts), requests and the 4xx/5xx
 * rates per day, and per route pattern the counts with p50/p95 read from the latency
 * histogram, the slowest routes first.
 */
import { AppError } from '../errors.js';
import type { Actor } from '../accounts/accountDeps.js';
import {
  LATENCY_BOUNDS_MS,
  LATENCY_BUCKETS,
  type MonitoringStore,
  type RequestCounts,
  type RouteHourRecord,
} from '../storage/monitoringPorts.js';
import { latencyQuantile } from './requestCounts.js';
import { overallUptime, uptimeByDay, uptimeByWeek, type UptimePeriod } from './uptime.js';
import { ERROR_WINDOW_MS } from './alerts.js';
import type { AlertThresholds, MonitoringDeps } from './monitoringDeps.js';

/** A route's figures over the period. */
export interface RouteSummary extends RequestCounts {
  method: string;
  route: string;
  /** Upper bounds of the histogram buckets holding the median and the 95th percentile (Infinity: slower than the last bound). */
  p50Ms?: number;
  p95Ms?: number;
  serverErrorRatePct?: number;
}

/** One day: its uptime and its requests. */
interface DayAvailability extends UptimePeriod, RequestCounts {
  serverErrorRatePct?: number;
}

/** Availability and errors over [from, to). */
export interface Availability {
  from: string;
  to: string;
  /** When monitoring began (the first heartbeat); absent before any. */
  since?: string;
  days: DayAvailability[];
  weeks: UptimePeriod[];
  overall?: UptimePeriod;
  requests: RequestCounts & { serverErrorRatePct?: number; clientErrorRatePct?: number };
  /** Every route, the most requested first. */
  routes: RouteSummary[];
  /** Up to five routes with at least SLOWEST_MIN_REQUESTS requests, the slowest (p95, then p50) first. */
  slowest: RouteSummary[];
}

/** Routes with fewer requests than this are not ranked among the slowest (one slow export is no trend). */
const SLOWEST_MIN_REQUESTS = 10;

const pct = (part: number, whole: number) =>
  whole === 0 ? undefined : Math.round((part / whole) * 1000) / 10;
const withPct = <T extends object>(value: T, key: string, rate: number | undefined) =>
  rate === undefined ? value : { ...value, [key]: rate };

/** Adds route records up by method and route. */
function summariseRoutes(records: readonly RouteHourRecord[]): RouteSummary[] {
  const byRoute = new Map<string, { counts: RouteSummary; latency: number[] }>();
  for (const r of records) {
    const key = `${r.method} ${r.route}`;
    const entry = byRoute.get(key) ?? {
      counts: { method: r.method, route: r.route, requests: 0, clientErrors: 0, serverErrors: 0 },
      latency: new Array<number>(LATENCY_BUCKETS).fill(0),
    };
    entry.counts.requests += r.requests;
    entry.counts.clientErrors += r.clientErrors;
    entry.counts.serverErrors += r.serverErrors;
    r.latency.forEach((n, i) => {
      entry.latency[i] = (entry.latency[i] ?? 0) + n;
    });
    byRoute.set(key, entry);
  }
  return [...byRoute.values()]
    .map(({ counts, latency }) => {
      const p50Ms = latencyQuantile(latency, 0.5);
      const p95Ms = latencyQuantile(latency, 0.95);
      return withPct(
        { ...counts, ...(p50Ms === undefined ? {} : { p50Ms }), ...(p95Ms === undefined ? {} : { p95Ms }) },
        'serverErrorRatePct',
        pct(counts.serverErrors, counts.requests),
      );
    })
    .sort((a, b) => b.requests - a.requests || (a.route < b.route ? -1 : 1));
}

/** The figures over [from, to) (UTC midnights) as of `now`. */
export async function availabilityBetween(
  store: MonitoringStore,
  from: string,
  to: string,
  now: Date,
): Promise<Availability> {
  const [minutes, since, records] = await Promise.all([
    store.heartbeatMinutes(from, to),
    store.firstHeartbeat(),
    store.listRouteHours(from, to),
  ]);
  const uptime = uptimeByDay(minutes, { from, to }, since, now);
  const byDay = new Map<string, RequestCounts>();
  for (const r of records) {
    const day = r.hour.slice(0, 10);
    const n = byDay.get(day) ?? { requests: 0, clientErrors: 0, serverErrors: 0 };
    n.requests += r.requests;
    n.clientErrors += r.clientErrors;
    n.serverErrors += r.serverErrors;
    byDay.set(day, n);
  }
  const days: DayAvailability[] = uptime.map((day) => {
    const counts = byDay.get(day.start) ?? { requests: 0, clientErrors: 0, serverErrors: 0 };
    return withPct({ ...day, ...counts }, 'serverErrorRatePct', pct(counts.serverErrors, counts.requests));
  });
  const routes = summariseRoutes(records);
  const requests = {
    requests: days.reduce((n, d) => n + d.requests, 0),
    clientErrors: days.reduce((n, d) => n + d.clientErrors, 0),
    serverErrors: days.reduce((n, d) => n + d.serverErrors, 0),
  };
  const slowest = routes
    .filter((r) => r.requests >= SLOWEST_MIN_REQUESTS)
    .sort((a, b) => (b.p95Ms ?? 0) - (a.p95Ms ?? 0) || (b.p50Ms ?? 0) - (a.p50Ms ?? 0))
    .slice(0, 5);
  const overall = overallUptime(uptime);
  return {
    from,
    to,
    ...(since ? { since } : {}),
    days,
    weeks: uptimeByWeek(uptime),
    ...(overall ? { overall } : {}),
    requests: withPct(
      withPct(requests, 'serverErrorRatePct', pct(requests.serverErrors, requests.requests)),
      'clientErrorRatePct',
      pct(requests.clientErrors, requests.requests),
    ),
    routes,
    slowest,
  };
}

/** What the admins' monitoring page shows. */
export interface MonitoringOverview {
  at: string;
  /** The last 30 days, today included. */
  availability: Availability;
  /** Requests over the last 15 minutes (what the error-rate alert judges). */
  recent: RequestCounts & { serverErrorRatePct?: number };
  thresholds: AlertThresholds;
}

const DAY_MS = 86_400_000;

/** The last 30 days' availability and the last 15 minutes' errors, for admins. */
export async function monitoringOverview(deps: MonitoringDeps, actor: Actor): Promise<MonitoringOverview> {
  if (actor.role !== 'admin') throw new AppError('forbidden', 'Monitoring is for admins');
  const now = deps.now();
  const tomorrow = Math.floor(now.getTime() / DAY_MS) * DAY_MS + DAY_MS;
  const [availability, recent] = await Promise.all([
    availabilityBetween(
      deps.stores.monitoring,
      new Date(tomorrow - 30 * DAY_MS).toISOString(),
      new Date(tomorrow).toISOString(),
      now,
    ),
    deps.stores.monitoring.requestTotals(
      new Date(now.getTime() - ERROR_WINDOW_MS).toISOString(),
      now.toISOString(),
    ),
  ]);
  return {
    at: now.toISOString(),
    availability,
    recent: withPct(recent, 'serverErrorRatePct', pct(recent.serverErrors, recent.requests)),
    thresholds: deps.thresholds,
  };
}

/** A latency bound as people read it: "250 ms", "2.5 s", "over 10 s". */
export function latencyText(ms: number | undefined): string {
  if (ms === undefined) return '—';
  if (ms === Number.POSITIVE_INFINITY) return `over ${latencyText(LATENCY_BOUNDS_MS.at(-1))}`;
  return ms < 1000 ? `${ms} ms` : `${ms / 1000} s`;
}

/** A percentage or a dash. */
export const pctText = (value: number | undefined) => (value === undefined ? '—' : `${value}%`);
