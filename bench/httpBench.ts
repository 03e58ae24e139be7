/**
 * Section 9 (`http`): verification over HTTP under load. The server is started as in
 * production (`src/index.ts`, a child process) with 1 and then 2 HTTP workers
 * (WEB_CONCURRENCY), and load on loopback POSTs /credentials/verify with a credential
 * that server issued (its status list read from the store and cached). Per setting: a
 * steady 200 requests/s, open loop (one request every 5 ms, latency from its scheduled
 * time), for p50 and p99 (target p99 under 50 ms); and autocannon with 10 connections and
 * no throttle for the most it serves. Baseline in the same run: verifyCredential
 * called in-process on the same credential, one core. With one worker the server is pinned
 * to CPU 0 and the load generator to CPU 1 (taskset); two workers need both cores and the
 * generator shares them, so the 2-worker figures are a floor, not a ceiling.
 */
import { execFileSync } from 'node:child_process';
import { Agent, request } from 'node:http';
import { createRequire } from 'node:module';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../src/config.js';
import { createDeps } from '../src/deps.js';
import { verifyCredential } from '../src/verification/verifyCredential.js';
import type { Table } from './format.js';
import { fmtMs, fmtRate, fmtRatio } from './format.js';
import { startServer } from '../test/e2e/serverProcess.js';

/** The part of autocannon's result this section reads. */
interface LoadResult {
  latency: { p50: number; p99: number; average: number };
  requests: { average: number; total: number };
  non2xx: number;
  errors: number;
  timeouts: number;
}
type Autocannon = (options: Record<string, unknown>) => Promise<LoadResult>;
const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

const FIXED_RATE = 200;

/** One POST over a keep-alive agent; resolves with the status once the body is read. */
function post(agent: Agent, url: string, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/**
 * An open-loop load at a constant rate: request i is sent at start + i / rate whatever
 * the earlier ones are doing, and its latency counts from that scheduled moment (no
 * coordinated omission). autocannon's rate limit sends each second's quota in a burst,
 * which measures the burst, not a steady 200 requests/s. Requests go through node:http
 * with keep-alive (as autocannon does): fetch cost the generator ~3x more per request, and
 * its own delays showed up as server latency.
 */
async function constantRate(url: string, body: string, rate: number, seconds: number): Promise<LoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: 256 });
  const total = Math.round(rate * seconds);
  const latencies: number[] = [];
  let failed = 0;
  const start = performance.now() + 50;
  await Promise.all(
    Array.from({ length: total }, async (_, i) => {
      const due = start + (i * 1000) / rate;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      try {
        if ((await post(agent, url, body)) !== 200) failed++;
      } catch {
        failed++;
      }
      latencies.push(performance.now() - due);
    }),
  );
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]!;
  const elapsed = (performance.now() - start) / 1000;
  return {
    latency: {
      p50: Math.round(at(0.5) * 10) / 10,
      p99: Math.round(at(0.99) * 10) / 10,
      average: latencies.reduce((a, b) => a + b, 0) / latencies.length,
    },
    requests: { average: total / elapsed, total },
    non2xx: failed,
    errors: 0,
    timeouts: 0,
  };
}

