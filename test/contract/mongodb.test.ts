/**
 * Runs the store contract against a MongoDB-wire server, in a fresh database per test
 * that is dropped afterwards: the server MONGODB_URI names (a real MongoDB or Atlas), else
 * the FerretDB one test/mongoGlobalSetup.ts starts where a Go toolchain exists. Without
 * either the suite is skipped and says so, rather than passing silently.
 */
import { vi } from 'vitest';
import { createMongoStores } from '../../src/storage/mongodb/mongoStores.js';
import { useMongoDatabases } from '../fixtures/mongoDatabase.js';
import { describeOnMongo } from '../fixtures/mongoTarget.js';
import { describeStoreContract } from './storeContract.js';
import { describeScheduledReportContract } from './scheduledReportContract.js';
import { describeSurveyContract } from './surveyContract.js';
import { describeMarketingContract } from './marketingContract.js';
import { describeOAuthContract } from './oauthContract.js';

describeOnMongo('mongodb', 'MongoDB contract tests', (uri) => {
  // FerretDB serialises writes (docs/FIELD-NOTES.md): the 200-reservation and concurrency
  // cases take several seconds alone and far longer beside a full run on two cores.
  vi.setConfig({ testTimeout: 120_000 });
  const databases = useMongoDatabases(uri, 'contract');
  describeStoreContract('mongodb', async () => createMongoStores(uri, databases.freshName()));
  describeScheduledReportContract('mongodb', async () => createMongoStores(uri, databases.freshName()));
  describeSurveyContract('mongodb', async () => createMongoStores(uri, databases.freshName()));
  describeMarketingContract('mongodb', async () => createMongoStores(uri, databases.freshName()));
  describeOAuthContract('mongodb', async () => createMongoStores(uri, databases.freshName()));
});
