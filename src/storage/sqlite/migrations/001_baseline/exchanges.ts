/** Migration 1, wallet hand-offs. Frozen: never edit (see ../001_baseline.ts). */

/** Wallet hand-off state. */
export const EXCHANGE_TABLES = `
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
