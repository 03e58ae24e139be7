/**
 * Builds a piscina pool whose threads run one TypeScript task module (DESIGN rule 11:
 * CPU-heavy work a request can trigger runs off the event loop). Threads start lazily and
 * end when idle, so a process that never verifies or renders pays nothing and a test
 * process is not kept alive by idle threads.
 */
import { Piscina } from 'piscina';

/** Pool settings. */
export interface PoolOptions {
  /** file URL of the task module (its default export runs in the thread). */
  taskModule: string;
  /** Extra data for the task module, readable from `workerData`. */
  workerData?: Record<string, unknown>;
  maxThreads: number;
  /** How long an idle thread lives before it ends (ms). */
  idleTimeoutMs?: number;
}

const isInputType = (flag: string) => flag.startsWith('--input-type');

const ENTRY = new URL('./tsWorkerEntry.mjs', import.meta.url).href;

/** A pool of worker threads over `taskModule`. */
export function createPool(options: PoolOptions): Piscina {
  return new Piscina({
    filename: ENTRY,
    workerData: { ...options.workerData, taskModule: options.taskModule },
    minThreads: 0,
    maxThreads: options.maxThreads,
    idleTimeout: options.idleTimeoutMs ?? 30_000,
    // Tasks wait in line rather than being refused; callers bound the wait themselves.
    maxQueue: Infinity,
    // Threads inherit the parent's Node flags; `--input-type` (a `node -e` parent) would make
    // every thread fail to load its entry module. Given explicitly, execArgv must hold only
    // per-thread flags (`--single-threaded-gc` is refused), so it is given only in that case.
    ...(process.execArgv.some(isInputType)
      ? { execArgv: process.execArgv.filter((flag) => !isInputType(flag)) }
      : {}),
  });
}
