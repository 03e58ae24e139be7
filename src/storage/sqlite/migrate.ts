/**
 * Brings a database file made by an earlier version up to date. SQLite's
 * `CREATE TABLE IF NOT EXISTS` leaves an existing table as it is, so columns added
 * after the first release are added here with `ALTER TABLE ... ADD COLUMN` when
 * `PRAGMA table_info` shows them missing. Every added column is nullable (NULL means the
 * optional field is unset), so old rows read back with the new fields absent.
 */
import type { SqliteDb } from './schema.js';

/** A column that a table gained after it was first created. */
interface AddedColumn {
  table: string;
  column: string;
  declaration: string;
}

/** Every column added since the first release, oldest first. Never remove an entry. */
const ADDED_COLUMNS: readonly AddedColumn[] = [
  { table: 'credentials', column: 'holder_user_id', declaration: 'TEXT' },
  { table: 'credentials', column: 'redacted_at', declaration: 'TEXT' },
  { table: 'api_keys', column: 'created_by', declaration: 'TEXT' },
  { table: 'credentials', column: 'template_id', declaration: 'TEXT' },
  { table: 'credentials', column: 'template_version', declaration: 'INTEGER' },
  { table: 'credentials', column: 'supersedes', declaration: 'TEXT' },
  { table: 'users', column: 'last_failed_login_at', declaration: 'TEXT' },
  // Unique through the index credentials_verification_token (ADD COLUMN cannot say UNIQUE).
  { table: 'credentials', column: 'verification_token', declaration: 'TEXT' },
];

/** The column names a table has now. */
function columnsOf(db: SqliteDb, table: string): Set<string> {
  const rows = db.pragma(`table_info(${table})`) as { name: string }[];
  return new Set(rows.map((r) => r.name));
}

/**
 * Adds each missing column. Run it inside the schema transaction, after the tables
 * exist, so a second process opening the file waits and then finds nothing to add. A
 * table not created yet (the account tables are created after this runs) is skipped:
 * its CREATE TABLE already has every column.
 */
export function addMissingColumns(db: SqliteDb): void {
  for (const { table, column, declaration } of ADDED_COLUMNS) {
    const columns = columnsOf(db, table);
    if (columns.size > 0 && !columns.has(column)) {
      db.exec(`ALTER TABLE ${table} ADD COLUMN ${column} ${declaration}`);
    }
  }
}
