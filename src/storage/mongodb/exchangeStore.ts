/**
 * The MongoDB ExchangeStore (wallet hand-off state), in its own `exchanges` collection.
 * `claim` is one findOneAndUpdate whose filter requires "unused and unexpired", so of
 * two concurrent claims exactly one matches. No TTL index: claimed records are kept as
 * the log of which wallet copies were made from which credential; unused expired ones
 * are removed by `deleteUnusedExpired`.
 */
import type { Collection, Db } from 'mongodb';
import type { ExchangeRecord, ExchangeStore } from '../ports.js';
import { withoutId } from './collections.js';

/** The exchanges collection in one database. */
export function getExchangeCollection(db: Db): Collection<ExchangeRecord> {
  return db.collection<ExchangeRecord>('exchanges');
}

/** Builds the exchange store over its collection. */
export function createMongoExchangeStore(exchanges: Collection<ExchangeRecord>): ExchangeStore {
  return {
    create: async (record) => {
      await exchanges.insertOne({ ...record });
    },
    get: async (id, kind) => {
      const doc = await exchanges.findOne({ id, kind });
      return doc ? withoutId(doc) : undefined;
    },
    claim: async (id, kind, { now, holderDid }) => {
      // ISO-8601 UTC strings of one format compare correctly as strings.
      const doc = await exchanges.findOneAndUpdate(
        { id, kind, usedAt: { $exists: false }, expiresAt: { $gt: now } },
        { $set: { usedAt: now, ...(holderDid !== undefined ? { holderDid } : {}) } },
        { returnDocument: 'after' },
      );
      return doc ? withoutId(doc) : undefined;
    },
    setIssued: async (id, kind, credentialId) => {
      const doc = await exchanges.findOneAndUpdate(
        { id, kind },
        { $set: { issuedCredentialId: credentialId } },
        { returnDocument: 'after' },
      );
      return doc ? withoutId(doc) : undefined;
    },
    listIssuedFrom: async (credentialId) => {
      const docs = await exchanges
        .find({ credentialId, issuedCredentialId: { $exists: true } })
        .sort({ createdAt: 1, id: 1 })
        .toArray();
      return docs.map((doc) => withoutId(doc));
    },
    getByIssued: async (issuedCredentialId) => {
      const [doc] = await exchanges
        .find({ issuedCredentialId })
        .sort({ createdAt: 1, id: 1 })
        .limit(1)
        .toArray();
      return doc ? withoutId(doc) : undefined;
    },
    deleteUnusedExpired: async (before) => {
      const result = await exchanges.deleteMany({ usedAt: { $exists: false }, expiresAt: { $lt: before } });
      return result.deletedCount;
    },
  };
}
