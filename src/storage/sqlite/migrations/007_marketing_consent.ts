/**
 * Migration 7 (issue 21, marketing consent): `user_locations`, people's optional location
 * (country, region, city), one row per person, so broadcasts can target a country and
 * region. Marketing consent itself needs no schema: it is a `consents` record of kind
 * `marketing` (append-only, withdrawal is a record too), and its text versions are
 * content versions of the `marketing` document (`content_versions`).
 */
import type { SqliteMigration } from '../migrate.js';

export const marketingConsent: SqliteMigration = {
  version: 7,
  name: 'marketing_consent',
  up(db) {
    db.exec(`
CREATE TABLE user_locations (
  user_id TEXT PRIMARY KEY,
  country TEXT NOT NULL CHECK (length(country) = 2),
  region TEXT,
  city TEXT,
  updated_at TEXT NOT NULL
) STRICT;
CREATE INDEX user_locations_country ON user_locations (country);
`);
  },
};
