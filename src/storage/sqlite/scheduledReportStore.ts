/**
 * The SQLite ScheduledReportStore: one row per kept report, the record as JSON beside the
 * columns it is listed by; the primary key is the kind and period, so an insert for a
 * period that has its report already changes nothing (INSERT OR IGNORE) and says so. The
 * recipients are the single row of scheduled_report_settings. Tables: migration 004.
 */
import {
  reportSummary,
  type ReportRecipients,
  type ScheduledReportRecord,
  type ScheduledReportStore,
} from '../scheduledReportPorts.js';
import type { SqliteDb } from './schema.js';

type Row = { record: string };
const parse = (row: Row | undefined): ScheduledReportRecord | undefined =>
  row ? (JSON.parse(row.record) as ScheduledReportRecord) : undefined;

/** Builds the store over an open, migrated database. */
export function createSqliteScheduledReportStore(db: SqliteDb): ScheduledReportStore {
  const insert = db.prepare<[string, string, string, string, number, string]>(
    'INSERT OR IGNORE INTO scheduled_reports (id, kind, period, period_end, emailed, record) VALUES (?, ?, ?, ?, ?, ?)',
  );
  const one = db.prepare<[string], Row>('SELECT record FROM scheduled_reports WHERE id = ?');
  const list = db.prepare<[number], Row>(
    'SELECT record FROM scheduled_reports ORDER BY period_end DESC, kind ASC, id ASC LIMIT ?',
  );
  const unsent = db.prepare<[], Row>(
    'SELECT record FROM scheduled_reports WHERE emailed = 0 ORDER BY period_end ASC, kind ASC, id ASC',
  );
  const mark = db.prepare<[string, string]>(
    'UPDATE scheduled_reports SET emailed = 1, record = ? WHERE id = ? AND emailed = 0',
  );
  const settings = db.prepare<[], Row>('SELECT record FROM scheduled_report_settings WHERE id = 1');
  const saveSettings = db.prepare<[string]>(
    'INSERT INTO scheduled_report_settings (id, record) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET record = excluded.record',
  );
  return {
    insert: async (record) =>
      insert.run(
        record.id,
        record.kind,
        record.period,
        record.to,
        record.emailedAt ? 1 : 0,
        JSON.stringify(record),
      ).changes === 1,
    get: async (id) => parse(one.get(id)),
    list: async (limit) => list.all(limit).map((row) => reportSummary(parse(row)!)),
    listUnsent: async () => unsent.all().map((row) => parse(row)!),
    markEmailed: async (id, at) => {
      const current = parse(one.get(id));
      if (!current || current.emailedAt) return;
      mark.run(JSON.stringify({ ...current, emailedAt: at }), id);
    },
    getRecipients: async () => {
      const row = settings.get();
      return row ? (JSON.parse(row.record) as ReportRecipients) : { userIds: [] };
    },
    setRecipients: async (recipients) => {
      saveSettings.run(JSON.stringify(recipients));
    },
  };
}
