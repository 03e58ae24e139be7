/**
 * Runs the store contract against a MongoDB-wire server, in a fresh database per test
 * that is dropped afterwards: the server MONGODB_URI names (a real MongoDB or Atlas), else
 * the FerretDB one test/mongoGlobalSetup.ts starts where a Go toolchain exists. Without
 * either the suite is skipped and says so, rather than passing silently.
 */
import { MongoClient } from 'mongodb';
import { afterAll, describe, inject, it, vi } from 'vitest';
import { createMongoStores } from '../../src/storage/mongodb/mongoStores.js';
import { describeStoreContract } from './storeContract.js';

const uri = process.env.MONGODB_URI || inject('mongodbUri');
/** Set when Go exists but FerretDB could not be built or started: then these tests fail with it. */
const setupError = process.env.MONGODB_URI ? '' : inject('mongodbSetupError');

if (setupError) {
  describe('mongodb store contract', () => {
    it('has a MongoDB-wire server', () => {
      throw new Error(setupError);
    });
  });
} else if (!uri) {
  console.log(
    'MongoDB contract tests skipped: no server. Install Go (go on PATH or /usr/local/go/bin/go) and the tests build and start FerretDB themselves, or set MONGODB_URI=mongodb://... to run them against a MongoDB server.',
  );
  describe.skip('mongodb store contract', () => {
    it('needs Go (for FerretDB) or MONGODB_URI', () => {});
  });
} else {
  // FerretDB serialises writes (docs/FIELD-NOTES.md): the 200-reservation and concurrency
  // cases take several seconds alone and far longer beside a full run on two cores.
  vi.setConfig({ testTimeout: 120_000 });
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
