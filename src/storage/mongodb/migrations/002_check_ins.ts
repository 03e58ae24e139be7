/**
 * MongoDB migration 002: check-ins and coaching calls with partners (issue 21). Meetings
 * are found by organisation and start (a partner's list) and by start alone (every
 * partner's upcoming meetings), so one index for each. Cadences and assessments are read
 * by their `_id` (the organisation id; the organisation and quarter) and need none.
 * createIndex with the same name and options is a no-op, so a partial run is safe to repeat.
 */
import type { MongoMigration } from '../migrate.js';

export const checkIns: MongoMigration = {
  id: '002_check_ins',
  async up(db) {
    const meetings = db.collection('check_in_meetings');
    await meetings.createIndex({ organisationId: 1, startsAt: 1 }, { name: 'organisationId_startsAt' });
    await meetings.createIndex({ startsAt: 1 }, { name: 'startsAt' });
  },
};
