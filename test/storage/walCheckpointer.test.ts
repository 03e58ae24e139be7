/**
 * The WAL checkpointer (walCheckpointer.ts): committed pages reach the database file from
 * the checkpointer's thread, with no request's commit copying them (the serving connection
 * checkpoints itself only past 10,000 pages), and closing the stores ends the thread.
 */
import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { createSqliteStores } from '../../src/storage/sqlite/sqliteStores.js';
import { newUser } from '../../src/accounts/users.js';
import { openSqlite, type SqliteDb } from '../../src/storage/sqlite/schema.js';
import { startWalCheckpointer } from '../../src/storage/sqlite/walCheckpointer.js';

const toClose: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const close of toClose.splice(0).reverse()) await close();
});

async function until(check: () => boolean, ms = 5_000): Promise<boolean> {
  const end = Date.now() + ms;
  while (!check() && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
  return check();
}

describe('the WAL checkpointer', () => {
  it('copies committed pages into the database file from its thread', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'saypro-wal-')), 'wal.db');
    const db: SqliteDb = openSqlite(file);
    toClose.push(() => void db.close());
    db.exec('CREATE TABLE blobs (b BLOB)');
    const checkpointer = startWalCheckpointer(db, file);
    toClose.push(() => checkpointer.close());
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(10_000);
    const sizeBefore = statSync(file).size;
    // ~2 MB in 500 commits: under SQLite's own 1,000-page threshold, so only the thread copies it.
    const insert = db.prepare('INSERT INTO blobs (b) VALUES (?)');
    for (let i = 0; i < 500; i++) insert.run(Buffer.alloc(4000, i % 256));
    expect(await until(() => statSync(file).size >= sizeBefore + 2_000_000)).toBe(true);
    // Another connection reads everything from the database file alone.
    const reader = new Database(file, { readonly: true });
    toClose.push(() => void reader.close());
    expect(reader.prepare('SELECT count(*) FROM blobs').pluck().get()).toBe(500);
  });

  it('runs with the file stores and ends with them', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'saypro-wal-')), 'stores.db');
    const stores = createSqliteStores(file);
    await stores.init();
    const user = newUser({ email: 'u1@example.org', name: 'U One', role: 'participant' }, new Date());
    await stores.users.create(user);
    await stores.close();
    // Closed: the database file holds the user, the WAL is checkpointed away.
    const reader = new Database(file, { readonly: true });
    toClose.push(() => void reader.close());
    expect(reader.prepare('SELECT count(*) FROM users WHERE id = ?').pluck().get(user.id)).toBe(1);
  });
});
