/**
 * Section 9 (`http`): verification over HTTP under load. The server is started as in
 * production (`src/index.ts`, a child process) with 1 and then 2 HTTP workers
 * (WEB_CONCURRENCY), and load on loopback POSTs /credentials/verify with a credential
 * that server issued (its status list read from the store and cached). Per setting: a
 * steady 200 requests/s, open loop (one request every 5 ms, latency from its scheduled
 * time), for p50 and p99 (target p99 under 50 ms); with two workers also a steady 500
 * requests/s (target p99 under 25 ms); and autocannon with 10 connections and no throttle
 * for the most it serves (target with one worker: 1,000 requests/s). Baseline in the same
 * run: verifyCredential called in-process on the same credential, one core. With one
 * worker the server is pinned to CPU 0 and the load generator to CPU 1 (taskset); two
 * workers need both cores and the generator shares them, so the 2-worker figures are a
 * floor, not a ceiling.
 *
 * Inside the server, the bench-only preload bench/eventLoopProbe.mjs (as in section 10)
 * measures each serving process's event-loop delay and CPU time over every measurement;
 * the bench reads the resident memory of every server process from /proc meanwhile.
 */
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../src/config.js';
import { createDeps } from '../src/deps.js';
import { verifyCredential } from '../src/verification/verifyCredential.js';
import type { Table } from './format.js';
import { fmtMs, fmtRate, fmtRatio } from './format.js';
import { meterCpu } from './cpuLoad.js';
import { serverProbe, type ServerSample } from './serverProbe.js';
import { constantRate, type LoadResult } from './steadyLoad.js';
import { startServer } from '../test/e2e/serverProcess.js';

type Autocannon = (options: Record<string, unknown>) => Promise<LoadResult>;
const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

/** The steady rates (open loop): every setting runs the first; two workers also the second. */
const STEADY_RATES = [200, 500];

/** One load on one server: what the client saw and what the probe saw inside the server. */
export interface HttpMeasurement {
  /** The steady rate (open loop), or undefined for the open throttle (autocannon, 10 connections). */
  rate?: number;
  load: LoadResult;
  server: ServerSample;
  /** Share of the machine (cores x wall) other processes took meanwhile: not the server, not this bench. */
  foreign: number;
}

export interface HttpRun {
  workers: number;
  /** The server on CPU 0 and the load generator on CPU 1, so neither slows the other. */
  pinned: boolean;
  measurements: HttpMeasurement[];
}

export interface HttpFigures {
  inProcessPerSecond: number;
  runs: HttpRun[];
  durationS: number;
}

/**
 * Pins this process (the load generator) to the given CPUs with taskset, or returns false
 * where that cannot be done (no taskset, one CPU). Every thread of it: `-a`.
 */
