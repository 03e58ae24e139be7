/**
 * Migration 1: the whole schema as it stood when versioning began, frozen. Never edit it:
 * a change to the schema is a new numbered migration (docs/ARCHITECTURE.md, "Changing the
 * schema"). On a new file it creates exactly what the code before versioning created
 * (test/fixtures/sqliteSchemaBefore.sql, compared by test/storage/sqliteMigrations.test.ts).
 *
 * It is the one migration that must cope with whatever it finds, because it also runs on
 * files made before versioning (user_version 0 with tables present, perhaps made by a
 * release older still, lacking whole tables or later columns). So it only adds what is
 * missing: every statement is `IF NOT EXISTS`, the columns tables gained over time are
 * added where `PRAGMA table_info` lacks them, credentials from before verification tokens
 * get theirs, and only then are the indexes over those columns created. Later migrations
 * run exactly once on a known schema and need none of this.
 *
 * Tables are STRICT so a wrong type is an error rather than a silent coercion; JSON lives
 * in TEXT columns and booleans in 0/1 INTEGER columns. A redacted credential keeps the JSON
 * text `null` in its NOT NULL `unsigned` column (files made before redaction existed
 * cannot relax the constraint without rebuilding the table); the reader omits the field.
 * Roles, statuses, token purposes and consent kinds get no CHECK constraint: the domain
 * owns those unions and may grow them, and SQLite cannot change a CHECK without
 * rebuilding the table.
 */
import { newVerificationToken } from '../../verificationToken.js';
import type { SqliteMigration } from '../migrate.js';
import type { SqliteDb } from '../schema.js';

/** Certificates, their status lists and numbers, and API keys (schema.ts before versioning). */
const CREDENTIAL_TABLES = `
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

/** People and access: users, sessions, single-use tokens, organisations, teams, the audit log and consents. */
const ACCOUNT_TABLES = `
CREATE TABLE IF NOT EXISTS users (
  id TEXT PRIMARY KEY,
  email TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  role TEXT NOT NULL,
  password_hash TEXT,
  email_verified_at TEXT,
  organisation_id TEXT,
  team_ids TEXT NOT NULL,
  status TEXT NOT NULL,
  failed_logins INTEGER NOT NULL CHECK (failed_logins >= 0),
  locked_until TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  last_failed_login_at TEXT
) STRICT;
CREATE INDEX IF NOT EXISTS users_role_created ON users (role, created_at);
CREATE INDEX IF NOT EXISTS users_organisation ON users (organisation_id);
CREATE INDEX IF NOT EXISTS users_created ON users (created_at);

CREATE TABLE IF NOT EXISTS sessions (
  id_hash TEXT PRIMARY KEY,
  user_id TEXT NOT NULL,
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  last_seen_at TEXT NOT NULL,
  user_agent TEXT
) STRICT;
CREATE INDEX IF NOT EXISTS sessions_user ON sessions (user_id, created_at);

CREATE TABLE IF NOT EXISTS tokens (
  hash TEXT PRIMARY KEY,
  purpose TEXT NOT NULL,
  user_id TEXT,
  email TEXT,
  role TEXT,
  organisation_id TEXT,
  created_by TEXT,
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  used_at TEXT
) STRICT;
CREATE INDEX IF NOT EXISTS tokens_user ON tokens (user_id, purpose);

CREATE TABLE IF NOT EXISTS organisations (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  created_at TEXT NOT NULL
) STRICT;

CREATE TABLE IF NOT EXISTS teams (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  created_at TEXT NOT NULL
) STRICT;

CREATE TABLE IF NOT EXISTS audit_log (
  id TEXT PRIMARY KEY,
  at TEXT NOT NULL,
  actor_id TEXT NOT NULL,
  actor_label TEXT NOT NULL,
  action TEXT NOT NULL,
  object_type TEXT NOT NULL,
  object_id TEXT,
  details TEXT
) STRICT;
CREATE INDEX IF NOT EXISTS audit_at ON audit_log (at);
CREATE INDEX IF NOT EXISTS audit_actor_at ON audit_log (actor_id, at);
CREATE INDEX IF NOT EXISTS audit_object_at ON audit_log (object_id, at);

