/**
 * Verification on worker threads (DESIGN rule 11), so no request holds the event loop:
 * the caps are checked here first (one cheap walk), then the verification runs on a
 * verification thread (verificationThreads.ts) under a time budget counted from the moment
 * it starts. A thread that overruns is ended and a fresh one starts when needed; the caller
 * gets 422 `verification_too_costly`; one that never gets a thread within the queue wait
 * gets 503 `verification_busy`. The thread asks this side for status lists and foreign DID
 * documents, so the store and the fetch caches stay here.
 */
import { randomUUID } from 'node:crypto';
import { AppError } from '../errors.js';
import type { DidResolver } from '../jsonld/documentLoader.js';
import type { FetchStatusList } from './checkStatus.js';
import {
  assertCredentialWithinLimits,
  assertPresentationWithinLimits,
  type InputLimits,
} from './inputLimits.js';
import type { PictureVerification, Verifier } from './verifier.js';
import type { MainMessage, VerificationCall, VerificationOutcome } from './verificationTask.js';
import {
  createThreadPool,
  TaskStopped,
  type CallHandler,
  type RunOptions,
  type VerificationPool,
} from './verificationThreads.js';
import type { VerificationResult } from './result.js';
import type { PresentationResult } from './verifyPresentation.js';

export type { VerificationPool } from './verificationThreads.js';

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
  /**
   * Where our own status lists live (`<PUBLIC_URL>/status/`): a request body naming one has
   * it read from the store before the thread starts and sent along, instead of the thread
   * asking for it (a round trip, two thread wake-ups: ~7% of the CPU per verification and
   * a third of its p99 at 500 requests/s, issue 22). Only a list the credential itself asks
   * for is used; a freshly read one every time, as before.
   */
  ownStatusListPrefix?: string;
}

/**
 * Starts no thread until the first verification; idle threads end after five minutes.
 * `ownDocuments` (our DID documents, by DID) go with each thread, which then resolves them
 * itself; a pool shared by several issuers (tests) leaves them out and asks main instead.
 */
export function createVerificationPool(
  threads: number,
  ownDocuments: ReadonlyMap<string, Record<string, unknown>> = new Map(),
): VerificationPool {
  return createThreadPool(threads, ownDocuments);
}

/** The most own status lists one request body has read ahead (a credential names one per purpose). */
const MAX_PREFETCHED = 4;

/**
 * The URLs of our own status lists a JSON body mentions, as plain strings without their
 * fragment (one with an escape in it is left to the thread's own call). A mention that is
 * not the credential's status entry costs one store read and is never used.
 */
export function ownStatusListUrls(body: string, prefix: string): string[] {
  const urls = new Set<string>();
  for (let at = body.indexOf(prefix); at !== -1 && urls.size < MAX_PREFETCHED; ) {
    const end = body.indexOf('"', at);
    if (end === -1) break;
    // An entry's own id is the list's URL with `#index`: the same list, read once.
    const url = body.slice(at, end).split('#', 1)[0]!;
    if (!url.includes('\\') && url.length <= 512) urls.add(url);
    at = body.indexOf(prefix, end);
  }
  return [...urls];
}

/** Room for the request envelope around a credential (`{"verifiableCredential": ..., "options": ...}`). */
const ENVELOPE_BYTES = 4 * 1024;

function describe(error: unknown): Extract<MainMessage, { type: 'answer' }>['error'] {
  const e = (error instanceof Error ? error : new Error(String(error))) as Error & { did?: unknown };
  return { name: e.name, message: e.message, ...(typeof e.did === 'string' ? { did: e.did } : {}) };
}

/** Builds the pooled verifier; threads start on first use and end when idle. */
export function createPooledVerifier(options: PooledVerifierOptions): Verifier {
  const { limits, budgetMs } = options;
  const queueWaitMs = options.queueWaitMs ?? 10_000;
  const pool = options.pool ?? createVerificationPool(options.threads, options.ownDocuments);
  const origin = randomUUID();

  // What each thread was last sent per call: an answer that is the very same object (a
  // status list unchanged since) is answered `same`, not copied again.
  const sent = new Map<number, Map<string, unknown>>();
  /** Whether `threadId` was last sent this very value for `key` (and remembers it was now). */
  const sentBefore = (threadId: number, key: string, value: unknown): boolean => {
    let bySameThread = sent.get(threadId);
    if (!bySameThread) {
      // Threads ended by the budget never come back; forget them all now and then.
      if (sent.size >= 64) sent.clear();
      sent.set(threadId, (bySameThread = new Map()));
    }
    if (bySameThread.get(key) === value) return true;
    if (bySameThread.size >= 256) bySameThread.clear();
    bySameThread.set(key, value);
    return false;
  };
  const onCall: CallHandler = async (threadId, message, reply) => {
    try {
      const value =
        message.method === 'resolveDid'
          ? await options.resolveDid(message.arg)
          : await options.fetchStatusList(message.arg);
      const same = sentBefore(threadId, `${message.method} ${message.arg}`, value);
      reply(
        same && message.held
          ? { type: 'answer', id: message.id, same: true }
          : { type: 'answer', id: message.id, value },
      );
    } catch (error) {
      reply({ type: 'answer', id: message.id, error: describe(error) });
    }
  };

  /**
   * Our own status lists the body names, read now, when a thread is free to start at once
   * (a task that waits would find them stale and asks itself): each as `same` for a thread
   * that was last sent that very list, else the list. A list that cannot be read is left to
   * the thread's own call, which reports it as it always did.
   */
  async function prefetch(body: string): Promise<RunOptions['prefetched']> {
    const prefix = options.ownStatusListPrefix;
    if (!prefix || !pool.hasIdleThread()) return undefined;
    const lists = new Map<string, unknown>();
    for (const url of ownStatusListUrls(body, prefix)) {
      const list = await options.fetchStatusList(url).catch(() => undefined);
      if (list !== undefined) lists.set(url, list);
    }
    if (lists.size === 0) return undefined;
    return (threadId) =>
      Object.fromEntries(
        [...lists].map(([url, list]) => [
          url,
          sentBefore(threadId, `fetchStatusList ${url}`, list) ? { same: true } : { value: list },
        ]),
      );
  }

  async function run<T>(
    call: VerificationCall,
    extra: Pick<RunOptions, 'transfer' | 'prefetched'> = {},
  ): Promise<T> {
    let outcome: VerificationOutcome;
    try {
      outcome = await pool.run(
        { ...call, origin, limits, nowMs: options.now().getTime() },
        { budgetMs, queueWaitMs, onCall, ...extra },
      );
    } catch (error) {
      if (!(error instanceof TaskStopped)) throw error;
      if (error.reason === 'overran') {
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
      const prefetched = await prefetch(body);
      return run<VerificationResult>({ kind: 'credentialRequest', body }, prefetched ? { prefetched } : {});
    },
    async presentationRequest(body) {
      return run<PresentationResult>({ kind: 'presentationRequest', body });
    },
    // The file's buffer is moved to the thread, not copied; it is decoded there, under the budget.
    async picture(file, type) {
      return run<PictureVerification>({ kind: 'picture', file, type }, { transfer: [file] });
    },
    async close() {
      if (!options.pool) await pool.destroy();
    },
  };
}
