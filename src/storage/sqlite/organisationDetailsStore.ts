/**
 * The SQLite OrganisationDetailsStore: an organisation's details stored whole as JSON in
 * `organisation_details` (compare-and-set on `version`), its change history one row per
 * save in `organisation_detail_changes`. A save writes the details, the organisation's
 * name and the change in one transaction, so the history never misses a save.
 */
import type {
  OrganisationChangeRecord,
  OrganisationDetailsRecord,
  OrganisationDetailsStore,
} from '../ports.js';
import type { SqliteDb } from './schema.js';

type Doc = { doc: string };

/** Builds the store over an open database whose migrations have run (002 made its tables). */
export function createSqliteOrganisationDetailsStore(db: SqliteDb): OrganisationDetailsStore {
  const s = {
    get: db.prepare<[string], Doc>('SELECT doc FROM organisation_details WHERE organisation_id = ?'),
    insert: db.prepare<[string, number, string]>(
      'INSERT INTO organisation_details (organisation_id, version, doc) VALUES (?, ?, ?) ON CONFLICT DO NOTHING',
    ),
    update: db.prepare<[number, string, string, number]>(
      'UPDATE organisation_details SET version = ?, doc = ? WHERE organisation_id = ? AND version = ?',
    ),
    rename: db.prepare<[string, string]>('UPDATE organisations SET name = ? WHERE id = ?'),
    addChange: db.prepare<[string, string, string, string]>(
      'INSERT INTO organisation_detail_changes (id, organisation_id, at, doc) VALUES (?, ?, ?, ?)',
    ),
    // Erasure is rare: a scan of the history (one row per save) is fine.
    relabel: db.prepare<[string, string]>(
      "UPDATE organisation_detail_changes SET doc = json_set(doc, '$.byLabel', ?) WHERE json_extract(doc, '$.by') = ?",
    ),
    changes: db.prepare<[string, number], Doc>(
      'SELECT doc FROM organisation_detail_changes WHERE organisation_id = ? ORDER BY at DESC, rowid DESC LIMIT ?',
    ),
  };
  const save = db.transaction(
    (
      record: OrganisationDetailsRecord,
      name: string,
      change: OrganisationChangeRecord,
      expectedVersion: number,
    ): boolean => {
      const doc = JSON.stringify(record);
      const written =
        expectedVersion === 0
          ? s.insert.run(record.organisationId, record.version, doc).changes === 1
          : s.update.run(record.version, doc, record.organisationId, expectedVersion).changes === 1;
      if (!written) return false;
      s.rename.run(name, record.organisationId);
      s.addChange.run(change.id, change.organisationId, change.at, JSON.stringify(change));
      return true;
    },
  );
  return {
    getDetails: async (organisationId) => {
      const row = s.get.get(organisationId);
      return row ? (JSON.parse(row.doc) as OrganisationDetailsRecord) : undefined;
    },
    saveDetails: async (record, name, change, expectedVersion) =>
      save.immediate(record, name, change, expectedVersion),
    listChanges: async (organisationId, limit) =>
      limit <= 0
        ? []
        : s.changes.all(organisationId, limit).map((r) => JSON.parse(r.doc) as OrganisationChangeRecord),
    relabelEditor: async (userId, label) => s.relabel.run(label, userId).changes,
  };
}
