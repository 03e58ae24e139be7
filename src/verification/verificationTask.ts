/**
 * The task a verification thread runs (pooledVerifier.ts starts it through piscina). Each
 * thread builds its own offline document loader and schema validator once; what needs the
 * main thread's state (our own DID documents and status lists from the store, the shared
 * fetch caches for did:web and foreign lists) is asked for over the task's MessagePort.
 * The thread says "started" first, so the time budget counts running, not waiting.
 */
import type { MessagePort } from 'node:worker_threads';
import { createDocumentLoader, loadBundledContexts } from '../jsonld/documentLoader.js';
import { DidResolutionError } from '../jsonld/didResolver.js';
import { createSchemaValidator } from '../credentials/schemaValidator.js';
import { AppError, type ErrorCode } from '../errors.js';
import type { VerifyDeps } from './verifyCredential.js';
import type { PresentationOptions } from './verifyPresentation.js';
import { createInProcessVerifier } from './verifier.js';
import type { InputLimits } from './inputLimits.js';
import type { BakedImageType } from '../rendering/baking.js';

/** What to verify: a parsed value, or a request body to parse here, off the event loop. */
export type VerificationCall =
  | { kind: 'credential'; input: unknown }
  | { kind: 'presentation'; input: unknown; options: PresentationOptions }
  | { kind: 'credentialRequest'; body: string }
  | { kind: 'presentationRequest'; body: string }
  | { kind: 'bakedImage'; image: ArrayBuffer; type: BakedImageType };

/** One verification handed to a thread. */
export type VerificationTask = VerificationCall & { limits: InputLimits; nowMs: number; port: MessagePort };

/** A thread's answer: the result, or the refusal (an AppError does not survive the thread boundary as one). */
export type VerificationOutcome = { result: unknown } | { problem: { code: ErrorCode; detail: string; extra?: Record<string, unknown> } };

/** Messages on the task port, thread -> main. */
export type TaskMessage = { type: 'started' } | { type: 'call'; id: number; method: 'resolveDid' | 'fetchStatusList'; arg: string };

/** Answers on the task port, main -> thread. */
export type CallAnswer = { type: 'answer'; id: number; value?: unknown; error?: { name: string; message: string; did?: string } };

const contexts = loadBundledContexts();
const schemas = createSchemaValidator();
// Status lists whose proofs this thread has verified, by hash (as on the main thread).
const verifiedListProofs = new Set<string>();

/** Calls the main thread; errors come back with their name so codes survive (did_unresolved). */
function remote(port: MessagePort): (method: 'resolveDid' | 'fetchStatusList', arg: string) => Promise<unknown> {
  let next = 0;
  const waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  port.on('message', (answer: CallAnswer) => {
    const call = waiting.get(answer.id);
    if (!call) return;
    waiting.delete(answer.id);
    if (!answer.error) return call.resolve(answer.value);
    const { name, message, did } = answer.error;
    call.reject(name === 'DidResolutionError' ? new DidResolutionError(did ?? '', message) : Object.assign(new Error(message), { name }));
  });
  return (method, arg) =>
    new Promise((resolve, reject) => {
      const id = next++;
      waiting.set(id, { resolve, reject });
      port.postMessage({ type: 'call', id, method, arg } satisfies TaskMessage);
    });
}

function depsFor(task: VerificationTask): VerifyDeps {
  const call = remote(task.port);
  const resolveDid = (didUrl: string) => call('resolveDid', didUrl) as Promise<Record<string, unknown>>;
  return {
    documentLoader: createDocumentLoader({ contexts, resolveDid }),
    contexts,
    resolveDid,
    fetchStatusList: (url) => call('fetchStatusList', url),
    schemas,
    now: () => new Date(task.nowMs),
    verifiedListProofs,
  };
}

function run(task: VerificationTask): Promise<unknown> {
  const verifier = createInProcessVerifier(depsFor(task), task.limits);
  switch (task.kind) {
    case 'credential':
      return verifier.credential(task.input);
    case 'presentation':
      return verifier.presentation(task.input, task.options);
    case 'credentialRequest':
      return verifier.credentialRequest(task.body);
    case 'presentationRequest':
      return verifier.presentationRequest(task.body);
    case 'bakedImage':
      return verifier.bakedImage(task.image, task.type);
  }
}

/** Runs one verification; the outcome is plain data (structured-cloned back). */
export default async function runVerificationTask(task: VerificationTask): Promise<VerificationOutcome> {
  task.port.postMessage({ type: 'started' } satisfies TaskMessage);
  try {
    return { result: await run(task) };
  } catch (error) {
    if (error instanceof AppError) return { problem: { code: error.code, detail: error.detail, ...(error.extra ? { extra: error.extra } : {}) } };
    throw error;
  } finally {
    task.port.close();
  }
}
