/**
 * The MongoDB OrganisationDetailsStore: one document per organisation (`_id` its id)
 * holding its details and its change history. A save is one update filtered on the
 * version that sets the details and pushes the change, so details and history move
 * together without transactions; the organisation's name is then set in `organisations`
 * (a repeat of the same save sets the same name). The history is bounded (partners edit
 * their details a few times a year); `_id` serves every look-up, so no index is needed.
 */
import type { Collection, Db } from 'mongodb';
import type {
  OrganisationChangeRecord,
  OrganisationDetailsRecord,
  OrganisationDetailsStore,
  OrganisationRecord,
} from '../ports.js';
import { isDuplicateKey, isKey } from './collections.js';

/** Changes kept per organisation, the oldest dropped first. */
const HISTORY_KEPT = 1000;

type DetailsDoc = { _id: string; record: OrganisationDetailsRecord; changes: OrganisationChangeRecord[] };

/** Builds the store over database `db`. */
export function createMongoOrganisationDetailsStore(db: Db): OrganisationDetailsStore {
  const details: Collection<DetailsDoc> = db.collection<DetailsDoc>('organisationDetails');
  const organisations = db.collection<OrganisationRecord>('organisations');
  return {
    getDetails: async (organisationId) => (await details.findOne({ _id: organisationId }))?.record,
    saveDetails: async (record, name, change, expectedVersion) => {
      if (expectedVersion === 0) {
        try {
          await details.insertOne({ _id: record.organisationId, record, changes: [change] });
        } catch (error) {
          if (isDuplicateKey(error)) return false;
          throw error;
        }
      } else {
        const result = await details.updateOne(
          { _id: record.organisationId, 'record.version': expectedVersion },
          { $set: { record }, $push: { changes: { $each: [change], $slice: -HISTORY_KEPT } } },
        );
        if (result.matchedCount !== 1) return false;
      }
      await organisations.updateOne({ id: record.organisationId }, { $set: { name } });
      return true;
    },
    listChanges: async (organisationId, limit) => {
      if (limit <= 0) return [];
      const doc = await details.findOne({ _id: organisationId });
      return [...(doc?.changes ?? [])]
        .reverse()
        .sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0))
        .slice(0, limit);
    },
    relabelEditor: async (userId, label) => {
      // Rewrites each history holding the editor's changes, on the version read, so a save
      // pushing a change meanwhile is not lost (the loop reads it again). Erasure is rare:
      // the filter on `changes.by` has no index. No arrayFilters: FerretDB v1 lacks them.
      let relabelled = 0;
      if (!isKey(userId)) return 0;
      for (const doc of await details.find({ 'changes.by': userId }).toArray()) {
        for (let current: DetailsDoc | null = doc, attempt = 0; current && attempt < 8; attempt++) {
          const changes = current.changes.map((c) => (c.by === userId ? { ...c, byLabel: label } : c));
          const result = await details.updateOne(
            { _id: current._id, 'record.version': current.record.version },
            { $set: { changes } },
          );
          if (result.matchedCount === 1) {
            relabelled += current.changes.filter((c) => c.by === userId).length;
            break;
          }
          current = await details.findOne({ _id: current._id });
        }
      }
      return relabelled;
    },
  };
}
