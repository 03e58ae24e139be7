/**
 * The task module of the render pool (renderPool.ts): it runs inside a piscina worker
 * thread (loaded by src/workerPool/tsWorkerEntry.mjs), so satori's layout, resvg, the PNG
 * encoder and pdf-lib block that thread and never the server's event loop (DESIGN rule
 * 11). Each thread builds its own renderer, with its own fonts and design/stamp memos,
 * the first time it is given a task; a thread lives until it has been idle a while.
 */
import { workerData } from 'node:worker_threads';
import { move } from 'piscina';
import { loadCertificateFonts } from './certificateFonts.js';
import { createCertificateRenderer, type CertificateRenderer } from './renderCertificate.js';
import type { TemplateDesign, TemplateRef } from './templateDesign.js';
import type { RenderFacts } from './certificateMark.js';

/** The renderer methods a thread runs (fields() is cheap and stays on the main thread). */
export type RenderMethod = 'png' | 'pdf' | 'svg';

/** One render, as posted to a thread (structured-cloned). */
export interface RenderTask {
  method: RenderMethod;
  credential: Record<string, unknown>;
  /** Absent for the built-in design, so the thread draws it with its stamps (see renderPool.ts). */
  design?: TemplateDesign;
  templateRef?: TemplateRef;
  facts?: RenderFacts;
}

/** What the pool passes every thread in `workerData`. */
export interface RenderWorkerData {
  /** The public base URL the QR code points at. */
  publicUrl: string;
}

/**
 * Bytes that own their whole ArrayBuffer, so it can be transferred (moved, not copied) to
 * the main thread. A view into a larger or shared buffer is copied first here, on this
 * thread: transferring its buffer would move (or fail to move) bytes that are not ours.
 */
function owned(bytes: Uint8Array): Uint8Array {
  const whole = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength;
  return whole && bytes.buffer instanceof ArrayBuffer ? bytes : bytes.slice();
}

/**
 * The task function over a given renderer: dispatches one task and returns PNG and PDF
 * bytes marked for transfer (piscina's move). The SVG is a string and is copied.
 */
export function renderTaskFor(renderer: () => CertificateRenderer): (task: RenderTask) => Promise<unknown> {
  return async ({ method, credential, design, templateRef, facts }) => {
    switch (method) {
      case 'png':
        return move(owned(await renderer().png(credential, design, templateRef, facts)));
      case 'pdf':
        return move(owned(await renderer().pdf(credential, design, templateRef, facts)));
      case 'svg':
        return renderer().svg(credential, design, templateRef, facts);
      default:
        throw new Error(`unknown render method ${String(method)}`);
    }
  };
}

let threadRenderer: CertificateRenderer | undefined;

/**
 * This thread's renderer, built on the first task rather than at import, so a font that
 * fails to load rejects that task with its reason instead of failing the thread's start.
 * resvg runs synchronously: this thread exists to be blocked, and the async mode would
 * only move the raster onto libuv's small threadpool, which the main thread needs for
 * files, DNS and crypto, and which maxThreads would then not bound.
 */
function rendererOfThisThread(): CertificateRenderer {
  const { publicUrl } = workerData as RenderWorkerData;
  threadRenderer ??= createCertificateRenderer({
    fonts: loadCertificateFonts(),
    publicUrl,
    rasterMode: 'sync',
  });
  return threadRenderer;
}

/** The task function piscina calls in each thread. */
export default renderTaskFor(rendererOfThisThread);
