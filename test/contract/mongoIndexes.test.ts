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
 *
 * The indexes are exactly the ones the previous release created (test/fixtures/
 * mongoIndexesBefore.ts), no more and no fewer, and a database whose indexes that release
 * made migrates cleanly: with 001 recorded (the previous release ran it) or not (a release
 * from before versioning), its indexes stay exactly as they were.
 */
import type { Db, Document } from 'mongodb';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { SESSION_TTL_INDEX } from '../../src/storage/mongodb/accountCollections.js';
import {
  MIGRATIONS_COLLECTION,
  type MigrationRecord,
  migrateMongo,
} from '../../src/storage/mongodb/migrate.js';
import { MONGO_MIGRATIONS } from '../../src/storage/mongodb/migrations/index.js';
import { createMongoStores } from '../../src/storage/mongodb/mongoStores.js';
import type { Stores } from '../../src/storage/ports.js';
import { isFerretDb, useMongoDatabases } from '../fixtures/mongoDatabase.js';
import { MONGO_INDEXES_BEFORE, SESSION_TTL_BEFORE } from '../fixtures/mongoIndexesBefore.js';
import { describeOnMongo, mongoTarget } from '../fixtures/mongoTarget.js';

/** An index as listIndexes shows it (the fields compared here). */
interface Expected {
  name: string;
  key: Record<string, 1 | -1>;
  unique?: true;
}

const unique = (name: string, key: Expected['key']): Expected => ({ name, key, unique: true });
const plain = (name: string, key: Expected['key']): Expected => ({ name, key });

/** What init must have created, by collection (read from migration 001's index lists). */
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

/**
 * An index as compared here: what listIndexes shows of a createIndexes specification, its
 * key as [field, direction] pairs (the order of a compound key's fields counts).
 */
interface Shown {
  name: string;
  key: [string, unknown][];
  unique?: true;
  sparse?: true;
  expireAfterSeconds?: number;
}

/** The fields compared, without those the server adds (`v`, `ns`) or leaves out when false. */
function shown(index: Document): Shown {
  const { name, key, unique, sparse, expireAfterSeconds } = index;
  return {
    name,
    key: Object.entries(key),
    ...(unique ? { unique } : {}),
    ...(sparse ? { sparse } : {}),
    ...(expireAfterSeconds !== undefined ? { expireAfterSeconds } : {}),
  };
}

const byName = (a: Shown, b: Shown) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

/**
 * Every index of the database but `_id_` and those of the migration records, as
 * listIndexes gives them, by collection (collections without one left out).
 */
async function allIndexes(db: Db): Promise<Record<string, Document[]>> {
  const found: Record<string, Document[]> = {};
  const collections = (await db.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name).sort();
  for (const name of collections) {
    if (name === MIGRATIONS_COLLECTION) continue;
    const indexes = (await db.collection(name).listIndexes().toArray()).filter((i) => i.name !== '_id_');
    if (indexes.length > 0) found[name] = indexes;
  }
  return found;
}

/** `allIndexes`, with the compared fields only, each collection's by name. */
async function indexesOf(db: Db): Promise<Record<string, Shown[]>> {
  return Object.fromEntries(
    Object.entries(await allIndexes(db)).map(([name, indexes]) => [name, indexes.map(shown).sort(byName)]),
  );
}

/**
 * The indexes the previous release made, as indexesOf shows them. On FerretDB v1, without
 * the TTL index (it has none) and without `sparse` (it takes the option but does not list
 * it; its unique indexes leave a missing field out as a sparse one does).
 */
function indexesBefore(ferretdb: boolean): Record<string, Shown[]> {
  return Object.fromEntries(
    Object.entries(MONGO_INDEXES_BEFORE).map(([collection, specs]) => [
      collection,
      specs
        .filter((spec) => !(ferretdb && spec.name === SESSION_TTL_BEFORE))
        .map((spec) => shown(ferretdb ? { ...spec, sparse: undefined } : spec))
        .sort(byName),
    ]),
  );
}

/** Of `indexes`, only those the previous release made (same collection, same name). */
function ofThePreviousRelease<T extends Document>(indexes: Record<string, T[]>): Record<string, T[]> {
  return Object.fromEntries(
    Object.entries(indexes)
      .filter(([collection]) => collection in MONGO_INDEXES_BEFORE)
      .map(([collection, list]) => {
        const names = new Set(MONGO_INDEXES_BEFORE[collection]!.map((spec) => spec.name));
        return [collection, list.filter((index) => names.has(index.name))];
      }),
  );
}

/** Makes `db` as the previous release left it: its indexes, created one by one as it did. */
async function asThePreviousReleaseMadeIt(db: Db, ferretdb: boolean): Promise<void> {
  for (const [collection, specs] of Object.entries(MONGO_INDEXES_BEFORE))
    for (const spec of specs)
      if (!(ferretdb && spec.name === SESSION_TTL_BEFORE))
        await db.collection(collection).createIndexes([spec]);
}

const target = mongoTarget().uri;
const ferretdb = target ? await isFerretDb(target) : false;

describeOnMongo('mongodb indexes', 'MongoDB index tests', (uri) => {
  const databases = useMongoDatabases(uri, 'indexes');
  const dbName = databases.freshName();
  let stores: Stores;
  let db: Db;

  beforeAll(async () => {
    stores = await createMongoStores(uri, dbName);
    await stores.init();
    db = databases.open(dbName);
  });
  afterAll(async () => {
    await stores?.close();
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

  it('makes with migration 001 exactly the indexes the previous release created, no more and no fewer', async () => {
    const fresh = databases.open(databases.freshName());
    await migrateMongo(fresh, MONGO_MIGRATIONS.slice(0, 1));
    expect(await indexesOf(fresh)).toEqual(indexesBefore(ferretdb));
  });

  it('keeps every index of the previous release as it was, beside those later migrations add', async () => {
    expect(ofThePreviousRelease(await indexesOf(db))).toEqual(indexesBefore(ferretdb));
  });

  it('starts on a database the previous release made and migrated, leaving its indexes as they were', async () => {
    const name = databases.freshName();
    const old = databases.open(name);
    await asThePreviousReleaseMadeIt(old, ferretdb);
    await old.collection<MigrationRecord>(MIGRATIONS_COLLECTION).insertOne({
      _id: '001_baseline',
      state: 'applied',
      owner: 'previous-release:1:x',
      lockedAt: new Date(),
      appliedAt: new Date(),
    });
    const made = await allIndexes(old);
    const upgraded = await createMongoStores(uri, name);
    try {
      await upgraded.init();
    } finally {
      await upgraded.close();
    }
    expect(ofThePreviousRelease(await allIndexes(old))).toEqual(made);
    expect(await indexesOf(old)).toEqual(await indexesOf(db));
  });

  it('migrates a database whose indexes a release before versioning made: 001 finds each one and changes none', async () => {
    const name = databases.freshName();
    const old = databases.open(name);
    await asThePreviousReleaseMadeIt(old, ferretdb);
    const made = await allIndexes(old);
    expect(await migrateMongo(old)).toEqual({ applied: MONGO_MIGRATIONS.map((m) => m.id), skipped: [] });
    expect(ofThePreviousRelease(await allIndexes(old))).toEqual(made);
    expect(await indexesOf(old)).toEqual(await indexesOf(db));
  });
});
