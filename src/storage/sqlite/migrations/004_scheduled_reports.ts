/**
 * Migration 4, scheduled programme reports (issue 21): `scheduled_reports` keeps each
 * monthly and quarterly report the scheduled job made, the record as JSON beside the
 * columns it is listed by. Its primary key is the kind and period (`monthly-2026-11`), so
 * a period has one report however many instances run the job. `scheduled_report_settings`
 * is a single row (id 1) holding the staff chosen to receive the reports.
 */
import type { SqliteMigration } from '../migrate.js';

export const scheduledReports: SqliteMigration = {
  version: 4,
  name: 'scheduled_reports',
  up(db) {
    db.exec(`
CREATE TABLE scheduled_reports (
  id TEXT PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('monthly', 'quarterly')),
  period TEXT NOT NULL,
  period_end TEXT NOT NULL,
  emailed INTEGER NOT NULL CHECK (emailed IN (0, 1)),
  record TEXT NOT NULL
) STRICT;
CREATE INDEX scheduled_reports_period ON scheduled_reports (period_end, kind);
CREATE INDEX scheduled_reports_unsent ON scheduled_reports (emailed, period_end);
CREATE TABLE scheduled_report_settings (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  record TEXT NOT NULL
) STRICT;
`);
  },
};
