/**
 * The bench's side of bench/eventLoopProbe.mjs for a server of one or more processes
 * (section `http`): the event-loop delay and CPU time of every process that serves
 * requests, and the resident memory of all of them (a cluster's primary included), read
 * from /proc while the load runs, so nothing is added to the server's own work.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/** One serving process's event-loop histogram over an interval (ms) and its cumulative CPU time. */
export interface LoopSnapshot {
  seq: number;
  pid: number;
  resolutionMs: number;
  count: number;
  p50: number;
  p99: number;
  max: number;
  cpuMs: number;
}

/** What the probe saw over one measurement, all serving processes together. */
export interface ServerSample {
  /** The worst process's event-loop p99 and max, as delay beyond the probe's 10 ms timer. */
  loopP99Ms: number;
  loopMaxMs: number;
  /** CPU time of all serving processes (every thread) over the measurement. */
  cpuMs: number;
  /** The highest sum of the resident memory of every server process seen during it, in bytes. */
  peakRssBytes: number;
}

/** The pids the probe recorded: the serving processes, and every process (a primary too). */
function pids(dir: string): { serving: number[]; all: number[] } {
  const names = readdirSync(dir);
  const of = (prefix: string) =>
    names.filter((n) => n.startsWith(prefix) && /^\w+-\d+$/.test(n)).map((n) => Number(n.split('-')[1]));
  const serving = of('pid-');
  return { serving, all: [...serving, ...of('primary-')] };
}

/** Resident memory of a process (VmRSS), 0 once it is gone. */
function rssBytes(pid: number): number {
  try {
    const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb ? Number(kb) * 1024 : 0;
  } catch {
    return 0;
  }
}

/** CPU time of a process so far (all threads, utime + stime), in ms; 0 once it is gone. */
function cpuMsOf(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return 0;
  }
}

/** The probe of a server whose processes were started with BENCH_LOOP_PROBE_DIR=dir. */
export function serverProbe(dir: string) {
  const seen = new Map<number, number>();
  /** SIGUSR2 to every serving process, then each one's new snapshot. */
  async function snapshots(): Promise<LoopSnapshot[]> {
    const { serving } = pids(dir);
    for (const pid of serving) process.kill(pid, 'SIGUSR2');
    const deadline = performance.now() + 10_000;
    const out: LoopSnapshot[] = [];
    for (const pid of serving) {
      const file = join(dir, `snapshot-${pid}.json`);
      for (;;) {
        const snap = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as LoopSnapshot) : undefined;
        if (snap && snap.seq > (seen.get(pid) ?? 0)) {
          seen.set(pid, snap.seq);
          out.push(snap);
          break;
        }
        if (performance.now() > deadline)
          throw new Error(`the event-loop probe of server process ${pid} did not answer SIGUSR2 within 10 s`);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    }
    return out;
  }

  return {
    /**
     * Waits (at most `timeoutMs`) until the idle server's processes use less than 5% of a
     * core over half a second: a worker warms its renderer and a verification thread after
     * it starts listening, seconds of CPU that would otherwise be charged to the first
     * measurement.
     */
    async settle(timeoutMs = 30_000): Promise<number> {
      const started = performance.now();
      const total = () => pids(dir).all.reduce((sum, pid) => sum + cpuMsOf(pid), 0);
      let before = total();
      while (performance.now() - started < timeoutMs) {
        await new Promise((resolve) => setTimeout(resolve, 500));
        const now = total();
        if (now - before < 25) break;
        before = now;
      }
      return performance.now() - started;
    },
    /** Runs `load` while sampling memory every 200 ms; the loop histogram covers `load` alone. */
    async measure<T>(load: () => Promise<T>): Promise<{ result: T; server: ServerSample }> {
      const before = await snapshots();
      let peakRssBytes = 0;
      const sampleRss = () => {
        const total = pids(dir).all.reduce((sum, pid) => sum + rssBytes(pid), 0);
        peakRssBytes = Math.max(peakRssBytes, total);
      };
      sampleRss();
      const timer = setInterval(sampleRss, 200);
      let result: T;
      try {
        result = await load();
      } finally {
        clearInterval(timer);
      }
      sampleRss();
      const after = await snapshots();
      const beyondTimer = (ms: number, s: LoopSnapshot) => Math.max(0, ms - s.resolutionMs);
      const cpuBefore = new Map(before.map((s) => [s.pid, s.cpuMs]));
      return {
        result,
        server: {
          loopP99Ms: Math.max(...after.map((s) => beyondTimer(s.p99, s))),
          loopMaxMs: Math.max(...after.map((s) => beyondTimer(s.max, s))),
          cpuMs: after.reduce((sum, s) => sum + s.cpuMs - (cpuBefore.get(s.pid) ?? s.cpuMs), 0),
          peakRssBytes,
        },
      };
    },
  };
}
