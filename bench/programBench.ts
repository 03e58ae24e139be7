/**
 * Section `programs`: automatic issuance. Two figures, each beside its baseline from the
 * same run:
 * - progress events per second through `recordProgress` (check against the course,
 *   enrol, record once, fold the participant's events, evaluate the criteria, write the
 *   verdict with a version check) beside the bare `recordEvent` store call, in
 *   alternating rounds; no event completes the criteria, so no signing is included;
 * - a batch of BENCH_PROGRAM_BATCH participants issued end to end (each participant's
 *   last event makes them eligible: evaluate, sign, store, mark issued; pictures are
 *   rendered lazily, on first view, so none here; the certificate email is composed and
 *   sent at once, to the development outbox), as time per credential beside the
 *   bare signing cost of the same credential (`deps.issue.sign`) measured right after.
 */
import type { AppDeps } from '../src/deps.js';
import type { Actor } from '../src/accounts/accountDeps.js';
import { newUser } from '../src/accounts/users.js';
import { recordConsents, CURRENT_TEXT_VERSIONS } from '../src/accounts/consents.js';
import { createBatch, createCourse } from '../src/programs/courses.js';
import { batchInput, courseInput } from '../src/programs/programSchemas.js';
import { recordProgress, type EventInput } from '../src/programs/enrolments.js';
import { programCredential } from '../src/programs/programCredential.js';
import { issueCredential } from '../src/credentials/issueCredential.js';
import type { BatchRecord, CourseRecord } from '../src/storage/ports.js';
import { fmtMs, fmtRate, fmtRatio, type Table } from './format.js';
import { interleave, nowMs, rate, warmUp } from './stats.js';
import type { Verdict } from './report.js';

const STAFF: Actor = { id: 'bench', label: 'bench', role: 'staff' };

/** What the section measured. */
export interface ProgramFigures {
  eventsPerSecond: number;
  recordEventPerSecond: number;
  eventRoundRatios: number[];
  batchSize: number;
  batchSeconds: number;
  msPerCredential: number;
  /** Our issueCredential of the same credential without the programme around it. */
  issueMs: number;
  bareSignMs: number;
  issued: number;
}

async function setUp(
  deps: AppDeps,
  tag: string,
  modules: number,
): Promise<{ course: CourseRecord; batch: BatchRecord }> {
  const course = await createCourse(
    deps.programs,
    STAFF,
    courseInput.parse({
      id: `bench-${tag}`,
      title: 'Bench course',
      modules: Array.from({ length: modules }, (_, i) => ({ id: `m${i}`, title: `Module ${i}` })),
    }),
  );
  const batch = await createBatch(
    deps.programs,
    STAFF,
    batchInput.parse({
      id: `bench-${tag}-batch`,
      courseId: course.id,
      name: 'Bench batch',
      achievement: { name: 'Bench certificate', criteriaNarrative: 'All modules' },
    }),
  );
  return { course, batch };
}

async function participants(deps: AppDeps, tag: string, count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const user = newUser(
      { email: `${tag}-${i}@bench.example`, name: `Participant ${i}`, role: 'participant' },
      deps.now(),
    );
    await deps.stores.users.create(user);
    await recordConsents(deps.accounts, user.id, [
      { kind: 'name_on_certificate', granted: true, textVersion: CURRENT_TEXT_VERSIONS.name_on_certificate },
    ]);
    ids.push(user.id);
  }
  return ids;
}

/** Events that never complete a 150-module course (m149 never comes), spread over 200 participants. */
async function eventRates(
  deps: AppDeps,
  seconds: number,
): Promise<Pick<ProgramFigures, 'eventsPerSecond' | 'recordEventPerSecond' | 'eventRoundRatios'>> {
  const { batch } = await setUp(deps, 'events', 150);
  const users = await participants(deps, 'events', 200);
  let n = 0;
  const event = (): EventInput => {
    n++;
    return {
      id: `ev-${n}`,
      batchId: batch.id,
      userId: users[n % users.length]!,
      type: 'module_completed',
      moduleId: `m${Math.floor(n / users.length) % 149}`,
      occurredAt: new Date().toISOString(),
      source: 'bench',
    };
  };
  const ours = () => recordProgress(deps.programs, event());
  const bare = () => deps.stores.enrolments.recordEvent({ ...event(), recordedAt: new Date().toISOString() });
  await warmUp(ours);
  await warmUp(bare);
  const rounds = 5;
  const result = await interleave({ ours, bare }, { rounds, msPerRound: (seconds * 1000) / rounds });
  return {
    eventsPerSecond: rate(result.ours),
    recordEventPerSecond: rate(result.bare),
    eventRoundRatios: result.bare.roundRates.map((r, i) => r / (result.ours.roundRates[i] ?? NaN)),
  };
}

/** The batch issued end to end, then the bare signing cost of the same credential. */
async function batchRun(
  deps: AppDeps,
  size: number,
  log: (line: string) => void,
): Promise<
  Pick<ProgramFigures, 'batchSize' | 'batchSeconds' | 'msPerCredential' | 'issueMs' | 'bareSignMs' | 'issued'>
