/**
 * Verification on worker threads (DESIGN rule 11), so no request holds the event loop:
 * the caps are checked here first (one cheap walk), then the verification runs in a
 * piscina thread under a time budget counted from the moment it starts. A thread that
 * overruns is ended (piscina terminates it on abort and starts a fresh one when needed)
 * and the caller gets 422 `verification_too_costly`; one that never gets a thread within
 * the queue wait gets 503 `verification_busy`. The thread asks this side for DID documents
 * and status lists over the task's MessagePort, so the store and the fetch caches stay here.
 */
import { MessageChannel, type MessagePort as WorkerPort } from 'node:worker_threads';
import { randomUUID } from 'node:crypto';
import { AppError } from '../errors.js';
import { createPool } from '../workerPool/createPool.js';
import type { DidResolver } from '../jsonld/documentLoader.js';
import type { FetchStatusList } from './checkStatus.js';
import {
  assertCredentialWithinLimits,
  assertPresentationWithinLimits,
  type InputLimits,
} from './inputLimits.js';
import type { PictureVerification, Verifier } from './verifier.js';
import type {
  CallAnswer,
  TaskMessage,
  VerificationCall,
  VerificationOutcome,
  VerificationTask,
} from './verificationTask.js';
import type { VerificationResult } from './result.js';
import type { PresentationResult } from './verifyPresentation.js';

/** What the pool needs from the main thread, and its limits. */
export interface PooledVerifierOptions {
  resolveDid: DidResolver;
  fetchStatusList: FetchStatusList;
  now: () => Date;
  limits: InputLimits;
  /** The threads to run on (createVerificationPool); the verifier closes it only if it made it. */
  pool?: VerificationPool;
  /** Most threads verifying at once, when the verifier makes its own pool. */
  threads: number;
  /** Our DID documents, given to the threads of the verifier's own pool. */
  ownDocuments?: ReadonlyMap<string, Record<string, unknown>>;
  /** CPU/time one verification may take once started, in ms. */
  budgetMs: number;
  /** Longest a verification waits for a free thread, in ms. */
  queueWaitMs?: number;
}

/** A pool of verification threads; one may serve several verifiers (tests share one per process). */
export type VerificationPool = ReturnType<typeof createPool>;

/**
 * Starts no thread until the first verification; idle threads end after five minutes.
 * `ownDocuments` (our DID documents, by DID) go with each thread, which then resolves them
 * itself; a pool shared by several issuers (tests) leaves them out and asks main instead.
 */
export function createVerificationPool(
  threads: number,
  ownDocuments: ReadonlyMap<string, Record<string, unknown>> = new Map(),
): VerificationPool {
  return createPool({
    taskModule: new URL('./verificationTask.ts', import.meta.url).href,
    workerData: { ownDocuments: Object.fromEntries(ownDocuments) },
    maxThreads: threads,
    idleTimeoutMs: 5 * 60_000,
  });
}

/** Room for the request envelope around a credential (`{"verifiableCredential": ..., "options": ...}`). */
const ENVELOPE_BYTES = 4 * 1024;

function describe(error: unknown): CallAnswer['error'] {
  const e = (error instanceof Error ? error : new Error(String(error))) as Error & { did?: unknown };
  return { name: e.name, message: e.message, ...(typeof e.did === 'string' ? { did: e.did } : {}) };
}

