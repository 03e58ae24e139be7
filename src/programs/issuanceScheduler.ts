/**
 * The timer that finishes issuance nobody is waiting on: certificates whose hold period
 * is over, and any left `due` by a crash. One sweep at start, then one a minute.
 */
import type { ProgramDeps } from './programDeps.js';
import { issueDueEnrolments } from './automaticIssuance.js';
import { repeatEvery } from '../scheduling/repeat.js';
import { plural } from '../plural.js';

/** Sweeps until stopped; returns the stop function. */
export function startIssuanceScheduler(deps: ProgramDeps, options: { intervalMs?: number } = {}): () => void {
  return repeatEvery(
    'issuance sweep',
    options.intervalMs ?? 60_000,
    async () => {
      // Sweep in pages until nothing due is left, so a large backlog drains in one tick.
      for (let issued = await issueDueEnrolments(deps); issued > 0; issued = await issueDueEnrolments(deps)) {
        deps.logger.info({ job: 'issuance sweep', issued }, `Issued ${plural(issued, 'due certificate')}`);
      }
    },
    deps.logger,
  );
}
