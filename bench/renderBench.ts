/**
 * Section `render`: certificate pictures on one core, and cache hits.
 *
 * 5a. Every contender cycles through 16 credentials issued through our path, in 10
 *     alternating rounds after a warm-up, with its own CPU time metered ("cores used"):
 *     - satori alone: the full layout with every text laid out, to SVG;
 *     - resvg alone: rasterising a ready SVG of the default design (no encoding);
 *     - stock: satori + resvg with default options + resvg's PNG encoder, the plain
 *       pipeline the speed-up column compares against;
 *     - ours PNG: `renderer.png()` in process with resvg on the threadpool (what the app
 *       ran before the render pool) and on the calling thread; ours layout only
 *       (`renderer.svg()`); ours PDF; ours PNG through the render pool (the app).
 *     Then ours PNG again in a child process pinned to CPU 0 (`taskset -c 0`), every
 *     thread included: the figure the >= 20 PNG/s target is judged on.
 * 5b. Cache-hit latency: `RenderCache.getOrRender` on a warm key, and a whole
 *     `GET /c/:id/certificate.png` through the app (store read, Hono, headers) answered
 *     from the cache; target p99 < 2 ms.
 * 5c. The event loop while renders are in flight, in process and in the pool
 *     (renderLoopBench.ts); target: no gap of 50 ms or more with the app's renderer.
 */
import { availableParallelism } from 'node:os';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Resvg } from '@resvg/resvg-js';
import type { AppDeps } from '../src/deps.js';
import { createApp } from '../src/app.js';
import { issueCredential } from '../src/credentials/issueCredential.js';
import { loadCertificateFonts } from '../src/rendering/certificateFonts.js';
import { createCertificateRenderer } from '../src/rendering/renderCertificate.js';
import { renderKey } from '../src/rendering/renderCache.js';
import { createPooledRenderer } from '../src/rendering/renderPool.js';
import { openBadgeRequest } from '../test/fixtures/credentials.js';
import { isContaminated, meterCpu, type CpuLoad } from './cpuLoad.js';
import { fmtMs, fmtRate, fmtRatio, verdict, type Table } from './format.js';
import type { Verdict } from './report.js';
import { nowMs, percentile, rate, runFor, warmUp, type Operation } from './stats.js';
import {
  appLoopGap,
  benchRenderLoop,
  renderLoopTable,
  type LoopContender,
  type LoopFigures,
} from './renderLoopBench.js';

/** Target: PNG renders per second of the default design on one core. */
export const RENDER_PNG_TARGET = 20;
/** Target: 99th percentile of a cache hit, in ms. */
export const CACHE_HIT_P99_TARGET_MS = 2;

const POOL_SIZE = 16;
const ROUNDS = 10;

interface Contender {
  name: string;
  fn: Operation;
  ops: number;
  ms: number;
  cpuMs: number;
  latencies: number[];
}

/** A pinned run's rate, or why it could not run. */
export type Pinned = { rate: number; coresUsed: number } | { error: string };

/** The render section's figures. */
export interface RenderFigures {
  contenders: Contender[];
  load: CpuLoad;
  /** Ours PNG in a child process pinned to CPU 0, resvg on the threadpool and on the calling thread. */
  pinned: Record<'async' | 'sync', Pinned>;
  cacheHit: { p50: number; p99: number; count: number };
  httpHit: { p50: number; p99: number; count: number };
  loop: LoopFigures;
}

function cycle<T>(items: T[]): () => T {
  let i = 0;
  return () => items[i++ % items.length]!;
}

/** Alternating rounds with each contender's own CPU time metered. */
async function interleaveMetered(contenders: Contender[], msPerRound: number): Promise<void> {
  for (let round = 0; round < ROUNDS; round++) {
    for (let i = 0; i < contenders.length; i++) {
      const c = contenders[(i + round) % contenders.length]!;
      const cpu = process.cpuUsage();
      const sample = await runFor(c.fn, { ms: msPerRound });
      const used = process.cpuUsage(cpu);
      c.ops += sample.ops;
      c.ms += sample.ms;
      c.cpuMs += (used.user + used.system) / 1000;
      for (const l of sample.latencies) c.latencies.push(l);
    }
  }
}

