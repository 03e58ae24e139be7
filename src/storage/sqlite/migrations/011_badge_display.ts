/**
 * Migration 11 (issue 20, part 4: what a backpack shows): `badge_images`, the course badge
 * images staff upload, by the sha256 of their bytes (a credential's achievement image URL
 * names it, so an image is kept after staff replace it); and `evidence_consents`, each
 * participant's latest answer to linking their approved work from a batch's certificate,
 * with an index by person for erasure. A course's skills and the image it uses now live in
 * the course's JSON document (program_courses.doc), which needs no change here.
 */
import type { SqliteMigration } from '../migrate.js';

export const badgeDisplay: SqliteMigration = {
  version: 11,
  name: 'badge_display',
  up(db) {
    db.exec(`
CREATE TABLE badge_images (
  sha256 TEXT PRIMARY KEY,
  media_type TEXT NOT NULL,
  bytes BLOB NOT NULL,
  created_at TEXT NOT NULL
) STRICT;
CREATE TABLE evidence_consents (
  batch_id TEXT NOT NULL,
  user_id TEXT NOT NULL,
  granted INTEGER NOT NULL,
  at TEXT NOT NULL,
  PRIMARY KEY (batch_id, user_id)
) STRICT;
CREATE INDEX evidence_consents_user ON evidence_consents (user_id);
`);
  },
};
