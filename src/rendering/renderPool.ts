/**
 * The certificate renderer the server uses: the same CertificateRenderer, but png, pdf
 * and svg run in worker threads (renderWorker.ts) through a piscina pool, because one
 * render holds whatever thread runs it for 6-39 ms of satori layout plus, when resvg runs
 * on the calling thread, 116-144 ms of raster, and no request may hold the event loop for
 * more than 50 ms (DESIGN rule 11). fields() is a few property reads, so it stays here.
 *
 * Every render has a time budget that covers the wait for a free thread and the render
 * itself: when it runs out, the task is aborted (piscina ends the thread running it; the
 * next render starts a fresh one) and the caller gets a RenderTimeoutError.
 */
import { AppError } from '../errors.js';
import { createPool } from '../workerPool/createPool.js';
import { certificateFields } from './certificateFields.js';
import type { CertificateRenderer } from './renderCertificate.js';
import type { RenderMethod, RenderTask, RenderWorkerData } from './renderWorker.js';
import { DEFAULT_DESIGN, type TemplateDesign, type TemplateRef } from './templateDesign.js';
import type { RenderFacts } from './certificateMark.js';
import type { Logger } from '../logging/logger.js';

type Json = Record<string, unknown>;

/** The default budget of one render, queueing included (ms). */
const DEFAULT_RENDER_TIMEOUT_MS = 10_000;

/**
 * How long an idle render thread lives by default (ms). A new thread pays ~1 s before its
 * first picture (loading the modules and fonts, satori's start-up), which is what the
 * start-up warm-up exists to hide, so a thread is kept for a while rather than the pool's
 * 30 s; an idle thread is unref'd by piscina and never keeps a process alive.
 */
const DEFAULT_RENDER_IDLE_MS = 15 * 60_000;

const TASK_MODULE = new URL('./renderWorker.ts', import.meta.url).href;

/**
 * A render that ran out of its time budget; the thread running it was stopped. An AppError
 * (503 rendering_busy): the caller may simply try again. A render thread's failure while
 * this render waited, the likely reason, is kept as `cause` for the log, not shown.
 */
export class RenderTimeoutError extends AppError {
  constructor(
    readonly method: RenderMethod,
    readonly timeoutMs: number,
    readonly threadError?: unknown,
  ) {
    super(
      'rendering_busy',
      `Drawing the certificate ${method} did not finish within its budget of ${timeoutMs} ms (waiting for a render thread included) and was stopped; try again in a moment`,
    );
    if (threadError !== undefined) this.cause = threadError;
  }
}

/** Settings of the pooled renderer. */
export interface PooledRendererOptions {
  /** The public base URL; the QR code points at `${publicUrl}/v/<token>` (certificateFields.ts). */
  publicUrl: string;
  /** Render threads at most (default 1); each uses up to one core while it renders. */
  maxThreads?: number;
  /** Budget of one render, queueing included (default DEFAULT_RENDER_TIMEOUT_MS). */
  timeoutMs?: number;
  /** How long an idle thread lives (default DEFAULT_RENDER_IDLE_MS). */
  idleTimeoutMs?: number;
  /**
   * Where a thread failing outside any render (one that cannot start, above all) is logged.
   * Without one (tests, benches) the failure is still reported to the renders waiting for
   * that thread, as their RenderTimeoutError's cause.
   */
  logger?: Logger;
}

/** A CertificateRenderer over a pool of threads, which its owner closes at shutdown. */
export interface PooledRenderer extends CertificateRenderer {
  /** The most threads it runs (warmUpRenderer warms that many). */
  readonly maxThreads: number;
  /** Threads alive now (they start on demand and end when idle). */
  readonly threads: number;
  /** The same pool with another budget per render, for callers with other patience. */
  withBudget(timeoutMs: number): CertificateRenderer;
  /** Ends the threads; renders in flight or asked for later reject. */
  close(): Promise<void>;
}

/** setTimeout's longest delay; a longer one fires at once. */
const MAX_TIMER_MS = 2 ** 31 - 1;

function checkPositive(name: string, value: number): number {
  if (!(value > 0 && value <= MAX_TIMER_MS))
    throw new RangeError(`${name} must be between 1 and ${MAX_TIMER_MS} ms, got ${value}`);
  return value;
}

/** Creates the pooled renderer; no thread starts until the first render. */
export function createPooledRenderer(options: PooledRendererOptions): PooledRenderer {
  const {
    publicUrl,
    maxThreads = 1,
    timeoutMs = DEFAULT_RENDER_TIMEOUT_MS,
    idleTimeoutMs = DEFAULT_RENDER_IDLE_MS,
  } = options;
  if (!Number.isInteger(maxThreads) || maxThreads < 1)
    throw new RangeError(`maxThreads must be a whole number >= 1, got ${maxThreads}`);
  checkPositive('timeoutMs', timeoutMs);
  const workerData: RenderWorkerData = { publicUrl };
  const pool = createPool({
    taskModule: TASK_MODULE,
    workerData: { ...workerData },
    maxThreads,
    idleTimeoutMs,
  });
  let closed = false;
  // piscina emits 'error' for a thread that fails holding no task (one that cannot load
  // its module, above all); unheard, that event would end the whole process. The renders
  // waiting for it end at their budget, and say what went wrong.
  let threadFailure: { error: unknown; at: number } | undefined;
  pool.on('error', (error: unknown) => {
    threadFailure = { error, at: performance.now() };
    options.logger?.error({ component: 'render pool', err: error }, 'A certificate render thread failed');
  });

  async function run(
    budget: number,
    method: RenderMethod,
    credential: Json,
    design: TemplateDesign | undefined,
    templateRef: TemplateRef | undefined,
    facts: RenderFacts | undefined,
  ): Promise<unknown> {
    if (closed) throw new Error('the certificate renderer is closed');
    // The built-in design goes as "no design": a copy in the thread would not be the
    // DEFAULT_DESIGN object, and the renderer stamps only that one (or a template version).
    const task: RenderTask = {
      method,
      credential,
      ...(design !== undefined && design !== DEFAULT_DESIGN ? { design } : {}),
      ...(templateRef ? { templateRef } : {}),
      ...(facts ? { facts } : {}),
    };
    const controller = new AbortController();
    const started = performance.now();
    const timer = setTimeout(() => {
      const failed = threadFailure && threadFailure.at >= started ? threadFailure.error : undefined;
      controller.abort(new RenderTimeoutError(method, budget, failed));
    }, budget);
    try {
      return await pool.run(task, { signal: controller.signal });
    } catch (error) {
      // piscina rejects with its own AbortError; the reason worth reporting is ours.
      if (controller.signal.aborted) throw controller.signal.reason;
      if (closed) throw new Error('the certificate renderer is closed', { cause: error });
      throw error;
    } finally {
      clearTimeout(timer);
    }
  }

  function withBudget(budget: number): CertificateRenderer {
    checkPositive('timeoutMs', budget);
    return {
      fields: (credential) => certificateFields(credential, publicUrl),
      png: async (credential, design, ref, facts) =>
        (await run(budget, 'png', credential, design, ref, facts)) as Uint8Array,
      pdf: async (credential, design, ref, facts) =>
        (await run(budget, 'pdf', credential, design, ref, facts)) as Uint8Array,
      svg: async (credential, design, ref, facts) =>
        (await run(budget, 'svg', credential, design, ref, facts)) as string,
    };
  }

  return {
    ...withBudget(timeoutMs),
    maxThreads,
    get threads() {
      return pool.threads.length;
    },
    withBudget,
    async close() {
      closed = true;
      await pool.destroy();
    },
  };
}
