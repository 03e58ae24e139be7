/**
 * Section 10 (`hostile`): what hostile credentials do to honest verification over HTTP.
 * The server is started as in section 9 (`src/index.ts` in a child process, one HTTP
 * worker, pinned to CPU 0 with the load generator on CPU 1), with a bench-only preload
 * (`eventLoopProbe.mjs`, `node --import`) that measures the server's own event-loop delay
 * with monitorEventLoopDelay and hands it over on SIGUSR2; src/ is unchanged.
 *
 * Load: a steady 200 requests/s, open loop, POSTing /credentials/verify with one credential
 * that server issued. Conditions, in alternating rounds on the same warm server: (a) that
 * honest traffic alone, the baseline; (b) the same plus one hostile request per second, the
 * two payloads of test/fixtures/hostileCredentials.ts in turn (an inline @context of 5,000
 * type-scoped terms, 25,000 claim objects). Two servers: one with the default caps (the
 * hostile requests are refused by the caps) and one with the caps and the body limit lifted,
 * so the hostile requests run on a verification thread until the time budget stops them.
 */
import { Agent, request } from 'node:http';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Table } from './format.js';
import { fmtMs, fmtRatio, fmtSpread } from './format.js';
import { meterCpu } from './cpuLoad.js';
import { percentile } from './stats.js';
import type { Verdict } from './report.js';
import { startServer, type ServerProcess } from '../test/e2e/serverProcess.js';
import { claimFlood, scopedContextBomb } from '../test/fixtures/hostileCredentials.js';
import { issueOne, pinSelf } from './httpBench.js';

/** Honest requests per second, as in section 9. */
const RATE = 200;
/** Hostile requests per second in condition (b). */
const HOSTILE_RATE = 1;
/** Unmeasured honest traffic after start-up (JIT, verification threads, caches). */
const WARMUP_S = 3;
/** Unmeasured honest traffic after a hostile round, so the next starts on a recovered pool. */
const SETTLE_S = 1.5;
/** The rounds: false = (a) honest only, true = (b) with hostile requests. */
const ORDER = [false, true, true, false];
/** A request still unanswered after this is counted as failed (status 0). */
const CLIENT_TIMEOUT_MS = 30_000;
/** From the e2e test (test/e2e/hostileVerification.test.ts): the bounds a hostile request must stay within. */
const HOSTILE_ANSWER_MS = 2_500;
const LOOP_MAX_MS = 100;

/** The caps lifted (as in the e2e test), so hostile credentials reach the time budget. */
const LIFTED = {
  MAX_BODY_BYTES: String(8 * 1024 * 1024),
  VERIFY_MAX_CREDENTIAL_BYTES: String(8 * 1024 * 1024),
  VERIFY_MAX_CLAIMS: '1000000',
  VERIFY_MAX_CONTEXT_TERMS: '1000000',
};

const PAYLOADS = [
  { kind: 'context bomb', make: () => scopedContextBomb(5_000, 2_000) },
  { kind: 'claim flood', make: () => claimFlood(25_000) },
];

/** The server's event-loop histogram over one interval (ms) and its CPU time, from the probe. */
interface LoopSnapshot {
  seq: number;
  resolutionMs: number;
  wallMs: number;
  count: number;
  p50: number;
  p99: number;
  max: number;
  mean: number;
  cpuMs: number;
}

interface Answer {
  status: number;
  /** The problem `code` of an error answer (hostile requests only). */
  code?: string;
  ms: number;
}

interface HostileAnswer extends Answer {
  kind: string;
}

interface Round {
  hostile: boolean;
  honest: Answer[];
  hostileAnswers: HostileAnswer[];
  loop: LoopSnapshot;
  wallMs: number;
  /** Server CPU time over wall time (cores, all its threads). */
  serverCores: number;
  /** Share of the machine other processes used (neither this process nor the server). */
  foreign: number;
}

export interface HostileRun {
  setting: 'default caps' | 'caps lifted';
  pinned: boolean;
  rounds: Round[];
}

export interface HostileFigures {
  runs: HostileRun[];
  secondsPerCondition: number;
  payloadKb: Record<string, number>;
  durationS: number;
}

