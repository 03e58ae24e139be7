/**
 * After the MongoDB stores start (`init`), the indexes they rely on exist: the unique ones
 * that keep data correct without transactions (certificate numbers, idempotency keys, status
 * list sequence, token and session hashes, dedupe keys, ...) and the ones key look-ups use.
 * Runs on the server MONGODB_URI names, else on the FerretDB test/mongoGlobalSetup.ts starts;
 * skipped, and saying how to run it, without either.
 *
 * Whether look-ups use those indexes is checked with explain() on MongoDB only. FerretDB
 * v1's SQLite backend answers every query but an `_id` equality with a full scan (its explain
 * says `filterPushdown: false` and `SCAN <table>`): its secondary indexes enforce uniqueness
 * but serve no query, so its explain says nothing about ours.
 */
import { MongoClient, type Db, type Document } from 'mongodb';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createMongoStores } from '../../src/storage/mongodb/mongoStores.js';
import { SESSION_TTL_INDEX } from '../../src/storage/mongodb/accountCollections.js';
import type { Stores } from '../../src/storage/ports.js';

const uri = process.env.MONGODB_URI || inject('mongodbUri');
/** Set when Go exists but FerretDB could not be built or started: then these tests fail with it. */
const setupError = process.env.MONGODB_URI ? '' : inject('mongodbSetupError');

/** An index as listIndexes shows it (the fields compared here). */
interface Expected {
  name: string;
  key: Record<string, 1 | -1>;
  unique?: true;
}

const unique = (name: string, key: Expected['key']): Expected => ({ name, key, unique: true });
const plain = (name: string, key: Expected['key']): Expected => ({ name, key });

/** What init must have created, by collection (read from the adapters' ensure*Indexes). */
const EXPECTED: Record<string, Expected[]> = {
  credentials: [
    unique('id_unique', { id: 1 }),
    unique('idempotencyKey_unique', { idempotencyKey: 1 }),
    unique('certificateNumber_unique', { certificateNumber: 1 }),
    unique('verificationToken_unique', { verificationToken: 1 }),
    plain('statusEntries_listId', { 'statusEntries.listId': 1 }),
    plain('holderUserId_createdAt', { holderUserId: 1, createdAt: -1 }),
    plain('supersedes', { supersedes: 1 }),
  ],
  statusLists: [
    unique('id_unique', { id: 1 }),
    unique('purpose_length_seq_unique', { purpose: 1, length: 1, seq: 1 }),
  ],
  publishedStatusLists: [unique('listId_unique', { listId: 1 })],
  apiKeys: [unique('id_unique', { id: 1 }), unique('hash_unique', { hash: 1 })],
  users: [unique('id_unique', { id: 1 }), unique('email_unique', { email: 1 })],
  sessions: [unique('idHash_unique', { idHash: 1 }), plain('userId_createdAt', { userId: 1, createdAt: -1 })],
  tokens: [unique('hash_unique', { hash: 1 }), plain('userId_purpose', { userId: 1, purpose: 1 })],
  exchanges: [
    unique('id_kind_unique', { id: 1, kind: 1 }),
    plain('issuedCredentialId', { issuedCredentialId: 1 }),
  ],
  templateVersions: [unique('templateId_version_unique', { templateId: 1, version: -1 })],
  programEnrolments: [unique('batch_user_unique', { batchId: 1, userId: 1 })],
  programEvents: [unique('id_unique', { id: 1 })],
  programWebhookSignatures: [unique('signature_unique', { signature: 1 })],
  notificationOutbox: [
    unique('id_unique', { id: 1 }),
    unique('dedupeKey_unique', { dedupeKey: 1 }),
    plain('status_nextAttemptAt', { status: 1, nextAttemptAt: 1 }),
  ],
  messageTemplates: [unique('trigger_language_version_unique', { trigger: 1, language: 1, version: -1 })],
  conversations: [unique('id_unique', { id: 1 }), unique('number_unique', { number: 1 })],
  messageTerms: [unique('term_messageId_unique', { term: 1, messageId: 1 })],
  accreditationApplications: [unique('id_unique', { id: 1 })],
  trustedIssuers: [unique('did_unique', { did: 1 })],
  partnerIssuers: [unique('organisationId_unique', { organisationId: 1 }), unique('did_unique', { did: 1 })],
};

/** Every indexName in an explain's winning plan (the stage tree differs between MongoDB versions). */
function indexNames(plan: unknown, found: string[] = []): string[] {
  if (Array.isArray(plan)) for (const item of plan) indexNames(item, found);
  else if (plan && typeof plan === 'object') {
    for (const [key, value] of Object.entries(plan)) {
      if (key === 'indexName' && typeof value === 'string') found.push(value);
      else indexNames(value, found);
    }
  }
  return found;
}