CREATE TABLE IF NOT EXISTS consents (
  id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  text_version TEXT NOT NULL,
  granted INTEGER NOT NULL CHECK (granted IN (0, 1)),
  at TEXT NOT NULL
) STRICT;
CREATE INDEX IF NOT EXISTS consents_user ON consents (user_id, at);
`;

/** Wallet hand-off state. */
const EXCHANGE_TABLES = `
CREATE TABLE IF NOT EXISTS exchanges (
  id TEXT NOT NULL,
  kind TEXT NOT NULL,
  user_id TEXT,
  credential_id TEXT,
  challenge TEXT,
  parent_id TEXT,
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  used_at TEXT,
  holder_did TEXT,
  issued_credential_id TEXT,
  PRIMARY KEY (id, kind)
) STRICT;
CREATE INDEX IF NOT EXISTS exchanges_unused_expiry ON exchanges (expires_at) WHERE used_at IS NULL;
CREATE INDEX IF NOT EXISTS exchanges_credential ON exchanges (credential_id, created_at);
CREATE INDEX IF NOT EXISTS exchanges_issued ON exchanges (issued_credential_id) WHERE issued_credential_id IS NOT NULL;
`;

/** Certificate templates and their versions. */
const TEMPLATE_TABLES = `
CREATE TABLE IF NOT EXISTS templates (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL
) STRICT;
CREATE INDEX IF NOT EXISTS templates_name ON templates (name, id);

CREATE TABLE IF NOT EXISTS template_versions (
  template_id TEXT NOT NULL REFERENCES templates (id),
  version INTEGER NOT NULL CHECK (version >= 1),
  design TEXT NOT NULL,
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL,
  updated_at TEXT,
  updated_by TEXT,
  locked_at TEXT,
  PRIMARY KEY (template_id, version)
) STRICT;
`;

/** Programmes: courses, batches, enrolments, events, submissions, files, feedback, webhook signatures. */
const PROGRAM_TABLES = `
CREATE TABLE IF NOT EXISTS program_courses (
  id TEXT PRIMARY KEY,
  title TEXT NOT NULL,
  doc TEXT NOT NULL
) STRICT;

CREATE TABLE IF NOT EXISTS program_batches (
  id TEXT PRIMARY KEY,
  course_id TEXT NOT NULL REFERENCES program_courses (id),
  created_at TEXT NOT NULL,
  doc TEXT NOT NULL
) STRICT;
CREATE INDEX IF NOT EXISTS program_batches_course ON program_batches (course_id, created_at);

CREATE TABLE IF NOT EXISTS program_enrolments (
  batch_id TEXT NOT NULL REFERENCES program_batches (id),
  user_id TEXT NOT NULL,
  status TEXT NOT NULL,
  waiting_on TEXT,
  due_at TEXT,
  credential_id TEXT,
  enrolled_at TEXT NOT NULL,
  version INTEGER NOT NULL,
  doc TEXT NOT NULL,
  PRIMARY KEY (batch_id, user_id)
) STRICT;
CREATE INDEX IF NOT EXISTS program_enrolments_batch_status ON program_enrolments (batch_id, status, enrolled_at);
CREATE INDEX IF NOT EXISTS program_enrolments_user ON program_enrolments (user_id, enrolled_at);
CREATE INDEX IF NOT EXISTS program_enrolments_due ON program_enrolments (status, waiting_on, due_at);

CREATE TABLE IF NOT EXISTS program_enrolment_certificates (
  credential_id TEXT PRIMARY KEY,
  batch_id TEXT NOT NULL,
  user_id TEXT NOT NULL
) STRICT;

