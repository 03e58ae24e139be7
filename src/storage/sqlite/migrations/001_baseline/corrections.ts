/** Migration 1, name corrections. Frozen: never edit (see ../001_baseline.ts). */

/** Name-correction requests (one open request per certificate). */
export const CORRECTION_TABLES = `
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
