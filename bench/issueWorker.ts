/**
 * A batch-issuance worker thread, kept alive for the whole batch section. It builds its
 * own deps with createDeps over the shared data and keys directories (its own SQLite
 * connection, exactly like a second server process), warms up once, then runs what the
 * parent asks, as often as asked: our issuance (`ours`), the plain library call
 * (`plain`) or a pure-CPU loop (`spin`), for a count or a duration. In `ours` mode the
 * store and the signer are wrapped with timers, so a slowdown can be pinned on signing,
 * on the store (including waits for SQLite's write lock) or on status-index shuffling.
 */
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import type { IssueDeps } from '../src/credentials/issueCredential.js';
import { issueCredential } from '../src/credentials/issueCredential.js';
import { openBadgeRequest } from '../test/fixtures/credentials.js';
import { plainIssue } from './issueBench.js';
import { createBenchDeps, importSigningKey } from './setup.js';
import { nowMs } from './stats.js';
import {
  zeroTimings,
  type WorkerMessage,
  type WorkerSetup,
  type WorkerTask,
  type WorkerTimings,
} from './workerProtocol.js';

/** Wraps the issue deps so every store and signer call is timed into `t()`. */
function timedIssueDeps(base: IssueDeps, t: () => WorkerTimings): IssueDeps {
  const store = base.credentials;
  const timeStore = async <R>(key: 'reserve' | 'markIssued', fn: () => Promise<R>): Promise<R> => {
    const start = nowMs();
    try {
      return await fn();
    } finally {
      const ms = nowMs() - start;
      t()[key] += ms;
      if (ms > 5) t().slowStoreCalls++;
      t().maxStoreMs = Math.max(t().maxStoreMs, ms);
    }
  };
  const shuffleTimed =
    (shuffle: (key: string, position: number, length: number) => number) =>
    (key: string, position: number, length: number) => {
      const start = nowMs();
      const index = shuffle(key, position, length);
      t().shuffle += nowMs() - start;
      return index;
    };
  const credentials: IssueDeps['credentials'] = {
    ...store,
    reserve: (input) =>
      timeStore('reserve', () => store.reserve({ ...input, shuffle: shuffleTimed(input.shuffle) })),
    markIssued: (id, credential, now) => timeStore('markIssued', () => store.markIssued(id, credential, now)),
  };
  const sign: IssueDeps['sign'] = async (credential, options) => {
    const start = nowMs();
    try {
      return await base.sign(credential, options);
    } finally {
      t().sign += nowMs() - start;
    }
  };
  return { ...base, credentials, sign };
}

let spinState = 1;
/** About a millisecond of integer arithmetic with no allocation: no GC, no memory traffic. */
function spin(): void {
  let x = spinState;
  for (let i = 0; i < 400_000; i++) x = (Math.imul(x, 1103515245) + 12345) | 0;
  spinState = x;
}

async function main(): Promise<void> {
  const port = parentPort!;
  const setup = workerData as WorkerSetup;
  const started = nowMs();
  const deps = await createBenchDeps(setup.root);
  let timings = zeroTimings();
  const issueDeps = timedIssueDeps(deps.issue, () => timings);
  const keyPair = await importSigningKey(setup.root, deps.identity.did);
  const ops: Record<WorkerTask['mode'], () => unknown> = {
    ours: () => issueCredential(issueDeps, openBadgeRequest(), { suite: setup.suite }),
    plain: plainIssue(deps, keyPair, setup.suite, setup.template),
    spin,
  };
  // Warm up like the single-core figures do: the JIT needs ~1 s of this code before it is fast.
  let warmed = 0;
  for (const until = nowMs() + setup.warmupMs; warmed < 10 || nowMs() < until; warmed++) await ops.ours();
  for (let i = 0, until = nowMs() + setup.warmupMs; i < 10 || nowMs() < until; i++) await ops.plain();
  port.postMessage({ type: 'ready', startupMs: nowMs() - started, warmed } satisfies WorkerMessage);

  port.on('message', async (task: WorkerTask | { type: 'close' }) => {
    if (task.type === 'close') {
      await deps.stores.close();
      port.postMessage({ type: 'closed' } satisfies WorkerMessage);
      return;
    }
    timings = zeroTimings();
    const errors: string[] = [];
    const op = ops[task.mode];
    const start = nowMs();
    const deadline = task.durationMs === undefined ? Infinity : start + task.durationMs;
    const count = task.count ?? Infinity;
    let done = 0;
    while (done < count && nowMs() < deadline && errors.length <= 20) {
      try {
        await op();
        done++;
      } catch (error) {
        // A failed issuance (e.g. SQLITE_BUSY after the busy timeout) is reported, not hidden.
        errors.push((error as Error).message);
      }
    }
    port.postMessage({
      type: 'done',
      ops: done,
      ms: nowMs() - start,
      timings,
      errors,
    } satisfies WorkerMessage);
  });
}

if (!isMainThread) {
  main().catch((error: unknown) => {
    parentPort!.postMessage({
      type: 'error',
      message: (error as Error).stack ?? String(error),
    } satisfies WorkerMessage);
  });
}
