/** Migration 1, certificates: credentials, their status entries and lists, certificate numbers, published lists and API keys. Frozen: never edit (see ../001_baseline.ts). */

/** Certificates, their status lists and numbers, and API keys (schema.ts before versioning). */
export const CREDENTIAL_TABLES = `
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
