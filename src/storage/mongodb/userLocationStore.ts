/**
 * The MongoDB UserLocationStore: one document per located person in `userLocations`,
 * `_id` the user's id (so a replace is an upsert on it and no index is needed for it).
 * Listing by country scans the collection: only people who chose to give a location are
 * in it, and it is read when staff send a location-targeted broadcast, not per request;
 * migration 008 says why it adds no index.
 */
import type { Collection, Db } from 'mongodb';
import type { UserLocation, UserLocationStore } from '../ports.js';
import { withoutId } from './collections.js';

type LocationDoc = UserLocation & { _id: string };

/** Builds the store over database `db`. */
export function createMongoUserLocationStore(db: Db): UserLocationStore {
  const locations: Collection<LocationDoc> = db.collection<LocationDoc>('userLocations');
  return {
    setLocation: async (location) => {
      await locations.replaceOne({ _id: location.userId }, { ...location }, { upsert: true });
    },
    getLocation: async (userId) => {
      const doc = await locations.findOne({ _id: userId });
      return doc ? withoutId(doc) : undefined;
    },
    removeLocation: async (userId) => {
      await locations.deleteOne({ _id: userId });
    },
    listInCountry: async (country) =>
      (await locations.find({ country }).sort({ _id: 1 }).toArray()).map((d) => withoutId(d)),
  };
}
