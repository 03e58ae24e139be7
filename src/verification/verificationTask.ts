/**
 * The task a verification thread runs (pooledVerifier.ts starts it through piscina). Each
 * thread builds its own offline document loader and schema validator once; what needs the
 * main thread's state (our own DID documents and status lists from the store, the shared
 * fetch caches for did:web and foreign lists) is asked for over the task's MessagePort.
 * The thread says "started" first, so the time budget counts running, not waiting.
 */
import { threadId, workerData, type MessagePort } from 'node:worker_threads';
import { splitDidUrl } from '../credentials/didDocuments.js';
import { createDocumentLoader, loadBundledContexts } from '../jsonld/documentLoader.js';
import { useFastContexts } from '../jsonld/fastContexts.js';
import { createDidResolver, DidResolutionError } from '../jsonld/didResolver.js';
import { createSchemaValidator } from '../credentials/schemaValidator.js';
import { AppError, type ErrorCode } from '../errors.js';
import { deepFreeze } from '../deepFreeze.js';
import type { VerifyDeps } from './verifyCredential.js';
import type { PresentationOptions } from './verifyPresentation.js';
import { createInProcessVerifier } from './verifier.js';
import type { InputLimits } from './inputLimits.js';
import type { PictureType } from './pictureType.js';

/** What to verify: a parsed value, or a request body to parse here, off the event loop. */
export type VerificationCall =
  | { kind: 'credential'; input: unknown }
  | { kind: 'presentation'; input: unknown; options: PresentationOptions }
  | { kind: 'credentialRequest'; body: string }
  | { kind: 'presentationRequest'; body: string }
  | { kind: 'picture'; file: ArrayBuffer; type: PictureType };

/**
 * One verification handed to a thread. `origin` names the verifier that sent it: a pool
 * may serve several (tests share one), and what a thread holds is held per verifier.
 */
export type VerificationTask = VerificationCall & {
  origin: string;
  limits: InputLimits;
  nowMs: number;
  port: MessagePort;
};

/** A thread's answer: the result, or the refusal (an AppError does not survive the thread boundary as one). */
export type VerificationOutcome =
  | { result: unknown }
  | { problem: { code: ErrorCode; detail: string; extra?: Record<string, unknown> } };

/**
 * Messages on the task port, thread -> main. A call says whether the thread still holds the
 * answer it was last given for it (`held`), so main can answer `same` instead of copying it.
 */
export type TaskMessage =
  | { type: 'started'; threadId: number }
  | { type: 'call'; id: number; method: 'resolveDid' | 'fetchStatusList'; arg: string; held: boolean };

/** Answers on the task port, main -> thread: the value, `same` (use what you hold), or the error. */
export type CallAnswer = {
  type: 'answer';
  id: number;
  value?: unknown;
  same?: true;
  error?: { name: string; message: string; did?: string };
};

const contexts = loadBundledContexts();
const schemas = createSchemaValidator();
// Status lists whose proofs this thread has verified, by hash (as on the main thread).
const verifiedListProofs = new Set<string>();
/**
 * The last answer to each call (our DID documents, status lists), deep-frozen: while main's
 * answer is the very same object (its status-list memo keeps one per list version), it is
 * not copied again, and checkStatus.ts reuses the list's hash and decoded bits.
 */
const held = new Map<string, unknown>();
const MAX_HELD = 256;

/** Calls the main thread; errors come back with their name so codes survive (did_unresolved). */
function remote(
  port: MessagePort,
  origin: string,
): (method: 'resolveDid' | 'fetchStatusList', arg: string) => Promise<unknown> {
  let next = 0;
  const waiting = new Map<
    number,
    { key: string; resolve: (v: unknown) => void; reject: (e: Error) => void }
  >();
  port.on('message', (answer: CallAnswer) => {
    const call = waiting.get(answer.id);
    if (!call) return;
    waiting.delete(answer.id);
    if (answer.same) return call.resolve(held.get(call.key));
    if (!answer.error) {
      if (held.size >= MAX_HELD) held.clear();
      held.set(call.key, deepFreeze(answer.value));
      return call.resolve(answer.value);
    }
    const { name, message, did } = answer.error;
    call.reject(
      name === 'DidResolutionError'
        ? new DidResolutionError(did ?? '', message)
        : Object.assign(new Error(message), { name }),
    );
  });
  return (method, arg) =>
    new Promise((resolve, reject) => {
      const id = next++;
      const key = `${origin} ${method} ${arg}`;
      waiting.set(id, { key, resolve, reject });
      port.postMessage({ type: 'call', id, method, arg, held: held.has(key) } satisfies TaskMessage);
    });
}

// The task running now (a thread runs one at a time): its port answers the calls, its
// clock is the request's. The deps themselves are built once per thread, so jsonld's
// caches keyed by the document loader stay warm from one verification to the next.
let current: { call: ReturnType<typeof remote>; nowMs: number; origin: string } | undefined;

function ask(method: 'resolveDid' | 'fetchStatusList', arg: string): Promise<unknown> {
  if (!current) return Promise.reject(new Error('no verification task is running on this thread'));
  return current.call(method, arg);
}

// did:key documents follow from the key, and our own DID documents came with the thread
// (workerData): both resolve here without a round trip; only foreign did:web asks main.
const ownDocuments = new Map(
  Object.entries((workerData?.ownDocuments ?? {}) as Record<string, Record<string, unknown>>),
);
const resolveLocally = createDidResolver({ ownDocuments });
const resolveDid = (didUrl: string): Promise<Record<string, unknown>> => {
  const { did } = splitDidUrl(didUrl);
  if (did.startsWith('did:key:') || ownDocuments.has(did)) return resolveLocally(didUrl);
  return ask('resolveDid', didUrl) as Promise<Record<string, unknown>>;
};
// A thread is a process of its own for jsonld: the speed-up is switched on here too.
useFastContexts();
const deps: VerifyDeps = {
  documentLoader: createDocumentLoader({ contexts, resolveDid }),
  contexts,
  resolveDid,
  fetchStatusList: (url) => ask('fetchStatusList', url),
  schemas,
  now: () => new Date(current?.nowMs ?? Date.now()),
  verifiedListProofs,
};

function run(task: VerificationTask): Promise<unknown> {
  current = { call: remote(task.port, task.origin), nowMs: task.nowMs, origin: task.origin };
  const verifier = createInProcessVerifier(deps, task.limits);
  switch (task.kind) {
    case 'credential':
      return verifier.credential(task.input);
    case 'presentation':
      return verifier.presentation(task.input, task.options);
    case 'credentialRequest':
      return verifier.credentialRequest(task.body);
    case 'presentationRequest':
      return verifier.presentationRequest(task.body);
    case 'picture':
      return verifier.picture(task.file, task.type);
  }
}

/** Runs one verification; the outcome is plain data (structured-cloned back). */
export default async function runVerificationTask(task: VerificationTask): Promise<VerificationOutcome> {
  task.port.postMessage({ type: 'started', threadId } satisfies TaskMessage);
  try {
    return { result: await run(task) };
  } catch (error) {
    if (error instanceof AppError)
      return {
        problem: { code: error.code, detail: error.detail, ...(error.extra ? { extra: error.extra } : {}) },
      };
    throw error;
  } finally {
    current = undefined;
    task.port.close();
  }
}
