/**
 * The MongoDB ApiKeyStore. Keys are found by the hex SHA-256 of their secret (unique
 * index); revoking only stamps `revokedAt`, so the key's history stays auditable.
 */
import type { ApiKeyStore } from '../ports.js';
import { isKey, withoutId, type Collections } from './collections.js';

/** Builds the API key store over the adapter's collections. */
export function createMongoApiKeyStore(c: Collections): ApiKeyStore {
  return {
    create: async (record) => {
      await c.apiKeys.insertOne({ ...record });
    },
    findByHash: async (hash) => {
      if (!isKey(hash)) return undefined;
      const doc = await c.apiKeys.findOne({ hash });
      return doc ? withoutId(doc) : undefined;
    },
    revoke: async (id, now) => {
      if (!isKey(id)) return false;
      const result = await c.apiKeys.updateOne(
        { id, revokedAt: { $exists: false } },
        { $set: { revokedAt: now } },
      );
      return result.matchedCount > 0;
    },
    list: async () => {
      const docs = await c.apiKeys.find().sort({ createdAt: -1, _id: -1 }).toArray();
      return docs.map((d) => withoutId(d));
    },
  };
}
