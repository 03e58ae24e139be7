/**
 * Migration 13 (issue 20, the participant's backpack): `backpack_items`, credentials from
 * any issuer a person keeps in their account. One row per person and credential: the
 * credential's key (a hash of its id, or of its content) is unique per user, which makes
 * storing it again a replacement and keeps two people's copies of one credential apart.
 * Lists are by person, newest first, hence the index; the credential and its standing are
 * JSON text (read whole, never queried into).
 */
import type { SqliteMigration } from '../migrate.js';

export const backpack: SqliteMigration = {
  version: 13,
  name: 'backpack',
  up(db) {
    db.exec(`
CREATE TABLE backpack_items (
  id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL,
  credential_key TEXT NOT NULL,
  credential_id TEXT,
  credential TEXT NOT NULL,
  jwt TEXT,
  source TEXT NOT NULL CHECK (source IN ('upload', 'ob3-api', 'import')),
  added_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  standing TEXT NOT NULL,
  UNIQUE (user_id, credential_key)
) STRICT;
CREATE INDEX backpack_items_user_updated ON backpack_items (user_id, updated_at DESC, id DESC);
`);
  },
};