CREATE TABLE IF NOT EXISTS program_events (
  id TEXT PRIMARY KEY,
  batch_id TEXT NOT NULL,
  user_id TEXT NOT NULL,
  occurred_at TEXT NOT NULL,
  recorded_at TEXT NOT NULL,
  doc TEXT NOT NULL
) STRICT;
CREATE INDEX IF NOT EXISTS program_events_participant ON program_events (batch_id, user_id);
CREATE INDEX IF NOT EXISTS program_events_user ON program_events (user_id);

CREATE TABLE IF NOT EXISTS program_submissions (
  id TEXT PRIMARY KEY,
  batch_id TEXT NOT NULL,
  user_id TEXT NOT NULL,
  state TEXT NOT NULL,
  submitted_at TEXT NOT NULL,
  doc TEXT NOT NULL
) STRICT;
CREATE INDEX IF NOT EXISTS program_submissions_state ON program_submissions (state, submitted_at);
CREATE INDEX IF NOT EXISTS program_submissions_batch ON program_submissions (batch_id, submitted_at);
CREATE INDEX IF NOT EXISTS program_submissions_user ON program_submissions (user_id, submitted_at);

CREATE TABLE IF NOT EXISTS program_files (
  sha256 TEXT PRIMARY KEY,
  bytes BLOB NOT NULL
) STRICT;

CREATE TABLE IF NOT EXISTS program_feedback (
  credential_id TEXT PRIMARY KEY,
  batch_id TEXT NOT NULL,
  at TEXT NOT NULL,
  doc TEXT NOT NULL
) STRICT;

CREATE TABLE IF NOT EXISTS program_webhook_signatures (
  signature TEXT PRIMARY KEY,
  expires_at TEXT NOT NULL
) STRICT;
`;

/** The email outbox, its delivery log, plans, preferences, reminder schedules and message templates. */
const NOTIFICATION_TABLES = `
CREATE TABLE IF NOT EXISTS notification_outbox (
  id TEXT PRIMARY KEY,
  dedupe_key TEXT NOT NULL UNIQUE,
  channel TEXT NOT NULL,
  trigger TEXT NOT NULL,
  user_id TEXT,
  status TEXT NOT NULL,
  next_attempt_at TEXT NOT NULL,
  lease_until TEXT,
  created_at TEXT NOT NULL,
  doc TEXT NOT NULL
) STRICT;
CREATE INDEX IF NOT EXISTS notification_outbox_due ON notification_outbox (status, next_attempt_at);
CREATE INDEX IF NOT EXISTS notification_outbox_user ON notification_outbox (user_id, created_at);
CREATE INDEX IF NOT EXISTS notification_outbox_trigger ON notification_outbox (trigger, created_at);
CREATE INDEX IF NOT EXISTS notification_outbox_created ON notification_outbox (created_at);

CREATE TABLE IF NOT EXISTS notification_plans (
  message_id TEXT PRIMARY KEY,
  plan_key TEXT NOT NULL
) STRICT;
CREATE INDEX IF NOT EXISTS notification_plans_key ON notification_plans (plan_key);

CREATE TABLE IF NOT EXISTS notification_preferences (
  user_id TEXT PRIMARY KEY,
  doc TEXT NOT NULL
) STRICT;

CREATE TABLE IF NOT EXISTS reminder_schedules (
  kind TEXT PRIMARY KEY,
  doc TEXT NOT NULL
) STRICT;

CREATE TABLE IF NOT EXISTS notification_events (
  id TEXT PRIMARY KEY,
  message_id TEXT NOT NULL,
  at TEXT NOT NULL,
  type TEXT NOT NULL,
  detail TEXT
) STRICT;
CREATE INDEX IF NOT EXISTS notification_events_message ON notification_events (message_id, at);

