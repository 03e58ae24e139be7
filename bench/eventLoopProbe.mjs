/**
 * Bench-only preload for the server process (sections `http` and `hostile`): `node --import
 * <this file> --import tsx src/index.ts`. It measures the server's own event-loop delay
 * with perf_hooks.monitorEventLoopDelay, without any change to src/. Plain JavaScript, so
 * it loads before tsx is registered.
 *
 * BENCH_LOOP_PROBE_DIR (required, else the probe does nothing): each process that serves
 * requests (the single process, or each HTTP worker of a cluster) writes its pid to
 * `<dir>/pid` (the last one to start wins: enough for one process) and to `<dir>/pid-<pid>`
 * on load; on each SIGUSR2 it writes `<dir>/snapshot.json` and `<dir>/snapshot-<pid>.json`
 * (atomically: a temp file renamed) with the histogram since the previous SIGUSR2, in ms,
 * and the process's cumulative CPU time (all threads), then resets the histogram. The first
 * SIGUSR2 of a measurement therefore discards what came before it. A cluster's primary
 * serves no request: it writes `<dir>/primary-<pid>` (so its memory can be counted) and
 * installs no probe.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { isMainThread } from 'node:worker_threads';
import cluster from 'node:cluster';
import { renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Node's default sampling interval: an idle loop records ~10 ms, the timer itself. */
const RESOLUTION_MS = 10;

const dir = process.env.BENCH_LOOP_PROBE_DIR;
const primaryOfCluster = cluster.isPrimary && Number(process.env.WEB_CONCURRENCY ?? '1') > 1;
if (isMainThread && dir && primaryOfCluster) writeFileSync(join(dir, `primary-${process.pid}`), '');
if (isMainThread && dir && !primaryOfCluster) {
  const histogram = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
  histogram.enable();
  let seq = 0;
  let since = performance.now();
  writeFileSync(join(dir, 'pid'), String(process.pid));
  writeFileSync(join(dir, `pid-${process.pid}`), String(process.pid));
  const write = (name, text) => {
    const file = join(dir, name);
    // A temp file per process: two workers may answer the same signal at once.
    writeFileSync(`${file}.${process.pid}.tmp`, text);
    renameSync(`${file}.${process.pid}.tmp`, file);
  };
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
    const text = JSON.stringify(snapshot);
    write(`snapshot-${process.pid}.json`, text);
    write('snapshot.json', text);
  });
}
