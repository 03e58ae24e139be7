/** Migration 1, certificate templates. Frozen: never edit (see ../001_baseline.ts). */

/** Certificate templates and their versions. */
export const TEMPLATE_TABLES = `
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