/** Builds the pooled verifier; threads start on first use and end when idle. */
export function createPooledVerifier(options: PooledVerifierOptions): Verifier {
  const { limits, budgetMs } = options;
  const queueWaitMs = options.queueWaitMs ?? 10_000;
  const pool = options.pool ?? createVerificationPool(options.threads, options.ownDocuments);
  const origin = randomUUID();

  // What each thread was last sent per call: an answer that is the very same object (our
  // DID document, a status list unchanged since) is answered `same`, not copied again.
  const sent = new Map<number, Map<string, unknown>>();
  const answer = async (
    port: WorkerPort,
    threadId: number,
    message: Extract<TaskMessage, { type: 'call' }>,
  ) => {
    try {
      const value =
        message.method === 'resolveDid'
          ? await options.resolveDid(message.arg)
          : await options.fetchStatusList(message.arg);
      const key = `${message.method} ${message.arg}`;
      let bySameThread = sent.get(threadId);
      if (!bySameThread) {
        // Threads ended by the budget never come back; forget them all now and then.
        if (sent.size >= 64) sent.clear();
        sent.set(threadId, (bySameThread = new Map()));
      }
      if (message.held && bySameThread.get(key) === value)
        return port.postMessage({ type: 'answer', id: message.id, same: true } satisfies CallAnswer);
      if (bySameThread.size >= 256) bySameThread.clear();
      bySameThread.set(key, value);
      port.postMessage({ type: 'answer', id: message.id, value } satisfies CallAnswer);
    } catch (error) {
      port.postMessage({ type: 'answer', id: message.id, error: describe(error) } satisfies CallAnswer);
    }
  };

  async function run<T>(call: VerificationCall, transfer: ArrayBuffer[] = []): Promise<T> {
    const { port1, port2 } = new MessageChannel();
    const abort = new AbortController();
    let overran = false;
    let budget: NodeJS.Timeout | undefined;
    const queue = setTimeout(() => abort.abort(), queueWaitMs);
    let threadId = -1;
    port1.on('message', (message: TaskMessage) => {
      if (message.type === 'call') return void answer(port1, threadId, message);
      threadId = message.threadId;
      clearTimeout(queue);
      budget = setTimeout(() => {
        overran = true;
        abort.abort();
      }, budgetMs);
    });
    const task: VerificationTask = { ...call, origin, limits, nowMs: options.now().getTime(), port: port2 };
    let outcome: VerificationOutcome;
    try {
      outcome = await pool.run(task, { transferList: [port2, ...transfer], signal: abort.signal });
    } catch (error) {
      if (!abort.signal.aborted) throw error;
      if (overran) {
        throw new AppError(
          'verification_too_costly',
          `Verifying this needed more than ${budgetMs} ms of computation and was stopped: a credential this costly to check is refused so that it cannot slow the service for everyone`,
          { budgetMs },
        );
      }
      throw new AppError(
        'verification_busy',
        `The verifier is busy: no verification slot came free within ${queueWaitMs / 1000} s; try again shortly`,
      );
    } finally {
      clearTimeout(queue);
      clearTimeout(budget);
      port1.close();
    }
    if ('problem' in outcome)
      throw new AppError(outcome.problem.code, outcome.problem.detail, outcome.problem.extra);
    return outcome.result as T;
  }

  return {
    // A parsed value is measured here first: the walk stops at the first cap passed, and the
    // copy to the thread is then bounded too.
    async credential(input) {
      assertCredentialWithinLimits(input, limits);
      return run<VerificationResult>({ kind: 'credential', input });
    },
    async presentation(input, presentationOptions) {
      assertPresentationWithinLimits(input, limits);
      return run<PresentationResult>({ kind: 'presentation', input, options: presentationOptions });
    },
    // A request body goes to the thread as text; only its length is looked at here.
    async credentialRequest(body) {
      if (body.length > limits.maxCredentialBytes + ENVELOPE_BYTES)
        assertCredentialWithinLimits(body, limits);
      return run<VerificationResult>({ kind: 'credentialRequest', body });
    },
    async presentationRequest(body) {
      return run<PresentationResult>({ kind: 'presentationRequest', body });
    },
    // The file's buffer is moved to the thread, not copied; it is decoded there, under the budget.
    async picture(file, type) {
      return run<PictureVerification>({ kind: 'picture', file, type }, [file]);
    },
    async close() {
      if (!options.pool) await pool.destroy();
    },
  };
}
