/**
 * The messages between the batch section and its worker threads (issueWorker.ts), kept
 * apart so the parent can import them without loading the worker itself.
 */
import type { ProofSuiteName } from '../src/credentials/signCredential.js';

/** What a worker is started with. */
export interface WorkerSetup {
  root: string;
  suite: ProofSuiteName;
  /** The unsigned credential the plain mode signs (with a new id each time). */
  template: Record<string, unknown>;
  /** Warm-up per mode (ours, plain) before reporting ready. */
  warmupMs: number;
}

/** One measured task: a mode and a count or a duration. */
export interface WorkerTask {
  type: 'run';
  mode: 'ours' | 'plain' | 'spin';
  count?: number;
  durationMs?: number;
}

/** Where a worker's time went, in ms summed over its calls. */
export interface WorkerTimings {
  sign: number;
  reserve: number;
  markIssued: number;
  shuffle: number;
  /** Store calls (reserve or markIssued) slower than 5 ms: lock waits, checkpoints. */
  slowStoreCalls: number;
  maxStoreMs: number;
}

/** A worker's report. */
export type WorkerMessage =
  | { type: 'ready'; startupMs: number; warmed: number }
  | { type: 'done'; ops: number; ms: number; timings: WorkerTimings; errors: string[] }
  | { type: 'closed' }
  | { type: 'error'; message: string };

/** Fresh, zeroed timings. */
export function zeroTimings(): WorkerTimings {
  return { sign: 0, reserve: 0, markIssued: 0, shuffle: 0, slowStoreCalls: 0, maxStoreMs: 0 };
}
