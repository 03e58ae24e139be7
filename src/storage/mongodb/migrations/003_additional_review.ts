/**
 * MongoDB migration 003 (issue 21: accreditation additional review and audit
 * irregularities). An item's additional review lives in its application's document and
 * needs no index; audit irregularities (`accreditationIrregularities`, `_id` their id) are
 * listed per organisation and by status (the console's open ones), newest recorded first,
 * so one index for each. createIndex with the same name and options is a no-op, so a
 * partial run is safe to repeat.
 */
import type { MongoMigration } from '../migrate.js';

export const additionalReview: MongoMigration = {
  id: '003_additional_review',
  async up(db) {
    const irregularities = db.collection('accreditationIrregularities');
    await irregularities.createIndex(
      { organisationId: 1, recordedAt: -1 },
      { name: 'organisationId_recordedAt' },
    );
    await irregularities.createIndex({ status: 1, recordedAt: -1 }, { name: 'status_recordedAt' });
  },
};
