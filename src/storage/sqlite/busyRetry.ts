/**
 * Write transactions that wait for another process's lock in small steps. SQLite's own
 * busy handler sleeps 1, 2, 5, 10, 15, 20, 25... ms between tries, while a writer here
 * holds the lock for well under a millisecond: with two processes issuing (batch workers,
 * a cluster), a waiter slept up to 80 ms for a lock free after 0.2, and the other process
 * often took it again first. Here a busy lock is retried after 0.05 ms, doubling up to
 * 1 ms, for as long as the connection's busy timeout. The waits block this thread as
 * SQLite's own do (the calls are synchronous), only in finer steps.
 */
import type { Transaction } from 'better-sqlite3';
import { BUSY_TIMEOUT_MS, type SqliteDb } from './schema.js';

const FIRST_WAIT_MS = 0.05;
const LONGEST_WAIT_MS = 1;

/** SQLite's answer when another connection holds the lock a statement needs. */
function isBusy(error: unknown): boolean {
  return (error as { code?: string }).code === 'SQLITE_BUSY';
}

/**
 * Wraps an IMMEDIATE run of `transaction` in the fine retry: the connection's own busy
 * handler is switched off for the try and back on after (BUSY_TIMEOUT_MS, as openSqlite
 * sets it), and each busy answer is retried after a short wait until `timeoutMs` have
 * passed, then the busy error is thrown.
 */
export function immediateWithRetry<Args extends unknown[], Result>(
  db: SqliteDb,
  transaction: Transaction<(...args: Args) => Result>,
  timeoutMs = BUSY_TIMEOUT_MS,
): (...args: Args) => Result {
  const sleeper = new Int32Array(new SharedArrayBuffer(4));
  return (...args) => {
    // db.pragma, not a prepared statement: a prepared PRAGMA busy_timeout does not take effect.
    db.pragma('busy_timeout = 0');
    try {
      const started = performance.now();
      for (let wait = FIRST_WAIT_MS; ; wait = Math.min(wait * 2, LONGEST_WAIT_MS)) {
        try {
          return transaction.immediate(...args);
        } catch (error) {
          if (!isBusy(error) || performance.now() - started >= timeoutMs) throw error;
        }
        Atomics.wait(sleeper, 0, 0, wait);
      }
    } finally {
      db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    }
  };
}
