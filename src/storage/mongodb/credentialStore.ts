/**
 * The MongoDB CredentialStore (credentials) and StatusListStore (their status flags, the
 * status lists and the cache of signed lists). Without transactions, a status change is
 * one atomic update of the credential (which returns the document as it was, so exactly
 * one writer sees each bit flip) followed by `$inc` of the affected lists' versions.
 * The version is bumped after the bit is written, so a publisher that reads the
 * version before the indexes never caches new bits under an old version.
 */
import type { CredentialRecord, CredentialStore, PublishedStatusList, StatusListStore } from '../ports.js';
import { isDuplicateKey, isKey, toStatusListRecord, withoutId, type Collections } from './collections.js';
import { createMongoReserve } from './reserve.js';
import { countPerDay, startsWith } from './dayCounts.js';

type StatusChange = Parameters<StatusListStore['setStatus']>[1];

/** Builds the credential store over the adapter's collections. */
export function createMongoCredentialStore(c: Collections): CredentialStore {
  const reserve = createMongoReserve(c);

  return {
    reserve,
    markIssued: async (id, credential, now) => {
      if (!isKey(id)) throw new Error(`markIssued: no credential with id ${id}`);
      // Only a reserved record moves; if a racing caller already issued it, keep theirs.
      const doc =
        (await c.credentials.findOneAndUpdate(
          { id, state: 'reserved' },
          // The unsigned copy goes: the signed credential holds the same content.
          { $set: { credential, state: 'issued', updatedAt: now }, $unset: { unsigned: '' } },
          { returnDocument: 'after' },
        )) ?? (await c.credentials.findOne({ id }));
      if (!doc) throw new Error(`markIssued: no credential with id ${id}`);
      return withoutId(doc);
    },
    discardReserved: async (id) =>
      isKey(id) && (await c.credentials.deleteOne({ id, state: 'reserved' })).deletedCount > 0,
    get: async (id) => {
      if (!isKey(id)) return undefined;
      const doc = await c.credentials.findOne({ id });
      return doc ? withoutId(doc) : undefined;
    },
    getByIdempotencyKey: async (key) => {
      if (!isKey(key)) return undefined;
      const doc = await c.credentials.findOne({ idempotencyKey: key });
      return doc ? withoutId(doc) : undefined;
    },
    getByVerificationToken: async (token) => {
      if (!isKey(token)) return undefined;
      const doc = await c.credentials.findOne({ verificationToken: token });
      return doc ? withoutId(doc) : undefined;
    },
    getByCertificateNumber: async (certificateNumber) => {
      if (!isKey(certificateNumber)) return undefined;
      const doc = await c.credentials.findOne({ certificateNumber });
      return doc ? withoutId(doc) : undefined;
    },
    findReplacement: async (id) => {
      if (!isKey(id)) return undefined;
      const [doc] = await c.credentials
        .find({ supersedes: id, state: 'issued' })
        .sort({ createdAt: -1, _id: -1 })
        .limit(1)
        .toArray();
      return doc ? withoutId(doc) : undefined;
    },
    setPublic: async (id, isPublic, now) => {
      if (!isKey(id)) return undefined;
      const doc = await c.credentials.findOneAndUpdate(
        { id },
        { $set: { isPublic, updatedAt: now } },
        { returnDocument: 'after' },
      );
      return doc ? withoutId(doc) : undefined;
    },
    listByHolder: async (userId) => {
      if (!isKey(userId)) return [];
      const docs = await c.credentials
        .find({ holderUserId: userId })
        .sort({ createdAt: -1, _id: -1 })
        .toArray();
      return docs.map((d) => withoutId(d));
    },
    issuedPerDay: ({ from, to, excludeKeyPrefixes = [] }) =>
      countPerDay(
        c.credentials,
        {
          state: 'issued',
          ...(excludeKeyPrefixes.length > 0
            ? { $nor: excludeKeyPrefixes.map((p) => ({ idempotencyKey: { $regex: startsWith(p) } })) }
            : {}),
        },
        'createdAt',
        { from, to },
      ),
    redactPersonalData: async (id, now) => {
      if (!isKey(id)) return undefined;
      // Redacting twice keeps the first redactedAt: an already redacted record is returned as it is.
      const doc =
        (await c.credentials.findOneAndUpdate(
          { id, redactedAt: { $exists: false } },
          {
            $set: { isPublic: false, redactedAt: now, updatedAt: now },
            $unset: { unsigned: '', credential: '', holderUserId: '' },
          },
          { returnDocument: 'after' },
        )) ?? (await c.credentials.findOne({ id }));
      return doc ? withoutId(doc) : undefined;
    },
  };
}

