/**
 * Opening the SQLite database and creating its tables. Tables are STRICT so a wrong
 * type is an error rather than a silent coercion; JSON lives in TEXT columns and
 * booleans in 0/1 INTEGER columns. A redacted credential keeps the JSON text `null` in
 * its NOT NULL `unsigned` column (files made before redaction existed cannot relax the
 * constraint without rebuilding the table); the reader omits the field.
 */
import Database from 'better-sqlite3';
import { ACCOUNT_SCHEMA } from './accountSchema.js';
import { addMissingColumns } from './migrate.js';
import { backfillVerificationTokens } from './verificationTokens.js';

/** The better-sqlite3 handle the SQLite stores share. */
export type SqliteDb = Database.Database;

/** How long a writer waits for another process's lock before failing (ms). */
const BUSY_TIMEOUT_MS = 5000;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS sequences (
  prefix TEXT NOT NULL,
  year INTEGER NOT NULL,
  last INTEGER NOT NULL,
  PRIMARY KEY (prefix, year)
) STRICT;

CREATE TABLE IF NOT EXISTS status_lists (
  id TEXT PRIMARY KEY,
  purpose TEXT NOT NULL CHECK (purpose IN ('revocation', 'suspension')),
  length INTEGER NOT NULL CHECK (length > 0),
  allocated INTEGER NOT NULL CHECK (allocated >= 0 AND allocated <= length),
  shuffle_key TEXT NOT NULL,
  version INTEGER NOT NULL,
  created_at TEXT NOT NULL
) STRICT;
CREATE INDEX IF NOT EXISTS status_lists_open ON status_lists (purpose, length, allocated);

CREATE TABLE IF NOT EXISTS credentials (
  id TEXT PRIMARY KEY,
  idempotency_key TEXT NOT NULL UNIQUE,
  certificate_number TEXT NOT NULL UNIQUE,
  issuer_did TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('reserved', 'issued')),
  unsigned TEXT NOT NULL,
  credential TEXT,
  revoked INTEGER NOT NULL CHECK (revoked IN (0, 1)),
  suspended INTEGER NOT NULL CHECK (suspended IN (0, 1)),
  status_reason TEXT,
  is_public INTEGER NOT NULL CHECK (is_public IN (0, 1)),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  holder_user_id TEXT,
  redacted_at TEXT,
  template_id TEXT,
  template_version INTEGER,
  supersedes TEXT,
  verification_token TEXT
) STRICT;

CREATE TABLE IF NOT EXISTS status_entries (
  credential_id TEXT NOT NULL REFERENCES credentials (id) ON DELETE CASCADE,
  ordinal INTEGER NOT NULL,
  purpose TEXT NOT NULL CHECK (purpose IN ('revocation', 'suspension')),
  list_id TEXT NOT NULL REFERENCES status_lists (id),
  idx INTEGER NOT NULL,
  PRIMARY KEY (credential_id, ordinal),
  UNIQUE (list_id, idx)
) STRICT;

CREATE TABLE IF NOT EXISTS published_status_lists (
  list_id TEXT PRIMARY KEY,
  version INTEGER NOT NULL,
  credential TEXT NOT NULL,
  published_at TEXT NOT NULL
) STRICT;

CREATE TABLE IF NOT EXISTS api_keys (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  hash TEXT NOT NULL UNIQUE,
  scopes TEXT NOT NULL,
  created_at TEXT NOT NULL,
  revoked_at TEXT,
  created_by TEXT
) STRICT;
`;

/** Indexes over columns that older files only have once `addMissingColumns` has run. */
const LATE_INDEXES = `
CREATE INDEX IF NOT EXISTS credentials_holder ON credentials (holder_user_id, created_at);
CREATE INDEX IF NOT EXISTS api_keys_created ON api_keys (created_at);
CREATE UNIQUE INDEX IF NOT EXISTS credentials_verification_token ON credentials (verification_token);
-- Partial (only re-issues set supersedes): a look-up by supersedes = ? implies NOT NULL, so it uses it.
CREATE INDEX IF NOT EXISTS credentials_supersedes ON credentials (supersedes, created_at) WHERE supersedes IS NOT NULL;
-- The staff dashboard counts certificates issued per day (issuedPerDay).
CREATE INDEX IF NOT EXISTS credentials_issued ON credentials (state, created_at);
`;

/**
 * Opens (or creates) the database file with WAL journaling (readers never block the
 * writer), foreign keys enforced, and a busy timeout so two processes sharing the
 * file wait for each other instead of failing at once.
 */
export function openSqlite(filePath: string): SqliteDb {
  const db = new Database(filePath);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  return db;
}

/**
 * Creates every table, column and index that is missing; safe to run on every start and
 * on a file made by an earlier version. One IMMEDIATE transaction, so two processes
 * opening the same file do not both try to add a column.
 */
export function applySchema(db: SqliteDb): void {
  db.transaction(() => {
    db.exec(SCHEMA);
    addMissingColumns(db);
    backfillVerificationTokens(db);
    db.exec(LATE_INDEXES);
    db.exec(ACCOUNT_SCHEMA);
  }).immediate();
}
