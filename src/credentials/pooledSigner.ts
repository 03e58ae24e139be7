/**
 * Signing that never holds the event loop. A larger credential (an API caller may send up
 * to the verification caps, ~1,000 objects: hundreds of ms of expansion and
 * canonicalisation) signs on a thread under a time budget; the thread holds the private
 * key as a KeyObject handle (signingTask.ts).
 *
 * A small one (the platform's own certificates: a few dozen JSON objects, no inline
 * context) takes ~1-2 ms. It goes to the thread when the thread is up and its line is
 * short, and signs here otherwise: a cohort finishing together then uses two cores (the
 * thread signs while this one does the store work of the others), and the line is kept
 * short (SMALL_LINE_PER_THREAD), so nothing waits long. The thread starts lazily (its
 * modules and contexts take ~1 s to load) once signing is sustained (SUSTAINED_PER_SECOND),
 * in the background; until it is up, all sign here. A process with one CPU to run on
 * always signs small ones here.
 */
import { availableParallelism } from 'node:os';
import type { Ed25519MultikeyKeyPair } from '@digitalbazaar/ed25519-multikey';
import { AppError } from '../errors.js';
import { createPool } from '../workerPool/createPool.js';
import type { DocumentLoader } from '../jsonld/documentLoader.js';
import { signCredentialsWith, signerWithKey, signingKeyOf, type SignCredential } from './signCredential.js';
import type { SigningOutcome, SigningTask, SigningThreadData, WarmUpTask } from './signingTask.js';

/** What the pooled signer needs. */
export interface PooledSignerOptions {
  keyPair: Ed25519MultikeyKeyPair;
  documentLoader: DocumentLoader;
  /** Our DID documents, for the threads' loader (the proof names our verification method). */
  ownDocuments: ReadonlyMap<string, Record<string, unknown>>;
  threads: number;
  /** Longest one signing on a thread may take, waiting for the thread included (ms). */
  budgetMs: number;
}

/** Small credentials signed within a second that start the signing thread for them. */
const SUSTAINED_PER_SECOND = 8;
/**
 * Small credentials a thread takes (running or waiting) before the rest sign here: ~1.2 ms
 * each, so at most ~20 ms of waiting, and enough that the thread is never idle while this
 * one does the store work of a cohort's other members.
 */
const SMALL_LINE_PER_THREAD = 16;

/** JSON objects at most, and no inline @context, for signing on the calling thread. */
export const SIGN_IN_PROCESS_MAX_OBJECTS = 64;

/** Whether a credential is small enough to sign here: one walk, stopping early. */
export function isSmallCredential(credential: unknown): boolean {
  let objects = 0;
  const stack: unknown[] = [credential];
  while (stack.length > 0) {
    const value = stack.pop();
    if (!value || typeof value !== 'object') continue;
    if (++objects > SIGN_IN_PROCESS_MAX_OBJECTS) return false;
    for (const [key, child] of Object.entries(value)) {
      if (
        key === '@context' &&
        ([] as unknown[]).concat(child).some((c) => typeof c === 'object' && c !== null)
      )
        return false;
      stack.push(child);
    }
  }
  return true;
}

/** The signer with its pool; `close()` ends the threads. */
export function createPooledSigner(
  options: PooledSignerOptions,
): SignCredential & { close(): Promise<void>; signedOnThreads(): number } {
  const key = signingKeyOf(options.keyPair);
  const local = signCredentialsWith(signerWithKey(key), options.documentLoader);
  const threadData: SigningThreadData = {
    ownDocuments: Object.fromEntries(options.ownDocuments),
    keyId: key.id,
    privateKey: key.privateKey,
  };
  const pool = createPool({
    taskModule: new URL('./signingTask.ts', import.meta.url).href,
    workerData: { ...threadData },
    maxThreads: options.threads,
    // Kept for a while once started: a cold start (~1 s) would make the first small
    // credential after a pause wait, so only a warm thread is used for those.
    idleTimeoutMs: 10 * 60_000,
  });
  let threadsUp = 0;
  let warming = false;
  pool.on('workerDestroy', () => {
    threadsUp = Math.max(0, threadsUp - 1);
  });
  const warmUp = () => {
    if (warming || threadsUp > 0) return;
    warming = true;
    pool
      .run({ warmUp: true } satisfies WarmUpTask)
      .then(
        () => {
          threadsUp = Math.max(threadsUp, 1);
        },
        () => {},
      )
      .finally(() => {
        warming = false;
      });
  };

  const onThread: SignCredential = async (credential, { suite = 'eddsa-rdfc-2022', date } = {}) => {
    const signal = AbortSignal.timeout(options.budgetMs);
    const task: SigningTask = { credential, suite, ...(date ? { dateMs: date.getTime() } : {}) };
    let outcome: SigningOutcome | { ready: true };
    try {
      outcome = await pool.run(task, { signal });
    } catch (error) {
      if (!signal.aborted) throw error;
      throw new AppError(
        'credential_too_complex',
        `Signing this credential needed more than ${options.budgetMs} ms and was stopped; simplify it or split it into several credentials`,
      );
    }
    if ('ready' in outcome) throw new Error('a signing thread answered a signing task as a warm-up');
    if ('signed' in outcome) return outcome.signed;
    if ('problem' in outcome)
      throw new AppError(outcome.problem.code, outcome.problem.detail, outcome.problem.extra);
    throw new Error(`signing on a thread failed: ${outcome.failure}`);
  };

  // Credentials on the threads now (running or waiting), large and small apart.
  const onThreads = { small: 0, large: 0 };
  const viaThread = async (
    size: keyof typeof onThreads,
    credential: Record<string, unknown>,
    signOptions?: Parameters<SignCredential>[1],
  ): Promise<Record<string, unknown>> => {
    onThreads[size]++;
    try {
      return await onThread(credential, signOptions);
    } finally {
      onThreads[size]--;
    }
  };
  // Small credentials signed in the last second: a thread is worth starting (~1 s of CPU,
  // tens of MB) only for sustained signing, a cohort or an import, not for one now and then.
  let recent: number[] = [];
  const busy = () => {
    const now = performance.now();
    recent = recent.filter((at) => now - at < 1000);
    recent.push(now);
    return recent.length >= SUSTAINED_PER_SECOND;
  };
  const sign: SignCredential = async (credential, signOptions) => {
    if (!isSmallCredential(credential)) return viaThread('large', credential, signOptions);
    // On one CPU (a small host, or a process pinned to one) the thread only adds hops.
    if (availableParallelism() < 2) return local(credential, signOptions);
    if (threadsUp === 0 && busy()) warmUp();
    // Here when the thread is not up, works on a large one (which may take seconds), or
    // already has its short line; otherwise the thread signs and this one goes on.
    if (threadsUp === 0 || onThreads.large > 0 || onThreads.small >= SMALL_LINE_PER_THREAD * options.threads)
      return local(credential, signOptions);
    return viaThread('small', credential, signOptions);
  };
  return Object.assign(sign, { close: () => pool.destroy(), signedOnThreads: () => pool.completed });
}
