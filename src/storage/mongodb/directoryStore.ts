/**
 * The MongoDB DirectoryStore: partner organisations and staff teams. Both lists come
 * back sorted by name (then id), the order an admin picks from, as in SQLite (binary
 * string order in both).
 */
import type { DirectoryStore } from '../ports.js';
import type { AccountCollections } from './accountCollections.js';
import { withoutId } from './collections.js';

/** Builds the directory store over the adapter's account collections. */
export function createMongoDirectoryStore(c: AccountCollections): DirectoryStore {
  return {
    createOrganisation: async (org) => {
      await c.organisations.insertOne({ ...org });
    },
    getOrganisation: async (id) => {
      const doc = await c.organisations.findOne({ id });
      return doc ? withoutId(doc) : undefined;
    },
    listOrganisations: async () => {
      const docs = await c.organisations.find().sort({ name: 1, id: 1 }).toArray();
      return docs.map((d) => withoutId(d));
    },
    createTeam: async (team) => {
      await c.teams.insertOne({ ...team });
    },
    listTeams: async () => {
      const docs = await c.teams.find().sort({ name: 1, id: 1 }).toArray();
      return docs.map((d) => withoutId(d));
    },
  };
}
