/**
 * Migration 8 (issue 21, monitoring): `monitoring_heartbeats`, one row per instance and
 * minute it was running (with the requests it answered then), from which uptime is
 * measured; `monitoring_route_hours`, request counts and a latency histogram (JSON array of
 * bucket counts) per route pattern, method and hour, added up across flushes; and
 * `monitoring_alerts`, when each kind of alert last went out (at most one an hour). The
 * primary keys serve the range reads by time.
 */
import type { SqliteMigration } from '../migrate.js';

export const monitoring: SqliteMigration = {
  version: 8,
  name: 'monitoring',
  up(db) {
    db.exec(`
CREATE TABLE monitoring_heartbeats (
  minute TEXT NOT NULL,
  instance_id TEXT NOT NULL,
  requests INTEGER NOT NULL,
  client_errors INTEGER NOT NULL,
  server_errors INTEGER NOT NULL,
  PRIMARY KEY (minute, instance_id)
) STRICT;
CREATE TABLE monitoring_route_hours (
  hour TEXT NOT NULL,
  method TEXT NOT NULL,
  route TEXT NOT NULL,
  requests INTEGER NOT NULL,
  client_errors INTEGER NOT NULL,
  server_errors INTEGER NOT NULL,
  latency TEXT NOT NULL,
  PRIMARY KEY (hour, method, route)
) STRICT;
CREATE TABLE monitoring_alerts (
  kind TEXT PRIMARY KEY,
  last_at TEXT NOT NULL
) STRICT;
`);
  },
};
