/**
 * The MongoDB SessionStore, keyed by the SHA-256 of the cookie secret. Each document
 * also holds `expiresAtDate` (a Date copy of `expiresAt`) so a TTL index removes expired
 * sessions; it is never returned. `get` may still return an expired session the TTL
 * monitor has not reached yet: the domain compares `expiresAt` with its clock.
 */
import type { SessionRecord, SessionStore } from '../ports.js';
import type { AccountCollections, SessionDoc } from './accountCollections.js';
import { isKey } from './collections.js';

/** The record of a stored session: without `_id` and the hidden TTL date. */
function toSessionRecord(doc: SessionDoc & { _id?: unknown }): SessionRecord {
  const { _id, expiresAtDate, ...record } = doc;
  return record;
}

/** Builds the session store over the adapter's account collections. */
export function createMongoSessionStore(c: AccountCollections): SessionStore {
  return {
    create: async (session) => {
      await c.sessions.insertOne({ ...session, expiresAtDate: new Date(session.expiresAt) });
    },
    get: async (idHash) => {
      if (!isKey(idHash)) return undefined;
      const doc = await c.sessions.findOne({ idHash });
      return doc ? toSessionRecord(doc) : undefined;
    },
    touch: async (idHash, lastSeenAt, expiresAt) => {
      if (!isKey(idHash)) return;
      await c.sessions.updateOne(
        { idHash },
        { $set: { lastSeenAt, expiresAt, expiresAtDate: new Date(expiresAt) } },
      );
    },
    delete: async (idHash) => {
      if (!isKey(idHash)) return;
      await c.sessions.deleteOne({ idHash });
    },
    deleteForUser: async (userId) =>
      isKey(userId) ? (await c.sessions.deleteMany({ userId })).deletedCount : 0,
    listForUser: async (userId) => {
      if (!isKey(userId)) return [];
      const docs = await c.sessions.find({ userId }).sort({ createdAt: -1, _id: -1 }).toArray();
      return docs.map(toSessionRecord);
    },
  };
}
