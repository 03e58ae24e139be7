/**
 * The MongoDB BackpackLinkStore (indexes by migration 008): host clients, connections and
 * pushes as documents of their own collections, sealed values as they are (base64url
 * strings). Claiming due pushes moves each one's nextAttemptAt with a conditional update,
 * so two workers never lease the same push.
 */
import type { Collection, Db } from 'mongodb';
import type {
  BackpackConnection,
  BackpackHostClient,
  BackpackLinkStore,
  BackpackPush,
} from '../backpackLinkPorts.js';
import { isDuplicateKey, isKey } from './collections.js';

const strip = <T>(doc: (T & { _id?: unknown }) | null): T | undefined => {
  if (!doc) return undefined;
  const { _id, ...rest } = doc;
  return rest as T;
};

/** The record without undefined fields (the driver would store them as null). */
const defined = <T extends object>(record: T): T =>
  Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined)) as T;

/** Builds the store over database `db`. */
export function createMongoBackpackLinkStore(db: Db): BackpackLinkStore {
  const clients: Collection<BackpackHostClient> = db.collection('backpackHostClients');
  const connections: Collection<BackpackConnection> = db.collection('backpackConnections');
  const pushes: Collection<BackpackPush> = db.collection('backpackPushes');
  return {
    getHostClient: async (host) => (isKey(host) ? strip(await clients.findOne({ host })) : undefined),
    addHostClient: async (client) => {
      try {
        await clients.insertOne(defined(client));
      } catch (error) {
        // Another request registered at this host first: theirs is the host's client.
        if (!isDuplicateKey(error)) throw error;
      }
      return strip(await clients.findOne({ host: client.host }))!;
    },
    saveConnection: async (connection) => {
      await connections.replaceOne({ id: connection.id }, defined(connection), { upsert: true });
    },
    getConnection: async (userId, id) =>
      isKey(userId) && isKey(id) ? strip(await connections.findOne({ userId, id })) : undefined,
    findByState: async (userId, stateHash) =>
      isKey(userId) && isKey(stateHash) ? strip(await connections.findOne({ userId, stateHash })) : undefined,
    listConnections: async (userId) =>
      isKey(userId)
        ? (await connections.find({ userId }).sort({ createdAt: 1, id: 1 }).toArray()).map(
            (doc) => strip<BackpackConnection>(doc)!,
          )
        : [],
    removeConnection: async (userId, id) => {
      if (!isKey(userId) || !isKey(id)) return false;
      const removed = (await connections.deleteOne({ userId, id })).deletedCount === 1;
      await pushes.deleteMany({ userId, connectionId: id });
      return removed;
    },
    savePush: async (push) => {
      await pushes.replaceOne({ id: push.id }, defined(push), { upsert: true });
    },
    listPushes: async (userId, limit) =>
      isKey(userId)
        ? (await pushes.find({ userId }).sort({ createdAt: -1, id: -1 }).limit(limit).toArray()).map(
            (doc) => strip<BackpackPush>(doc)!,
          )
        : [],
    claimDuePushes: async (now, leaseUntil, limit) => {
      const due = await pushes
        .find({ status: 'pending', nextAttemptAt: { $lte: now } })
        .sort({ nextAttemptAt: 1 })
        .limit(limit)
        .toArray();
      const claimed: BackpackPush[] = [];
      for (const doc of due) {
        // Only if nobody leased it since it was read.
        const won = await pushes.findOneAndUpdate(
          { id: doc.id, status: 'pending', nextAttemptAt: doc.nextAttemptAt },
          { $set: { nextAttemptAt: leaseUntil } },
          { returnDocument: 'after' },
        );
        if (won) claimed.push(strip<BackpackPush>(won)!);
      }
      return claimed;
    },
    removeAllOf: async (userId) => {
      if (!isKey(userId)) return 0;
      await pushes.deleteMany({ userId });
      return (await connections.deleteMany({ userId })).deletedCount;
    },
  };
}
