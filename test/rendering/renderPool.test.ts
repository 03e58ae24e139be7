/**
 * The pooled renderer (src/rendering/renderPool.ts): what it draws in its worker threads
 * is what the in-process renderer draws; the main event loop stays free while it renders;
 * a render that overruns its budget, or fails, is refused with an error while the pool
 * goes on serving; and idle threads never keep a process alive.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createPooledRenderer,
  RenderTimeoutError,
  type PooledRenderer,
} from '../../src/rendering/renderPool.js';
import { createInProcessRenderer, warmUpRenderer } from '../../src/rendering/renderingDeps.js';
import type { CertificateRenderer } from '../../src/rendering/renderCertificate.js';
import { DEFAULT_DESIGN, type TemplateDesign } from '../../src/rendering/templateDesign.js';
import { previewCredential } from '../../src/templates/previewCredential.js';
import { decodePng, pdfPageSizes, readQr } from './renderFixtures.js';

const PUBLIC_URL = 'http://localhost:3000';
const sample = previewCredential({
  issuerName: 'SayPro',
  issuerId: 'did:example:issuer',
  now: new Date('2026-11-25T00:00:00Z'),
});
/** The project rule: no request holds the event loop longer than this. */
const LOOP_BOUND_MS = 50;

let pooled: PooledRenderer;
let inProcess: CertificateRenderer;

beforeAll(async () => {
  pooled = createPooledRenderer({ publicUrl: PUBLIC_URL });
  inProcess = createInProcessRenderer(PUBLIC_URL);
  // A cold thread loads its modules and fonts first (~2 s); the tests below are about renders.
  await pooled.png(sample);
});
afterAll(async () => {
  await pooled.close();
});

/**
 * The longest the event loop went without running a timer while `work` ran, in ms: a
 * 5 ms interval notes each gap, and the stretch after its last tick counts too.
 */
async function maxLoopDelay(work: () => Promise<unknown>): Promise<number> {
  let last = performance.now();
  let max = 0;
  const tick = setInterval(() => {
    const now = performance.now();
    max = Math.max(max, now - last);
    last = now;
  }, 5);
  try {
    await work();
  } finally {
    clearInterval(tick);
  }
  return Math.max(max, performance.now() - last);
}

const fiveAtOnce = (renderer: CertificateRenderer) => () =>
  Promise.all(Array.from({ length: 5 }, () => renderer.png(sample)));

describe('draws what the in-process renderer draws', () => {
  it('PNG: same size, same pixels, and the QR code decodes to the same verification URL', async () => {
    const [fromPool, local] = [decodePng(await pooled.png(sample)), decodePng(await inProcess.png(sample))];
    expect([fromPool.width, fromPool.height]).toEqual([2246, 1588]);
    expect([fromPool.width, fromPool.height]).toEqual([local.width, local.height]);
    expect(Buffer.from(fromPool.data).equals(Buffer.from(local.data))).toBe(true);
    expect(readQr(fromPool)).toBe(pooled.fields(sample).verifyUrl);
    expect(readQr(fromPool)).toBe(readQr(local));
  });

  it('PDF: an A4 landscape PDF; SVG: the same document', async () => {
    const pdf = await pooled.pdf(sample);
    expect(Buffer.from(pdf.subarray(0, 5)).toString('latin1')).toBe('%PDF-');
    const [page] = await pdfPageSizes(pdf);
    expect([Math.round(page!.width), Math.round(page!.height)]).toEqual([842, 595]);
    expect(await pooled.svg(sample)).toBe(await inProcess.svg(sample));
  });

  it('passes a design and a template version through, and keeps fields() on the main thread', async () => {
    const portrait: TemplateDesign = { ...DEFAULT_DESIGN, orientation: 'portrait', border: 'ornate' };
    const png = decodePng(await pooled.png(sample, portrait, { templateId: 'portrait', version: 1 }));
    expect([png.width, png.height]).toEqual([1588, 2246]);
    expect(pooled.fields(sample)).toEqual(inProcess.fields(sample));
  });
});

