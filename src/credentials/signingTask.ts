/**
 * The task a signing thread runs (pooledSigner.ts): expansion, canonicalisation, hashing
 * and the Ed25519 signature of a credential, off the event loop. The thread is handed the
 * private key as a KeyObject when it starts (cloned by Node as a key handle, never as
 * bytes a script could read from a message), so it signs without a round trip to the
 * main thread, which may be busy with other work.
 */
import { workerData } from 'node:worker_threads';
import type { KeyObject } from 'node:crypto';
import { createDocumentLoader, loadBundledContexts } from '../jsonld/documentLoader.js';
import { useFastContexts } from '../jsonld/fastContexts.js';
import { createDidResolver } from '../jsonld/didResolver.js';
import { AppError, type ErrorCode } from '../errors.js';
import { signCredentialsWith, signerWithKey, type ProofSuiteName } from './signCredential.js';
import { signingProblem } from './signingErrors.js';

/** One credential to sign. */
export interface SigningTask {
  credential: Record<string, unknown>;
  suite: ProofSuiteName;
  dateMs?: number;
}

/** The thread's answer: the signed credential, the caller's problem, or our own failure. */
export type SigningOutcome =
  | { signed: Record<string, unknown> }
  | { problem: { code: ErrorCode; detail: string; extra?: Record<string, unknown> } }
  | { failure: string };

/** What the pool hands each thread when it starts. */
export interface SigningThreadData {
  ownDocuments: Record<string, Record<string, unknown>>;
  keyId: string;
  privateKey: KeyObject;
}

const data = workerData as SigningThreadData | undefined;
// Signing resolves only our own DID (its verification method); contexts are bundled.
const ownDocuments = new Map(Object.entries(data?.ownDocuments ?? {}));
// A thread is a process of its own for jsonld: the speed-up is switched on here too.
useFastContexts();
const documentLoader = createDocumentLoader({
  contexts: loadBundledContexts(),
  resolveDid: createDidResolver({ ownDocuments }),
});
const sign =
  data && signCredentialsWith(signerWithKey({ id: data.keyId, privateKey: data.privateKey }), documentLoader);

/** Starts the thread ahead of need (its modules and contexts load once): answers at once. */
export type WarmUpTask = { warmUp: true };

/** Signs one credential; a failure the credential caused comes back as a problem. */
export default async function runSigningTask(
  task: SigningTask | WarmUpTask,
): Promise<SigningOutcome | { ready: true }> {
  if ('warmUp' in task) return { ready: true };
  try {
    if (!sign) throw new Error('this signing thread was started without its key');
    return {
      signed: await sign(task.credential, {
        suite: task.suite,
        ...(task.dateMs !== undefined ? { date: new Date(task.dateMs) } : {}),
      }),
    };
  } catch (error) {
    const problem = signingProblem(error);
    if (problem instanceof AppError)
      return {
        problem: {
          code: problem.code,
          detail: problem.detail,
          ...(problem.extra ? { extra: problem.extra } : {}),
        },
      };
    return { failure: error instanceof Error ? error.message : String(error) };
  }
}
