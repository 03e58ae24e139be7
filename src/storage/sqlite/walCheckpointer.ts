/**
 * Checkpoints the SQLite WAL off the event loop. By default SQLite checkpoints inside the
 * commit that takes the WAL past 1,000 pages: that request copies ~4 MB into the database
 * and waits for two fsyncs, tens of milliseconds on a busy disk (a cohort issuing 10,000
 * certificates checkpoints every ~40 of them). Here a thread with its own connection
 * checkpoints every 250 ms instead (checkpointThread.mjs), and the serving connection
 * checkpoints itself only past FALLBACK_PAGES, should that thread ever fall behind.
 */
import { Worker } from 'node:worker_threads';
import type { SqliteDb } from './schema.js';

/** How often the thread checkpoints. */
const INTERVAL_MS = 250;
/** The serving connection's own threshold: 40 MB of WAL, only reached if the thread stalls. */
const FALLBACK_PAGES = 10_000;

/** A running checkpointer; `close()` checkpoints once more and ends the thread. */
export interface WalCheckpointer {
  close(): Promise<void>;
}

/** Starts checkpointing `file`'s WAL on a thread; `db` is the serving connection. */
export function startWalCheckpointer(db: SqliteDb, file: string): WalCheckpointer {
  db.pragma(`wal_autocheckpoint = ${FALLBACK_PAGES}`);
  const worker = new Worker(new URL('./checkpointThread.mjs', import.meta.url), {
    workerData: { file, intervalMs: INTERVAL_MS },
  });
  // A thread that cannot start (or dies) leaves the fallback threshold doing the work.
  worker.on('error', () => db.open && db.pragma('wal_autocheckpoint = 1000'));
  worker.unref();
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  return {
    close: async () => {
      // Held (ref) while it finishes: an unref'd thread would let a CLI's last await
      // end the process with the promise unsettled.
      worker.ref();
      worker.postMessage('stop');
      await exited;
    },
  };
}
