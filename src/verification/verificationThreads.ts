/**
 * The verification threads (DESIGN rule 11): a small pool of worker threads of our own,
 * each running verificationTask.ts one task at a time over its own worker port. It took the
 * place of piscina here (issue 22): piscina's task round trip plus the MessageChannel,
 * AbortController and "started" message each task needed for its budget cost ~0.1 ms CPU
 * per verification and four event-loop wake-ups, on a path whose whole cost is ~1 ms. Here a
 * task is one message each way (and one more pair only when the thread asks this side for a
 * status list or a foreign DID document), and the budget is armed when the task is handed to
 * an idle, loaded thread, so waiting for a thread and a thread's start-up never count
 * against it. A thread that overruns is terminated, as piscina did on abort; another starts
 * when the queue needs one. Rendering and signing keep their piscina pools
 * (src/workerPool/createPool.ts).
 */
import { Worker } from 'node:worker_threads';
import type {
  MainMessage,
  Prefetched,
  ThreadMessage,
  ThreadTask,
  VerificationOutcome,
} from './verificationTask.js';

/** Why a task was not run to its end: it waited too long for a thread, or overran its budget. */
export class TaskStopped extends Error {
  constructor(readonly reason: 'busy' | 'overran') {
    super(
      reason === 'busy' ? 'no verification thread came free in time' : 'the verification overran its budget',
    );
  }
}

/** A call from the running task (status list, foreign DID), answered with `reply`. */
export type CallHandler = (
  threadId: number,
  call: Extract<ThreadMessage, { type: 'call' }>,
  reply: (answer: Extract<MainMessage, { type: 'answer' }>) => void,
) => void;

/** One task's settings: its budget once started, its longest wait for a thread, who answers its calls. */
export interface RunOptions {
  budgetMs: number;
  queueWaitMs: number;
  onCall: CallHandler;
  /** Buffers moved to the thread, not copied (a certificate file). */
  transfer?: ArrayBuffer[];
  /**
   * Answers read just before the task was handed over (status lists), for the thread that
   * takes it: given only when a thread took it at once, so they are as fresh as an answer
   * to the thread's own call would be; a task that had to wait asks again itself.
   */
  prefetched?: (threadId: number) => Record<string, Prefetched>;
}

/** Threads shared by every verifier built over it (tests share one per process). */
export interface VerificationPool {
  run(task: ThreadTask, options: RunOptions): Promise<VerificationOutcome>;
  /** Whether a loaded thread is free now (a task run now would start at once). */
  hasIdleThread(): boolean;
  /** Ends every thread; queued tasks fail. */
  destroy(): Promise<void>;
}

interface Pending {
  id: number;
  task: ThreadTask;
  options: RunOptions;
  resolve: (outcome: VerificationOutcome) => void;
  reject: (error: Error) => void;
  queueTimer?: NodeJS.Timeout;
  /** True only while run() hands it over: its prefetched answers are still fresh. */
  fresh: boolean;
}

interface Thread {
  worker: Worker;
  ready: boolean;
  current?: Pending;
  budgetTimer?: NodeJS.Timeout;
  idleTimer?: NodeJS.Timeout;
}

const ENTRY = new URL('./verificationThreadEntry.mjs', import.meta.url);
const TASK_MODULE = new URL('./verificationTask.ts', import.meta.url).href;
const isInputType = (flag: string) => flag.startsWith('--input-type');

/** An error as it came back from a thread (its name kept, so callers can tell kinds apart). */
function revive(error: { name: string; message: string }): Error {
  return Object.assign(new Error(error.message), { name: error.name });
}

/**
 * Starts no thread until the first verification; a thread idle for `idleTimeoutMs` ends,
 * and idle threads never keep the process alive. `ownDocuments` (our DID documents, by DID)
 * go with each thread, which then resolves them itself.
 */
