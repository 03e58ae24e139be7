/**
 * What the certificate routes need, built once by createDeps: the renderer (fonts read
 * from disk here, once) and the LRU of finished renders in front of it.
 */
import { loadCertificateFonts } from './certificateFonts.js';
import { createCertificateRenderer, type CertificateRenderer } from './renderCertificate.js';
import { DEFAULT_RENDER_CACHE_BYTES, RenderCache } from './renderCache.js';

/** The renderer and its cache. */
export interface RenderingDeps {
  renderer: CertificateRenderer;
  cache: RenderCache;
}

/** Loads the fonts and builds the renderer and a cache of `cacheBytes` (64 MiB by default). */
export function createRenderingDeps(publicUrl: string, cacheBytes = DEFAULT_RENDER_CACHE_BYTES): RenderingDeps {
  return {
    renderer: createCertificateRenderer({ fonts: loadCertificateFonts(), publicUrl }),
    cache: new RenderCache(cacheBytes),
  };
}

/**
 * Draws one sample certificate so the first real request does not pay for satori's and
 * resvg's start-up (font parsing, layout engine, ~1 s measured) while a person waits.
 * Run in the background after the server listens; resolves with the milliseconds taken.
 */
export async function warmUpRenderer(renderer: CertificateRenderer, sample: Record<string, unknown>): Promise<number> {
  const started = performance.now();
  await renderer.png(sample);
  return performance.now() - started;
}
