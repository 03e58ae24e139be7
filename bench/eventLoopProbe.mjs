/**
 * Bench-only preload for the server process (section `hostile`): `node --import
 * <this file> --import tsx src/index.ts`. It measures the server's own event-loop delay
 * with perf_hooks.monitorEventLoopDelay, without any change to src/. Plain JavaScript, so
 * it loads before tsx is registered.
 *
 * BENCH_LOOP_PROBE_DIR (required, else the probe does nothing): the process writes its pid
 * to `<dir>/pid` on load; on each SIGUSR2 it writes `<dir>/snapshot.json` (atomically:
 * a temp file renamed) with the histogram since the previous SIGUSR2, in ms, and the
 * process's cumulative CPU time (all threads), then resets the histogram. The first
 * SIGUSR2 of a measurement therefore discards what came before it.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { isMainThread } from 'node:worker_threads';
import { renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Node's default sampling interval: an idle loop records ~10 ms, the timer itself. */
const RESOLUTION_MS = 10;

const dir = process.env.BENCH_LOOP_PROBE_DIR;
if (isMainThread && dir) {
  const histogram = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
  histogram.enable();
  let seq = 0;
  let since = performance.now();
  writeFileSync(join(dir, 'pid'), String(process.pid));
  process.on('SIGUSR2', () => {
    const cpu = process.cpuUsage();
    const ms = (ns) => ns / 1e6;
    const snapshot = {
      seq: ++seq,
      pid: process.pid,
      resolutionMs: RESOLUTION_MS,
      wallMs: performance.now() - since,
      count: histogram.count,
      p50: ms(histogram.percentile(50)),
      p99: ms(histogram.percentile(99)),
      max: ms(histogram.max),
      mean: ms(histogram.mean),
      cpuMs: (cpu.user + cpu.system) / 1000,
    };
    histogram.reset();
    since = performance.now();
    const file = join(dir, 'snapshot.json');
    writeFileSync(`${file}.tmp`, JSON.stringify(snapshot));
    renameSync(`${file}.tmp`, file);
  });
}