/** Runs bench/renderPinned.ts under `taskset -c 0`, or says why it could not. */
function pinnedRun(
  credentials: Record<string, unknown>[],
  publicUrl: string,
  seconds: number,
  rasterMode: 'async' | 'sync',
): Promise<Pinned> {
  const script = fileURLToPath(new URL('./renderPinned.ts', import.meta.url));
  return new Promise((resolve) => {
    const child = execFile(
      'taskset',
      ['-c', '0', process.execPath, '--single-threaded-gc', '--import', 'tsx', script],
      { timeout: (seconds + 60) * 1000 },
      (error, stdout, stderr) => {
        if (error)
          return resolve({ error: `${error.message.split('\n')[0]} ${stderr.split('\n')[0] ?? ''}`.trim() });
        try {
          const { renders, ms, cpuMs } = JSON.parse(stdout.trim().split('\n').at(-1)!) as {
            renders: number;
            ms: number;
            cpuMs: number;
          };
          resolve({ rate: (renders * 1000) / ms, coresUsed: cpuMs / ms });
        } catch {
          resolve({ error: `unreadable output: ${stdout.slice(0, 200)}` });
        }
      },
    );
    child.stdin!.end(JSON.stringify({ credentials, publicUrl, seconds, rasterMode }));
  });
}

async function latencies(
  fn: () => Promise<unknown>,
  count: number,
): Promise<{ p50: number; p99: number; count: number }> {
  for (let i = 0; i < 200; i++) await fn();
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    const start = nowMs();
    await fn();
    times.push(nowMs() - start);
  }
  return { p50: percentile(times, 50), p99: percentile(times, 99), count };
}

/** Measures the render section. */
export async function benchRender(deps: AppDeps, seconds: number): Promise<RenderFigures> {
  const publicUrl = deps.config.publicUrl;
  const pool: Record<string, unknown>[] = [];
  for (let i = 0; i < POOL_SIZE; i++)
    pool.push((await issueCredential(deps.issue, openBadgeRequest(), { isPublic: true })).record.credential!);
  // The app's renderer is the render pool; the per-core figures are of the renderer itself.
  const appRenderer = deps.rendering.renderer;
  const fonts = loadCertificateFonts();
  const renderer = createCertificateRenderer({ fonts, publicUrl });
  const syncRenderer = createCertificateRenderer({ fonts, publicUrl, rasterMode: 'sync' });
  const plain = createCertificateRenderer({ fonts, publicUrl, stamps: false });
  const svgs = await Promise.all(pool.map((credential) => renderer.svg(credential)));
  const resvgOptions = { font: { loadSystemFonts: false }, background: '#ffffff' };

  // Cache hits first, on a primed cache, before the render rounds leave garbage behind.
  const cache = deps.rendering.cache;
  const keys = pool.map((credential) => renderKey(String(credential.id), 'default', 'valid', 'png'));
  for (const [i, key] of keys.entries())
    await cache.getOrRender(key, 'image/png', () => appRenderer.png(pool[i]!));
  const nextKey = cycle(keys);
  const cacheHit = await latencies(
    () => cache.getOrRender(nextKey(), 'image/png', () => Promise.reject(new Error('miss'))),
    20_000,
  );
  const app = createApp(deps);
  const nextPath = cycle(
    pool.map((credential) => `/c/${encodeURIComponent(String(credential.id))}/certificate.png`),
  );
  const httpHit = await latencies(async () => {
    const res = await app.request(nextPath());
    if (res.status !== 200) throw new Error(`GET certificate.png answered ${res.status}`);
    await res.arrayBuffer();
  }, 5_000);
  const next = cycle(pool);
  const nextSvg = cycle(svgs);
  const make = (name: string, fn: Operation): Contender => ({
    name,
    fn,
    ops: 0,
    ms: 0,
    cpuMs: 0,
    latencies: [],
  });
  const contenders = [
    make('satori alone: full layout -> SVG (every text laid out)', () => plain.svg(next())),
    make('resvg alone: rasterise the SVG (no encoding)', () => new Resvg(nextSvg(), resvgOptions).render()),
    make('stock: satori + resvg (defaults) + resvg asPng', async () =>
      new Resvg(await plain.svg(next())).render().asPng(),
    ),
    make('ours PNG in process, resvg on the threadpool (the app before the pool)', () =>
      renderer.png(next()),
    ),
    make('ours PNG, resvg on the calling thread', () => syncRenderer.png(next())),
    make('ours layout only: stamped SVG', () => renderer.svg(next())),
    make('ours PDF (2x raster + text layer)', () => renderer.pdf(next())),
    make('ours PNG through the render pool (the app), one at a time', () => appRenderer.png(next())),
  ];
  console.log(`\n... render: warming up ${contenders.length} contenders (>= 1.5 s each)`);
  for (const c of contenders) await warmUp(c.fn);
  console.log(
    `... render: ${ROUNDS} alternating rounds of ${((seconds * 1000) / ROUNDS / 1000).toFixed(2)} s per contender`,
  );
  const stop = meterCpu();
  await interleaveMetered(contenders, (seconds * 1000) / ROUNDS);
  const load = stop();

  console.log(
    '... render: ours PNG pinned to CPU 0 (taskset, child processes, threadpool then calling thread)',
  );
  const pinned = {
    async: await pinnedRun(pool, publicUrl, seconds, 'async'),
    sync: await pinnedRun(pool, publicUrl, seconds, 'sync'),
  };

  console.log('... render: the event loop while renders are in flight, in process and in the pool');
  const appThreads = 'maxThreads' in appRenderer ? Number(appRenderer.maxThreads) : 1;
  const cores = availableParallelism();
  const wide = cores > appThreads ? createPooledRenderer({ publicUrl, maxThreads: cores }) : undefined;
  const loopContenders: LoopContender[] = [
    { name: 'in process, resvg on the threadpool (the app before the pool)', renderer },
    { name: 'in process, resvg on the calling thread', renderer: syncRenderer },
    {
      name: `render pool, ${appThreads} thread${appThreads === 1 ? '' : 's'} (the app)`,
      renderer: appRenderer,
      app: true,
    },
    ...(wide ? [{ name: `render pool, ${cores} threads (one per core)`, renderer: wide }] : []),
  ];
  const loop = await benchRenderLoop(loopContenders, pool, seconds);
  await wide?.close();

  return { contenders, load, pinned, cacheHit, httpHit, loop };
}

