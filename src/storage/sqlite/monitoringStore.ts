/**
 * The SQLite MonitoringStore: heartbeats add their counts to the (minute, instance) row;
 * route counts add to the (hour, method, route) row, its latency histogram a JSON array
 * read and written back inside one transaction (one process owns the file, see
 * serverLock.ts, and better-sqlite3 runs it without yielding). An alert is claimed by an
 * upsert whose update applies only when the last one is older than the quiet period. The
 * tables are made by migration 009.
 */
import {
  LATENCY_BUCKETS,
  type MonitoringStore,
  type RequestCounts,
  type RouteHourRecord,
} from '../monitoringPorts.js';
import type { SqliteDb } from './schema.js';

interface RouteRow {
  hour: string;
  method: string;
  route: string;
  requests: number;
  client_errors: number;
  server_errors: number;
  latency: string;
}

const toRecord = (row: RouteRow): RouteHourRecord => ({
  hour: row.hour,
  method: row.method,
  route: row.route,
  requests: row.requests,
  clientErrors: row.client_errors,
  serverErrors: row.server_errors,
  latency: JSON.parse(row.latency) as number[],
});

/** Adds two histograms bucket by bucket (a missing bucket counts 0). */
const addBuckets = (a: number[], b: number[]) =>
  Array.from({ length: LATENCY_BUCKETS }, (_, i) => (a[i] ?? 0) + (b[i] ?? 0));

/** Builds the store over an open, migrated database. */
export function createSqliteMonitoringStore(db: SqliteDb): MonitoringStore {
  const beat = db.prepare<[string, string, number, number, number]>(
    `INSERT INTO monitoring_heartbeats (minute, instance_id, requests, client_errors, server_errors)
     VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (minute, instance_id) DO UPDATE SET
       requests = requests + excluded.requests,
       client_errors = client_errors + excluded.client_errors,
       server_errors = server_errors + excluded.server_errors`,
  );
  const routeRow = db.prepare<[string, string, string], RouteRow>(
    'SELECT * FROM monitoring_route_hours WHERE hour = ? AND method = ? AND route = ?',
  );
  const putRoute = db.prepare<[string, string, string, number, number, number, string]>(
    `INSERT OR REPLACE INTO monitoring_route_hours
       (hour, method, route, requests, client_errors, server_errors, latency) VALUES (?, ?, ?, ?, ?, ?, ?)`,
  );
  const addRoutes = db.transaction(
    (hour: string, counts: Parameters<MonitoringStore['addRouteCounts']>[1]) => {
      for (const c of counts) {
        const had = routeRow.get(hour, c.method, c.route);
        const before = had ? toRecord(had) : undefined;
        putRoute.run(
          hour,
          c.method,
          c.route,
          c.requests + (before?.requests ?? 0),
          c.clientErrors + (before?.clientErrors ?? 0),
          c.serverErrors + (before?.serverErrors ?? 0),
          JSON.stringify(addBuckets(c.latency, before?.latency ?? [])),
        );
      }
    },
  );
  const minutes = db.prepare<[string, string], { minute: string }>(
    'SELECT DISTINCT minute FROM monitoring_heartbeats WHERE minute >= ? AND minute < ? ORDER BY minute',
  );
  const first = db.prepare<[], { minute: string | null }>(
    'SELECT min(minute) AS minute FROM monitoring_heartbeats',
  );
  const totals = db.prepare<
    [string, string],
    { requests: number; client_errors: number; server_errors: number }
  >(
    `SELECT coalesce(sum(requests), 0) AS requests, coalesce(sum(client_errors), 0) AS client_errors,
       coalesce(sum(server_errors), 0) AS server_errors
     FROM monitoring_heartbeats WHERE minute >= ? AND minute < ?`,
  );
  const routeHours = db.prepare<[string, string], RouteRow>(
    'SELECT * FROM monitoring_route_hours WHERE hour >= ? AND hour < ? ORDER BY hour, method, route',
  );
  const claim = db.prepare<[string, string, string]>(
    `INSERT INTO monitoring_alerts (kind, last_at) VALUES (?, ?)
     ON CONFLICT (kind) DO UPDATE SET last_at = excluded.last_at WHERE monitoring_alerts.last_at <= ?`,
  );
  const dropBeats = db.prepare<[string]>('DELETE FROM monitoring_heartbeats WHERE minute < ?');
  const dropRoutes = db.prepare<[string]>('DELETE FROM monitoring_route_hours WHERE hour < ?');
  return {
    recordHeartbeat: async (s) => {
      beat.run(s.minute, s.instanceId, s.requests, s.clientErrors, s.serverErrors);
    },
    addRouteCounts: async (hour, counts) => {
      if (counts.length > 0) addRoutes(hour, counts);
    },
    heartbeatMinutes: async (from, to) => minutes.all(from, to).map((r) => r.minute),
    firstHeartbeat: async () => first.get()?.minute ?? undefined,
    requestTotals: async (from, to): Promise<RequestCounts> => {
      const row = totals.get(from, to)!;
      return { requests: row.requests, clientErrors: row.client_errors, serverErrors: row.server_errors };
    },
    listRouteHours: async (from, to) => routeHours.all(from, to).map(toRecord),
    claimAlert: async (kind, at, quietSince) => claim.run(kind, at, quietSince).changes === 1,
    deleteBefore: async (before) => {
      dropBeats.run(before);
      dropRoutes.run(before);
    },
  };
}