/** One POST; resolves with the status (and the problem code when asked), never rejects. */
function post(agent: Agent, url: string, body: string, readCode: boolean): Promise<Omit<Answer, 'ms'>> {
  return new Promise((resolve) => {
    const req = request(
      url,
      {
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => readCode && chunks.push(chunk));
        res.on('end', () => {
          const status = res.statusCode ?? 0;
          if (!readCode || status === 200) return resolve({ status });
          let code = '';
          try {
            code = String(
              (JSON.parse(Buffer.concat(chunks).toString('utf8')) as { code?: unknown }).code ?? '',
            );
          } catch {
            code = 'unreadable';
          }
          resolve({ status, code });
        });
        res.on('error', () => resolve({ status: 0, code: 'response error' }));
      },
    );
    req.setTimeout(CLIENT_TIMEOUT_MS, () => req.destroy(new Error('client timeout')));
    req.on('error', (error) => resolve({ status: 0, code: error.message }));
    req.end(body);
  });
}

/**
 * Open loop: request i is sent at start + offset + i / rate whatever the earlier ones are
 * doing, and its latency counts from that scheduled moment (as section 9).
 */
async function openLoop<T>(
  start: number,
  rate: number,
  count: number,
  offsetMs: number,
  send: (i: number) => Promise<T>,
): Promise<Array<T & { ms: number }>> {
  return Promise.all(
    Array.from({ length: count }, async (_, i) => {
      const due = start + offsetMs + (i * 1000) / rate;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      const answer = await send(i);
      return { ...answer, ms: performance.now() - due };
    }),
  );
}

