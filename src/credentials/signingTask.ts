/**
 * The task a signing thread runs (pooledSigner.ts): expansion, canonicalisation and
 * hashing of a large credential, the costly part of signing, off the event loop. The
 * private key stays on the main thread: this thread's signer posts the digest to sign
 * over the task's MessagePort and waits for the signature.
 */
import { workerData, type MessagePort } from 'node:worker_threads';
import { createDocumentLoader, loadBundledContexts } from '../jsonld/documentLoader.js';
import { useFastContexts } from '../jsonld/fastContexts.js';
import { createDidResolver } from '../jsonld/didResolver.js';
import { AppError, type ErrorCode } from '../errors.js';
import { signCredentialsWith, type Ed25519Signer, type ProofSuiteName } from './signCredential.js';
import { signingProblem } from './signingErrors.js';

/** One credential to sign. */
export interface SigningTask {
  credential: Record<string, unknown>;
  suite: ProofSuiteName;
  dateMs?: number;
  keyId: string;
  port: MessagePort;
}

/** The thread's answer: the signed credential, the caller's problem, or our own failure. */
export type SigningOutcome =
  | { signed: Record<string, unknown> }
  | { problem: { code: ErrorCode; detail: string; extra?: Record<string, unknown> } }
  | { failure: string };

/** Thread -> main: the digest to sign. Main -> thread: its signature. */
export type SignRequest = { id: number; data: Uint8Array };
export type SignAnswer = { id: number; signature?: Uint8Array; error?: string };

// Signing resolves only our own DID (its verification method); contexts are bundled.
const ownDocuments = new Map(
  Object.entries((workerData?.ownDocuments ?? {}) as Record<string, Record<string, unknown>>),
);
// A thread is a process of its own for jsonld: the speed-up is switched on here too.
useFastContexts();
const documentLoader = createDocumentLoader({
  contexts: loadBundledContexts(),
  resolveDid: createDidResolver({ ownDocuments }),
});

function remoteSigner(keyId: string, port: MessagePort): Ed25519Signer {
  let next = 0;
  const waiting = new Map<number, { resolve: (s: Uint8Array) => void; reject: (e: Error) => void }>();
  port.on('message', (answer: SignAnswer) => {
    const call = waiting.get(answer.id);
    waiting.delete(answer.id);
    if (answer.signature) call?.resolve(answer.signature);
    else call?.reject(new Error(answer.error ?? 'the main thread did not sign'));
  });
  return {
    id: keyId,
    algorithm: 'Ed25519',
    sign: ({ data }) =>
      new Promise((resolve, reject) => {
        const id = next++;
        waiting.set(id, { resolve, reject });
        port.postMessage({ id, data } satisfies SignRequest);
      }),
  };
}

/** Signs one credential; a failure the credential caused comes back as a problem. */
export default async function runSigningTask(task: SigningTask): Promise<SigningOutcome> {
  try {
    const sign = signCredentialsWith(remoteSigner(task.keyId, task.port), documentLoader);
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
  } finally {
    task.port.close();
  }
}
