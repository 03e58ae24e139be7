/**
 * The MongoDB storage adapter (used when MONGODB_URI is set), over the official
 * driver. It needs no transactions, so a standalone server works as well as a
 * replica set.
 */
import { MongoClient } from 'mongodb';
import type { Stores } from '../ports.js';
import { createMongoApiKeyStore } from './apiKeyStore.js';
import { ensureIndexes, getCollections } from './collections.js';
import { createMongoCredentialStore } from './credentialStore.js';

/**
 * Connects to `uri` and returns the stores over database `dbName`. Connecting here
 * (rather than lazily) makes a wrong URI fail at start-up. `ignoreUndefined` keeps
 * unset optional fields absent instead of storing them as null. Call `init()` to
 * create the indexes before first use.
 */
export async function createMongoStores(uri: string, dbName: string): Promise<Stores> {
  const client = new MongoClient(uri, { ignoreUndefined: true });
  await client.connect();
  const collections = getCollections(client.db(dbName));
  return {
    credentials: createMongoCredentialStore(collections),
    apiKeys: createMongoApiKeyStore(collections),
    init: () => ensureIndexes(collections),
    close: () => client.close(),
  };
}
