/** Migration 1, accreditation. Frozen: never edit (see ../001_baseline.ts). */

/** Accreditation types and applications. */
export const ACCREDITATION_TABLES = `
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
