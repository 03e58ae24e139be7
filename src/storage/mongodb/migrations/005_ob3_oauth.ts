/**
 * MongoDB migration 005 (issue 20, the OB 3.0 API as a provider): the indexes of
 * `oauthRecords` (src/storage/mongodb/oauthStore.ts): (model, key) unique, as the SQLite
 * primary key; a grant's records, to revoke them together; a session by uid; a person's
 * grants; and a TTL index on `expiresAtDate` where the server has TTL indexes (FerretDB v1
 * answers NotImplemented: expired records then wait for the sweep, deleteExpired).
 * createIndex with the same name and options is a no-op, so a partial run is safe to repeat.
 */
import { MongoServerError } from 'mongodb';
import type { MongoMigration } from '../migrate.js';

export const ob3OAuth: MongoMigration = {
  id: '005_ob3_oauth',
  async up(db) {
    const records = db.collection('oauthRecords');
    await records.createIndex({ model: 1, key: 1 }, { name: 'model_key_unique', unique: true });
    await records.createIndex({ grantId: 1 }, { name: 'grantId', sparse: true });
    await records.createIndex({ model: 1, uid: 1 }, { name: 'model_uid', sparse: true });
    await records.createIndex({ model: 1, accountId: 1 }, { name: 'model_accountId', sparse: true });
    try {
      await records.createIndex({ expiresAtDate: 1 }, { name: 'expiresAtDate_ttl', expireAfterSeconds: 0 });
    } catch (error) {
      if (!(error instanceof MongoServerError && error.codeName === 'NotImplemented')) throw error;
    }
  },
};
