/**
 * Migration 1, what files made before versioning need beyond `CREATE ... IF NOT EXISTS`:
 * the columns their tables gained over time, a verification token for each credential
 * stored before tokens, and only then the indexes over those columns. Frozen: never edit
 * (see ../001_baseline.ts).
 */
import { newVerificationToken } from '../../../verificationToken.js';
import type { SqliteDb } from '../../schema.js';

/** Indexes over columns that pre-versioning files only have once the added columns exist. */
export const LATE_INDEXES = `
CREATE INDEX IF NOT EXISTS credentials_holder ON credentials (holder_user_id, created_at);
CREATE INDEX IF NOT EXISTS api_keys_created ON api_keys (created_at);
CREATE UNIQUE INDEX IF NOT EXISTS credentials_verification_token ON credentials (verification_token);
-- Partial (only re-issues set supersedes): a look-up by supersedes = ? implies NOT NULL, so it uses it.
CREATE INDEX IF NOT EXISTS credentials_supersedes ON credentials (supersedes, created_at) WHERE supersedes IS NOT NULL;
-- The staff dashboard counts certificates issued per day (issuedPerDay).
CREATE INDEX IF NOT EXISTS credentials_issued ON credentials (state, created_at);
`;

/** A column that a table gained after it was first created. */
interface AddedColumn {
  table: string;
  column: string;
  declaration: string;
}

/**
 * Every column added before versioning began, oldest first. Every one is nullable (NULL
 * means the optional field is unset), so old rows read back with the new fields absent.
 */
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

/**
 * Adds each missing column with `ALTER TABLE ... ADD COLUMN`: `CREATE TABLE IF NOT EXISTS`
 * leaves an existing table as it is, so an older file's tables lack them.
 */
export function addMissingColumns(db: SqliteDb): void {
  for (const { table, column, declaration } of ADDED_COLUMNS) {
    const columns = new Set((db.pragma(`table_info(${table})`) as { name: string }[]).map((r) => r.name));
    if (!columns.has(column)) db.exec(`ALTER TABLE ${table} ADD COLUMN ${column} ${declaration}`);
  }
}

/**
 * Gives every credential stored before verification tokens existed its token, so every
 * certificate drawn from then on has a QR link that works; before the unique index over
 * the column is created.
 */
export function backfillVerificationTokens(db: SqliteDb): void {
  const missing = db
    .prepare<[], { id: string }>('SELECT id FROM credentials WHERE verification_token IS NULL')
    .all();
  const assign = db.prepare<[string, string]>(
    'UPDATE credentials SET verification_token = ? WHERE id = ? AND verification_token IS NULL',
  );
  for (const { id } of missing) assign.run(newVerificationToken(), id);
}