export function createThreadPool(
  maxThreads: number,
  ownDocuments: ReadonlyMap<string, Record<string, unknown>>,
  idleTimeoutMs = 5 * 60_000,
): VerificationPool {
  const threads = new Set<Thread>();
  const queue: Pending[] = [];
  let nextId = 0;
  let destroyed = false;

  const drop = (thread: Thread) => {
    clearTimeout(thread.budgetTimer);
    clearTimeout(thread.idleTimer);
    threads.delete(thread);
  };

  const finish = (thread: Thread) => {
    clearTimeout(thread.budgetTimer);
    thread.current = undefined;
    thread.worker.unref();
    thread.idleTimer = setTimeout(() => {
      drop(thread);
      void thread.worker.terminate();
    }, idleTimeoutMs).unref();
    dispatch();
  };

  const start = (thread: Thread, pending: Pending) => {
    clearTimeout(pending.queueTimer);
    clearTimeout(thread.idleTimer);
    thread.current = pending;
    thread.worker.ref();
    thread.budgetTimer = setTimeout(() => {
      // Ended mid-task: the thread's state (jsonld's caches half-built) is not trusted again.
      // Whatever it still sends (an answer already on its way) no longer belongs to a task.
      thread.current = undefined;
      drop(thread);
      void thread.worker.terminate();
      pending.reject(new TaskStopped('overran'));
      dispatch();
    }, pending.options.budgetMs);
    const prefetched = pending.fresh ? pending.options.prefetched?.(thread.worker.threadId) : undefined;
    thread.worker.postMessage(
      {
        type: 'task',
        id: pending.id,
        task: pending.task,
        ...(prefetched ? { prefetched } : {}),
      } satisfies MainMessage,
      pending.options.transfer ?? [],
    );
  };

  const spawn = () => {
    const worker = new Worker(ENTRY, {
      workerData: { taskModule: TASK_MODULE, ownDocuments: Object.fromEntries(ownDocuments) },
      // Threads inherit the parent's Node flags; `--input-type` (a `node -e` parent) would make
      // the thread fail to load its entry module.
      ...(process.execArgv.some(isInputType)
        ? { execArgv: process.execArgv.filter((flag) => !isInputType(flag)) }
        : {}),
    });
    const thread: Thread = { worker, ready: false };
    threads.add(thread);
    worker.on('message', (message: ThreadMessage) => {
      const pending = thread.current;
      switch (message.type) {
        case 'ready':
          thread.ready = true;
          return finish(thread);
        case 'call':
          if (pending?.id === message.task)
            pending.options.onCall(worker.threadId, message, (answer) => worker.postMessage(answer));
          return;
        case 'done':
          if (pending?.id !== message.id) return;
          finish(thread);
          return 'error' in message
            ? pending.reject(revive(message.error))
            : pending.resolve(message.outcome);
      }
    });
    const fail = (error: Error) => {
      if (!threads.has(thread)) return;
      drop(thread);
      if (thread.current) thread.current.reject(error);
      // A thread that cannot even start fails what waits for it, rather than restarting forever.
      else if (!thread.ready) for (const pending of queue.splice(0)) pending.reject(error);
      dispatch();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`a verification thread exited (${code})`)));
  };

  function dispatch(): void {
    if (destroyed) return;
    let starting = 0;
    for (const thread of threads) {
      if (!thread.ready) starting++;
      else if (!thread.current && queue.length > 0) start(thread, queue.shift()!);
    }
    // A thread for each task still waiting, up to the limit (those starting count).
    for (let n = queue.length - starting; n > 0 && threads.size < maxThreads; n--) spawn();
  }

  return {
    run(task, options) {
      if (destroyed) return Promise.reject(new Error('the verification threads were closed'));
      return new Promise((resolve, reject) => {
        const pending: Pending = { id: nextId++, task, options, resolve, reject, fresh: true };
        pending.queueTimer = setTimeout(() => {
          const at = queue.indexOf(pending);
          if (at === -1) return;
          queue.splice(at, 1);
          reject(new TaskStopped('busy'));
        }, options.queueWaitMs);
        queue.push(pending);
        dispatch();
        pending.fresh = false;
      });
    },
    hasIdleThread() {
      for (const thread of threads) if (thread.ready && !thread.current) return true;
      return false;
    },
    async destroy() {
      destroyed = true;
      for (const pending of queue.splice(0)) {
        clearTimeout(pending.queueTimer);
        pending.reject(new Error('the verification threads were closed'));
      }
      const all = [...threads];
      for (const thread of all) {
        drop(thread);
        thread.current?.reject(new Error('the verification threads were closed'));
        thread.current = undefined;
      }
      await Promise.all(all.map((thread) => thread.worker.terminate()));
    },
  };
}
