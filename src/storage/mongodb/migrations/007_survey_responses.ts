/**
 * MongoDB migration 007: indexes for survey answers (issue 21). Answers were read only by
 * their `_id` when surveys began; now the reports and the surveys API read an audience's
 * answers in (at, subject) order, page after page, and a person's data export and erasure
 * find theirs by `userId`, which without these scanned every answer. createIndex with the
 * same name and options is a no-op, so a partial run is safe to repeat.
 */
import type { MongoMigration } from '../migrate.js';

export const surveyResponses: MongoMigration = {
  id: '007_survey_responses',
  async up(db) {
    const responses = db.collection('survey_responses');
    await responses.createIndex({ audience: 1, at: 1, subject: 1 }, { name: 'audience_at_subject' });
    await responses.createIndex({ userId: 1 }, { name: 'userId' });
  },
};
