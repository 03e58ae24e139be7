/**
 * What runs on a verification thread (verificationThreads.ts starts it through
 * verificationThreadEntry.mjs). Each thread builds its own offline document loader and
 * schema validator once; what needs the main thread's state (status lists from the store,
 * the shared fetch caches for did:web and foreign lists) is asked for over the thread's
 * port. One task at a time: the pool hands a thread its next task only once it answered.
 */
import { workerData, type MessagePort } from 'node:worker_threads';
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
export type ThreadTask = VerificationCall & {
  origin: string;
  limits: InputLimits;
  nowMs: number;
};

/** A thread's answer: the result, or the refusal (an AppError does not survive the thread boundary as one). */
export type VerificationOutcome =
  | { result: unknown }
  | { problem: { code: ErrorCode; detail: string; extra?: Record<string, unknown> } };

/** An error as it crosses the thread boundary: its name keeps codes (did_unresolved) apart. */
interface PlainError {
  name: string;
  message: string;
  did?: string;
}

/** An answer main read before handing the task over: the value, or `same` (what the thread was last given). */
export type Prefetched = { same: true } | { value: unknown };

/**
 * Messages main -> thread: a task (with status lists main already read for it, by URL), or the answer to one of its calls: the value, `same`
 * (use what you hold) or the error.
 */
export type MainMessage =
  | { type: 'task'; id: number; task: ThreadTask; prefetched?: Record<string, Prefetched> }
  | { type: 'answer'; id: number; value?: unknown; same?: true; error?: PlainError };

/**
 * Messages thread -> main. A call names its task and says whether the thread still holds
 * the answer it was last given for it (`held`), so main can answer `same` instead of
 * copying it; `done` ends the task with its outcome, or with an error that is not a refusal.
 */
export type ThreadMessage =
  | { type: 'ready' }
  | {
      type: 'call';
      task: number;
      id: number;
      method: 'resolveDid' | 'fetchStatusList';
      arg: string;
      held: boolean;
    }
  | { type: 'done'; id: number; outcome: VerificationOutcome }
  | { type: 'done'; id: number; error: PlainError };

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

// The calls waiting for main's answer, by id (ids never repeat, so a late answer matches nothing).
const waiting = new Map<number, { key: string; resolve: (v: unknown) => void; reject: (e: Error) => void }>();
let nextCall = 0;

function settle(answer: Extract<MainMessage, { type: 'answer' }>) {
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
}

// The task running now (a thread runs one at a time): its calls go to main with its id, its
// clock is the request's. The deps themselves are built once per thread, so jsonld's
// caches keyed by the document loader stay warm from one verification to the next.
let current:
  | {
      id: number;
      nowMs: number;
      origin: string;
      port: MessagePort;
      prefetched: Record<string, Prefetched> | undefined;
    }
  | undefined;

/**
 * A status list main read for this task before handing it over, if it did: saves the round
 * trip. `same` counts only while this thread still holds the list (it may have let it go).
 */
function prefetchedList(url: string): Promise<unknown> | undefined {
  const task = current;
  const answer = task?.prefetched?.[url];
  if (!task || !answer) return undefined;
  const key = `${task.origin} fetchStatusList ${url}`;
  if ('same' in answer) return held.has(key) ? Promise.resolve(held.get(key)) : undefined;
  if (held.size >= MAX_HELD) held.clear();
  held.set(key, deepFreeze(answer.value));
  return Promise.resolve(answer.value);
}

/** Calls the main thread; errors come back with their name so codes survive (did_unresolved). */
function ask(method: 'resolveDid' | 'fetchStatusList', arg: string): Promise<unknown> {
  const task = current;
  if (!task) return Promise.reject(new Error('no verification task is running on this thread'));
  return new Promise((resolve, reject) => {
    const id = nextCall++;
    const key = `${task.origin} ${method} ${arg}`;
    waiting.set(id, { key, resolve, reject });
    task.port.postMessage({
      type: 'call',
      task: task.id,
      id,
      method,
      arg,
      held: held.has(key),
    } satisfies ThreadMessage);
  });
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
  fetchStatusList: (url) => prefetchedList(url) ?? ask('fetchStatusList', url),
  schemas,
  now: () => new Date(current?.nowMs ?? Date.now()),
  verifiedListProofs,
};

function run(task: ThreadTask): Promise<unknown> {
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
async function outcomeOf(task: ThreadTask): Promise<VerificationOutcome> {
  try {
    return { result: await run(task) };
  } catch (error) {
    if (error instanceof AppError)
      return {
        problem: { code: error.code, detail: error.detail, ...(error.extra ? { extra: error.extra } : {}) },
      };
    throw error;
  }
}

/** Serves tasks on `port` (the thread's parentPort), one at a time, and says when it is ready. */
export default function serveVerifications(port: MessagePort): void {
  port.on('message', (message: MainMessage) => {
    if (message.type === 'answer') return settle(message);
    current = {
      id: message.id,
      nowMs: message.task.nowMs,
      origin: message.task.origin,
      port,
      prefetched: message.prefetched,
    };
    outcomeOf(message.task)
      .then(
        (outcome) => port.postMessage({ type: 'done', id: message.id, outcome } satisfies ThreadMessage),
        (error: unknown) => {
          const e = error instanceof Error ? error : new Error(String(error));
          port.postMessage({
            type: 'done',
            id: message.id,
            error: { name: e.name, message: e.message },
          } satisfies ThreadMessage);
        },
      )
      .finally(() => {
        if (current?.id === message.id) current = undefined;
      });
  });
  port.postMessage({ type: 'ready' } satisfies ThreadMessage);
}
