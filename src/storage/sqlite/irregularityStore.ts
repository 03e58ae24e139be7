/**
 * The SQLite IrregularityStore: one row per irregularity, its record as JSON beside the
 * columns it is found by (organisation, status, when recorded). An update is conditional on
 * the version, so two people changing one irregularity at once cannot both win. The table
 * is made by migration 9 (migrations/009_additional_review.ts).
 */
import { OPEN_IRREGULARITY_STATUSES, type IrregularityRecord, type IrregularityStore } from '../ports.js';
import type { SqliteDb } from './schema.js';

/** Builds the store over an open, migrated database. */
export function createSqliteIrregularityStore(db: SqliteDb): IrregularityStore {
  const insert = db.prepare<[string, string, string, string, number, string]>(
    'INSERT INTO accreditation_irregularities (id, organisation_id, status, recorded_at, version, record) VALUES (?, ?, ?, ?, ?, ?)',
  );
  const one = db.prepare<[string], { record: string }>(
    'SELECT record FROM accreditation_irregularities WHERE id = ?',
  );
  const update = db.prepare<[string, number, string, string, number]>(
    'UPDATE accreditation_irregularities SET status = ?, version = ?, record = ? WHERE id = ? AND version = ?',
  );
  const open = OPEN_IRREGULARITY_STATUSES.map(() => '?').join(', ');
  return {
    createIrregularity: async (record) => {
      insert.run(
        record.id,
        record.organisationId,
        record.status,
        record.recordedAt,
        record.version,
        JSON.stringify(record),
      );
    },
    getIrregularity: async (id) => {
      const row = one.get(id);
      return row ? (JSON.parse(row.record) as IrregularityRecord) : undefined;
    },
    updateIrregularity: async (record, expectedVersion) =>
      update.run(record.status, record.version, JSON.stringify(record), record.id, expectedVersion)
        .changes === 1,
    listIrregularities: async (filter) => {
      const where: string[] = [];
      const args: (string | number)[] = [];
      if (filter.organisationId) {
        where.push('organisation_id = ?');
        args.push(filter.organisationId);
      }
      if (filter.open) {
        where.push(`status IN (${open})`);
        args.push(...OPEN_IRREGULARITY_STATUSES);
      }
      const sql = `SELECT record FROM accreditation_irregularities${where.length ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY recorded_at DESC, id DESC LIMIT ?`;
      return db
        .prepare<(string | number)[], { record: string }>(sql)
        .all(...args, filter.limit)
        .map((row) => JSON.parse(row.record) as IrregularityRecord);
    },
  };
}