export function pinSelf(cpus: string): boolean {
  try {
    execFileSync('taskset', ['-a', '-cp', cpus, String(process.pid)], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Issues one credential through the API of a running server. */
export async function issueOne(url: string, keysDir: string): Promise<unknown> {
  const key = readFileSync(join(keysDir, 'admin-api-key'), 'utf8').trim();
  const credential = {
    '@context': [
      'https://www.w3.org/ns/credentials/v2',
      'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json',
    ],
    type: ['VerifiableCredential', 'OpenBadgeCredential'],
    name: 'Web Development 101',
    credentialSubject: {
      type: ['AchievementSubject'],
      name: 'Amahle Dlamini',
      achievement: {
        id: `${url}/achievements/web-101`,
        type: ['Achievement'],
        name: 'Web Development 101',
        description: 'Introductory web development.',
        criteria: { narrative: 'All modules passed.' },
      },
    },
  };
  const res = await fetch(`${url}/credentials/issue`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
    body: JSON.stringify({ credential }),
  });
  if (res.status !== 201) throw new Error(`issue failed: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { verifiableCredential: unknown }).verifiableCredential;
}

/** In-process verifications per second of the same credential (one core). */
async function inProcessRate(
  env: Record<string, string>,
  publicUrl: string,
  vc: unknown,
  seconds: number,
): Promise<number> {
  const deps = await createDeps(loadConfig({ ...env, PUBLIC_URL: publicUrl, NODE_ENV: 'test' }));
  try {
    for (let i = 0; i < 20; i++) await verifyCredential(structuredClone(vc), deps.verify);
    const started = performance.now();
    let n = 0;
    while (performance.now() - started < seconds * 1000) {
      const result = await verifyCredential(structuredClone(vc), deps.verify);
      if (!result.verified) throw new Error('the baseline credential did not verify');
      n++;
    }
    return n / ((performance.now() - started) / 1000);
  } finally {
    await deps.stores.close();
  }
}

/** One measurement on a running server: the load, with the probe and the machine metered around it. */
async function measure(
  probe: ReturnType<typeof serverProbe>,
  rate: number | undefined,
  load: () => Promise<LoadResult>,
): Promise<HttpMeasurement> {
  const meter = meterCpu();
  const started = performance.now();
  const { result, server } = await probe.measure(load);
  const machine = meter();
  const serverShare = server.cpuMs / ((performance.now() - started) * cpus().length);
  return {
    ...(rate !== undefined ? { rate } : {}),
    load: result,
    server,
    foreign: Math.max(0, machine.foreign - serverShare),
  };
}

/** Runs section 9. */
export async function benchHttp(seconds: number, log: (line: string) => void): Promise<HttpFigures> {
  const started = performance.now();
  const dir = mkdtempSync(join(tmpdir(), 'saypro-bench-http-'));
  const env = { DATA_DIR: join(dir, 'data'), KEYS_DIR: join(dir, 'keys') };
  const duration = Math.max(5, seconds * 3);
  const probeFlags = ['--import', new URL('./eventLoopProbe.mjs', import.meta.url).href];
  try {
    const runs: HttpRun[] = [];
    let inProcessPerSecond = 0;
    // Read before pinning: availableParallelism() counts only the CPUs this process may use.
    const cpuCount = availableParallelism();
    const allCpus = `0-${cpuCount - 1}`;
    const canPin = cpuCount >= 2;
    for (const workers of [1, 2]) {
      const rates = workers === 1 ? STEADY_RATES.slice(0, 1) : STEADY_RATES;
      log(
        `... http: server with ${workers} worker(s); ${rates.map((r) => `${r} req/s`).join(', then ')} for ${duration} s, then open throttle for ${duration} s`,
      );
      const nodeFlags = (process.env.BENCH_SERVER_FLAGS ?? '').split(' ').filter(Boolean);
      const probeDir = join(dir, `probe-${workers}`);
      mkdirSync(probeDir);
      // One worker gets a core to itself and the load generator the other; two workers
      // need both cores, which the generator then shares.
      const pinned = workers === 1 && canPin && pinSelf('1');
      const server = await startServer(
        { ...env, WEB_CONCURRENCY: String(workers), BENCH_LOOP_PROBE_DIR: probeDir },
        { listeners: workers, nodeFlags: [...nodeFlags, ...probeFlags], ...(pinned ? { cpus: '0' } : {}) },
      );
      try {
        const vc = await issueOne(server.baseUrl, env.KEYS_DIR);
        const request = {
          url: `${server.baseUrl}/credentials/verify`,
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ verifiableCredential: vc }),
        };
        const probe = serverProbe(probeDir);
        // The workers' own start-up work (renderer and verification-thread warm-up) ends
        // first; then JIT compilation of the hot path settles before anything is measured.
        const settledMs = await probe.settle();
        log(`    server quiet ${(settledMs / 1000).toFixed(1)} s after it listened; 5 s warm-up`);
        await autocannon({ ...request, connections: 4, duration: 5 });
        const measurements: HttpMeasurement[] = [];
        for (const rate of rates) {
          measurements.push(
            await measure(probe, rate, () => constantRate(request.url, request.body, rate, duration)),
          );
        }
        measurements.push(
          await measure(probe, undefined, () => autocannon({ ...request, connections: 10, duration })),
        );
        runs.push({ workers, pinned, measurements });
        if (workers === 1) {
          await server.stop();
          // Still pinned (when pinning works): the baseline gets one CPU, as the worker did.
          log('... http: in-process baseline, verifyCredential on the same credential');
          inProcessPerSecond = await inProcessRate(env, server.baseUrl, vc, seconds);
        }
      } finally {
        if (pinned) pinSelf(allCpus);
        await server.stop();
      }
    }
    return { inProcessPerSecond, runs, durationS: (performance.now() - started) / 1000 };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const failures = (load: LoadResult) => load.non2xx + load.errors + load.timeouts;

/** The section's table. */
export function httpTables(f: HttpFigures): Table[] {
  const rows: string[][] = [];
  for (const run of f.runs) {
    const setting = `${run.workers} worker${run.workers > 1 ? 's' : ''}${run.pinned ? ' (CPU 0; load on CPU 1)' : ' (load on the same cores)'}`;
    for (const m of run.measurements) {
      rows.push([
        `${setting}, ${m.rate !== undefined ? `steady ${m.rate} req/s (open loop)` : 'open throttle (10 connections)'}`,
        fmtRate(m.load.requests.average),
        fmtMs(m.load.latency.p50),
        fmtMs(m.load.latency.p99),
        String(failures(m.load)),
        fmtRatio(m.load.requests.average / f.inProcessPerSecond),
        fmtMs(m.server.loopP99Ms),
        fmtMs(m.server.loopMaxMs),
        fmtMs(m.server.cpuMs / Math.max(1, m.load.requests.total)),
        String(Math.round(m.server.peakRssBytes / 2 ** 20)),
        `${Math.round(m.foreign * 100)}%`,
      ]);
    }
  }
  rows.push([
    `baseline: verifyCredential in-process, ${f.runs[0]?.pinned ? 'pinned to one CPU' : 'one thread'}`,
    fmtRate(f.inProcessPerSecond),
    '',
    '',
    '',
    '1.00x',
    '',
    '',
    fmtMs(1000 / f.inProcessPerSecond),
    '',
    '',
  ]);
  return [
    {
      title:
        '9. Verification over HTTP: POST /credentials/verify on loopback (load generated on the same machine)',
      headers: [
        'setting',
        'requests/s',
        'p50',
        'p99',
        'failed',
        'vs in-process',
        'loop p99',
        'loop max',
        'server CPU ms/req',
        'server RSS MB',
        'foreign',
      ],
      rows,
      notes: [
        'the server started as npm start starts it (src/index.ts), WEB_CONCURRENCY 1 then 2; the credential was issued by that server, its status list read from the store and cached',
        'with 1 worker the server is pinned to CPU 0 and the load generator (this process: node:http with keep-alive for the steady rates, autocannon for the open throttle) to CPU 1 with taskset; with 2 workers the generator shares both cores with them, so those figures are a floor',
        "loop p99/max: the server's event-loop delay measured inside it (monitorEventLoopDelay, 10 ms timer, via the bench-only preload bench/eventLoopProbe.mjs), shown as the delay beyond the timer; with 2 workers the worse of the two",
        'server CPU ms/req: CPU time of the serving process(es), every thread (HTTP, verification threads, GC), per answered request; RSS: the highest total resident memory of all server processes (a cluster primary included) during the measurement, read from /proc',
        'foreign: the share of the machine (cores x wall) taken by other processes meanwhile; a large share makes the latencies and rates of that row a floor',
      ],
    },
  ];
}

/** The section's targets. */
export function httpVerdicts(f: HttpFigures): { ok: boolean; text: string }[] {
  const out: { ok: boolean; text: string }[] = [];
  for (const run of f.runs) {
    for (const m of run.measurements) {
      if (m.rate === 200 || (m.rate === 500 && run.workers === 2)) {
        const bound = m.rate === 200 ? 50 : 25;
        out.push({
          ok: m.load.latency.p99 < bound && failures(m.load) === 0,
          text: `verify over HTTP with ${run.workers} worker(s): p99 under ${bound} ms at a steady ${m.rate} req/s (p99 ${m.load.latency.p99} ms, ${failures(m.load)} failed)`,
        });
      }
      if (m.rate === undefined && run.workers === 1) {
        out.push({
          ok: m.load.requests.average >= 1000 && failures(m.load) === 0,
          text: `verify over HTTP with 1 worker on one CPU: at least 1,000 req/s with the throttle open (${fmtRate(m.load.requests.average)} req/s, ${failures(m.load)} failed)`,
        });
      }
    }
  }
  return out;
}
