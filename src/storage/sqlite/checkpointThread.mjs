/**
 * The WAL checkpointer's thread (walCheckpointer.ts): its own connection to the database
 * file, copying committed WAL frames into the database every `intervalMs` with a PASSIVE
 * checkpoint (never waits for, nor blocks, readers and writers), so the copy and its fsync
 * happen here rather than inside whichever request's commit crossed SQLite's threshold.
 * Plain JavaScript: it runs without the TypeScript loader.
 */
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';

const db = new Database(workerData.file);
// The main connection may be writing: a checkpoint that finds the lock taken tries next time.
db.pragma('busy_timeout = 0');
const checkpoint = () => {
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch {
    // SQLITE_BUSY or the file going away at shutdown: the next tick (or the close) catches up.
  }
};
const timer = setInterval(checkpoint, workerData.intervalMs);
parentPort.on('message', (message) => {
  if (message !== 'stop') return;
  clearInterval(timer);
  checkpoint();
  db.close();
  parentPort.close();
});
