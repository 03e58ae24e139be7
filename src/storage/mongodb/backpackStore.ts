/**
 * The MongoDB BackpackStore: `backpackItems`, unique per (userId, credentialKey) and by id
 * (migration 006). An upsert is one findOneAndUpdate with `$setOnInsert` for the fields an
 * entry keeps (id, addedAt), so whether it inserted is told by the id it returns. The
 * credential is stored as JSON text, not as a document: a credential may hold nested arrays
 * (FerretDB refuses them) or keys MongoDB treats specially, and it is only ever read whole.
 */
import type { Collection, Db } from 'mongodb';
import type { BackpackRecord, BackpackStore } from '../backpackPorts.js';
import { isDuplicateKey, isKey } from './collections.js';

type BackpackDoc = Omit<BackpackRecord, 'credential'> & { credentialJson: string };

function toRecord(doc: BackpackDoc & { _id?: unknown }): BackpackRecord {
  const { _id, credentialJson, ...rest } = doc;
  return { ...rest, credential: JSON.parse(credentialJson) as Record<string, unknown> };
}

/** Builds the store over database `db` (indexes made by migration 006). */
export function createMongoBackpackStore(db: Db): BackpackStore {
  const items: Collection<BackpackDoc> = db.collection<BackpackDoc>('backpackItems');
  const mine = (userId: string, since?: string) => ({
    userId,
    ...(since !== undefined ? { updatedAt: { $gte: since } } : {}),
  });
  const upsertOnce = async (record: BackpackRecord) => {
    const { id, userId, credentialKey, addedAt, credential, credentialId, jwt, ...changed } = record;
    const doc = await items.findOneAndUpdate(
      { userId, credentialKey },
      {
        $set: {
          ...changed,
          credentialJson: JSON.stringify(credential),
          ...(credentialId !== undefined ? { credentialId } : {}),
          ...(jwt !== undefined ? { jwt } : {}),
        },
        $setOnInsert: { id, addedAt },
        ...(credentialId === undefined || jwt === undefined
          ? {
              $unset: {
                ...(credentialId === undefined ? { credentialId: '' as const } : {}),
                ...(jwt === undefined ? { jwt: '' as const } : {}),
              },
            }
          : {}),
      },
      { upsert: true, returnDocument: 'after' },
    );
    if (!doc) throw new Error('backpack upsert returned no document');
    return { created: doc.id === id, record: toRecord(doc) };
  };
  return {
    upsert: async (record) => {
      if (!isKey(record.userId) || !isKey(record.credentialKey)) throw new Error('backpack upsert: no key');
      try {
        return await upsertOnce(record);
      } catch (error) {
        // Two upserts of one new credential raced: the unique index let one insert; the other,
        // run again, now finds that entry and replaces it.
        if (isDuplicateKey(error)) return upsertOnce(record);
        throw error;
      }
    },
    get: async (userId, id) => {
      if (!isKey(userId) || !isKey(id)) return undefined;
      const doc = await items.findOne({ userId, id });
      return doc ? toRecord(doc) : undefined;
    },
    getByKey: async (userId, credentialKey) => {
      if (!isKey(userId) || !isKey(credentialKey)) return undefined;
      const doc = await items.findOne({ userId, credentialKey });
      return doc ? toRecord(doc) : undefined;
    },
    list: async (userId, page) => {
      if (!isKey(userId)) return { records: [], total: 0 };
      const filter = mine(userId, page.since);
      const [docs, total] = await Promise.all([
        page.limit > 0
          ? items.find(filter).sort({ updatedAt: -1, id: -1 }).skip(page.offset).limit(page.limit).toArray()
          : Promise.resolve([]),
        items.countDocuments(filter),
      ]);
      return { records: docs.map(toRecord), total };
    },
    count: async (userId) => (isKey(userId) ? items.countDocuments({ userId }) : 0),
    remove: async (userId, id) =>
      isKey(userId) && isKey(id) && (await items.deleteOne({ userId, id })).deletedCount === 1,
    removeAllOf: async (userId) => (isKey(userId) ? (await items.deleteMany({ userId })).deletedCount : 0),
  };
}