/** Builds the status list store over the adapter's collections. */
export function createMongoStatusListStore(c: Collections): StatusListStore {
  const setStatus = async (id: string, change: StatusChange, now: string) => {
    if (!isKey(id)) return undefined;
    const $set: Partial<CredentialRecord> = { updatedAt: now };
    if (change.revoked !== undefined) $set.revoked = change.revoked;
    if (change.suspended !== undefined) $set.suspended = change.suspended;
    if (change.reason !== undefined) $set.statusReason = change.reason;
    const before = await c.credentials.findOneAndUpdate({ id }, { $set }, { returnDocument: 'before' });
    if (!before) return undefined;
    const after: CredentialRecord = { ...withoutId(before), ...$set };
    const changed = before.statusEntries
      .filter((e) =>
        e.purpose === 'revocation' ? before.revoked !== after.revoked : before.suspended !== after.suspended,
      )
      .map((e) => e.listId);
    if (changed.length > 0) {
      await c.statusLists.updateMany({ id: { $in: changed } }, { $inc: { version: 1 } });
    }
    return after;
  };

  // The adapter uses no sessions, so the copies change in one bulk write of an updateMany
  // per distinct reason: each document atomically, flags and reason together, with plain
  // update operators (FerretDB has no pipeline updates, which picking the reason per id
  // with $switch would need). The lists of the purposes changed are bumped afterwards
  // whether or not a bit flipped: without the documents as they were, a bump too many (one
  // more signature) is the safe side of a missed one.
  const setStatusMany = async (
    targets: Array<{ id: string; reason?: string }>,
    change: StatusChange,
    now: string,
  ) => {
    if (targets.length === 0) return [];
    const ids = targets.map((t) => t.id).filter(isKey);
    const flags: Record<string, unknown> = { updatedAt: now };
    if (change.revoked !== undefined) flags.revoked = change.revoked;
    if (change.suspended !== undefined) flags.suspended = change.suspended;
    // An id given twice ends with its last reason, as setting them one by one would.
    const reasonOf = new Map<string, string | undefined>();
    for (const { id, reason } of targets) {
      if (reason !== undefined) reasonOf.set(id, reason);
      else if (!reasonOf.has(id)) reasonOf.set(id, undefined);
    }
    const byReason = new Map<string | undefined, string[]>();
    for (const [id, reason] of reasonOf) byReason.set(reason, [...(byReason.get(reason) ?? []), id]);
    await c.credentials.bulkWrite(
      [...byReason].map(([reason, group]) => ({
        updateMany: {
          filter: { id: { $in: group } },
          update: { $set: reason === undefined ? flags : { ...flags, statusReason: reason } },
        },
      })),
      { ordered: false },
    );
    const docs = await c.credentials.find({ id: { $in: ids } }).toArray();
    const purposes = [
      ...(change.revoked !== undefined ? ['revocation'] : []),
      ...(change.suspended !== undefined ? ['suspension'] : []),
    ];
    const lists = [
      ...new Set(
        docs.flatMap((d) => d.statusEntries.filter((e) => purposes.includes(e.purpose)).map((e) => e.listId)),
      ),
    ];
    if (lists.length > 0) await c.statusLists.updateMany({ id: { $in: lists } }, { $inc: { version: 1 } });
    const byId = new Map(docs.map((d) => [d.id, withoutId(d)]));
    return ids.flatMap((id) => byId.get(id) ?? []);
  };

  return {
    setStatus,
    setStatusMany,
    getStatusList: async (listId) => {
      if (!isKey(listId)) return undefined;
      const doc = await c.statusLists.findOne({ id: listId });
      return doc ? toStatusListRecord(doc) : undefined;
    },
    setIndexes: async (listId) => {
      const docs = await c.credentials
        .find(
          { 'statusEntries.listId': listId, $or: [{ revoked: true }, { suspended: true }] },
          { projection: { _id: 0, revoked: 1, suspended: 1, statusEntries: 1 } },
        )
        .toArray();
      const indexes = docs.flatMap((d) =>
        d.statusEntries
          .filter((e) => e.listId === listId && (e.purpose === 'revocation' ? d.revoked : d.suspended))
          .map((e) => e.index),
      );
      return indexes.sort((a, b) => a - b);
    },
    getPublished: async (listId) => {
      if (!isKey(listId)) return undefined;
      const doc = await c.published.findOne({ listId });
      return doc ? withoutId(doc) : undefined;
    },
    putPublished: async (p: PublishedStatusList) => {
      try {
        await c.published.updateOne(
          { listId: p.listId, version: { $lt: p.version } },
          { $set: { version: p.version, credential: p.credential, publishedAt: p.publishedAt } },
          { upsert: true },
        );
      } catch (err) {
        // The upsert collides with an existing entry of an equal or newer version: keep it.
        if (!isDuplicateKey(err)) throw err;
      }
    },
  };
}
