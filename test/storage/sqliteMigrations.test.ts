/**
 * The numbered SQLite migrations (src/storage/sqlite/migrate.ts, migrations/): a new file
 * ends at the latest version with exactly the schema the code made before versioning
 * (test/fixtures/sqliteSchemaBefore.sql, dumped from that code: `SELECT sql FROM
 * sqlite_master ORDER BY name`); a file made by the previous release (that schema, user_version
 * 0, rows in it) is brought up with every row intact; a file newer than the code is refused;
 * a second run changes nothing; each migration is one transaction.
 */
import Database from 'better-sqlite3';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { migrateSqlite, SchemaTooNewError, type SqliteMigration } from '../../src/storage/sqlite/migrate.js';
import { SQLITE_MIGRATIONS } from '../../src/storage/sqlite/migrations/index.js';
import { openSqlite, type SqliteDb } from '../../src/storage/sqlite/schema.js';
import { createSqliteStores } from '../../src/storage/sqlite/sqliteStores.js';

const dir = mkdtempSync(join(tmpdir(), 'saypro-sqlite-migrations-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;
const newFile = () => join(dir, `db-${++files}.sqlite`);

const LATEST = SQLITE_MIGRATIONS.length;

/** The statements of the fixture, in its order (by object name). */
const BEFORE: string[] = readFileSync(new URL('../fixtures/sqliteSchemaBefore.sql', import.meta.url), 'utf8')
  .split(/;\n(?:\n|$)/)
  .map((s) => s.trim())
  .filter((s) => s !== '');

/** What the previous release made, as the dump has it (less `without`): tables first, then their indexes. */
function makePreviousReleaseFile(file: string, without: (sql: string) => boolean = () => false): void {
  const db = new Database(file);
  const kept = BEFORE.filter((s) => !without(s));
  for (const sql of [
    ...kept.filter((s) => s.startsWith('CREATE TABLE')),
    ...kept.filter((s) => !s.startsWith('CREATE TABLE')),
  ])
    db.exec(sql);
  db.close();
}

/** The schema of a file as the fixture was dumped. */
function schemaOf(file: string): string[] {
  const db = new Database(file, { readonly: true });
  try {
    return db
      .prepare<[], { sql: string }>('SELECT sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY name')
      .all()
      .map((r) => r.sql);
  } finally {
    db.close();
  }
}

/**
 * The schema a new file gets from every migration: the fixture's (what migration 1 makes)
 * plus what the later migrations add. Files migrated from older states must end with it.
 */
function latestSchema(): string[] {
  const file = newFile();
  const db = openSqlite(file);
  migrateSqlite(db);
  db.close();
  return schemaOf(file);
}

function userVersion(file: string): number {
  const db = new Database(file, { readonly: true });
  try {
    return db.pragma('user_version', { simple: true }) as number;
  } finally {
    db.close();
  }
}

/** Every row of every table, by table, in a stable order: what "intact" is compared on. */
function allRows(file: string): Record<string, unknown[]> {
  const db = new Database(file, { readonly: true });
  try {
    const tables = db
      .prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
      .all();
    return Object.fromEntries(
      tables.map(({ name }) => [name, db.prepare(`SELECT * FROM ${name} ORDER BY 1, 2`).all()]),
    );
  } finally {
    db.close();
  }
}

const NAME = 'Grace Hopper';
const unsigned = { id: 'urn:uuid:prev-1', credentialSubject: { name: NAME } };
const signed = { ...unsigned, proof: { proofValue: 'z-prev' } };

/** Rows as the previous release wrote them, across the older and the newer tables. */
function insertRows(file: string): void {
  const db = new Database(file);
  db.exec(`INSERT INTO sequences VALUES ('SP', 2025, 1)`);
  db.prepare(
    `INSERT INTO status_lists VALUES ('list-prev', 'revocation', 16, 1, ?, 3, '2025-01-01T00:00:00.000Z')`,
  ).run('ab'.repeat(32));
  db.prepare(
    `INSERT INTO credentials (id, idempotency_key, certificate_number, issuer_did, state, unsigned, credential, revoked, suspended,
       status_reason, is_public, created_at, updated_at, holder_user_id, verification_token)
     VALUES ('urn:uuid:prev-1', 'prev-key-1', 'SP-2025-000001', 'did:web:certs.example.org', 'issued', ?, ?, 1, 0, 'withdrawn', 1,
       '2025-01-01T00:00:00.000Z', '2025-01-02T00:00:00.000Z', 'user_prev', 'tok-prev-1')`,
  ).run(JSON.stringify(unsigned), JSON.stringify(signed));
  db.exec(`INSERT INTO status_entries VALUES ('urn:uuid:prev-1', 0, 'revocation', 'list-prev', 7)`);
  db.exec(
    `INSERT INTO api_keys VALUES ('key_prev', 'integration', '${'d'.repeat(64)}', '["credentials:issue"]', '2025-01-01T00:00:00.000Z', NULL, 'user_prev')`,
  );
  db.prepare(
    `INSERT INTO users (id, email, name, role, team_ids, status, failed_logins, created_at, updated_at)
     VALUES ('user_prev', 'grace@example.org', ?, 'participant', '[]', 'active', 0, '2025-01-01T00:00:00.000Z', '2025-01-01T00:00:00.000Z')`,
  ).run(NAME);
  db.exec(
    `INSERT INTO content_versions VALUES ('privacy', 1, '# Privacy', '2025-01-03T00:00:00.000Z', 'user_staff')`,
  );
  db.exec(
    `INSERT INTO audit_log VALUES ('audit_1', '2025-01-02T00:00:00.000Z', 'user_staff', 'Staff', 'credential.revoke', 'credential', 'urn:uuid:prev-1', NULL)`,
  );
  db.close();
}

describe('sqlite migrations', () => {
  it('has a dumped schema to compare with', () => {
    expect(BEFORE.filter((s) => s.startsWith('CREATE TABLE')).length).toBeGreaterThan(40);
  });

  it('makes with migration 1 exactly the schema the code made before versioning', () => {
    const file = newFile();
    const db = openSqlite(file);
    migrateSqlite(db, SQLITE_MIGRATIONS.slice(0, 1));
    db.close();
    expect(userVersion(file)).toBe(1);
    expect(schemaOf(file)).toEqual(BEFORE);
  });

  it('brings a new file to the latest version: the schema before versioning and what later migrations add', async () => {
    const file = newFile();
    const stores = createSqliteStores(file);
    await stores.init();
    await stores.close();
    expect(userVersion(file)).toBe(LATEST);
    const schema = schemaOf(file);
    expect(schema.filter((sql) => BEFORE.includes(sql))).toEqual(BEFORE);
    expect(schema).toEqual(latestSchema());
  });

  it('migrates a file made by the previous release (user_version 0) with its rows intact', async () => {
    const file = newFile();
    makePreviousReleaseFile(file);
    insertRows(file);
    expect(userVersion(file)).toBe(0);
    const before = allRows(file);

    const stores = createSqliteStores(file);
    await stores.init();
    expect(await stores.credentials.get('urn:uuid:prev-1')).toMatchObject({
      certificateNumber: 'SP-2025-000001',
      holderUserId: 'user_prev',
      verificationToken: 'tok-prev-1',
      revoked: true,
      unsigned,
      credential: signed,
      statusEntries: [{ purpose: 'revocation', listId: 'list-prev', index: 7 }],
    });
    expect(await stores.users.getByEmail('grace@example.org')).toMatchObject({ id: 'user_prev', name: NAME });
    expect(await stores.content.getVersion('privacy')).toMatchObject({ version: 1, markdown: '# Privacy' });
    expect((await stores.apiKeys.list()).map((k) => k.id)).toEqual(['key_prev']);
    await stores.close();

    expect(userVersion(file)).toBe(LATEST);
    expect(schemaOf(file)).toEqual(latestSchema());
    const rows = allRows(file);
    expect(Object.fromEntries(Object.keys(before).map((table) => [table, rows[table]]))).toEqual(before);
  });

  it('adds the tables a pre-versioning file from an older release lacks (here templates), keeping its rows', async () => {
    const file = newFile();
    makePreviousReleaseFile(file, (sql) => /\btemplates?\b|template_versions/.test(sql.split('(')[0]!));
    insertRows(file);
    const before = allRows(file);
    expect(Object.keys(before)).not.toContain('templates');

    const stores = createSqliteStores(file);
    await stores.init();
    await stores.close();
    expect(schemaOf(file)).toEqual(latestSchema());
    const rows = allRows(file);
    expect(
      Object.fromEntries([...Object.keys(before), 'templates', 'template_versions'].map((t) => [t, rows[t]])),
    ).toEqual({ ...before, templates: [], template_versions: [] });
  });

  it('gives credentials of a pre-versioning file that lack a verification token one, as the old start-up did', () => {
    const file = newFile();
    makePreviousReleaseFile(file);
    insertRows(file);
    const raw = new Database(file);
    raw.exec(`UPDATE credentials SET verification_token = NULL`);
    raw.close();

    const db = openSqlite(file);
    expect(migrateSqlite(db)).toEqual({
      from: 0,
      to: LATEST,
      applied: SQLITE_MIGRATIONS.map((m) => m.version),
    });
    expect(db.prepare('SELECT verification_token FROM credentials').pluck().get()).toMatch(/\S{16,}/);
    db.close();
  });

  it('refuses to start on a file whose version is newer than this code knows, changing nothing', async () => {
    const file = newFile();
    await createSqliteStores(file).close();
    const raw = new Database(file);
    raw.pragma(`user_version = ${LATEST + 1}`);
    raw.close();
    const schema = schemaOf(file);

    expect(() => createSqliteStores(file)).toThrow(SchemaTooNewError);
    expect(() => createSqliteStores(file)).toThrow(
      new RegExp(`schema version ${LATEST + 1}.*up to ${LATEST} only.*newer release`),
    );
    expect(userVersion(file)).toBe(LATEST + 1);
    expect(schemaOf(file)).toEqual(schema);
  });

  it('changes nothing when run twice', async () => {
    const file = newFile();
    const db = openSqlite(file);
    expect(migrateSqlite(db).applied).toEqual(SQLITE_MIGRATIONS.map((m) => m.version));
    const schema = schemaOf(file);
    const changes = db.prepare('SELECT total_changes()').pluck().get();
    expect(migrateSqlite(db)).toEqual({ from: LATEST, to: LATEST, applied: [] });
    expect(db.prepare('SELECT total_changes()').pluck().get()).toBe(changes);
    db.close();

    // And from a second connection, as a second process sharing the file would.
    const stores = createSqliteStores(file);
    await stores.init();
    await stores.close();
    expect(schemaOf(file)).toEqual(schema);
    expect(userVersion(file)).toBe(LATEST);
  });

  it('applies a later migration once, on new files and on files at the previous version', () => {
    let runs = 0;
    const next: SqliteMigration = {
      version: LATEST + 1,
      name: 'test_column',
      up(db) {
        runs += 1;
        db.exec('ALTER TABLE organisations ADD COLUMN motto TEXT');
      },
    };
    const withNext = [...SQLITE_MIGRATIONS, next];

    const upgraded = openSqlite(newFile());
    migrateSqlite(upgraded);
    upgraded.prepare(`INSERT INTO organisations VALUES ('org_1', 'Acme', '2025-01-01T00:00:00.000Z')`).run();
    expect(migrateSqlite(upgraded, withNext)).toEqual({
      from: LATEST,
      to: LATEST + 1,
      applied: [LATEST + 1],
    });
    expect(upgraded.prepare('SELECT * FROM organisations').all()).toEqual([
      { id: 'org_1', name: 'Acme', created_at: '2025-01-01T00:00:00.000Z', motto: null },
    ]);
    expect(migrateSqlite(upgraded, withNext).applied).toEqual([]);
    upgraded.close();

    const fresh = openSqlite(newFile());
    expect(migrateSqlite(fresh, withNext).to).toBe(LATEST + 1);
    fresh.close();
    expect(runs).toBe(2);
  });

  it('runs each migration in its own transaction: a failing one leaves the file at the version before it', () => {
    const failing: SqliteMigration = {
      version: LATEST + 1,
      name: 'half_done',
      up(db) {
        db.exec('CREATE TABLE half_done (id TEXT PRIMARY KEY) STRICT');
        throw new Error('boom');
      },
    };
    const file = newFile();
    const db = openSqlite(file);
    expect(() => migrateSqlite(db, [...SQLITE_MIGRATIONS, failing])).toThrow('boom');
    expect(db.pragma('user_version', { simple: true })).toBe(LATEST);
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'half_done'").all()).toEqual([]);
    db.close();
  });

  it('rebuilds a referenced table with foreign keys off, keeping the rows that reference it', () => {
    /** Create new, copy, drop old, rename: the way to change what ALTER TABLE cannot. */
    const rebuildCredentials = (db: SqliteDb) => {
      const sql = db
        .prepare("SELECT sql FROM sqlite_master WHERE name = 'credentials'")
        .pluck()
        .get() as string;
      db.exec(`${sql.replace('CREATE TABLE credentials', 'CREATE TABLE credentials_new')};
        INSERT INTO credentials_new SELECT * FROM credentials;
        DROP TABLE credentials;
        ALTER TABLE credentials_new RENAME TO credentials;`);
    };
    const file = newFile();
    makePreviousReleaseFile(file);
    insertRows(file);
    const db = openSqlite(file);
    migrateSqlite(db);
    const rebuild: SqliteMigration = {
      version: LATEST + 1,
      name: 'rebuild_credentials',
      foreignKeysOff: true,
      up: rebuildCredentials,
    };
    migrateSqlite(db, [...SQLITE_MIGRATIONS, rebuild]);
    expect(db.prepare('SELECT count(*) FROM status_entries').pluck().get()).toBe(1);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);

    // One that leaves a reference pointing nowhere is rolled back whole.
    const orphaning: SqliteMigration = {
      version: LATEST + 2,
      name: 'orphaning',
      foreignKeysOff: true,
      up: (d) => d.exec('DELETE FROM credentials'),
    };
    expect(() => migrateSqlite(db, [...SQLITE_MIGRATIONS, rebuild, orphaning])).toThrow(/point nowhere/);
    expect(db.pragma('user_version', { simple: true })).toBe(LATEST + 1);
    expect(db.prepare('SELECT count(*) FROM credentials').pluck().get()).toBe(1);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    db.close();
  });

  it('refuses a migration list that is not numbered 1, 2, 3, ...', () => {
    const db = openSqlite(':memory:');
    const skipped: SqliteMigration = { version: LATEST + 2, name: 'skipped', up: () => {} };
    expect(() => migrateSqlite(db, [...SQLITE_MIGRATIONS, skipped])).toThrow(/has version/);
    expect(db.pragma('user_version', { simple: true })).toBe(0);
    db.close();
  });
});
