/**
 * Runs the store contract against a real MongoDB server when MONGODB_URI is set, in a
 * fresh database per test that is dropped afterwards. Without it the suite is skipped
 * and says so, rather than passing silently.
 */
import { MongoClient } from 'mongodb';
import { afterAll, describe, it } from 'vitest';
import { createMongoStores } from '../../src/storage/mongodb/mongoStores.js';
import { describeStoreContract } from './storeContract.js';

const uri = process.env.MONGODB_URI;

if (!uri) {
  console.log('MongoDB contract tests skipped: set MONGODB_URI to run them against a real server');
  describe.skip('mongodb store contract', () => {
    it('needs MONGODB_URI', () => {});
  });
} else {
  const runId = `${process.pid}_${Date.now().toString(36)}`;
  const dbNames: string[] = [];
  afterAll(async () => {
    const admin = new MongoClient(uri);
    try {
      for (const name of dbNames) await admin.db(name).dropDatabase();
    } finally {
      await admin.close();
    }
  });
  describeStoreContract('mongodb', async () => {
    const dbName = `saypro_contract_${runId}_${dbNames.length + 1}`;
    dbNames.push(dbName);
    return createMongoStores(uri, dbName);
  });
}