describe('the event loop stays free', () => {
  it(`is never held ${LOOP_BOUND_MS} ms or more during 5 concurrent pooled renders, but is by the in-process renderer`, async () => {
    // The pool's own main-thread work per render is well under 1 ms (post the task, take the
    // transferred bytes). But on a small shared machine other processes can deschedule
    // this thread for tens of ms whatever the renderer does, so the pool gets the best of
    // up to five tries: a renderer that held the loop would hold it in every try. The
    // in-process renderer must fail the bound in its one try, which shows the measurement
    // can fail.
    const tries: number[] = [];
    while (tries.length < 5 && !tries.some((ms) => ms < LOOP_BOUND_MS))
      tries.push(await maxLoopDelay(fiveAtOnce(pooled)));
    const pooledMax = Math.min(...tries);
    const sync = createInProcessRenderer(PUBLIC_URL, 'sync');
    await sync.png(sample);
    const inProcessMax = await maxLoopDelay(fiveAtOnce(sync));
    const asyncMax = await maxLoopDelay(fiveAtOnce(inProcess));
    const fmt = (ms: number) => ms.toFixed(1);
    console.log(
      `max event-loop gap, 5 concurrent PNG renders: pooled ${tries.map(fmt).join(', ')} ms; in process, resvg sync ${fmt(inProcessMax)} ms, resvg async ${fmt(asyncMax)} ms`,
    );
    expect(pooledMax).toBeLessThan(LOOP_BOUND_MS);
    expect(inProcessMax).toBeGreaterThan(LOOP_BOUND_MS);
  });
});

describe('budgets and failures', () => {
  it('refuses a render that overruns its budget, ends the thread running it, and renders the next one', async () => {
    expect(pooled.threads).toBe(1);
    const overrun = pooled.withBudget(1).png(sample);
    await expect(overrun).rejects.toBeInstanceOf(RenderTimeoutError);
    await expect(overrun).rejects.toThrow(
      'Drawing the certificate png did not finish within its budget of 1 ms',
    );
    expect(pooled.threads).toBe(0);
    expect(readQr(decodePng(await pooled.png(sample)))).toBe(pooled.fields(sample).verifyUrl);
    expect(pooled.threads).toBe(1);
  });

  it('counts the wait for a thread in the budget, and a render refused in the queue ends no thread', async () => {
    const first = pooled.png(sample);
    const queued = pooled.withBudget(5).pdf(sample);
    await expect(queued).rejects.toThrow(
      'Drawing the certificate pdf did not finish within its budget of 5 ms',
    );
    expect(decodePng(await first).width).toBe(2246);
    expect(pooled.threads).toBe(1);
  });

  it('rejects a failing render with its error, and the thread goes on rendering', async () => {
    const malformed = null as unknown as TemplateDesign;
    await expect(pooled.png(sample, malformed)).rejects.toThrow(/Cannot read properties of null/);
    expect(decodePng(await pooled.png(sample)).width).toBe(2246);
    expect(pooled.threads).toBe(1);
  });
});

describe('threads start on demand and never keep a process alive', () => {
  it('warms every thread of a pool, and a closed pool refuses renders', async () => {
    const two = createPooledRenderer({ publicUrl: PUBLIC_URL, maxThreads: 2 });
    expect(two.threads).toBe(0);
    await warmUpRenderer(two, sample);
    expect(two.threads).toBe(2);
    await two.close();
    expect(two.threads).toBe(0);
    await expect(two.png(sample)).rejects.toThrow('the certificate renderer is closed');
  });

  it('lets a script that rendered once, and never closed the pool, exit at once', async () => {
    const modules = ['../../src/rendering/renderPool.ts', '../../src/templates/previewCredential.ts'].map(
      (path) => new URL(path, import.meta.url).href,
    );
    const script = `
      const { createPooledRenderer } = await import(${JSON.stringify(modules[0])});
      const { previewCredential } = await import(${JSON.stringify(modules[1])});
      const renderer = createPooledRenderer({ publicUrl: 'http://localhost:3000' });
      const png = await renderer.png(previewCredential({ issuerName: 'SayPro', issuerId: 'did:example:issuer', now: new Date() }));
      console.log('rendered', png.byteLength);`;
    // A file, not --eval: a worker inherits the parent's flags, and --input-type breaks it.
    const dir = mkdtempSync(join(tmpdir(), 'render-pool-'));
    writeFileSync(join(dir, 'renderOnce.mjs'), script);
    const cwd = fileURLToPath(new URL('../..', import.meta.url));
    const child = spawn(process.execPath, ['--import', 'tsx', join(dir, 'renderOnce.mjs')], {
      cwd,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let renderedAt = 0;
    child.stdout.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('rendered')) renderedAt = performance.now();
    });
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    rmSync(dir, { recursive: true, force: true });
    expect(code).toBe(0);
    expect(renderedAt).toBeGreaterThan(0);
    // The idle thread would live 15 minutes if it held the process.
    expect(performance.now() - renderedAt).toBeLessThan(2_000);
  });
});
