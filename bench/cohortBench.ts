/**
 * Section `cohort`: a whole cohort finishing together, on both cores, as the server runs
 * it. Every participant's last event arrives (CONCURRENCY at a time, as concurrent webhook
 * calls would): enrolled, recorded, evaluated, signed (on the event loop or the signing
 * thread, as pooledSigner.ts shares them), stored, marked issued, the certificate email
 * queued in the outbox and the portal notice posted. Reported: wall time from the first
 * event to the last certificate, the event loop's delay meanwhile, memory after, and, as
 * the baseline of the same run, bare signing of as many credentials on one core, measured
 * right before and right after.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { AppDeps } from '../src/deps.js';
import { recordProgress } from '../src/programs/enrolments.js';
import { deliverDue } from '../src/notifications/outbox.js';
import { fmtMs, fmtRate, type Table } from './format.js';
import { fmtLoad, isContaminated, meterCpu, type CpuLoad } from './cpuLoad.js';
import { bareSigning, benchCredential, participants, setUp } from './programBench.js';
import { nowMs, rate, runFor, warmUp } from './stats.js';
import type { Verdict } from './report.js';

/** Events in flight at once (concurrent webhook calls). */
const CONCURRENCY = 16;
/** The goal: a 10,000 cohort in under 15 s on 2 cores, so 1.5 ms of wall time per participant. */
export const COHORT_MS_PER_PARTICIPANT = 1.5;
/** monitorEventLoopDelay's timer; an idle loop records about this much, the timer itself. */
const LOOP_RESOLUTION_MS = 10;

/** What the section measured. */
export interface CohortFigures {
  size: number;
  concurrency: number;
  seconds: number;
  issued: number;
  emailsQueued: number;
  portalNotices: number;
  signedOnThread: number;
  load: CpuLoad;
  loopP99Ms: number;
  loopMaxMs: number;
  rssMb: number;
  peakRssMb: number;
  heapUsedMb: number;
  /** Bare eddsa-rdfc-2022 signing of the same credential on this thread, before and after. */
  bareSignPerSecond: number;
}

const mb = (bytes: number) => bytes / 2 ** 20;

const droppingMailer = {
  send: async () => ({ messageId: 'bench', accepted: [], rejected: [] }),
  close: async () => {},
};

/** How many credentials the signer sent to its thread so far (the pooled signer counts them). */
function threadCount(deps: AppDeps): number {
  const sign = deps.issue.sign as { signedOnThreads?: () => number };
  return sign.signedOnThreads?.() ?? 0;
}

/** Runs the section with a cohort of `size`. */
export async function benchCohort(
  deps: AppDeps,
  size: number,
  log: (line: string) => void,
): Promise<CohortFigures> {
  const { course, batch } = await setUp(deps, 'cohort', 1);
  log(`... cohort: creating ${size} participants (untimed)`);
  const users = await participants(deps, 'cohort', size);
  const sign = bareSigning(deps, benchCredential(deps, batch, course));
  await warmUp(sign, 1000);
  const before = await runFor(sign, { ms: 1500 });

  log(`... cohort: the last event of ${size} participants, ${CONCURRENCY} at a time`);
  const onThreadBefore = threadCount(deps);
  const loop = monitorEventLoopDelay({ resolution: LOOP_RESOLUTION_MS });
  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }, 100);
  const cpu = meterCpu();
  loop.enable();
  const started = nowMs();
  let next = 0;
  let issued = 0;
  const lane = async () => {
    for (let i = next++; i < users.length; i = next++) {
      // Each event arrives as a request does: in a task of its own, not chained to the last.
      await new Promise((resolve) => setImmediate(resolve));
      const { enrolment } = await recordProgress(deps.programs, {
        id: `cohort-${i}`,
        batchId: batch.id,
        userId: users[i]!,
        type: 'module_completed',
        moduleId: 'm0',
        occurredAt: new Date().toISOString(),
        source: 'bench',
      });
      if (enrolment.status === 'issued') issued++;
      if ((i + 1) % Math.max(1, Math.floor(size / 10)) === 0) log(`    ${i + 1}/${size}`);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, lane));
  const seconds = (nowMs() - started) / 1000;
  loop.disable();
  const load = cpu();
  clearInterval(sampler);
  const memory = process.memoryUsage();
  const after = await runFor(sign, { ms: 1500 });

  // What the cohort left behind, read back from the store.
  const enrolments = await deps.stores.enrolments.listEnrolments(batch.id, 'issued');
  const cohort = new Set(users);
  const count = async (channel: 'email' | 'in_app', status: 'queued' | 'sent') =>
    (
      await deps.stores.outbox.search({
        trigger: 'certificate_issued',
        channel,
        status,
        limit: size * 2,
      })
    ).filter((m) => m.userId !== undefined && cohort.has(m.userId)).length;
  const beyondTimer = (ns: number) => Math.max(0, ns / 1e6 - LOOP_RESOLUTION_MS);
  const emailsQueued = await count('email', 'queued');
  // Untimed: the delivery worker's part (a mailer that accepts and drops; SMTP is section
  // `outbox`), so the sections after this one find the outbox as a server would leave it.
  log(`... cohort: delivering the ${emailsQueued} queued emails (untimed)`);
  const notifications = { ...deps.notifications, mailer: droppingMailer };
  while ((await deliverDue(notifications, 500)).sent > 0);
  return {
    size,
    concurrency: CONCURRENCY,
    seconds,
    issued: Math.min(issued, enrolments.length),
    emailsQueued,
    portalNotices: await count('in_app', 'sent'),
    signedOnThread: threadCount(deps) - onThreadBefore,
    load,
    loopP99Ms: beyondTimer(loop.percentile(99)),
    loopMaxMs: beyondTimer(loop.max),
    rssMb: mb(memory.rss),
    peakRssMb: mb(Math.max(peakRss, memory.rss)),
    heapUsedMb: mb(memory.heapUsed),
    bareSignPerSecond: rate({ ops: before.ops + after.ops, ms: before.ms + after.ms }),
  };
}