export interface HttpRun {
  workers: number;
  /** The server on CPU 0 and the load generator on CPU 1, so neither slows the other. */
  pinned: boolean;
  fixed: LoadResult;
  open: LoadResult;
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

/** Runs section 9. */
export async function benchHttp(seconds: number, log: (line: string) => void): Promise<HttpFigures> {
  const started = performance.now();
  const dir = mkdtempSync(join(tmpdir(), 'saypro-bench-http-'));
  const env = { DATA_DIR: join(dir, 'data'), KEYS_DIR: join(dir, 'keys') };
  const duration = Math.max(5, seconds * 3);
  try {
    const runs: HttpRun[] = [];
    let inProcessPerSecond = 0;
    // Read before pinning: availableParallelism() counts only the CPUs this process may use.
    const cpuCount = availableParallelism();
    const allCpus = `0-${cpuCount - 1}`;
    const canPin = cpuCount >= 2;
    for (const workers of [1, 2]) {
      log(
        `... http: server with ${workers} worker(s); ${FIXED_RATE} req/s for ${duration} s, then open throttle for ${duration} s`,
      );
      const nodeFlags = (process.env.BENCH_SERVER_FLAGS ?? '').split(' ').filter(Boolean);
      // One worker gets a core to itself and the load generator the other; two workers
      // need both cores, which the generator then shares.
      const pinned = workers === 1 && canPin && pinSelf('1');
      const server = await startServer(
        { ...env, WEB_CONCURRENCY: String(workers) },
        { listeners: workers, nodeFlags, ...(pinned ? { cpus: '0' } : {}) },
      );
      try {
        const vc = await issueOne(server.baseUrl, env.KEYS_DIR);
        const request = {
          url: `${server.baseUrl}/credentials/verify`,
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ verifiableCredential: vc }),
        };
        // Warm-up: JIT compilation of the hot path settles before anything is measured.
        await autocannon({ ...request, connections: 4, duration: 5 });
        const fixed = await constantRate(request.url, request.body, FIXED_RATE, duration);
        const open = await autocannon({ ...request, connections: 10, duration });
        runs.push({ workers, pinned, fixed, open });
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

/** The section's table. */
export function httpTables(f: HttpFigures): Table[] {
  const rows: string[][] = [];
  for (const run of f.runs) {
    const setting = `${run.workers} worker${run.workers > 1 ? 's' : ''}${run.pinned ? ' (CPU 0; load on CPU 1)' : ' (load on the same cores)'}`;
    rows.push([
      `${setting}, steady ${FIXED_RATE} req/s (open loop)`,
      fmtRate(run.fixed.requests.average),
      fmtMs(run.fixed.latency.p50),
      fmtMs(run.fixed.latency.p99),
      String(run.fixed.non2xx + run.fixed.errors + run.fixed.timeouts),
      fmtRatio(run.fixed.requests.average / f.inProcessPerSecond),
    ]);
    rows.push([
      `${setting}, open throttle (10 connections)`,
      fmtRate(run.open.requests.average),
      fmtMs(run.open.latency.p50),
      fmtMs(run.open.latency.p99),
      String(run.open.non2xx + run.open.errors + run.open.timeouts),
      fmtRatio(run.open.requests.average / f.inProcessPerSecond),
    ]);
  }
  rows.push([
    `baseline: verifyCredential in-process, ${f.runs[0]?.pinned ? 'pinned to one CPU' : 'one thread'}`,
    fmtRate(f.inProcessPerSecond),
    '',
    '',
    '',
    '1.00x',
  ]);
  return [
    {
      title:
        '9. Verification over HTTP: POST /credentials/verify on loopback (load generated on the same machine)',
      headers: ['setting', 'requests/s', 'p50', 'p99', 'failed', 'vs in-process'],
      rows,
      notes: [
        'the server started as npm start starts it (src/index.ts), WEB_CONCURRENCY 1 then 2; the credential was issued by that server, its status list read from the store and cached',
        'with 1 worker the server is pinned to CPU 0 and the load generator (this process: node:http with keep-alive for the steady rate, autocannon for the open throttle) to CPU 1 with taskset; with 2 workers the generator shares both cores with them, so those figures are a floor',
      ],
    },
  ];
}

/** The section's targets. */
export function httpVerdicts(f: HttpFigures): { ok: boolean; text: string }[] {
  return f.runs.map((run) => ({
    ok: run.fixed.latency.p99 < 50 && run.fixed.non2xx + run.fixed.errors === 0,
    text: `verify over HTTP with ${run.workers} worker(s): p99 under 50 ms at ${FIXED_RATE} req/s (p99 ${run.fixed.latency.p99} ms, ${run.fixed.non2xx + run.fixed.errors} failed)`,
  }));
}