if (setupError) {
  describe('mongodb indexes', () => {
    it('has a MongoDB-wire server', () => {
      throw new Error(setupError);
    });
  });
} else if (!uri) {
  console.log(
    'MongoDB index tests skipped: no server. Install Go (go on PATH or /usr/local/go/bin/go) and the tests build and start FerretDB themselves, or set MONGODB_URI=mongodb://... to run them against a MongoDB server.',
  );
  describe.skip('mongodb indexes', () => {
    it('needs Go (for FerretDB) or MONGODB_URI', () => {});
  });
} else {
  const probe = new MongoClient(uri);
  const buildInfo = await probe
    .db('admin')
    .command({ buildInfo: 1 })
    .finally(() => probe.close());
  const ferretdb = typeof buildInfo.ferretdbVersion === 'string';

  describe('mongodb indexes', () => {
    const dbName = `saypro_indexes_${process.pid}_${Date.now().toString(36)}`;
    let stores: Stores;
    let client: MongoClient;
    let db: Db;

    beforeAll(async () => {
      stores = await createMongoStores(uri, dbName);
      await stores.init();
      client = new MongoClient(uri);
      db = client.db(dbName);
    });
    afterAll(async () => {
      await stores?.close();
      try {
        await db?.dropDatabase();
      } finally {
        await client?.close();
      }
    });

    it('creates the unique and look-up indexes on the main collections', async () => {
      for (const [collection, expected] of Object.entries(EXPECTED)) {
        const listed = await db.collection(collection).listIndexes().toArray();
        for (const index of expected) {
          const found = listed.find((i) => i.name === index.name);
          expect(found, `${collection}.${index.name} in ${JSON.stringify(listed)}`).toBeDefined();
          expect(found!.key, `${collection}.${index.name}`).toEqual(index.key);
          expect(found!.unique === true, `${collection}.${index.name} unique`).toBe(index.unique === true);
        }
      }
    });

    it('leaves the indexes as they were when init runs again', async () => {
      const before = await db.collection('credentials').listIndexes().toArray();
      await stores.init();
      expect(await db.collection('credentials').listIndexes().toArray()).toEqual(before);
    });

    it('expires sessions by a TTL index where the server has them (FerretDB v1 does not)', async () => {
      const ttl = (await db.collection('sessions').listIndexes().toArray()).find(
        (i) => i.name === SESSION_TTL_INDEX,
      );
      if (ferretdb) expect(ttl).toBeUndefined();
      else expect(ttl).toMatchObject({ key: { expiresAtDate: 1 }, expireAfterSeconds: 0 });
    });

    it('lets credentials stored before verification tokens share the missing token until init gives each one', async () => {
      const credentials = db.collection('credentials');
      const legacy = (n: number): Document => ({
        id: `urn:uuid:legacy-${dbName}-${n}`,
        idempotencyKey: `legacy-${dbName}-${n}`,
        certificateNumber: `LEGACY-${dbName}-${n}`,
        statusEntries: [],
      });
      await credentials.insertMany([legacy(1), legacy(2)]);
      await stores.init();
      const tokens = (await credentials.find({ id: { $in: [legacy(1).id, legacy(2).id] } }).toArray()).map(
        (d) => d.verificationToken,
      );
      expect(tokens).toHaveLength(2);
      expect(new Set(tokens).size).toBe(2);
      for (const token of tokens) expect(typeof token).toBe('string');
    });

    it.skipIf(ferretdb)(
      'answers key look-ups from their indexes (explain; MongoDB only, see the header)',
      async () => {
        const cases: Array<[string, Document, string, Document?]> = [
          ['credentials', { certificateNumber: 'SP-2025-000001' }, 'certificateNumber_unique'],
          ['credentials', { idempotencyKey: 'key' }, 'idempotencyKey_unique'],
          ['credentials', { verificationToken: 'token' }, 'verificationToken_unique'],
          [
            'credentials',
            { 'statusEntries.listId': 'list', $or: [{ revoked: true }, { suspended: true }] },
            'statusEntries_listId',
          ],
          ['credentials', { supersedes: 'urn:uuid:old', state: 'issued' }, 'supersedes', { createdAt: -1 }],
          [
            'statusLists',
            { purpose: 'revocation', length: 131072, allocated: { $lt: 131072 } },
            'purpose_length_seq_unique',
            { seq: 1 },
          ],
          ['publishedStatusLists', { listId: 'list' }, 'listId_unique'],
          ['apiKeys', { hash: 'hash' }, 'hash_unique'],
          ['users', { email: 'ada@example.org' }, 'email_unique'],
          ['sessions', { idHash: 'hash' }, 'idHash_unique'],
          ['tokens', { hash: 'hash', purpose: 'verify_email' }, 'hash_unique'],
          ['exchanges', { id: 'x', kind: 'oid4vci_offer' }, 'id_kind_unique'],
          ['notificationOutbox', { dedupeKey: 'k' }, 'dedupeKey_unique'],
          ['templateVersions', { templateId: 't' }, 'templateId_version_unique', { version: -1 }],
          ['conversations', { number: 7 }, 'number_unique'],
        ];
        for (const [collection, filter, index, sort] of cases) {
          const explained = await db
            .collection(collection)
            .find(filter, sort ? { sort } : {})
            .limit(1)
            .explain('queryPlanner');
          expect(
            indexNames(explained.queryPlanner?.winningPlan),
            `${collection} ${JSON.stringify(filter)}`,
          ).toContain(index);
        }
      },
    );
  });
}
