/**
 * The timer that finishes issuance nobody is waiting on: certificates whose hold period
 * is over, and any left `due` by a crash. One sweep at start, then one a minute; a sweep
 * never overlaps the previous one, and a failing sweep is logged and retried next time.
 */
import type { ProgramDeps } from './programDeps.js';
import { issueDueEnrolments } from './automaticIssuance.js';

/** Sweeps until stopped; returns the stop function. */
export function startIssuanceScheduler(deps: ProgramDeps, options: { intervalMs?: number; log?: (line: string) => void } = {}): () => void {
  const intervalMs = options.intervalMs ?? 60_000;
  const log = options.log ?? ((line: string) => console.log(line));
  let running: Promise<void> | undefined;
  const sweep = () => {
    if (running) return;
    running = (async () => {
      try {
        // Sweep in pages until nothing due is left, so a large backlog drains in one tick.
        for (let issued = await issueDueEnrolments(deps); issued > 0; issued = await issueDueEnrolments(deps)) {
          log(`Issued ${issued} certificate(s) that were due`);
        }
      } catch (error) {
        console.error('issuance sweep failed', (error as Error).message);
      } finally {
        running = undefined;
      }
    })();
  };
  sweep();
  const timer = setInterval(sweep, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
