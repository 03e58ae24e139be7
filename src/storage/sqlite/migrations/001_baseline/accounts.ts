/** Migration 1, people and access. Frozen: never edit (see ../001_baseline.ts). */

/** People and access: users, sessions, single-use tokens, organisations, teams, the audit log and consents. */
export const ACCOUNT_TABLES = `
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
