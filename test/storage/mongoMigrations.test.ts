/**
 * The numbered MongoDB migrations (src/storage/mongodb/migrate.ts): each is recorded in
 * `migrations`, a second run applies nothing, two instances starting at once apply each
 * migration once, a claim left by a dead instance is taken over, a failed migration is
 * retried on the next start, and a database with migrations this code does not know is
 * refused. Runs on the server MONGODB_URI names, else on the FerretDB that
 * test/mongoGlobalSetup.ts starts; skipped, saying how to run it, without either.
 */
import type { Db } from 'mongodb';
import { expect, it, vi } from 'vitest';
import { createMongoStores } from '../../src/storage/mongodb/mongoStores.js';
import {
  MIGRATIONS_COLLECTION,
  migrateMongo,
  MongoSchemaTooNewError,
  type MigrationRecord,
  type MongoMigration,
} from '../../src/storage/mongodb/migrate.js';
import { MONGO_MIGRATIONS } from '../../src/storage/mongodb/migrations/index.js';
import { useMongoDatabases } from '../fixtures/mongoDatabase.js';
import { describeOnMongo } from '../fixtures/mongoTarget.js';

const IDS = MONGO_MIGRATIONS.map((m) => m.id);
/** The numbers after the real list's, for the migrations these tests add to it. */
const NEXT = String(MONGO_MIGRATIONS.length + 1).padStart(3, '0');
const AFTER_NEXT = String(MONGO_MIGRATIONS.length + 2).padStart(3, '0');

/** A migration after the real ones that counts its runs and takes a while (so concurrent runs overlap). */
function counted(id: string, runs: Map<string, number>, ms = 300): MongoMigration {
  return {
    id,
    async up(db) {
      runs.set(id, (runs.get(id) ?? 0) + 1);
      await new Promise((resolve) => setTimeout(resolve, ms));
      await db.collection('migrationProbe').createIndex({ [id]: 1 }, { name: id });
    },
  };
}

/** The real migrations, each counting its runs. */
function countingReal(runs: Map<string, number>): MongoMigration[] {
  return MONGO_MIGRATIONS.map((m) => ({
    id: m.id,
    async up(db) {
      runs.set(m.id, (runs.get(m.id) ?? 0) + 1);
      await m.up(db);
    },
  }));
}