/** The probe in the server process: SIGUSR2, then wait for the snapshot it writes. */
function probeOf(dir: string): { snapshot: () => Promise<LoopSnapshot> } {
  const file = join(dir, 'snapshot.json');
  let seq = 0;
  return {
    async snapshot() {
      const pid = Number(readFileSync(join(dir, 'pid'), 'utf8'));
      process.kill(pid, 'SIGUSR2');
      const deadline = performance.now() + 10_000;
      for (;;) {
        if (existsSync(file)) {
          const snap = JSON.parse(readFileSync(file, 'utf8')) as LoopSnapshot;
          if (snap.seq > seq) {
            seq = snap.seq;
            return snap;
          }
        }
        if (performance.now() > deadline)
          throw new Error("the server's event-loop probe did not answer SIGUSR2 within 10 s");
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    },
  };
}

/** Steady honest traffic, unmeasured, on fresh connections (an idle kept-alive one may have been closed by the server). */
async function honestOnly(url: string, body: string, seconds: number): Promise<void> {
  const agent = new Agent({ keepAlive: true, maxSockets: 2048 });
  try {
    await openLoop(performance.now() + 20, RATE, Math.round(RATE * seconds), 0, () =>
      post(agent, url, body, false),
    );
  } finally {
    agent.destroy();
  }
}

/**
 * One measured round: honest traffic for `seconds`, plus (condition b) one hostile request
 * per second starting half a second in, the payloads in turn. It ends when every request
 * is answered, so nothing queued in the server spills into the next round.
 */
async function measureRound(
  url: string,
  honestBody: string,
  hostile: { bodies: Array<{ kind: string; body: string }>; next: () => number } | undefined,
  seconds: number,
  probe: ReturnType<typeof probeOf>,
): Promise<Round> {
  // Enough sockets that requests wait in the server, not in this client: a request queued
  // here would start the server's queue wait late and stretch the round's drain.
  const honestAgent = new Agent({ keepAlive: true, maxSockets: 2048 });
  const hostileAgent = new Agent({ keepAlive: true, maxSockets: 16 });
  try {
    const before = await probe.snapshot();
    const meter = meterCpu();
    const started = performance.now();
    const start = started + 20;
    const [honest, hostileAnswers] = await Promise.all([
      openLoop(start, RATE, Math.round(RATE * seconds), 0, () => post(honestAgent, url, honestBody, false)),
      hostile
        ? openLoop(start, HOSTILE_RATE, Math.floor(seconds * HOSTILE_RATE), 500, async () => {
            const payload = hostile.bodies[hostile.next() % hostile.bodies.length]!;
            return { kind: payload.kind, ...(await post(hostileAgent, url, payload.body, true)) };
          })
        : Promise.resolve([]),
    ]);
    const loop = await probe.snapshot();
    const load = meter();
    const wallMs = performance.now() - started;
    const serverCpuMs = loop.cpuMs - before.cpuMs;
    const serverShare = serverCpuMs / (wallMs * cpus().length);
    return {
      hostile: hostile !== undefined,
      honest,
      hostileAnswers,
      loop,
      wallMs,
      serverCores: serverCpuMs / wallMs,
      foreign: Math.max(0, load.foreign - serverShare),
    };
  } finally {
    honestAgent.destroy();
    hostileAgent.destroy();
  }
}

/** Runs section 10: two servers (default caps, caps lifted), alternating rounds on each. */
export async function benchHostile(
  secondsPerCondition: number,
  log: (line: string) => void,
): Promise<HostileFigures> {
  const started = performance.now();
  const dir = mkdtempSync(join(tmpdir(), 'saypro-bench-hostile-'));
  const env = { DATA_DIR: join(dir, 'data'), KEYS_DIR: join(dir, 'keys') };
  const perRound = secondsPerCondition / 2;
  const bodies = PAYLOADS.map((p) => ({
    kind: p.kind,
    body: JSON.stringify({ verifiableCredential: p.make() }),
  }));
  const payloadKb = Object.fromEntries(
    bodies.map((b) => [b.kind, Math.round(Buffer.byteLength(b.body) / 1024)]),
  );
  let sent = 0;
  const hostile = { bodies, next: () => sent++ };
  const probeFlags = ['--import', new URL('./eventLoopProbe.mjs', import.meta.url).href];
  const extraFlags = (process.env.BENCH_SERVER_FLAGS ?? '').split(' ').filter(Boolean);
  // Read before pinning: availableParallelism() counts only the CPUs this process may use.
  const cpuCount = availableParallelism();
  const allCpus = `0-${cpuCount - 1}`;
  try {
    const runs: HostileRun[] = [];
    for (const setting of ['default caps', 'caps lifted'] as const) {
      const probeDir = join(dir, `probe-${setting.replace(' ', '-')}`);
      mkdirSync(probeDir);
      const pinned = process.env.BENCH_HOSTILE_PIN !== '0' && cpuCount >= 2 && pinSelf('1');
      let server: ServerProcess | undefined;
      try {
        log(
          `... hostile: server with ${setting}${pinned ? ' (CPU 0; load on CPU 1)' : ''}; ${WARMUP_S} s warm-up, then rounds a b b a (a: honest only, b: + ${HOSTILE_RATE} hostile/s), ${perRound} s each at ${RATE} req/s`,
        );
        const startedServer = performance.now();
        server = await startServer(
          {
            ...env,
            WEB_CONCURRENCY: '1',
            BENCH_LOOP_PROBE_DIR: probeDir,
            ...(setting === 'caps lifted' ? LIFTED : {}),
          },
          { listeners: 1, nodeFlags: [...extraFlags, ...probeFlags], ...(pinned ? { cpus: '0' } : {}) },
        );
        log(`    server up in ${((performance.now() - startedServer) / 1000).toFixed(1)} s`);
        const url = `${server.baseUrl}/credentials/verify`;
        const honestBody = JSON.stringify({
          verifiableCredential: await issueOne(server.baseUrl, env.KEYS_DIR),
        });
        const probe = probeOf(probeDir);
        await honestOnly(url, honestBody, WARMUP_S);
        const rounds: Round[] = [];
        // Two rounds of each condition, the order rotating (a b, then b a) as elsewhere in
        // the bench, so neither condition always runs first after the warm-up.
        for (const [i, withHostile] of ORDER.entries()) {
          // A hostile round leaves terminated threads behind: let the pool restart them.
          if (rounds.at(-1)?.hostile) await honestOnly(url, honestBody, SETTLE_S);
          const round = await measureRound(
            url,
            honestBody,
            withHostile ? hostile : undefined,
            perRound,
            probe,
          );
          rounds.push(round);
          const ok = round.honest.filter((a) => a.status === 200).length;
          log(
            `    round ${i + 1} ${round.hostile ? 'b (+hostile)' : 'a (honest) '}: honest p99 ${fmtMs(
              percentile(
                round.honest.map((a) => a.ms),
                99,
              ),
            )} ms, ${ok}/${round.honest.length} ok; ` +
              `loop p99 ${fmtMs(round.loop.p99)} max ${fmtMs(round.loop.max)} ms (raw, ${round.loop.resolutionMs} ms timer); ${(round.wallMs / 1000).toFixed(1)} s` +
              (round.hostile ? `; hostile ${describeHostile(round.hostileAnswers)}` : ''),
          );
        }
        runs.push({ setting, pinned, rounds });
      } finally {
        await server?.stop();
        if (pinned) pinSelf(allCpus);
      }
    }
    const durationS = (performance.now() - started) / 1000;
    log(`... hostile: section took ${durationS.toFixed(0)} s`);
    return { runs, secondsPerCondition, payloadKb, durationS };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** `413 credential_too_large x8, 422 verification_too_costly x7`. */
function describeHostile(answers: HostileAnswer[]): string {
  const tally = new Map<string, number>();
  for (const a of answers) {
    const key = a.status ? `${a.status}${a.code ? ` ${a.code}` : ''}` : `no answer (${a.code ?? 'unknown'})`;
    tally.set(key, (tally.get(key) ?? 0) + 1);
  }
  return [...tally].map(([k, n]) => `${k} x${n}`).join(', ') || 'none';
}

/** Delay beyond the probe's timer: the histogram records whole timer intervals. */
function delay(value: number, loop: LoopSnapshot): number {
  return Math.max(0, value - loop.resolutionMs);
}

interface Condition {
  p50: number;
  p99: number;
  okShare: number;
  failures: string;
  loopP99: number;
  loopMax: number;
  serverCores: number;
  foreign: number;
  hostile: HostileAnswer[];
}

/** One condition over its rounds: latencies pooled; loop delay as the worst round's. */
function condition(rounds: Round[]): Condition {
  const honest = rounds.flatMap((r) => r.honest);
  const ms = honest.map((a) => a.ms);
  const failed = honest.filter((a) => a.status !== 200);
  const wall = rounds.reduce((s, r) => s + r.wallMs, 0);
  return {
    p50: percentile(ms, 50),
    p99: percentile(ms, 99),
    okShare: (honest.length - failed.length) / honest.length,
    failures: describeHostile(failed.map((a) => ({ ...a, kind: '' }))),
    loopP99: Math.max(...rounds.map((r) => delay(r.loop.p99, r.loop))),
    loopMax: Math.max(...rounds.map((r) => delay(r.loop.max, r.loop))),
    serverCores: rounds.reduce((s, r) => s + r.serverCores * r.wallMs, 0) / wall,
    foreign: Math.max(...rounds.map((r) => r.foreign)),
    hostile: rounds.flatMap((r) => r.hostileAnswers),
  };
}

/** Per-pair b/a ratios of one measure: the i-th (b) round against the i-th (a) round (adjacent in a b b a). */
function perRound(run: HostileRun, of: (r: Round) => number): number[] {
  const a = run.rounds.filter((r) => !r.hostile);
  const b = run.rounds.filter((r) => r.hostile);
  return b.map((r, i) => of(r) / of(a[i]!));
}

const pct = (share: number) => `${(share * 100).toFixed(share === 1 ? 0 : 1)}%`;

/** The section's table. */
export function hostileTables(f: HostileFigures): Table[] {
  const rows: string[][] = [];
  for (const run of f.runs) {
    const a = condition(run.rounds.filter((r) => !r.hostile));
    const b = condition(run.rounds.filter((r) => r.hostile));
    const honestMs = (r: Round, q: number) =>
      percentile(
        r.honest.map((x) => x.ms),
        q,
      );
    const okOf = (r: Round) => r.honest.filter((x) => x.status === 200).length / r.honest.length;
    let first = true;
    const row = (measure: string, av: string, bv: string, ratio: string, spread: string) => {
      const cells = [first ? run.setting : '', measure, av, bv, ratio, spread];
      first = false;
      return cells;
    };
    rows.push(
      row(
        'honest latency p50, ms',
        fmtMs(a.p50),
        fmtMs(b.p50),
        fmtRatio(b.p50 / a.p50),
        fmtSpread(perRound(run, (r) => honestMs(r, 50))),
      ),
      row(
        'honest latency p99, ms',
        fmtMs(a.p99),
        fmtMs(b.p99),
        fmtRatio(b.p99 / a.p99),
        fmtSpread(perRound(run, (r) => honestMs(r, 99))),
      ),
      row(
        'honest answered 200',
        pct(a.okShare),
        pct(b.okShare),
        fmtRatio(b.okShare / a.okShare),
        fmtSpread(perRound(run, okOf)),
      ),
      row(
        'server event-loop delay p99, ms',
        fmtMs(a.loopP99),
        fmtMs(b.loopP99),
        fmtRatio(b.loopP99 / a.loopP99),
        fmtSpread(perRound(run, (r) => delay(r.loop.p99, r.loop))),
      ),
      row(
        'server event-loop delay max, ms',
        fmtMs(a.loopMax),
        fmtMs(b.loopMax),
        fmtRatio(b.loopMax / a.loopMax),
        fmtSpread(perRound(run, (r) => delay(r.loop.max, r.loop))),
      ),
      row(
        'server CPU, cores',
        a.serverCores.toFixed(2),
        b.serverCores.toFixed(2),
        fmtRatio(b.serverCores / a.serverCores),
        '',
      ),
      row('hostile answers', '', describeHostile(b.hostile), '', ''),
      row(
        'hostile latency p50 / max, ms',
        '',
        `${fmtMs(
          percentile(
            b.hostile.map((h) => h.ms),
            50,
          ),
        )} / ${fmtMs(Math.max(...b.hostile.map((h) => h.ms)))}`,
        '',
        '',
      ),
      row(
        'honest failures',
        a.failures === 'none' ? '0' : a.failures,
        b.failures === 'none' ? '0' : b.failures,
        '',
        '',
      ),
      row('other procs (worst round)', pct(a.foreign), pct(b.foreign), '', ''),
    );
  }
  const pinned = f.runs.every((r) => r.pinned);
  const kb = Object.entries(f.payloadKb)
    .map(([k, v]) => `${k} ${v} KB`)
    .join(', ');
  return [
    {
      title: `10. Hostile credentials beside honest traffic: POST /credentials/verify at ${RATE} req/s (open loop), + ${HOSTILE_RATE} hostile req/s in (b)`,
      headers: ['caps', 'measure', '(a) honest only, baseline', '(b) + hostile', 'b/a', 'b/a per round'],
      rows,
      notes: [
        `the server started as npm start starts it (src/index.ts, WEB_CONCURRENCY 1, VERIFY_THREADS and VERIFY_TIME_BUDGET_MS at their defaults)${pinned ? ', pinned to CPU 0, the load generator on CPU 1 (taskset)' : ', not pinned (load on the same cores)'}; one credential issued by that server, verified over and over`,
        `(a) and (b) in rotating order, a b b a, ${f.secondsPerCondition / 2} s each (${f.secondsPerCondition} s per condition) after a ${WARMUP_S} s warm-up; a round after a (b) round starts after ${SETTLE_S} s of unmeasured honest traffic; a round ends when every request is answered; latencies count from the scheduled send`,
        `hostile requests (test/fixtures/hostileCredentials.ts, in turn: ${kb}): "default caps" refuses them with the caps; "caps lifted" (MAX_BODY_BYTES, VERIFY_MAX_CREDENTIAL_BYTES 8 MB, VERIFY_MAX_CLAIMS, VERIFY_MAX_CONTEXT_TERMS 1,000,000) lets them run on a verification thread until the time budget`,
        'event-loop delay: measured inside the server (monitorEventLoopDelay, 10 ms timer, via the bench-only preload bench/eventLoopProbe.mjs), shown as the delay beyond the timer; the worst round of each condition',
        '"other procs": machine busy time minus this process and the server (both metered), worst round; above 10% the figures are unreliable',
      ],
    },
  ];
}

/** The section's targets, those of test/e2e/hostileVerification.test.ts under load. */
export function hostileVerdicts(f: HostileFigures): Verdict[] {
  return f.runs.flatMap((run) => {
    const b = condition(run.rounds.filter((r) => r.hostile));
    const worstHostile = Math.max(...b.hostile.map((h) => h.ms));
    const refused = b.hostile.every((h) => h.status === 413 || h.status === 422);
    const noisy =
      b.foreign > 0.1
        ? ` [UNRELIABLE: other processes used ${(b.foreign * 100).toFixed(0)}% of the machine]`
        : '';
    return [
      {
        ok: b.loopMax < LOOP_MAX_MS,
        text: `hostile credentials, ${run.setting}: the server's event loop never delayed ${LOOP_MAX_MS} ms while ${HOSTILE_RATE} hostile req/s joined ${RATE} honest req/s (max ${fmtMs(b.loopMax)} ms)${noisy}`,
      },
      {
        ok: refused && worstHostile < HOSTILE_ANSWER_MS,
        text: `hostile credentials, ${run.setting}: every hostile request refused (413/422) within ${HOSTILE_ANSWER_MS / 1000} s under load (${describeHostile(b.hostile)}; slowest ${fmtMs(worstHostile)} ms)${noisy}`,
      },
    ];
  });
}
