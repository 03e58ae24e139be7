/**
 * The MongoDB IrregularityStore: a document per irregularity (`_id` its id). An update is a
 * replaceOne on its version, so two people changing one irregularity at once cannot both
 * win. Its indexes are made by migration 003 (migrations/003_additional_review.ts).
 */
import type { Db, Filter } from 'mongodb';
import { OPEN_IRREGULARITY_STATUSES, type IrregularityRecord, type IrregularityStore } from '../ports.js';
import { isKey, withoutId } from './collections.js';

type IrregularityDoc = IrregularityRecord & { _id: string };

/** Builds the store over database `db`. */
export function createMongoIrregularityStore(db: Db): IrregularityStore {
  const irregularities = db.collection<IrregularityDoc>('accreditationIrregularities');
  return {
    createIrregularity: async (record) => {
      await irregularities.insertOne({ _id: record.id, ...record });
    },
    getIrregularity: async (id) => {
      if (!isKey(id)) return undefined;
      const doc = await irregularities.findOne({ _id: id });
      return doc ? withoutId(doc) : undefined;
    },
    updateIrregularity: async (record, expectedVersion) =>
      (await irregularities.replaceOne({ _id: record.id, version: expectedVersion }, { ...record }))
        .matchedCount === 1,
    listIrregularities: async (filter) => {
      const query: Filter<IrregularityDoc> = {};
      if (filter.organisationId) query.organisationId = filter.organisationId;
      if (filter.open) query.status = { $in: [...OPEN_IRREGULARITY_STATUSES] };
      const docs = await irregularities
        .find(query)
        .sort({ recordedAt: -1, _id: -1 })
        .limit(filter.limit)
        .toArray();
      return docs.map((d) => withoutId(d));
    },
  };
}