> {
  const { course, batch } = await setUp(deps, 'batch', 1);
  log(`... programs: creating ${size} participants`);
  const users = await participants(deps, 'batch', size);
  log(`... programs: issuing a batch of ${size} end to end`);
  const started = nowMs();
  let issued = 0;
  for (const [i, userId] of users.entries()) {
    const { enrolment } = await recordProgress(deps.programs, {
      id: `done-${i}`,
      batchId: batch.id,
      userId,
      type: 'module_completed',
      moduleId: 'm0',
      occurredAt: new Date().toISOString(),
      source: 'bench',
    });
    if (enrolment.status === 'issued') issued++;
    if ((i + 1) % Math.max(1, Math.floor(size / 10)) === 0) log(`    ${i + 1}/${size}`);
  }
  const batchMs = nowMs() - started;
  const credential = programCredential({
    batch,
    course,
    participantName: 'Participant',
    publicUrl: deps.config.publicUrl,
    now: new Date(),
  });
  const sign = () =>
    deps.issue.sign(
      {
        ...credential,
        id: `urn:uuid:${crypto.randomUUID()}`,
        issuer: deps.identity.profile,
        validFrom: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
      },
      { suite: 'eddsa-rdfc-2022', date: new Date() },
    );
  let n = 0;
  const issue = () => issueCredential(deps.issue, credential, { idempotencyKey: `bench-plain-${++n}` });
  await warmUp(sign, 500);
  await warmUp(issue, 500);
  // Alternating rounds, so drift on a shared machine hits both baselines alike.
  const rounds = await interleave({ sign, issue }, { rounds: 4, msPerRound: 1500 });
  return {
    batchSize: size,
    batchSeconds: batchMs / 1000,
    msPerCredential: batchMs / size,
    issueMs: 1000 / rate(rounds.issue),
    bareSignMs: 1000 / rate(rounds.sign),
    issued,
  };
}

/**
 * Runs the section. The participant emails are left out (a mailer that accepts and
 * drops): in the server they go to SMTP, whose cost is measured with the outbox, not
 * here, and the development outbox would write 10,000 files into the measurement.
 */
export async function benchPrograms(
  deps: AppDeps,
  seconds: number,
  batchSize: number,
  log: (line: string) => void,
): Promise<ProgramFigures> {
  const mailer = {
    send: async () => ({ messageId: 'bench', accepted: [], rejected: [] }),
    close: async () => {},
  };
  const quiet: AppDeps = {
    ...deps,
    programs: { ...deps.programs, notifications: { ...deps.programs.notifications, mailer } },
  };
  return { ...(await eventRates(quiet, seconds)), ...(await batchRun(quiet, batchSize, log)) };
}

/** The section's tables. */
export function programTables(f: ProgramFigures): Table[] {
  return [
    {
      title: '6a. Progress events per second (one core)',
      headers: ['path', 'events/s', 'cost vs bare store call'],
      rows: [
        [
          'recordProgress (check, enrol, record, fold, evaluate, versioned write)',
          fmtRate(f.eventsPerSecond),
          fmtRatio(f.recordEventPerSecond / f.eventsPerSecond),
        ],
        ['baseline: bare recordEvent (one INSERT)', fmtRate(f.recordEventPerSecond), '1.00x'],
      ],
      notes: [`per-round cost ratios: ${f.eventRoundRatios.map((r) => r.toFixed(2)).join(', ')}`],
    },
    {
      title: `6b. A batch of ${f.batchSize} issued end to end (one core)`,
      headers: ['step', 'ms per credential', 'credentials/s'],
      rows: [
        [
          'ours: last event -> evaluate -> sign -> store -> mark issued',
          fmtMs(f.msPerCredential),
          fmtRate(1000 / f.msPerCredential),
        ],
        [
          'baseline: our issueCredential of the same credential alone',
          fmtMs(f.issueMs),
          fmtRate(1000 / f.issueMs),
        ],
        [
          'baseline: bare eddsa-rdfc-2022 signing of the same credential',
          fmtMs(f.bareSignMs),
          fmtRate(1000 / f.bareSignMs),
        ],
      ],
      notes: [
        `${f.issued} of ${f.batchSize} issued in ${f.batchSeconds.toFixed(1)} s`,
        `the programme layer (events, criteria, consent, enrolment state, and the certificate email composed and sent at once: here nodemailer writing the development outbox) costs ${fmtRatio(f.msPerCredential / f.issueMs)} of issueCredential alone; all of it ${fmtRatio(f.msPerCredential / f.bareSignMs)} of bare signing`,
      ],
    },
  ];
}

/**
 * Checks: every participant got a certificate; the programme layer adds at most half
 * again to issuing the credential (signing, inherent to both, dominates).
 */
export function programVerdicts(f: ProgramFigures): Verdict[] {
  return [
    {
      ok: f.issued === f.batchSize,
      text: `batch of ${f.batchSize}: every participant issued exactly once (${f.issued})`,
    },
    {
      ok: f.msPerCredential <= 1.5 * f.issueMs,
      text: `end-to-end issuance within 1.5x our issueCredential alone (${fmtRatio(f.msPerCredential / f.issueMs)})`,
    },
  ];
}