CREATE TABLE IF NOT EXISTS message_templates (
  trigger TEXT NOT NULL,
  language TEXT NOT NULL,
  version INTEGER NOT NULL,
  doc TEXT NOT NULL,
  PRIMARY KEY (trigger, language, version)
) STRICT;
`;

/** Conversations, their messages, the blind search index and the moderation tables. */
const MESSAGING_TABLES = `
CREATE TABLE IF NOT EXISTS conversations (
  id TEXT PRIMARY KEY,
  number INTEGER NOT NULL UNIQUE,
  user_id TEXT NOT NULL,
  team_id TEXT,
  assignee_id TEXT,
  status TEXT NOT NULL,
  category TEXT NOT NULL,
  flagged INTEGER NOT NULL,
  last_message_at TEXT NOT NULL,
  last_message_by TEXT NOT NULL,
  staff_read_at TEXT,
  waiting_since TEXT,
  resolved_at TEXT,
  updated_at TEXT NOT NULL,
  erased INTEGER NOT NULL DEFAULT 0,
  version INTEGER NOT NULL,
  doc TEXT NOT NULL
) STRICT;
CREATE INDEX IF NOT EXISTS conversations_user_recent ON conversations (user_id, last_message_at, number);
CREATE INDEX IF NOT EXISTS conversations_team_recent ON conversations (team_id, last_message_at, number);
CREATE INDEX IF NOT EXISTS conversations_assignee_recent ON conversations (assignee_id, last_message_at, number);
CREATE INDEX IF NOT EXISTS conversations_status_recent ON conversations (status, last_message_at, number);
CREATE INDEX IF NOT EXISTS conversations_recent ON conversations (last_message_at, number);
CREATE INDEX IF NOT EXISTS conversations_waiting ON conversations (waiting_since) WHERE waiting_since IS NOT NULL;
CREATE INDEX IF NOT EXISTS conversations_resolved ON conversations (resolved_at) WHERE erased = 0;
CREATE INDEX IF NOT EXISTS conversations_updated ON conversations (updated_at);

CREATE TABLE IF NOT EXISTS conversation_messages (
  id TEXT PRIMARY KEY,
  conversation_id TEXT NOT NULL,
  author_id TEXT,
  author_role TEXT NOT NULL,
  held INTEGER NOT NULL,
  created_at TEXT NOT NULL,
  doc TEXT NOT NULL
) STRICT;
CREATE INDEX IF NOT EXISTS conversation_messages_conversation ON conversation_messages (conversation_id, created_at);
CREATE INDEX IF NOT EXISTS conversation_messages_author ON conversation_messages (author_id, created_at);
CREATE INDEX IF NOT EXISTS conversation_messages_held ON conversation_messages (created_at) WHERE held = 1;
CREATE INDEX IF NOT EXISTS conversation_messages_staff ON conversation_messages (created_at) WHERE author_role = 'staff';

