/**
 * Opening the SQLite database. The tables themselves are made and changed by the
 * numbered migrations in migrations/ (migrate.ts applies them, tracked by
 * `PRAGMA user_version`).
 */
import Database from 'better-sqlite3';
import { migrateSqlite } from './migrate.js';

/** The better-sqlite3 handle the SQLite stores share. */
export type SqliteDb = Database.Database;

/** How long a writer waits for another process's lock before failing (ms). */
export const BUSY_TIMEOUT_MS = 5000;

/**
 * Opens (or creates) the database file with WAL journaling (readers never block the
 * writer), foreign keys enforced, and a busy timeout so two processes sharing the
 * file wait for each other instead of failing at once. These are settings of the
 * connection, not of the file, so they are made on every open rather than by a migration.
 */
export function openSqlite(filePath: string): SqliteDb {
  const db = new Database(filePath);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  // Deleted rows (erased messages above all) must not linger in free pages of the file.
  db.pragma('secure_delete = ON');
  return db;
}

/**
 * Brings the database to the latest schema (see migrate.ts); a no-op on an up-to-date
 * file. Kept under this name for callers that open a bare database themselves.
 */
export function applySchema(db: SqliteDb): void {
  migrateSqlite(db);
}
