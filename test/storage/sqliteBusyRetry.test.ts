/**
 * The fine busy retry of SQLite writes (busyRetry.ts): a write waiting for another
 * connection's lock goes through as soon as the lock is let go (here by a thread holding it
 * for 40 ms), and gives up with SQLITE_BUSY once the timeout has passed; the connection's
 * own busy timeout is back afterwards.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { openSqlite, type SqliteDb } from '../../src/storage/sqlite/schema.js';
import { immediateWithRetry } from '../../src/storage/sqlite/busyRetry.js';

const open: SqliteDb[] = [];
afterEach(() => {
  for (const db of open.splice(0)) db.close();
});

/** A thread that takes the write lock of `file`, says so, holds it `ms`, and commits. */
function holdLock(file: string, ms: number): Promise<Worker> {
  const worker = new Worker(
    `const { workerData, parentPort } = require('node:worker_threads');
     const Database = require(workerData.module);
     const db = new Database(workerData.file);
     db.exec('BEGIN IMMEDIATE');
     db.prepare("INSERT INTO t (v) VALUES ('thread')").run();
     parentPort.postMessage('locked');
     Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, workerData.ms);
     db.exec('COMMIT');
     db.close();`,
    { eval: true, workerData: { file, ms, module: require.resolve('better-sqlite3') } },
  );
  return new Promise((resolve, reject) => {
    worker.once('message', () => resolve(worker));
    worker.once('error', reject);
  });
}

function database(): { db: SqliteDb; file: string } {
  const file = join(mkdtempSync(join(tmpdir(), 'saypro-busy-')), 'busy.db');
  const db = openSqlite(file);
  db.exec('CREATE TABLE t (v TEXT)');
  open.push(db);
  return { db, file };
}

describe('immediateWithRetry', () => {
  it('writes as soon as another connection lets the lock go', async () => {
    const { db, file } = database();
    const insert = immediateWithRetry(
      db,
      db.transaction((v: string) => db.prepare('INSERT INTO t (v) VALUES (?)').run(v).changes),
    );
    const holder = await holdLock(file, 40);
    const exited = new Promise((resolve) => holder.once('exit', resolve));
    expect(insert('main')).toBe(1);
    await exited;
    expect(db.prepare('SELECT v FROM t ORDER BY rowid').pluck().all()).toEqual(['thread', 'main']);
    expect(db.pragma('busy_timeout', { simple: true })).toBe(5000);
  });

  it('gives up with SQLITE_BUSY once its timeout has passed, and restores the busy timeout', async () => {
    const { db, file } = database();
    const insert = immediateWithRetry(
      db,
      db.transaction(() => db.prepare("INSERT INTO t (v) VALUES ('main')").run()),
      20,
    );
    const holder = await holdLock(file, 400);
    const exited = new Promise((resolve) => holder.once('exit', resolve));
    expect(() => insert()).toThrow(expect.objectContaining({ code: 'SQLITE_BUSY' }));
    expect(db.pragma('busy_timeout', { simple: true })).toBe(5000);
    await exited;
    expect(db.prepare('SELECT v FROM t').pluck().all()).toEqual(['thread']);
  });
});
