/**
 * Migration 9 (issue 21: accreditation additional review and audit irregularities). An
 * item's additional review lives in its application's JSON document (like the rest of the
 * item), so it needs no schema; audit irregularities get a table of their own, one row per
 * irregularity with its record as JSON, found by organisation and by status (the console
 * lists the open ones), newest recorded first.
 */
import type { SqliteMigration } from '../migrate.js';

export const additionalReview: SqliteMigration = {
  version: 9,
  name: 'additional_review',
  up(db) {
    db.exec(`
CREATE TABLE accreditation_irregularities (
  id TEXT PRIMARY KEY,
  organisation_id TEXT NOT NULL,
  status TEXT NOT NULL,
  recorded_at TEXT NOT NULL,
  version INTEGER NOT NULL,
  record TEXT NOT NULL
) STRICT;
CREATE INDEX accreditation_irregularities_org ON accreditation_irregularities (organisation_id, recorded_at);
CREATE INDEX accreditation_irregularities_status ON accreditation_irregularities (status, recorded_at);
`);
  },
};