/** The section's table. */
export function cohortTables(f: CohortFigures): Table[] {
  const bareSeconds = f.size / f.bareSignPerSecond;
  return [
    {
      title: `6c. A cohort of ${f.size.toLocaleString('en')} finishing together, end to end (2 cores: event loop + signing thread)`,
      headers: ['run', 'wall s', 'credentials/s', 'ms per credential', 'vs bare signing on one core'],
      rows: [
        [
          `ours: last events, ${f.concurrency} at a time -> certificates issued, emails queued`,
          f.seconds.toFixed(1),
          fmtRate(f.size / f.seconds),
          fmtMs((f.seconds * 1000) / f.size),
          `${(f.seconds / bareSeconds).toFixed(2)}x`,
        ],
        [
          'baseline: bare eddsa-rdfc-2022 signing of as many, one core (before + after)',
          bareSeconds.toFixed(1),
          fmtRate(f.bareSignPerSecond),
          fmtMs(1000 / f.bareSignPerSecond),
          '1.00x',
        ],
      ],
      notes: [
        `${f.issued} issued; ${f.emailsQueued} certificate emails queued in the outbox for the delivery worker; ${f.portalNotices} portal notices posted; ${f.signedOnThread} of the signatures made on the signing thread, the rest on the event loop`,
        `event-loop delay while it ran (beyond the ${LOOP_RESOLUTION_MS} ms timer): p99 ${fmtMs(f.loopP99Ms)} ms, max ${fmtMs(f.loopMaxMs)} ms`,
        `memory after: RSS ${f.rssMb.toFixed(0)} MB (peak ${f.peakRssMb.toFixed(0)} MB), JS heap used ${f.heapUsedMb.toFixed(0)} MB`,
        `CPU: ${fmtLoad(f.load)} of 2 cores${isContaminated(f.load) ? ' (UNRELIABLE: other processes took over 10%)' : ''}`,
      ],
    },
  ];
}

/** Checks: everyone issued exactly once with their email queued, in time, without holding the event loop. */
export function cohortVerdicts(f: CohortFigures): Verdict[] {
  const limit = (f.size * COHORT_MS_PER_PARTICIPANT) / 1000;
  return [
    {
      ok: f.issued === f.size && f.emailsQueued === f.size,
      text: `cohort: all ${f.size} issued once (${f.issued}) with their certificate emails queued (${f.emailsQueued})`,
    },
    {
      ok: f.seconds < limit,
      text: `cohort of ${f.size} end to end in under ${limit.toFixed(0)} s on 2 cores (${f.seconds.toFixed(1)} s)`,
    },
    {
      ok: f.loopMaxMs < 50,
      text: `cohort: the event loop never held over 50 ms (max ${fmtMs(f.loopMaxMs)} ms)`,
    },
  ];
}
