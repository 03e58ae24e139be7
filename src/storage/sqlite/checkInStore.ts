/**
 * The SQLite CheckInStore: meetings, cadences and quarterly assessments, each row its
 * record as JSON beside the columns it is found by. A meeting update is conditional on its
 * version, so two staff changing one meeting at once cannot both win. The tables are made
 * by migration 003 (migrations/003_check_ins.ts).
 */
import type {
  CheckInCadenceRecord,
  CheckInMeetingRecord,
  CheckInStore,
  QuarterlyAssessmentRecord,
} from '../checkInPorts.js';
import type { SqliteDb } from './schema.js';

const parse = <T>(row: { record: string } | undefined): T | undefined =>
  row ? (JSON.parse(row.record) as T) : undefined;

/** Builds the store over an open, migrated database. */
export function createSqliteCheckInStore(db: SqliteDb): CheckInStore {
  const insert = db.prepare<[string, string, string, number, string]>(
    'INSERT INTO check_in_meetings (id, organisation_id, starts_at, version, record) VALUES (?, ?, ?, ?, ?)',
  );
  const one = db.prepare<[string], { record: string }>('SELECT record FROM check_in_meetings WHERE id = ?');
  const update = db.prepare<[string, number, string, string, number]>(
    'UPDATE check_in_meetings SET starts_at = ?, version = ?, record = ? WHERE id = ? AND version = ?',
  );
  const putCadence = db.prepare<[string, string]>(
    'INSERT INTO check_in_cadences (organisation_id, record) VALUES (?, ?) ON CONFLICT (organisation_id) DO UPDATE SET record = excluded.record',
  );
  const cadence = db.prepare<[string], { record: string }>(
    'SELECT record FROM check_in_cadences WHERE organisation_id = ?',
  );
  const cadences = db.prepare<[], { record: string }>(
    'SELECT record FROM check_in_cadences ORDER BY organisation_id',
  );
  const putAssessment = db.prepare<[string, string, string]>(
    'INSERT INTO quarterly_assessments (organisation_id, quarter, record) VALUES (?, ?, ?) ON CONFLICT (organisation_id, quarter) DO UPDATE SET record = excluded.record',
  );
  const assessment = db.prepare<[string, string], { record: string }>(
    'SELECT record FROM quarterly_assessments WHERE organisation_id = ? AND quarter = ?',
  );
  return {
    createMeeting: async (meeting) => {
      insert.run(
        meeting.id,
        meeting.organisationId,
        meeting.startsAt,
        meeting.version,
        JSON.stringify(meeting),
      );
    },
    getMeeting: async (id) => parse<CheckInMeetingRecord>(one.get(id)),
    updateMeeting: async (meeting, expectedVersion) =>
      update.run(meeting.startsAt, meeting.version, JSON.stringify(meeting), meeting.id, expectedVersion)
        .changes === 1,
    listMeetings: async (filter) => {
      const where: string[] = [];
      const args: (string | number)[] = [];
      if (filter.organisationId) {
        where.push('organisation_id = ?');
        args.push(filter.organisationId);
      }
      if (filter.from) {
        where.push('starts_at >= ?');
        args.push(filter.from);
      }
      if (filter.to) {
        where.push('starts_at < ?');
        args.push(filter.to);
      }
      const sql = `SELECT record FROM check_in_meetings${where.length ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY starts_at, id LIMIT ?`;
      return db
        .prepare<(string | number)[], { record: string }>(sql)
        .all(...args, filter.limit)
        .map((row) => parse<CheckInMeetingRecord>(row)!);
    },
    putCadence: async (record) => {
      putCadence.run(record.organisationId, JSON.stringify(record));
    },
    getCadence: async (organisationId) => parse<CheckInCadenceRecord>(cadence.get(organisationId)),
    listCadences: async () => cadences.all().map((row) => parse<CheckInCadenceRecord>(row)!),
    putAssessment: async (record) => {
      putAssessment.run(record.organisationId, record.quarter, JSON.stringify(record));
    },
    getAssessment: async (organisationId, quarter) =>
      parse<QuarterlyAssessmentRecord>(assessment.get(organisationId, quarter)),
  };
}
