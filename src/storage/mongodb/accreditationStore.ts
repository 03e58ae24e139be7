/**
 * The MongoDB AccreditationStore: types and applications as documents keyed by `id`;
 * updates are compare-and-set on `version` (one replaceOne with the version in the filter).
 */
import type { Collection, Db, Filter } from 'mongodb';
import type { AccreditationStore, AccreditationTypeRecord, ApplicationRecord } from '../ports.js';
import { isDuplicateKey, withoutId } from './collections.js';

/** The accreditation collections. */
export interface AccreditationCollections {
  types: Collection<AccreditationTypeRecord>;
  applications: Collection<ApplicationRecord>;
}

/** Names the accreditation collections. */
export function getAccreditationCollections(db: Db): AccreditationCollections {
  return {
    types: db.collection('accreditationTypes'),
    applications: db.collection('accreditationApplications'),
  };
}

const strip = <T extends object>(doc: (T & { _id?: unknown }) | null): T | undefined =>
  doc ? withoutId(doc) : undefined;

/** Builds the accreditation store over its collections (indexes created by init). */
export function createMongoAccreditationStore(c: AccreditationCollections): AccreditationStore {
  return {
    putType: async (type, expectedVersion) => {
      if (expectedVersion === 0) {
        try {
          await c.types.insertOne({ ...type });
          return true;
        } catch (error) {
          if (isDuplicateKey(error)) return false;
          throw error;
        }
      }
      const result = await c.types.replaceOne({ id: type.id, version: expectedVersion }, { ...type });
      return result.matchedCount === 1;
    },
    getType: async (id) => strip(await c.types.findOne({ id })),
    listTypes: async () => (await c.types.find().sort({ name: 1, id: 1 }).toArray()).map((d) => withoutId(d)),
    createApplication: async (application) => {
      await c.applications.insertOne({ ...application });
    },
    getApplication: async (id) => strip(await c.applications.findOne({ id })),
    updateApplication: async (application, expectedVersion) => {
      const result = await c.applications.replaceOne(
        { id: application.id, version: expectedVersion },
        { ...application },
      );
      return result.matchedCount === 1;
    },
    listApplications: async (filter) => {
      if (filter.limit <= 0) return [];
      const query: Filter<ApplicationRecord> = {};
      if (filter.organisationId) query.organisationId = filter.organisationId;
      if (filter.status) query.status = filter.status;
      if (filter.typeId) query['type.id'] = filter.typeId;
      return (
        await c.applications.find(query).sort({ startedAt: -1, id: 1 }).limit(filter.limit).toArray()
      ).map((d) => withoutId(d));
    },
  };
}
