/**
 * The embedded SQLite mode runs one server per data directory: SQLite serialises writers
 * on one machine, but the in-process parts (live message streams, caches of status lists
 * and renders) assume one server, and a second one pointed at the same files by mistake
 * (two `npm start`s, a restart script racing the old process) is better refused loudly
 * than half-working. The server takes `data/server.lock` (its pid and host) at start and
 * removes it at shutdown; a lock left by a process that no longer runs is taken over.
 * Several instances are what MongoDB is for.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';

/** Raised when another live server holds the data directory. */
export class DataDirectoryInUseError extends Error {}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else, so it is alive.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Takes the data directory for this process; returns the function that releases it. */
export function lockDataDirectory(dataDir: string): () => void {
  const path = join(dataDir, 'server.lock');
  const mine = JSON.stringify({ pid: process.pid, host: hostname(), since: new Date().toISOString() });
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(path, mine, { flag: 'wx', mode: 0o600 });
      return () => {
        try {
          if (readFileSync(path, 'utf8') === mine) rmSync(path);
        } catch {
          // Already gone: nothing to release.
        }
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      let holder: { pid?: number; host?: string; since?: string } = {};
      try {
        holder = JSON.parse(readFileSync(path, 'utf8')) as typeof holder;
      } catch {
        // An unreadable lock (a crash mid-write) is stale.
      }
      const sameHost = holder.host === hostname();
      if (holder.pid && (!sameHost || alive(holder.pid))) {
        throw new DataDirectoryInUseError(
          `Another SayPro server (pid ${holder.pid} on ${holder.host}, since ${holder.since}) is using ${dataDir}. The embedded SQLite mode runs one server per data directory: stop the other one, or run several instances against MongoDB (MONGODB_URI). If no server is running, delete ${path}.`,
        );
      }
      rmSync(path, { force: true });
    }
  }
  throw new DataDirectoryInUseError(`Could not take ${path}; another server is starting at the same moment`);
}
