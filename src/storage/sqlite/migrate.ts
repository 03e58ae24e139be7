/**
 * Brings a database file to the schema this code expects by applying the numbered
 * migrations in migrations/ that it lacks. The file's version is `PRAGMA user_version`
 * (0 for a new file and for one made before versioning began; the baseline migration
 * copes with both). Each migration runs in its own IMMEDIATE transaction together with
 * the version bump, so a failure leaves the file at the previous version with nothing
 * half-done, and a second process opening the same file waits for the write lock, then
 * reads the version again and finds nothing to do.
 */
import { SQLITE_MIGRATIONS } from './migrations/index.js';
import type { SqliteDb } from './schema.js';

/** One step of the schema. */
export interface SqliteMigration {
  /** Its number: 1 for the first, each next one one more (the file's user_version after it). */
  version: number;
  /** A short name, for messages (the file is named `NNN_name.ts`). */
  name: string;
  /** Changes the schema (and data); runs inside the transaction, so it must not commit or change pragmas that a transaction ignores. */
  up(db: SqliteDb): void;
  /**
   * Runs `up` with foreign keys off, for a table rebuild (create new, copy, drop old,
   * rename): with them on, dropping a table that others reference deletes their rows
   * (ON DELETE CASCADE). The pragma cannot change inside a transaction, so the runner
   * sets it around it, and refuses (rolls back) if `PRAGMA foreign_key_check` then finds
   * a broken reference.
   */
  foreignKeysOff?: true;
}

/** A file whose schema is newer than this code knows: opened by a later release, then this older one. */
export class SchemaTooNewError extends Error {
  constructor(
    readonly fileVersion: number,
    readonly knownVersion: number,
  ) {
    super(
      `The database is at schema version ${fileVersion}, but this release of SayPro Credentials knows versions up to ${knownVersion} only: ` +
        'a newer release has upgraded it. Run that release (or a later one), or restore a backup taken before the upgrade; this one will not start on it, so as not to damage data it does not understand.',
    );
    this.name = 'SchemaTooNewError';
  }
}

/** What a run did: the version found, the version left, and the versions applied in between. */
export interface MigrationOutcome {
  from: number;
  to: number;
  applied: number[];
}

const versionOf = (db: SqliteDb): number => db.pragma('user_version', { simple: true }) as number;

/** Refuses a list whose versions are not 1, 2, 3, ... in order (a mistake when adding one). */
function checkOrder(migrations: readonly SqliteMigration[]): void {
  migrations.forEach((m, i) => {
    if (m.version !== i + 1)
      throw new Error(
        `SQLite migration "${m.name}" has version ${m.version} but is number ${i + 1} in the list`,
      );
  });
}

/**
 * Applies every migration the file lacks, oldest first; throws SchemaTooNewError, having
 * changed nothing, when the file is newer than `migrations`. A file already up to date
 * is only read.
 */
export function migrateSqlite(
  db: SqliteDb,
  migrations: readonly SqliteMigration[] = SQLITE_MIGRATIONS,
): MigrationOutcome {
  checkOrder(migrations);
  const known = migrations.length;
  const from = versionOf(db);
  if (from > known) throw new SchemaTooNewError(from, known);
  const applied: number[] = [];
  for (const migration of migrations.slice(from)) {
    const step = db.transaction(() => {
      // Read again under the write lock: another process may have applied it meanwhile.
      const current = versionOf(db);
      if (current > known) throw new SchemaTooNewError(current, known);
      if (current >= migration.version) return;
      migration.up(db);
      if (migration.foreignKeysOff && (db.pragma('foreign_key_check') as unknown[]).length > 0) {
        throw new Error(
          `SQLite migration ${migration.version} (${migration.name}) leaves references that point nowhere; nothing was changed`,
        );
      }
      // A pragma takes no bound parameters; the version is a checked integer.
      db.pragma(`user_version = ${migration.version}`);
      applied.push(migration.version);
    });
    if (!migration.foreignKeysOff) {
      step.immediate();
      continue;
    }
    const enforced = db.pragma('foreign_keys', { simple: true }) === 1;
    db.pragma('foreign_keys = OFF');
    try {
      step.immediate();
    } finally {
      if (enforced) db.pragma('foreign_keys = ON');
    }
  }
  return { from, to: versionOf(db), applied };
}
