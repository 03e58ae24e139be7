/**
 * The MongoDB TokenStore for single-use emailed tokens, keyed by the SHA-256 of the
 * secret. `consume` is one findOneAndUpdate whose filter requires "unused and
 * unexpired", so of two concurrent uses exactly one matches and gets the token back.
 * `peek` returns the token whatever its state (used, expired): the domain decides.
 */
import type { TokenStore } from '../ports.js';
import type { AccountCollections } from './accountCollections.js';
import { isKey, withoutId } from './collections.js';

/** Builds the token store over the adapter's account collections. */
export function createMongoTokenStore(c: AccountCollections): TokenStore {
  return {
    create: async (token) => {
      await c.tokens.insertOne({ ...token });
    },
    peek: async (hash, purpose) => {
      if (!isKey(hash)) return undefined;
      const doc = await c.tokens.findOne({ hash, purpose });
      return doc ? withoutId(doc) : undefined;
    },
    consume: async (hash, purpose, now) => {
      if (!isKey(hash)) return undefined;
      // ISO-8601 UTC strings of one format compare correctly as strings.
      const doc = await c.tokens.findOneAndUpdate(
        { hash, purpose, usedAt: { $exists: false }, expiresAt: { $gt: now } },
        { $set: { usedAt: now } },
        { returnDocument: 'after' },
      );
      return doc ? withoutId(doc) : undefined;
    },
    deleteForUser: async (userId, purpose) => {
      if (!isKey(userId)) return;
      await c.tokens.deleteMany({
        userId,
        usedAt: { $exists: false },
        ...(purpose !== undefined ? { purpose } : {}),
      });
    },
  };
}
