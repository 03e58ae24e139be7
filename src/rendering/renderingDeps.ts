/**
 * What the certificate routes need, built once by createDeps: the renderer and the LRU of
 * finished renders in front of it. The renderer runs in worker threads (renderPool.ts), so
 * a render never holds the event loop (DESIGN rule 11); an in-process renderer stays
 * available for benches and tests that compare the two.
 */
import { loadCertificateFonts } from './certificateFonts.js';
import { createCertificateRenderer, type CertificateRenderer, type RasterMode } from './renderCertificate.js';
import { DEFAULT_RENDER_CACHE_BYTES, RenderCache } from './renderCache.js';
import { createPooledRenderer, type PooledRenderer } from './renderPool.js';
import type { Logger } from '../logging/logger.js';

/** The renderer and its cache. */
export interface RenderingDeps {
  renderer: CertificateRenderer;
  cache: RenderCache;
  /** Ends the render threads; for a clean shutdown (idle threads never keep a process alive). */
  close(): Promise<void>;
}

/** How renders run. */
export interface RenderingOptions {
  /**
   * Render threads at most (default 1, started on demand). 0 renders on the main thread,
   * which blocks the event loop for the whole render: for comparisons only.
   */
  threads?: number;
  /** Budget of one render in the pool, waiting for a thread included (ms; default 10 s). */
  timeoutMs?: number;
  /** Where a render thread's failure outside any render is logged (createDeps passes the app's). */
  logger?: Logger;
}

/**
 * A renderer on the calling thread, fonts read from disk here: what the pool's threads
 * run, and what benches and tests compare the pool with.
 */
export function createInProcessRenderer(publicUrl: string, rasterMode?: RasterMode): CertificateRenderer {
  return createCertificateRenderer({
    fonts: loadCertificateFonts(),
    publicUrl,
    ...(rasterMode ? { rasterMode } : {}),
  });
}

/** Builds the renderer (pooled unless `threads` is 0) and a cache of `cacheBytes` (64 MiB by default). */
export function createRenderingDeps(
  publicUrl: string,
  cacheBytes = DEFAULT_RENDER_CACHE_BYTES,
  options: RenderingOptions = {},
): RenderingDeps {
  const cache = new RenderCache(cacheBytes);
  const { threads = 1, timeoutMs, logger } = options;
  if (threads === 0) return { renderer: createInProcessRenderer(publicUrl), cache, close: async () => {} };
  const renderer = createPooledRenderer({
    publicUrl,
    maxThreads: threads,
    ...(timeoutMs ? { timeoutMs } : {}),
    ...(logger ? { logger } : {}),
  });
  return { renderer, cache, close: () => renderer.close() };
}

function isPooled(renderer: CertificateRenderer): renderer is PooledRenderer {
  return typeof (renderer as Partial<PooledRenderer>).maxThreads === 'number';
}

/**
 * Draws the sample certificate so the first real request does not pay for start-up while
 * a person waits: ~1 s in process (font parsing, satori's layout engine), ~2 s for a pool
 * thread (its modules as well). A pooled renderer gets one sample per thread at once, so
 * every thread starts and warms; they then live while requests keep coming (renderPool.ts
 * keeps an idle thread for minutes). Run in the background after the server listens;
 * resolves with the milliseconds taken.
 */
export async function warmUpRenderer(
  renderer: CertificateRenderer,
  sample: Record<string, unknown>,
): Promise<number> {
  const started = performance.now();
  const copies = isPooled(renderer) ? renderer.maxThreads : 1;
  await Promise.all(Array.from({ length: copies }, () => renderer.png(sample)));
  return performance.now() - started;
}
