/**
 * Figure 3, batch issuance on every core: a pool of worker threads, each with its own
 * createDeps over the same SQLite file and key ring, issues the batch. Its baseline is
 * one worker of the same pool issuing alone. The two alternate in rounds (as the
 * single-core figures do) so that drift on a shared machine hits both, and the ratio of
 * their rates is the scaling we get. The same is done with the plain `vc.issue` (no
 * store) and a pure-CPU loop, to show what scaling the library and the hardware allow,
 * and, as a diagnostic, with the SQLite file on tmpfs, to tell disk from locking.
 */
import { runOn, sumRuns, type WorkerPool, type WorkerRun } from './workerPool.js';
import { split } from './workerPool.js';

/** Target: the batch rate over the single-worker rate. */
export const BATCH_SCALING_TARGET = 1.7;

/** One contender of the scaling measurement. */
export interface ScalingJob {
  name: string;
  pool: WorkerPool;
  mode: 'ours' | 'plain' | 'spin';
  /** Totals over all rounds: counts for `ours`, durations (ms per round) otherwise. */
  singleCount?: number;
  batchCount?: number;
  durationMs?: number;
}

/** A contender's single-worker and all-worker totals, with each round's ratio. */
export interface Scaling {
  name: string;
  single: WorkerRun;
  parallel: WorkerRun;
  ratio: number;
  roundRatios: number[];
}

function rateOf(run: WorkerRun): number {
  return (run.ops * 1000) / run.wallMs;
}

/**
 * Measures every job in `rounds` rounds. In a round each job runs once on one worker and
 * once on all of its pool's workers; which comes first flips every round, and the order
 * of jobs rotates, so neither side always runs first, last, or after the same neighbour.
 */
export async function measureScaling(
  jobs: ScalingJob[],
  rounds: number,
  log?: (line: string) => void,
): Promise<Scaling[]> {
  const singles = jobs.map(() => [] as WorkerRun[]);
  const parallels = jobs.map(() => [] as WorkerRun[]);
  const singleCounts = jobs.map((j) =>
    j.singleCount === undefined ? undefined : split(j.singleCount, rounds),
  );
  const batchCounts = jobs.map((j) => (j.batchCount === undefined ? undefined : split(j.batchCount, rounds)));
  for (let round = 0; round < rounds; round++) {
    for (let n = 0; n < jobs.length; n++) {
      const i = (n + round) % jobs.length;
      const job = jobs[i]!;
      const single = () =>
        runOn(job.pool, 1, { mode: job.mode, count: singleCounts[i]?.[round], durationMs: job.durationMs });
      const all = () =>
        runOn(job.pool, job.pool.workers.length, {
          mode: job.mode,
          count: batchCounts[i]?.[round],
          durationMs: job.durationMs,
        });
      if (round % 2 === 0) {
        singles[i]!.push(await single());
        parallels[i]!.push(await all());
      } else {
        parallels[i]!.push(await all());
        singles[i]!.push(await single());
      }
      log?.(
        `  round ${round + 1}/${rounds} ${job.name}: ${(rateOf(parallels[i]!.at(-1)!) / rateOf(singles[i]!.at(-1)!)).toFixed(2)}x`,
      );
    }
  }
  return jobs.map((job, i) => {
    const single = sumRuns(singles[i]!);
    const parallel = sumRuns(parallels[i]!);
    return {
      name: job.name,
      single,
      parallel,
      ratio: rateOf(parallel) / rateOf(single),
      roundRatios: parallels[i]!.map((p, r) => rateOf(p) / rateOf(singles[i]![r]!)),
    };
  });
}
