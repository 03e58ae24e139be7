/**
 * Section `programs`: automatic issuance, on one core. Two figures, each beside its
 * baseline from the same run, in alternating rounds:
 * - progress events per second through `recordProgress` (check against the course,
 *   enrol, record once, fold the participant's events, evaluate the criteria, write the
 *   verdict with a version check, note the day's activity) beside the bare `recordEvent`
 *   store call; no event completes the criteria, so no signing is included;
 * - participants issued end to end one at a time (each one's last event makes them
 *   eligible: evaluate, sign, store, mark issued, queue the certificate email; pictures
 *   are rendered lazily, on first view, so none here), as time per credential beside our
 *   issueCredential of the same credential alone and its bare signing.
 * The cohort on both cores is section `cohort` (cohortBench.ts).
 */
import type { AppDeps } from '../src/deps.js';
import { createCachedSigner, signCredentialsWith } from '../src/credentials/signCredential.js';
import type { Actor } from '../src/accounts/accountDeps.js';
import { newUser } from '../src/accounts/users.js';
import { recordConsents, CURRENT_TEXT_VERSIONS } from '../src/accounts/consents.js';
import { createBatch, createCourse } from '../src/programs/courses.js';
import { batchInput, courseInput } from '../src/programs/programSchemas.js';
import { recordProgress, type EventInput } from '../src/programs/enrolments.js';
import { programCredential } from '../src/programs/programCredential.js';
import { issueCredential } from '../src/credentials/issueCredential.js';
import type { BatchRecord, CourseRecord } from '../src/storage/ports.js';
import { fmtMs, fmtRate, fmtRatio, fmtSpread, type Table } from './format.js';
import { interleave, rate, roundCostRatios, warmUp } from './stats.js';
import type { Verdict } from './report.js';

const STAFF: Actor = { id: 'bench', label: 'bench', role: 'staff' };

/** What the section measured. */
export interface ProgramFigures {
  eventsPerSecond: number;
  recordEventPerSecond: number;
  eventRoundRatios: number[];
  /** Participants issued end to end during the timed rounds of 6b. */
  batchSize: number;
  msPerCredential: number;
  /** Our issueCredential of the same credential without the programme around it. */
  issueMs: number;
  bareSignMs: number;
  issued: number;
  /** Programme cost over issueCredential's, per round. */
  costRoundRatios: number[];
}