const other = (load: CpuLoad) => `${(load.foreign * 100).toFixed(0)}%`;

/** Tables 5a and 5b. */
export function renderTables(f: RenderFigures): Table[] {
  const stock = f.contenders[2]!;
  const perRender = (c: Contender) => c.ms / c.ops;
  const rows = f.contenders.map((c, i) => [
    c.name,
    fmtRate(rate(c)),
    fmtMs(percentile(c.latencies, 50)),
    fmtMs(percentile(c.latencies, 95)),
    i === 3 || i === 4 || i === 7 ? fmtRatio(perRender(stock) / perRender(c)) : '',
    (c.cpuMs / c.ms).toFixed(2),
    i === 3 ? `>= ${RENDER_PNG_TARGET}/s ${verdict(rate(c) >= RENDER_PNG_TARGET)}` : '',
    other(f.load),
  ]);
  for (const [mode, label] of [
    ['async', 'resvg on the threadpool (the app)'],
    ['sync', 'resvg on the calling thread'],
  ] as const) {
    const p = f.pinned[mode];
    if ('rate' in p) {
      const target =
        mode === 'async' ? `>= ${RENDER_PNG_TARGET}/s ${verdict(p.rate >= RENDER_PNG_TARGET)}` : '';
      rows.push([
        `ours PNG pinned to CPU 0 (taskset), ${label}`,
        fmtRate(p.rate),
        '',
        '',
        '',
        p.coresUsed.toFixed(2),
        target,
        '',
      ]);
    }
  }
  const hits = (label: string, h: RenderFigures['cacheHit']) => [
    label,
    h.count.toLocaleString('en-US'),
    fmtMs(h.p50),
    fmtMs(h.p99),
    `p99 < ${CACHE_HIT_P99_TARGET_MS} ms ${verdict(h.p99 < CACHE_HIT_P99_TARGET_MS)}`,
  ];
  return [
    {
      title:
        '5a. Certificate rendering, default design, A4 landscape 2246 x 1588 PNG (192 dpi) (renders/s; alternating rounds)',
      headers: [
        'path',
        'renders/s',
        'p50 ms',
        'p95 ms',
        'speed-up vs stock',
        'cores used',
        'target',
        'other procs',
      ],
      rows,
      notes: [
        '"stock": the plain pipeline, measured in the same rounds: satori lays out every text, resvg with its default options (system fonts loaded) rasterises and encodes (asPng).',
        '"ours": static texts laid out once per design and stamped (textStamps.ts), QR drawn in place, only the subsets the text needs handed to satori, resvg without system fonts, our PNG encoder (filter None, zlib level 1).',
        '"cores used": that contender\'s process CPU time (all threads) over its wall time; the pinned row runs in a child process restricted to CPU 0, threadpool and GC included.',
        ...('error' in f.pinned.async
          ? [
              `Pinned run unavailable: ${f.pinned.async.error}; the target is judged on the unpinned threadpool row.`,
            ]
          : []),
      ],
    },
    {
      title: '5b. Render cache hits (ms)',
      headers: ['path', 'requests', 'p50 ms', 'p99 ms', 'target'],
      rows: [
        hits('RenderCache.getOrRender, warm key', f.cacheHit),
        hits('GET /c/:id/certificate.png through the app, from the cache', f.httpHit),
      ],
      notes: [
        'The HTTP figure includes the store read of the credential record (its public and redacted state are checked on every request), Hono routing and middleware, ETag and headers, and reading the body.',
        'Measured on a primed cache before the render rounds of 5a, so their garbage does not land in these figures; the bench runs with --single-threaded-gc, so any collection is on this thread.',
      ],
    },
    renderLoopTable(f.loop),
  ];
}

