/**
 * The SQLite AccreditationStore: types and applications stored whole as JSON in `doc`,
 * beside the columns the lists filter on; updates are compare-and-set on `version`.
 */
import type { AccreditationStore, AccreditationTypeRecord, ApplicationRecord } from '../ports.js';
import type { SqliteDb } from './schema.js';

type Doc = { doc: string };
const parse = <T>(row: Doc | undefined): T | undefined => (row ? (JSON.parse(row.doc) as T) : undefined);

/** Builds the accreditation store over an open database whose schema has been applied. */
export function createSqliteAccreditationStore(db: SqliteDb): AccreditationStore {
  const s = {
    insertType: db.prepare<[string, number, string]>(
      'INSERT INTO accreditation_types (id, version, doc) VALUES (?, ?, ?) ON CONFLICT DO NOTHING',
    ),
    updateType: db.prepare<[number, string, string, number]>(
      'UPDATE accreditation_types SET version = ?, doc = ? WHERE id = ? AND version = ?',
    ),
    type: db.prepare<[string], Doc>('SELECT doc FROM accreditation_types WHERE id = ?'),
    types: db.prepare<[], Doc>(
      "SELECT doc FROM accreditation_types ORDER BY json_extract(doc, '$.name'), id",
    ),
    insertApplication: db.prepare<[string, string, string, string, string, number, string]>(
      'INSERT INTO accreditation_applications VALUES (?, ?, ?, ?, ?, ?, ?)',
    ),
    updateApplication: db.prepare<[string, number, string, string, number]>(
      'UPDATE accreditation_applications SET status = ?, version = ?, doc = ? WHERE id = ? AND version = ?',
    ),
    application: db.prepare<[string], Doc>('SELECT doc FROM accreditation_applications WHERE id = ?'),
  };
  return {
    putType: async (type: AccreditationTypeRecord, expectedVersion) => {
      const doc = JSON.stringify(type);
      if (expectedVersion === 0) return s.insertType.run(type.id, type.version, doc).changes === 1;
      return s.updateType.run(type.version, doc, type.id, expectedVersion).changes === 1;
    },
    getType: async (id) => parse(s.type.get(id)),
    listTypes: async () => s.types.all().map((r) => JSON.parse(r.doc) as AccreditationTypeRecord),
    createApplication: async (a: ApplicationRecord) => {
      s.insertApplication.run(
        a.id,
        a.organisationId,
        a.type.id,
        a.status,
        a.startedAt,
        a.version,
        JSON.stringify(a),
      );
    },
    getApplication: async (id) => parse(s.application.get(id)),
    updateApplication: async (a, expectedVersion) =>
      s.updateApplication.run(a.status, a.version, JSON.stringify(a), a.id, expectedVersion).changes === 1,
    listApplications: async (filter) => {
      const where: string[] = [];
      const params: unknown[] = [];
      if (filter.organisationId) {
        where.push('organisation_id = ?');
        params.push(filter.organisationId);
      }
      if (filter.status) {
        where.push('status = ?');
        params.push(filter.status);
      }
      if (filter.typeId) {
        where.push('type_id = ?');
        params.push(filter.typeId);
      }
      const sql = `SELECT doc FROM accreditation_applications ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY started_at DESC, id LIMIT ?`;
      return (db.prepare(sql).all(...params, filter.limit) as Doc[]).map(
        (r) => JSON.parse(r.doc) as ApplicationRecord,
      );
    },
  };
}