CREATE TABLE IF NOT EXISTS message_terms (
  term TEXT NOT NULL,
  message_id TEXT NOT NULL,
  conversation_id TEXT NOT NULL,
  -- 0 while the message is held for review: search must not find it.
  visible INTEGER NOT NULL,
  PRIMARY KEY (term, message_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS message_terms_message ON message_terms (message_id);

CREATE TABLE IF NOT EXISTS conversation_counter (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  value INTEGER NOT NULL
) STRICT;

CREATE TABLE IF NOT EXISTS messaging_settings (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  version INTEGER NOT NULL,
  doc TEXT NOT NULL
) STRICT;

CREATE TABLE IF NOT EXISTS messaging_blocks (
  user_id TEXT PRIMARY KEY,
  doc TEXT NOT NULL
) STRICT;

CREATE TABLE IF NOT EXISTS message_reports (
  id TEXT PRIMARY KEY,
  state TEXT NOT NULL,
  created_at TEXT NOT NULL,
  doc TEXT NOT NULL
) STRICT;
CREATE INDEX IF NOT EXISTS message_reports_state ON message_reports (state, created_at);

CREATE TABLE IF NOT EXISTS message_broadcasts (
  id TEXT PRIMARY KEY,
  created_at TEXT NOT NULL,
  doc TEXT NOT NULL
) STRICT;
CREATE INDEX IF NOT EXISTS message_broadcasts_created ON message_broadcasts (created_at);
`;

/** Accreditation types and applications. */
const ACCREDITATION_TABLES = `
CREATE TABLE IF NOT EXISTS accreditation_types (
  id TEXT PRIMARY KEY,
  version INTEGER NOT NULL,
  doc TEXT NOT NULL
) STRICT;

CREATE TABLE IF NOT EXISTS accreditation_applications (
  id TEXT PRIMARY KEY,
  organisation_id TEXT NOT NULL,
  type_id TEXT NOT NULL,
  status TEXT NOT NULL,
  started_at TEXT NOT NULL,
  version INTEGER NOT NULL,
  doc TEXT NOT NULL
) STRICT;
CREATE INDEX IF NOT EXISTS accreditation_applications_org ON accreditation_applications (organisation_id, started_at);
CREATE INDEX IF NOT EXISTS accreditation_applications_status ON accreditation_applications (status, started_at);
CREATE INDEX IF NOT EXISTS accreditation_applications_started ON accreditation_applications (started_at);
`;

/** Trusted issuers and partners' issuer DIDs. */
const TRUST_TABLES = `
CREATE TABLE IF NOT EXISTS trusted_issuers (
  did TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  url TEXT,
  note TEXT,
  valid_from TEXT,
  valid_until TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  created_by TEXT NOT NULL
) STRICT;

CREATE TABLE IF NOT EXISTS partner_issuers (
  organisation_id TEXT PRIMARY KEY,
  did TEXT NOT NULL UNIQUE,
  registered_at TEXT NOT NULL,
  registered_by TEXT NOT NULL
) STRICT;
`;

/** Published versions of the public pages. */
const CONTENT_TABLES = `
CREATE TABLE IF NOT EXISTS content_versions (
  slug TEXT NOT NULL,
  version INTEGER NOT NULL CHECK (version > 0),
  markdown TEXT NOT NULL,
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL,
  PRIMARY KEY (slug, version)
) STRICT;
`;

/** Name-correction requests (one open request per certificate). */
const CORRECTION_TABLES = `
CREATE TABLE IF NOT EXISTS name_corrections (
  id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL,
  credential_id TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('open', 'approved', 'refused')),
  created_at TEXT NOT NULL,
  record TEXT NOT NULL
) STRICT;
CREATE UNIQUE INDEX IF NOT EXISTS name_corrections_one_open ON name_corrections (credential_id) WHERE status = 'open';
CREATE INDEX IF NOT EXISTS name_corrections_status ON name_corrections (status, created_at);
CREATE INDEX IF NOT EXISTS name_corrections_user ON name_corrections (user_id, created_at);
`;

/** Indexes over columns that pre-versioning files only have once the added columns exist. */
const LATE_INDEXES = `
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
function addMissingColumns(db: SqliteDb): void {
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
function backfillVerificationTokens(db: SqliteDb): void {
  const missing = db
    .prepare<[], { id: string }>('SELECT id FROM credentials WHERE verification_token IS NULL')
    .all();
  const assign = db.prepare<[string, string]>(
    'UPDATE credentials SET verification_token = ? WHERE id = ? AND verification_token IS NULL',
  );
  for (const { id } of missing) assign.run(newVerificationToken(), id);
}

export const baseline: SqliteMigration = {
  version: 1,
  name: 'baseline',
  up(db) {
    for (const tables of [
      CREDENTIAL_TABLES,
      ACCOUNT_TABLES,
      EXCHANGE_TABLES,
      TEMPLATE_TABLES,
      PROGRAM_TABLES,
      NOTIFICATION_TABLES,
      MESSAGING_TABLES,
      ACCREDITATION_TABLES,
      TRUST_TABLES,
      CONTENT_TABLES,
      CORRECTION_TABLES,
    ]) {
      db.exec(tables);
    }
    addMissingColumns(db);
    backfillVerificationTokens(db);
    db.exec(LATE_INDEXES);
  },
};