export async function setUp(
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

export async function participants(deps: AppDeps, tag: string, count: number): Promise<string[]> {
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

/** The programme's certificate for a bench participant, as issueEnrolment builds it. */
export function benchCredential(
  deps: AppDeps,
  batch: BatchRecord,
  course: CourseRecord,
): Record<string, unknown> {
  return programCredential({
    batch,
    course,
    participantName: 'Participant',
    publicUrl: deps.config.publicUrl,
    now: new Date(),
  });
}

/**
 * Bare eddsa-rdfc-2022 signing of that credential (fresh id each call) on this thread, as
 * the event loop signs: the baseline (the pooled signer may hand ours to its thread).
 */
export function bareSigning(deps: AppDeps, credential: Record<string, unknown>): () => Promise<unknown> {
  const sign = signCredentialsWith(createCachedSigner(deps.identity.keyPair), deps.documentLoader);
  return () =>
    sign(
      {
        ...credential,
        id: `urn:uuid:${crypto.randomUUID()}`,
        issuer: deps.identity.profile,
        validFrom: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
      },
      { suite: 'eddsa-rdfc-2022', date: new Date() },
    );
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

/**
 * One core, one participant at a time: the last event of the next participant (enrol,
 * record, evaluate, sign here, store, mark issued, queue the certificate email and post the
 * portal notice), beside our issueCredential of the same credential alone and the bare
 * signing of it, in alternating rounds.
 */
async function oneCoreRun(
  deps: AppDeps,
  seconds: number,
  size: number,
  log: (line: string) => void,
): Promise<
  Pick<
    ProgramFigures,
    'batchSize' | 'msPerCredential' | 'issueMs' | 'bareSignMs' | 'issued' | 'costRoundRatios'
  >
> {
  const { course, batch } = await setUp(deps, 'batch', 1);
  log(`... programs: creating ${size} participants`);
  const users = await participants(deps, 'batch', size);
  log(
    `... programs: the last event of each, one at a time, beside issueCredential alone (alternating rounds)`,
  );
  let next = 0;
  let issued = 0;
  const ours = async () => {
    const userId = users[next];
    if (userId === undefined)
      throw new Error(`the bench ran out of its ${size} participants: raise BENCH_PROGRAM_BATCH`);
    const { enrolment } = await recordProgress(deps.programs, {
      id: `done-${next++}`,
      batchId: batch.id,
      userId,
      type: 'module_completed',
      moduleId: 'm0',
      occurredAt: new Date().toISOString(),
      source: 'bench',
    });
    if (enrolment.status === 'issued') issued++;
  };
  const credential = benchCredential(deps, batch, course);
  const sign = bareSigning(deps, credential);
  let n = 0;
  const issue = () => issueCredential(deps.issue, credential, { idempotencyKey: `bench-plain-${++n}` });
  await warmUp(ours, 500);
  await warmUp(sign, 500);
  await warmUp(issue, 500);
  const warm = { ours: next, issued };
  // Alternating rounds, so drift on a shared machine hits the programme and its baselines alike.
  const rounds = await interleave({ ours, issue, sign }, { rounds: 5, msPerRound: (seconds * 1000) / 5 });
  return {
    batchSize: next - warm.ours,
    msPerCredential: 1000 / rate(rounds.ours),
    issueMs: 1000 / rate(rounds.issue),
    bareSignMs: 1000 / rate(rounds.sign),
    issued: issued - warm.issued,
    costRoundRatios: roundCostRatios(rounds.issue, rounds.ours),
  };
}

/**
 * Runs the section. No mail is sent while it is timed: the certificate emails wait in the
 * outbox for the delivery worker (the bench runs none), whose cost is section `outbox`.
 */
export async function benchPrograms(
  deps: AppDeps,
  seconds: number,
  log: (line: string) => void,
): Promise<ProgramFigures> {
  // Enough participants for the rounds at up to 800/s, with the warm-up.
  const participantsNeeded = Math.ceil(seconds * 800) + 1_000;
  return {
    ...(await eventRates(deps, seconds)),
    ...(await oneCoreRun(deps, seconds, participantsNeeded, log)),
  };
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
      title: '6b. The last event of a participant issued end to end, one at a time (alternating rounds)',
      headers: ['step', 'ms per credential', 'credentials/s', 'cost vs issueCredential', 'per round'],
      rows: [
        [
          'ours: last event -> evaluate -> sign -> store -> mark issued -> email queued',
          fmtMs(f.msPerCredential),
          fmtRate(1000 / f.msPerCredential),
          fmtRatio(f.msPerCredential / f.issueMs),
          fmtSpread(f.costRoundRatios),
        ],
        [
          'baseline: our issueCredential of the same credential alone',
          fmtMs(f.issueMs),
          fmtRate(1000 / f.issueMs),
          '1.00x',
          '',
        ],
        [
          'baseline: bare eddsa-rdfc-2022 signing of the same credential',
          fmtMs(f.bareSignMs),
          fmtRate(1000 / f.bareSignMs),
          fmtRatio(f.bareSignMs / f.issueMs),
          '',
        ],
      ],
      notes: [
        `${f.issued} of ${f.batchSize} participants issued during the rounds; each of them enrolled, recorded, evaluated, signed, stored, marked issued, with the certificate email queued for the delivery worker and the portal notice posted`,
        'the programme layer around issueCredential: events, criteria, consent, enrolment state, badge content, the notices',
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
      text: `one core: every participant of the rounds issued exactly once (${f.issued} of ${f.batchSize})`,
    },
    {
      ok: f.msPerCredential <= 1.5 * f.issueMs,
      text: `end-to-end issuance within 1.5x our issueCredential alone (${fmtRatio(f.msPerCredential / f.issueMs)})`,
    },
  ];
}
