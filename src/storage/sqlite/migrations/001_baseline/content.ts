/** Migration 1, the public pages. Frozen: never edit (see ../001_baseline.ts). */

/** Published versions of the public pages. */
export const CONTENT_TABLES = `
CREATE TABLE IF NOT EXISTS content_versions (
  slug TEXT NOT NULL,
  version INTEGER NOT NULL CHECK (version > 0),
  markdown TEXT NOT NULL,
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL,
  PRIMARY KEY (slug, version)
) STRICT;
`;
