/**
 * MongoDB migration 001: every index the stores relied on when versioning began, written
 * out by area in 001_baseline/ (one module per group of collections, each a map from
 * collection name to its index specifications). On a database from before versioning the
 * indexes already exist, and createIndexes with the same name and options changes nothing,
 * so this only records them; on a new database it creates them. Never edit what it
 * creates: a new or changed index is a new numbered migration (docs/ARCHITECTURE.md,
 * "Changing the schema"). Collection names are written out rather than taken from the
 * stores' get*Collections, so that renaming one there cannot change this migration.
 */
import { createIndexSpecs } from '../collections.js';
import type { MongoMigration } from '../migrate.js';
import { accountIndexes, createSessionTtlIndex } from './001_baseline/accounts.js';
import { accreditationIndexes } from './001_baseline/accreditation.js';
import { contentIndexes } from './001_baseline/content.js';
import { correctionIndexes } from './001_baseline/corrections.js';
import { credentialIndexes } from './001_baseline/credentials.js';
import { exchangeIndexes } from './001_baseline/exchanges.js';
import { messagingIndexes } from './001_baseline/messaging.js';
import { notificationIndexes } from './001_baseline/notifications.js';
import { programIndexes } from './001_baseline/programs.js';
import { templateIndexes } from './001_baseline/templates.js';
import { trustIndexes } from './001_baseline/trust.js';

/** The index groups of migration 001, by area. */
const BASELINE_INDEXES = [
  credentialIndexes,
  accountIndexes,
  exchangeIndexes,
  templateIndexes,
  programIndexes,
  notificationIndexes,
  messagingIndexes,
  accreditationIndexes,
  trustIndexes,
  contentIndexes,
  correctionIndexes,
] as const;

export const baseline: MongoMigration = {
  id: '001_baseline',
  async up(db) {
    await Promise.all([
      ...BASELINE_INDEXES.map((specs) => createIndexSpecs(db, specs)),
      createSessionTtlIndex(db),
    ]);
  },
};
