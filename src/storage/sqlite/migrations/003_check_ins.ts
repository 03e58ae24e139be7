/**
 * Migration 3: check-ins and coaching calls with partners (issue 21). Three tables, each
 * holding its record as JSON beside the columns it is found by: the meetings (listed by
 * organisation and by start, the reminder and "due" reads), each partner's cadence (one
 * row per organisation) and staff's quarterly assessment (one per organisation and
 * quarter). New tables only, so existing rows are untouched.
 */
import type { SqliteMigration } from '../migrate.js';

export const checkIns: SqliteMigration = {
  version: 3,
  name: 'check_ins',
  up(db) {
    db.exec(`
CREATE TABLE check_in_meetings (
  id TEXT PRIMARY KEY,
  organisation_id TEXT NOT NULL,
  starts_at TEXT NOT NULL,
  version INTEGER NOT NULL,
  record TEXT NOT NULL
) STRICT;
CREATE INDEX check_in_meetings_organisation ON check_in_meetings (organisation_id, starts_at);
CREATE INDEX check_in_meetings_starts ON check_in_meetings (starts_at);
CREATE TABLE check_in_cadences (
  organisation_id TEXT PRIMARY KEY,
  record TEXT NOT NULL
) STRICT;
CREATE TABLE quarterly_assessments (
  organisation_id TEXT NOT NULL,
  quarter TEXT NOT NULL,
  record TEXT NOT NULL,
  PRIMARY KEY (organisation_id, quarter)
) STRICT;
`);
  },
};
