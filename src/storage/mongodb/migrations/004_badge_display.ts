/**
 * MongoDB migration 004 (issue 20, part 4): badge images (`badgeImages`) are read by their
 * `_id`, the sha256, and need no index; evidence consents (`evidenceConsents`, `_id`
 * "<batchId>:<userId>") are read by that id and erased by person, so one index on userId.
 * createIndex with the same name and options is a no-op, so a partial run is safe to repeat.
 */
import type { MongoMigration } from '../migrate.js';

export const badgeDisplay: MongoMigration = {
  id: '004_badge_display',
  async up(db) {
    await db.collection('evidenceConsents').createIndex({ userId: 1 }, { name: 'userId' });
  },
};
