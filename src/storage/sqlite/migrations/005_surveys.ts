/**
 * Migration 5: surveys (issue 21). `survey_versions` holds each published version of an
 * audience's survey, whole, with (audience, version) unique so two staff publishing at
 * once cannot both make version n; `survey_responses` holds the answers, one per
 * audience and subject (a certificate, a conversation), which the primary key enforces,
 * with indexes for the quarterly report (audience, at) and for erasure (user_id).
 */
import type { SqliteMigration } from '../migrate.js';

export const surveys: SqliteMigration = {
  version: 5,
  name: 'surveys',
  up(db) {
    db.exec(`
CREATE TABLE survey_versions (
  id TEXT PRIMARY KEY,
  audience TEXT NOT NULL,
  version INTEGER NOT NULL,
  record TEXT NOT NULL,
  UNIQUE (audience, version)
) STRICT;

CREATE TABLE survey_responses (
  audience TEXT NOT NULL,
  subject TEXT NOT NULL,
  survey_id TEXT NOT NULL,
  user_id TEXT NOT NULL,
  at TEXT NOT NULL,
  record TEXT NOT NULL,
  PRIMARY KEY (audience, subject)
) STRICT;

CREATE INDEX survey_responses_audience_at ON survey_responses (audience, at);
CREATE INDEX survey_responses_user ON survey_responses (user_id);
`);
  },
};
