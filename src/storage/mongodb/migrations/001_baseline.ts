/**
 * MongoDB migration 001: every index the stores relied on when versioning began. On a
 * database from before versioning the indexes already exist, and createIndexes with the
 * same name and options changes nothing, so this only records them; on a new database it
 * creates them. Never edit what it creates: a new or changed index is a new numbered
 * migration (docs/ARCHITECTURE.md, "Changing the schema").
 *
 * The certificate indexes and the content and name-correction ones are written out here.
 * The other groups are still defined by the ensure*Indexes function beside each store
 * (accountCollections.ts, exchangeStore.ts, ...), called here as they stood at version 001:
 * those functions are part of this migration now, so they must not change either.
 */
import type { Db } from 'mongodb';
import { ensureAccountIndexes, getAccountCollections } from '../accountCollections.js';
import { ensureAccreditationIndexes, getAccreditationCollections } from '../accreditationStore.js';
import { createIndexesOneByOne, getCollections } from '../collections.js';
import { ensureExchangeIndexes, getExchangeCollection } from '../exchangeStore.js';
import { ensureMessagingIndexes, getMessagingCollections } from '../messagingStore.js';
import type { MongoMigration } from '../migrate.js';
import { ensureNotificationIndexes, getNotificationCollections } from '../notificationStore.js';
import { ensureProgramIndexes, getProgramCollections } from '../programStore.js';
import { ensureTemplateIndexes, getTemplateCollections } from '../templateStore.js';
import { ensureTrustIndexes, getTrustCollections } from '../trustStore.js';

/** The certificate, status list and API key indexes (unique ones guard correctness). */
async function credentialIndexes(db: Db): Promise<void> {
  const c = getCollections(db);
  await Promise.all([
    createIndexesOneByOne(c.credentials, [
      { key: { id: 1 }, name: 'id_unique', unique: true },
      { key: { idempotencyKey: 1 }, name: 'idempotencyKey_unique', unique: true },
      { key: { certificateNumber: 1 }, name: 'certificateNumber_unique', unique: true },
      // Sparse: documents stored before tokens have none until backfillVerificationTokens runs
      // (sparse rather than partial: FerretDB has no partial indexes, and its unique indexes
      // leave a missing field out as a sparse one does).
      { key: { verificationToken: 1 }, name: 'verificationToken_unique', unique: true, sparse: true },
      { key: { 'statusEntries.listId': 1 }, name: 'statusEntries_listId' },
      { key: { holderUserId: 1, createdAt: -1 }, name: 'holderUserId_createdAt' },
      // Sparse: only re-issues have supersedes, and the few of one credential are sorted in memory.
      { key: { supersedes: 1 }, name: 'supersedes', sparse: true },
      // The staff dashboard counts certificates issued per day (issuedPerDay).
      { key: { state: 1, createdAt: 1 }, name: 'state_createdAt' },
    ]),
    createIndexesOneByOne(c.statusLists, [
      { key: { id: 1 }, name: 'id_unique', unique: true },
      { key: { purpose: 1, length: 1, seq: 1 }, name: 'purpose_length_seq_unique', unique: true },
    ]),
    createIndexesOneByOne(c.published, [{ key: { listId: 1 }, name: 'listId_unique', unique: true }]),
    createIndexesOneByOne(c.apiKeys, [
      { key: { id: 1 }, name: 'id_unique', unique: true },
      { key: { hash: 1 }, name: 'hash_unique', unique: true },
      { key: { createdAt: -1 }, name: 'createdAt' },
    ]),
  ]);
}

/**
 * The content and name-correction indexes, which those stores also create on first use
 * (indexesOnFirstUse in contentStore.ts and correctionStore.ts, with the same names and
 * options, so whichever comes second changes nothing).
 */
async function firstUseIndexes(db: Db): Promise<void> {
  await Promise.all([
    createIndexesOneByOne(db.collection('content_versions'), [
      { key: { slug: 1, version: 1 }, name: 'slug_version_unique', unique: true },
    ]),
    createIndexesOneByOne(db.collection('name_corrections'), [
      { key: { openFor: 1 }, name: 'openFor_unique', unique: true, sparse: true },
      { key: { status: 1, createdAt: 1 }, name: 'status_createdAt' },
      { key: { userId: 1, createdAt: -1 }, name: 'userId_createdAt' },
    ]),
  ]);
}

export const baseline: MongoMigration = {
  id: '001_baseline',
  async up(db) {
    await Promise.all([
      credentialIndexes(db),
      ensureAccountIndexes(getAccountCollections(db)),
      ensureExchangeIndexes(getExchangeCollection(db)),
      ensureTemplateIndexes(getTemplateCollections(db)),
      ensureProgramIndexes(getProgramCollections(db)),
      ensureNotificationIndexes(getNotificationCollections(db)),
      ensureMessagingIndexes(getMessagingCollections(db)),
      ensureAccreditationIndexes(getAccreditationCollections(db)),
      ensureTrustIndexes(getTrustCollections(db)),
      firstUseIndexes(db),
    ]);
  },
};
