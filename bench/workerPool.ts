/**
 * A pool of long-lived issue workers (issueWorker.ts) over one data directory. Workers
 * start and warm up once; afterwards any number of measured tasks can run on the first
 * k of them, so one-worker and all-worker runs can alternate in rounds without paying
 * (or timing) start-up again. Each task's wall time runs from releasing the workers to
 * the last one done, with the machine's CPU and the process's disk writes metered.
 */
import { Worker } from 'node:worker_threads';
import {
  zeroTimings,
  type WorkerMessage,
  type WorkerSetup,
  type WorkerTask,
  type WorkerTimings,
} from './workerProtocol.js';
import { nowMs } from './stats.js';
import { meterCpu, meterIo, type CpuLoad, type IoBytes } from './cpuLoad.js';

/** Started, warmed-up workers. */
export interface WorkerPool {
  workers: Worker[];
  startupMs: number;
  /** Credentials issued (untimed) while warming up. */
  warmed: number;
}

/** What one task (or a sum of tasks) did. */
export interface WorkerRun {
  workers: number;
  ops: number;
  wallMs: number;
  timings: WorkerTimings;
  errors: string[];
  /** The machine's CPU meanwhile (ours vs other processes). */
  load: CpuLoad;
  /** Bytes the process wrote meanwhile (SQLite WAL and checkpoints), where measurable. */
  io?: IoBytes | undefined;
}

/** Operations per second of a run. */
export function runRate(run: WorkerRun): number {
  return (run.ops * 1000) / run.wallMs;
}

/**
 * Starts a worker on issueWorker.ts. Under Node 20.20 with tsx 4.23 neither the inherited
 * execArgv nor `execArgv: ['--import', 'tsx']` lets a worker load a .ts entry (both fail
 * with ERR_UNKNOWN_FILE_EXTENSION), so a one-line bootstrap loads it through tsx's API.
 */
function spawn(setup: WorkerSetup): Worker {
  const entry = new URL('./issueWorker.ts', import.meta.url).href;
  const api = import.meta.resolve('tsx/esm/api');
  const bootstrap = `import(${JSON.stringify(api)}).then(({ tsImport }) => tsImport(${JSON.stringify(entry)}, ${JSON.stringify(import.meta.url)}))`;
  return new Worker(bootstrap, { eval: true, workerData: setup });
}

/** Waits for a worker's next message, failing on an error report or a crash. */
function nextMessage(worker: Worker): Promise<WorkerMessage> {
  return new Promise((resolve, reject) => {
    const onMessage = (m: WorkerMessage) => {
      cleanup();
      if (m.type === 'error') reject(new Error(`worker failed: ${m.message}`));
      else resolve(m);
    };
    const onError = (e: Error) => {
      cleanup();
      reject(e);
    };
    const onExit = (code: number) => {
      cleanup();
      reject(new Error(`worker exited early with code ${code}`));
    };
    const cleanup = () => worker.off('message', onMessage).off('error', onError).off('exit', onExit);
    worker.on('message', onMessage).on('error', onError).on('exit', onExit);
  });
}

/** Splits `total` into `parts` near-equal whole shares. */
export function split(total: number, parts: number): number[] {
  return Array.from({ length: parts }, (_, i) => Math.floor(total / parts) + (i < total % parts ? 1 : 0));
}

/** Starts `size` workers and waits until all are warm. */
export async function startPool(setup: WorkerSetup, size: number): Promise<WorkerPool> {
  const started = nowMs();
  const workers = Array.from({ length: size }, () => spawn(setup));
  try {
    const ready = await Promise.all(workers.map(nextMessage));
    const warmed = ready.reduce((n, m) => n + (m.type === 'ready' ? m.warmed : 0), 0);
    return { workers, startupMs: nowMs() - started, warmed };
  } catch (error) {
    await Promise.all(workers.map((w) => w.terminate()));
    throw error;
  }
}

/** Runs one task on the first `k` workers: a total count split between them, or a duration each. */
export async function runOn(pool: WorkerPool, k: number, task: Omit<WorkerTask, 'type'>): Promise<WorkerRun> {
  const workers = pool.workers.slice(0, k);
  const counts = task.count === undefined ? undefined : split(task.count, k);
  const done = workers.map(nextMessage);
  const stopCpu = meterCpu();
  const stopIo = meterIo();
  const go = nowMs();
  for (const [i, w] of workers.entries()) {
    w.postMessage({ ...task, type: 'run', count: counts?.[i] } satisfies WorkerTask);
  }
  const reports = await Promise.all(done);
  const run: WorkerRun = {
    workers: k,
    ops: 0,
    wallMs: nowMs() - go,
    timings: zeroTimings(),
    errors: [],
    load: stopCpu(),
    io: stopIo(),
  };
  for (const r of reports) {
    if (r.type !== 'done') continue;
    run.ops += r.ops;
    run.errors.push(...r.errors);
    addTimings(run.timings, r.timings);
  }
  return run;
}

function addTimings(into: WorkerTimings, t: WorkerTimings): void {
  for (const key of Object.keys(into) as (keyof WorkerTimings)[]) {
    into[key] = key === 'maxStoreMs' ? Math.max(into[key], t[key]) : into[key] + t[key];
  }
}

/** Sums runs of the same shape (rounds of one contender); load is wall-weighted. */
export function sumRuns(runs: WorkerRun[]): WorkerRun {
  const total: WorkerRun = {
    workers: runs[0]?.workers ?? 0,
    ops: 0,
    wallMs: 0,
    timings: zeroTimings(),
    errors: [],
    load: { busy: 0, ours: 0, foreign: 0 },
  };
  let io: IoBytes | undefined = { written: 0, toDisk: 0 };
  for (const r of runs) {
    total.ops += r.ops;
    total.wallMs += r.wallMs;
    total.errors.push(...r.errors);
    addTimings(total.timings, r.timings);
    for (const key of ['busy', 'ours', 'foreign'] as const) total.load[key] += r.load[key] * r.wallMs;
    io = io && r.io ? { written: io.written + r.io.written, toDisk: io.toDisk + r.io.toDisk } : undefined;
  }
  for (const key of ['busy', 'ours', 'foreign'] as const) total.load[key] /= total.wallMs || 1;
  total.io = io;
  return total;
}

/** Closes every worker's store, then ends the threads. */
export async function closePool(pool: WorkerPool): Promise<void> {
  await Promise.all(
    pool.workers.map(async (w) => {
      const closed = nextMessage(w).catch(() => undefined);
      w.postMessage({ type: 'close' });
      await closed;
      await w.terminate();
    }),
  );
}
