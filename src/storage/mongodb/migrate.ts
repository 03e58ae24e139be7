/**
 * Applies the numbered MongoDB migrations (migrations/) a database lacks, oldest first,
 * and records each in the `migrations` collection (`_id` = the migration id), so it runs
 * once per database, not on every start.
 *
 * Several instances may start at once on one database. The record doubles as the lock: an
 * instance claims a migration by inserting its record in state `applying` (the unique
 * `_id` lets only one insert succeed), applies it, then marks it `applied`. The others
 * see the claim and wait until it is applied, then go on to the next. A claim whose owner
 * stopped renewing it (the process died mid-way) goes stale and is taken over with a
 * findOneAndUpdate on the exact claim seen, so only one waiter takes it. A failed
 * migration removes its claim, so the next start tries again.
 *
 * MongoDB has no transactional DDL (and a standalone server no transactions at all), so a
 * migration can stop half-done and be run again from the start: each must be idempotent
 * (createIndex with the same name and options is).
 */
import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Collection, Db } from 'mongodb';
import { isDuplicateKey } from './collections.js';
import { MONGO_MIGRATIONS } from './migrations/index.js';

/** One step of the database's shape (indexes, or data). */
export interface MongoMigration {
  /** `NNN_name`: NNN is its place in the list, from 001. */
  id: string;
  /** Applies it; must be safe to run again after a partial run. */
  up(db: Db): Promise<void>;
}

/** A record in `migrations`: a claim while applying, then the fact that it was applied. */
export interface MigrationRecord {
  _id: string;
  state: 'applying' | 'applied';
  /** The instance that claimed it (host, pid and a random part). */
  owner: string;
  /** When the owner claimed or last renewed the claim. */
  lockedAt: Date;
  appliedAt?: Date;
}

/** The collection that records applied migrations. */
export const MIGRATIONS_COLLECTION = 'migrations';

/** A database that has migrations this code does not know: a newer release ran on it. */
export class MongoSchemaTooNewError extends Error {
  constructor(readonly unknownIds: string[]) {
    super(
      `The database has migrations this release of SayPro Credentials does not know (${unknownIds.join(', ')}): a newer release has upgraded it. ` +
        'Run that release (or a later one), or restore a backup taken before the upgrade; this one will not start on it, so as not to damage data it does not understand.',
    );
    this.name = 'MongoSchemaTooNewError';
  }
}

export interface MongoMigrationOptions {
  /** How often a waiting instance looks again (ms). */
  pollMs?: number;
  /** How old an unrenewed claim must be before another instance takes it over (ms); the owner renews every third of it. */
  staleAfterMs?: number;
}

/** What one run did: the migrations it applied, and those it found applied (by itself or another instance). */
export interface MongoMigrationOutcome {
  applied: string[];
  skipped: string[];
}

/** Refuses ids that are not 001_, 002_, ... in order (a mistake when adding one). */
function checkOrder(migrations: readonly MongoMigration[]): void {
  migrations.forEach((m, i) => {
    const number = /^(\d{3})_[a-z0-9_]+$/.exec(m.id)?.[1];
    if (Number(number) !== i + 1)
      throw new Error(
        `MongoDB migration "${m.id}" is number ${i + 1} in the list; its id must be ${String(i + 1).padStart(3, '0')}_name`,
      );
  });
}

/** Applies the migrations `db` lacks; see the header. */
export async function migrateMongo(
  db: Db,
  migrations: readonly MongoMigration[] = MONGO_MIGRATIONS,
  options: MongoMigrationOptions = {},
): Promise<MongoMigrationOutcome> {
  checkOrder(migrations);
  const records = db.collection<MigrationRecord>(MIGRATIONS_COLLECTION);
  const known = new Set(migrations.map((m) => m.id));
  const unknown = (await records.find({}, { projection: { _id: 1 } }).toArray())
    .map((r) => r._id)
    .filter((id) => !known.has(id));
  if (unknown.length > 0) throw new MongoSchemaTooNewError(unknown.sort());

  const owner = `${hostname()}:${process.pid}:${randomUUID()}`;
  const settings = { pollMs: options.pollMs ?? 250, staleAfterMs: options.staleAfterMs ?? 60_000 };
  const outcome: MongoMigrationOutcome = { applied: [], skipped: [] };
  for (const migration of migrations) {
    const applied = await applyOnce(db, records, migration, owner, settings);
    outcome[applied ? 'applied' : 'skipped'].push(migration.id);
  }
  return outcome;
}

/** Applies one migration unless it is applied already, or waits while another instance applies it; true when this call applied it. */
async function applyOnce(
  db: Db,
  records: Collection<MigrationRecord>,
  migration: MongoMigration,
  owner: string,
  settings: Required<MongoMigrationOptions>,
): Promise<boolean> {
  for (;;) {
    const seen = await records.findOne({ _id: migration.id });
    if (seen?.state === 'applied') return false;
    if (!seen) {
      try {
        await records.insertOne({ _id: migration.id, state: 'applying', owner, lockedAt: new Date() });
      } catch (error) {
        if (isDuplicateKey(error)) continue; // another instance claimed it first: look again
        throw error;
      }
      await run(db, records, migration, owner, settings.staleAfterMs);
      return true;
    }
    if (Date.now() - seen.lockedAt.getTime() >= settings.staleAfterMs) {
      const taken = await records.findOneAndUpdate(
        { _id: migration.id, state: 'applying', owner: seen.owner, lockedAt: seen.lockedAt },
        { $set: { owner, lockedAt: new Date() } },
      );
      if (taken) {
        await run(db, records, migration, owner, settings.staleAfterMs);
        return true;
      }
      continue;
    }
    await sleep(settings.pollMs);
  }
}

/** Runs a claimed migration, renewing the claim meanwhile; records it applied, or gives the claim up if it fails. */
async function run(
  db: Db,
  records: Collection<MigrationRecord>,
  migration: MongoMigration,
  owner: string,
  staleAfterMs: number,
): Promise<void> {
  const renew = setInterval(
    () => {
      records
        .updateOne({ _id: migration.id, owner, state: 'applying' }, { $set: { lockedAt: new Date() } })
        .catch(() => {
          // A missed renewal only lets a waiter take over sooner; the migration is idempotent.
        });
    },
    Math.max(1, Math.floor(staleAfterMs / 3)),
  );
  renew.unref();
  try {
    await migration.up(db);
  } catch (error) {
    clearInterval(renew);
    // The migration's own error is the one to report; a claim left behind goes stale and is taken over.
    await records.deleteOne({ _id: migration.id, owner, state: 'applying' }).catch(() => {});
    throw error;
  }
  clearInterval(renew);
  // By id alone: if a waiter took the claim over meanwhile, this run still completed it.
  await records.updateOne({ _id: migration.id }, { $set: { state: 'applied', appliedAt: new Date() } });
}
