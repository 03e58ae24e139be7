/**
 * The MongoDB AuditStore: an append-only collection, listed newest first. Filters
 * combine with AND; `from` and `to` are inclusive bounds on `at`, `before` an exclusive
 * cursor (the `at` of the last record of the previous page). Ties on `at` are broken by
 * insertion order (`_id`), newest first, as in SQLite.
 */
import type { Filter } from 'mongodb';
import type { AuditRecord, AuditStore } from '../ports.js';
import type { AccountCollections } from './accountCollections.js';
import { withoutId } from './collections.js';

/** Builds the audit store over the adapter's account collections. */
export function createMongoAuditStore(c: AccountCollections): AuditStore {
  return {
    append: async (record) => {
      await c.audit.insertOne({ ...record });
    },
    list: async ({ actorId, action, objectId, from, to, before, limit }) => {
      if (limit <= 0) return [];
      const filter: Filter<AuditRecord> = {};
      if (actorId !== undefined) filter.actorId = actorId;
      if (action !== undefined) filter.action = action;
      if (objectId !== undefined) filter.objectId = objectId;
      const at: { $gte?: string; $lte?: string; $lt?: string } = {};
      if (from !== undefined) at.$gte = from;
      if (to !== undefined) at.$lte = to;
      if (before !== undefined) at.$lt = before;
      if (Object.keys(at).length > 0) filter.at = at;
      const docs = await c.audit.find(filter).sort({ at: -1, _id: -1 }).limit(limit).toArray();
      return docs.map((d) => withoutId(d));
    },
  };
}
