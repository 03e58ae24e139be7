/**
 * Section `render`, table 5c: what certificate renders cost the event loop, the figure the
 * render pool exists for (no request may hold the loop for more than 50 ms). Each
 * contender keeps CONCURRENCY PNG renders in flight, as a burst of requests would, while
 * a 5 ms interval notes every gap between its ticks; the rounds alternate so other
 * processes' load falls on every contender alike. Contenders: the in-process renderer
 * (resvg on the threadpool, as the app ran before the pool; resvg on the calling thread)
 * and the render pool with the app's thread count and with one thread per core.
 */
import type { CertificateRenderer } from '../src/rendering/renderCertificate.js';
import { warmUpRenderer } from '../src/rendering/renderingDeps.js';
import { meterCpu, type CpuLoad } from './cpuLoad.js';
import { fmtMs, fmtRate, verdict, type Table } from './format.js';
import { percentile } from './stats.js';

/** Renders kept in flight per contender. */
export const CONCURRENCY = 5;
/** The project rule: the longest a request may hold the event loop (ms). */
export const LOOP_BOUND_MS = 50;
const ROUNDS = 3;
const TICK_MS = 5;

/** A renderer under test; `app` marks the one the app runs. */
export interface LoopContender {
  name: string;
  renderer: CertificateRenderer;
  app?: boolean;
}

/** One contender's figures. */
export interface LoopRow {
  name: string;
  app: boolean;
  renders: number;
  ms: number;
  /** Every gap between the interval's ticks (ms), the tick itself included. */
  gaps: number[];
}

/** Table 5c's figures. */
export interface LoopFigures {
  rows: LoopRow[];
  load: CpuLoad;
}

/** Keeps CONCURRENCY renders going for `ms`, noting the event loop's gaps. */
async function burst(
  renderer: CertificateRenderer,
  next: () => Record<string, unknown>,
  ms: number,
  row: LoopRow,
): Promise<void> {
  const start = performance.now();
  const deadline = start + ms;
  let last = start;
  const tick = setInterval(() => {
    const now = performance.now();
    row.gaps.push(now - last);
    last = now;
  }, TICK_MS);
  const slot = async () => {
    while (performance.now() < deadline) {
      await renderer.png(next());
      row.renders++;
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, slot));
  clearInterval(tick);
  row.gaps.push(performance.now() - last);
  row.ms += performance.now() - start;
}

/** Measures every contender over `credentials` for about `seconds` each. */
export async function benchRenderLoop(
  contenders: LoopContender[],
  credentials: Record<string, unknown>[],
  seconds: number,
): Promise<LoopFigures> {
  let i = 0;
  const next = () => credentials[i++ % credentials.length]!;
  const rows = contenders.map(
    (c): LoopRow => ({ name: c.name, app: Boolean(c.app), renders: 0, ms: 0, gaps: [] }),
  );
  // Warm-up as the server does it (one render per pool thread, so each starts and loads
  // its fonts, ~2 s), then one burst; a burst on a cold pool would queue behind the starts.
  for (const c of contenders) {
    const started = performance.now();
    await warmUpRenderer(c.renderer, next());
    await Promise.all(Array.from({ length: CONCURRENCY }, () => c.renderer.png(next())));
    console.log(`... render: warmed ${c.name} in ${fmtMs(performance.now() - started)} ms`);
  }
  const stop = meterCpu();
  for (let round = 0; round < ROUNDS; round++) {
    for (let k = 0; k < contenders.length; k++) {
      const index = (k + round) % contenders.length;
      await burst(contenders[index]!.renderer, next, (seconds * 1000) / ROUNDS, rows[index]!);
    }
  }
  return { rows, load: stop() };
}

const maxGap = (row: LoopRow) => Math.max(...row.gaps);

/** Table 5c. */
export function renderLoopTable(f: LoopFigures): Table {
  return {
    title: `5c. The event loop while ${CONCURRENCY} PNG renders are in flight (ms between ticks of a ${TICK_MS} ms interval)`,
    headers: [
      'renderer',
      'renders/s',
      'p50 gap',
      'p99 gap',
      'max gap',
      `gaps > ${LOOP_BOUND_MS} ms`,
      'target',
    ],
    rows: f.rows.map((row) => [
      row.name,
      fmtRate((row.renders * 1000) / row.ms),
      fmtMs(percentile(row.gaps, 50)),
      fmtMs(percentile(row.gaps, 99)),
      fmtMs(maxGap(row)),
      String(row.gaps.filter((gap) => gap > LOOP_BOUND_MS).length),
      row.app ? `max < ${LOOP_BOUND_MS} ms ${verdict(maxGap(row) < LOOP_BOUND_MS)}` : '',
    ]),
    notes: [
      `A gap is the time between two ticks of the interval: ${TICK_MS} ms when the loop is free, longer when something held it (or the OS gave the thread no CPU).`,
      'In process, satori lays out on the main thread (and resvg rasterises there in the sync mode); in the pool, the main thread only posts the task and takes the transferred bytes.',
      `Other processes used ${(f.load.foreign * 100).toFixed(0)}% of the machine during these rounds; on a loaded machine a descheduled thread shows gaps whatever the renderer.`,
    ],
  };
}

/** The app's renderer's worst gap, for the verdict line. */
export function appLoopGap(f: LoopFigures): { ok: boolean; text: string } | undefined {
  const app = f.rows.find((row) => row.app);
  if (!app) return undefined;
  const others = f.rows.filter((row) => !row.app).map((row) => `${row.name} ${fmtMs(maxGap(row))} ms`);
  return {
    ok: maxGap(app) < LOOP_BOUND_MS,
    text: `Event loop during ${CONCURRENCY} concurrent certificate renders: max gap ${fmtMs(maxGap(app))} ms with ${app.name} (target < ${LOOP_BOUND_MS} ms; ${others.join(', ')})`,
  };
}
