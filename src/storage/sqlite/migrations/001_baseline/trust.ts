/** Migration 1, trust lists. Frozen: never edit (see ../001_baseline.ts). */

/** Trusted issuers and partners' issuer DIDs. */
export const TRUST_TABLES = `
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
