/**
 * The SQLite DirectoryStore: partner organisations and staff teams. Both lists come
 * back sorted by name (then id), the order an admin picks from.
 */
import type { DirectoryStore, OrganisationRecord, TeamRecord } from '../ports.js';
import type { SqliteDb } from './schema.js';

/** A row of `organisations` or `teams` (same columns). */
interface NamedRow {
  id: string;
  name: string;
  created_at: string;
}

/** Maps an organisation or team row to its record. */
function toNamed(row: NamedRow): OrganisationRecord & TeamRecord {
  return { id: row.id, name: row.name, createdAt: row.created_at };
}

/** Builds the directory store over an open database whose schema has been applied. */
export function createSqliteDirectoryStore(db: SqliteDb): DirectoryStore {
  const insertOrg = db.prepare<[string, string, string]>(
    'INSERT INTO organisations (id, name, created_at) VALUES (?, ?, ?)',
  );
  const orgById = db.prepare<[string], NamedRow>('SELECT * FROM organisations WHERE id = ?');
  const orgs = db.prepare<[], NamedRow>('SELECT * FROM organisations ORDER BY name, id');
  const insertTeam = db.prepare<[string, string, string]>(
    'INSERT INTO teams (id, name, created_at) VALUES (?, ?, ?)',
  );
  const teams = db.prepare<[], NamedRow>('SELECT * FROM teams ORDER BY name, id');
  return {
    createOrganisation: async (o) => {
      insertOrg.run(o.id, o.name, o.createdAt);
    },
    getOrganisation: async (id) => {
      const row = orgById.get(id);
      return row ? toNamed(row) : undefined;
    },
    listOrganisations: async () => orgs.all().map(toNamed),
    createTeam: async (t) => {
      insertTeam.run(t.id, t.name, t.createdAt);
    },
    listTeams: async () => teams.all().map(toNamed),
  };
}
