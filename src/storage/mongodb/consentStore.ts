/**
 * The MongoDB ConsentStore: an append-only history per user, listed oldest first (ties
 * on `at` in the order they were recorded, by `_id`), so the last record of a kind is
 * the one in force.
 */
import type { ConsentStore } from '../ports.js';
import type { AccountCollections } from './accountCollections.js';
import { withoutId } from './collections.js';

/** Builds the consent store over the adapter's account collections. */
export function createMongoConsentStore(c: AccountCollections): ConsentStore {
  return {
    record: async (consent) => {
      await c.consents.insertOne({ ...consent });
    },
    listForUser: async (userId) => {
      const docs = await c.consents.find({ userId }).sort({ at: 1, _id: 1 }).toArray();
      return docs.map((d) => withoutId(d));
    },
    listOfKind: async (kind, userIds) => {
      if (userIds.length === 0) return [];
      const docs = await c.consents
        .find({ kind, userId: { $in: [...userIds] } })
        .sort({ at: 1, _id: 1 })
        .toArray();
      return docs.map((d) => withoutId(d));
    },
    deleteForUser: async (userId) => {
      await c.consents.deleteMany({ userId });
    },
  };
}
