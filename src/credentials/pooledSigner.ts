/**
 * Signing that never holds the event loop. A small credential (the platform's own
 * certificates: a few dozen JSON objects, no inline context) signs in ~2 ms, and a thread
 * hop would cost more than it saves, so it signs here. A larger one (an API caller may send
 * up to the verification caps, ~1,000 objects: hundreds of ms of expansion and
 * canonicalisation) signs on a thread under a time budget; the thread asks this side to
 * sign its digest, so the private key never leaves the main thread.
 */
import { MessageChannel } from 'node:worker_threads';
import type { Ed25519MultikeyKeyPair } from '@digitalbazaar/ed25519-multikey';
import { AppError } from '../errors.js';
import { createPool } from '../workerPool/createPool.js';
import type { DocumentLoader } from '../jsonld/documentLoader.js';
import { createCachedSigner, signCredentialsWith, type SignCredential } from './signCredential.js';
import type { SignAnswer, SignRequest, SigningOutcome, SigningTask } from './signingTask.js';

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
): SignCredential & { close(): Promise<void> } {
  const signer = createCachedSigner(options.keyPair);
  const local = signCredentialsWith(signer, options.documentLoader);
  const pool = createPool({
    taskModule: new URL('./signingTask.ts', import.meta.url).href,
    workerData: { ownDocuments: Object.fromEntries(options.ownDocuments) },
    maxThreads: options.threads,
  });

  const onThread: SignCredential = async (credential, { suite = 'eddsa-rdfc-2022', date } = {}) => {
    const { port1, port2 } = new MessageChannel();
    port1.on('message', (request: SignRequest) => {
      signer.sign({ data: request.data }).then(
        (signature) => port1.postMessage({ id: request.id, signature } satisfies SignAnswer),
        (error: Error) => port1.postMessage({ id: request.id, error: error.message } satisfies SignAnswer),
      );
    });
    const signal = AbortSignal.timeout(options.budgetMs);
    const task: SigningTask = {
      credential,
      suite,
      ...(date ? { dateMs: date.getTime() } : {}),
      keyId: signer.id,
      port: port2,
    };
    let outcome: SigningOutcome;
    try {
      outcome = await pool.run(task, { transferList: [port2], signal });
    } catch (error) {
      if (!signal.aborted) throw error;
      throw new AppError(
        'credential_too_complex',
        `Signing this credential needed more than ${options.budgetMs} ms and was stopped; simplify it or split it into several credentials`,
      );
    } finally {
      port1.close();
    }
    if ('signed' in outcome) return outcome.signed;
    if ('problem' in outcome)
      throw new AppError(outcome.problem.code, outcome.problem.detail, outcome.problem.extra);
    throw new Error(`signing on a thread failed: ${outcome.failure}`);
  };

  const sign: SignCredential = (credential, signOptions) =>
    isSmallCredential(credential) ? local(credential, signOptions) : onThread(credential, signOptions);
  return Object.assign(sign, { close: () => pool.destroy() });
}