/** The section's target verdicts. */
export function renderVerdicts(f: RenderFigures): Verdict[] {
  const app = f.contenders[3]!;
  const pinnedRate = 'rate' in f.pinned.async ? f.pinned.async.rate : undefined;
  const pinnedSync = 'rate' in f.pinned.sync ? `, calling thread ${fmtRate(f.pinned.sync.rate)}/s` : '';
  const judged = pinnedRate ?? rate(app);
  const warn = isContaminated(f.load)
    ? ` [UNRELIABLE: other processes used ${(f.load.foreign * 100).toFixed(0)}% of the machine during this measurement]`
    : '';
  const loop = appLoopGap(f.loop);
  const loopWarn = isContaminated(f.loop.load)
    ? ` [UNRELIABLE: other processes used ${(f.loop.load.foreign * 100).toFixed(0)}% of the machine]`
    : '';
  return [
    {
      ok: judged >= RENDER_PNG_TARGET,
      text:
        `Certificate PNG (default design, 2246 x 1588, 192 dpi): ${fmtRate(judged)}/s on one core${pinnedRate === undefined ? ' (unpinned; taskset unavailable)' : ` (pinned to CPU 0, resvg on the threadpool${pinnedSync})`}` +
        ` (target >= ${RENDER_PNG_TARGET}/s; unpinned in process ${fmtRate(rate(app))}/s, through the pool ${fmtRate(rate(f.contenders[7]!))}/s; in the same rounds satori alone ${fmtRate(rate(f.contenders[0]!))}/s,` +
        ` resvg alone ${fmtRate(rate(f.contenders[1]!))}/s, the stock pipeline ${fmtRate(rate(f.contenders[2]!))}/s; PDF ${fmtRate(rate(f.contenders[6]!))}/s)${warn}`,
    },
    {
      ok: f.httpHit.p99 < CACHE_HIT_P99_TARGET_MS && f.cacheHit.p99 < CACHE_HIT_P99_TARGET_MS,
      text: `Certificate PNG cache hit over HTTP: p50 ${fmtMs(f.httpHit.p50)} ms, p99 ${fmtMs(f.httpHit.p99)} ms; cache alone p99 ${fmtMs(f.cacheHit.p99)} ms (target p99 < ${CACHE_HIT_P99_TARGET_MS} ms)`,
    },
    ...(loop ? [{ ok: loop.ok, text: loop.text + loopWarn }] : []),
  ];
}