describeOnMongo('mongodb migrations', 'MongoDB migration tests', (uri) => {
  // FerretDB serialises writes and creates indexes slowly beside a full run on two cores.
  vi.setConfig({ testTimeout: 120_000 });
  const databases = useMongoDatabases(uri, 'migrations');
  const freshDbName = () => databases.freshName();
  /** A database on a client of its own (two clients = two instances). */
  const instance = (name: string): Db => databases.open(name);
  const recordsOf = (db: Db) =>
    db.collection<MigrationRecord>(MIGRATIONS_COLLECTION).find({}).sort({ _id: 1 }).toArray();

  it('records each migration it applies, and a second run applies nothing', async () => {
    const db = instance(freshDbName());
    const runs = new Map<string, number>();
    const list = countingReal(runs);

    expect(await migrateMongo(db, list)).toEqual({ applied: IDS, skipped: [] });
    const records = await recordsOf(db);
    expect(records.map((r) => r._id)).toEqual(IDS);
    for (const record of records)
      expect(record).toMatchObject({ state: 'applied', appliedAt: expect.any(Date) });
    const credentialIndexes = (await db.collection('credentials').listIndexes().toArray()).map((i) => i.name);
    expect(credentialIndexes).toEqual(
      expect.arrayContaining(['certificateNumber_unique', 'verificationToken_unique']),
    );
    const contentIndexes = (await db.collection('content_versions').listIndexes().toArray()).map(
      (i) => i.name,
    );
    expect(contentIndexes).toContain('slug_version_unique');

    expect(await migrateMongo(db, list)).toEqual({ applied: [], skipped: IDS });
    expect([...runs.values()].every((n) => n === 1)).toBe(true);
    expect(await recordsOf(db)).toEqual(records);
  });

  it('applies each migration once when two instances start at once', async () => {
    const name = freshDbName();
    const runs = new Map<string, number>();
    const list = [
      ...countingReal(runs),
      counted(`${NEXT}_probe`, runs),
      counted(`${AFTER_NEXT}_probe`, runs),
    ];
    const ids = list.map((m) => m.id);

    const [a, b] = await Promise.all([
      migrateMongo(instance(name), list, { pollMs: 50 }),
      migrateMongo(instance(name), list, { pollMs: 50 }),
    ]);
    for (const id of ids) expect(runs.get(id), id).toBe(1);
    expect([...a.applied, ...b.applied].sort()).toEqual(ids);
    expect([...a.skipped, ...b.skipped].sort()).toEqual(ids);
    expect((await recordsOf(instance(name))).map((r) => [r._id, r.state])).toEqual(
      ids.map((id) => [id, 'applied']),
    );
  });

  it('takes over a claim left by an instance that died while applying', async () => {
    const db = instance(freshDbName());
    await db.collection<MigrationRecord>(MIGRATIONS_COLLECTION).insertOne({
      _id: IDS[0]!,
      state: 'applying',
      owner: 'dead-host:1:x',
      lockedAt: new Date(Date.now() - 10_000),
    });
    expect(await migrateMongo(db, MONGO_MIGRATIONS, { staleAfterMs: 5_000, pollMs: 50 })).toEqual({
      applied: IDS,
      skipped: [],
    });
    const [record] = await recordsOf(db);
    expect(record).toMatchObject({ _id: IDS[0], state: 'applied' });
    expect(record!.owner).not.toBe('dead-host:1:x');
  });

  it('waits for a live claim rather than applying the migration beside it', async () => {
    const db = instance(freshDbName());
    const records = db.collection<MigrationRecord>(MIGRATIONS_COLLECTION);
    await migrateMongo(db);
    const runs = new Map<string, number>();
    await records.insertOne({
      _id: `${NEXT}_probe`,
      state: 'applying',
      owner: 'other:1:y',
      lockedAt: new Date(),
    });
    const waiting = migrateMongo(db, [...MONGO_MIGRATIONS, counted(`${NEXT}_probe`, runs)], { pollMs: 50 });
    await new Promise((resolve) => setTimeout(resolve, 400));
    await records.updateOne({ _id: `${NEXT}_probe` }, { $set: { state: 'applied', appliedAt: new Date() } });
    expect(await waiting).toEqual({ applied: [], skipped: [...IDS, `${NEXT}_probe`] });
    expect(runs.get(`${NEXT}_probe`)).toBeUndefined();
  });

  it('gives up the claim of a failed migration, so the next start tries it again', async () => {
    const db = instance(freshDbName());
    const failing: MongoMigration = {
      id: `${NEXT}_failing`,
      up: async () => {
        throw new Error('boom');
      },
    };
    await expect(migrateMongo(db, [...MONGO_MIGRATIONS, failing])).rejects.toThrow('boom');
    expect((await recordsOf(db)).map((r) => r._id)).toEqual(IDS);
    const runs = new Map<string, number>();
    expect(await migrateMongo(db, [...MONGO_MIGRATIONS, counted(`${NEXT}_failing`, runs, 0)])).toEqual({
      applied: [`${NEXT}_failing`],
      skipped: IDS,
    });
  });

  it('refuses a database with a migration this code does not know (a newer release ran on it)', async () => {
    const name = freshDbName();
    const db = instance(name);
    await migrateMongo(db);
    await db.collection<MigrationRecord>(MIGRATIONS_COLLECTION).insertOne({
      _id: '999_from_the_future',
      state: 'applied',
      owner: 'new:1:z',
      lockedAt: new Date(),
      appliedAt: new Date(),
    });
    await expect(migrateMongo(db)).rejects.toThrow(MongoSchemaTooNewError);
    await expect(migrateMongo(db)).rejects.toThrow(/999_from_the_future.*newer release/);

    const stores = await createMongoStores(uri, name);
    try {
      await expect(stores.init()).rejects.toThrow(MongoSchemaTooNewError);
    } finally {
      await stores.close();
    }
  });

  it('is what the stores run on init', async () => {
    const name = freshDbName();
    const stores = await createMongoStores(uri, name);
    try {
      await stores.init();
      await stores.init();
    } finally {
      await stores.close();
    }
    expect((await recordsOf(instance(name))).map((r) => [r._id, r.state])).toEqual(
      IDS.map((id) => [id, 'applied']),
    );
  });
});
