/**
 * Migration 2 (issue 21, accreditation notices): partner organisations' details and their
 * change history. `organisation_details` holds one organisation's details as JSON with a
 * version for compare-and-set; `organisation_detail_changes` one row per save (who, when,
 * each field's old and new value), read newest first per organisation. The notices
 * themselves need no table: what they record (an overdue review alerted, an inactivity
 * prompt sent) lives in the application's JSON document.
 */
import type { SqliteMigration } from '../migrate.js';

export const accreditationNotices: SqliteMigration = {
  version: 2,
  name: 'accreditation_notices',
  up(db) {
    db.exec(`
CREATE TABLE organisation_details (
  organisation_id TEXT PRIMARY KEY,
  version INTEGER NOT NULL,
  doc TEXT NOT NULL
) STRICT;

CREATE TABLE organisation_detail_changes (
  id TEXT PRIMARY KEY,
  organisation_id TEXT NOT NULL,
  at TEXT NOT NULL,
  doc TEXT NOT NULL
) STRICT;
CREATE INDEX organisation_detail_changes_org ON organisation_detail_changes (organisation_id, at);
`);
  },
};
