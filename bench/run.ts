/**
 * `npm run bench`: issuance and verification on one core against the pristine library
 * calls (in a process of their own), batch issuance on every core against one worker, a
 * CPU profile of our issue and verify paths, certificate rendering (section `render`),
 * and a record of it all appended to bench/RESULTS.md. Everything runs in a temp directory
 * (own keys, own SQLite file) that is removed at the end. Settings come from the
 * environment; see bench/README.md.
 */
import { existsSync } from 'node:fs';
import os from 'node:os';
import type { AppDeps } from '../src/deps.js';
import { benchIssueSuite, credentialTemplate, SUITES, type IssueFigures } from './issueBench.js';
import { benchVerifySuite, type VerifyFigures } from './verifyBench.js';
import { withPristine } from './pristineBaseline.js';
import { measureScaling } from './batchBench.js';
import { closePool, startPool, type WorkerPool } from './workerPool.js';
import type { WorkerSetup } from './workerProtocol.js';
import { countStore, storeProblems, verifyNewest } from './storeCheck.js';
import { profileOperation, type CostCentre } from './profile.js';
import {
  batchTable,
  batchTimingTable,
  issueTable,
  profileTable,
  shareOf,
  verdicts,
  verifyTable,
  type BatchFigures,
} from './report.js';
import { appendResults } from './results.js';
import { renderText, type Table } from './format.js';
import {
  createBenchDeps,
  envInt,
  importSigningKey,
  machineInfo,
  makeBenchRoot,
  removeBenchRoot,
  sourceState,
  describeFs,
} from './setup.js';
import { issueCredential } from '../src/credentials/issueCredential.js';
import { verifyCredential } from '../src/verification/verifyCredential.js';
import { openBadgeRequest } from '../test/fixtures/credentials.js';
import { nowMs } from './stats.js';
import { benchRender, renderTables, renderVerdicts } from './renderBench.js';
import { benchPrograms, programTables, programVerdicts } from './programBench.js';
import { benchCohort, cohortTables, cohortVerdicts } from './cohortBench.js';
import { benchOutbox, outboxTables, outboxVerdicts } from './outboxBench.js';
import { benchMessaging, messagingTables, messagingVerdicts } from './messagingBench.js';
import { benchHttp, httpTables, httpVerdicts } from './httpBench.js';
import { benchHostile, hostileTables, hostileVerdicts } from './hostileBench.js';

const settings = {
  BENCH_SECONDS: envInt('BENCH_SECONDS', 3),
  BENCH_BATCH: envInt('BENCH_BATCH', 10_000),
  BENCH_SINGLE: Math.min(envInt('BENCH_SINGLE', 2_000), envInt('BENCH_BATCH', 10_000)),
  BENCH_WORKERS: envInt('BENCH_WORKERS', os.availableParallelism()),
  BENCH_PROGRAM_BATCH: envInt('BENCH_PROGRAM_BATCH', 10_000),
  BENCH_OUTBOX_SEND: envInt('BENCH_OUTBOX_SEND', 2_000),
  BENCH_MESSAGES_SMALL: envInt('BENCH_MESSAGES_SMALL', 100_000),
  BENCH_MESSAGES_LARGE: envInt('BENCH_MESSAGES_LARGE', 1_000_000),
  BENCH_HOSTILE_SECONDS: envInt('BENCH_HOSTILE_SECONDS', 15),
};
const SECTIONS = [
  'issue',
  'verify',
  'batch',
  'profile',
  'render',
  'programs',
  'cohort',
  'outbox',
  'messaging',
  'http',
  'hostile',
];
const only = new Set((process.env.BENCH_ONLY ?? SECTIONS.join(',')).split(',').map((s) => s.trim()));
const record = process.env.BENCH_RECORD !== '0';

function show(table: Table): void {
  console.log(renderText(table));
}

async function batchFigures(root: string, deps: AppDeps): Promise<BatchFigures> {
  const suite = SUITES[0]!;
  const {
    BENCH_SECONDS: seconds,
    BENCH_WORKERS: workers,
    BENCH_BATCH: batch,
    BENCH_SINGLE: single,
  } = settings;
  const template = await credentialTemplate(deps, suite);
  const setup = { suite, template, warmupMs: 1500 };
  const before = countStore(root).issued;
  console.log(`\n... batch: starting ${workers} workers over one SQLite file (createDeps + warm-up each)`);
  const pool = await startPool({ ...setup, root }, workers);
  let shm: Awaited<ReturnType<typeof tmpfsPool>>;
  try {
    shm = await tmpfsPool(setup, workers);
    const log = (line: string) => console.log(line);
    const perRound = (seconds * 1000) / 3;
    console.log(
      `... scaling ceilings: pure-CPU loop and plain vc.issue, 3 rounds of ${(perRound / 1000).toFixed(1)} s on 1 and on ${workers} workers`,
    );
    const [spin, plain] = await measureScaling(
      [
        { name: 'pure-CPU loop', pool, mode: 'spin', durationMs: perRound },
        { name: 'plain vc.issue', pool, mode: 'plain', durationMs: perRound },
      ],
      3,
      log,
    );
    const n = Math.min(1000, single);
    console.log(
      `... ours: ${single} credentials on 1 worker and ${batch} on ${workers}, in 5 alternating rounds${shm ? `; tmpfs: ${n} and ${n * workers}` : ''}`,
    );
    const [ours, tmpfs] = await measureScaling(
      [
        { name: 'ours', pool, mode: 'ours', singleCount: single, batchCount: batch },
        ...(shm
          ? [
              {
                name: 'ours on tmpfs',
                pool: shm.pool,
                mode: 'ours' as const,
                singleCount: n,
                batchCount: n * workers,
              },
            ]
          : []),
      ],
      5,
      log,
    );
    const problems = storeProblems(
      countStore(root),
      before + pool.warmed + ours!.single.ops + ours!.parallel.ops,
    );
    problems.push(
      ...(await verifyNewest(root, deps)),
      ...ours!.single.errors.slice(0, 3),
      ...ours!.parallel.errors.slice(0, 3),
    );
    return {
      suite,
      spin: spin!,
      plain: plain!,
      ours: ours!,
      tmpfs,
      startupMs: pool.startupMs,
      warmed: pool.warmed,
      problems,
    };
  } finally {
    await closePool(pool);
    if (shm) {
      await closePool(shm.pool);
      await removeBenchRoot(shm.root);
    }
  }
}

/**
 * A second pool with its SQLite file in RAM (/dev/shm), for the diagnostic: if the batch
 * scales there but not on disk, disk writes, not locking or our code, hold it back.
 */
async function tmpfsPool(
  setup: Omit<WorkerSetup, 'root'>,
  workers: number,
): Promise<{ root: string; pool: WorkerPool } | undefined> {
  if (process.env.BENCH_TMPFS === '0' || !existsSync('/dev/shm') || os.tmpdir().startsWith('/dev/shm'))
    return undefined;
  const root = await makeBenchRoot('/dev/shm');
  try {
    await (await createBenchDeps(root)).stores.close();
    return { root, pool: await startPool({ ...setup, root }, workers) };
  } catch (error) {
    await removeBenchRoot(root);
    throw error;
  }
}

function costParagraph(issue: CostCentre[], verify: CostCentre[], figs: IssueFigures[]): string {
  if (issue.length === 0) return 'Not profiled in this run (BENCH_ONLY without "profile").';
  const pct = (centres: CostCentre[], re: RegExp) => `${(shareOf(centres, re) * 100).toFixed(0)}%`;
  const eddsa = figs.find((f) => f.suite === 'eddsa-rdfc-2022');
  const ours = /SQLite|Ajv|shuffle|our code \(src/;
  return [
    `CPU profile of our eddsa-rdfc-2022 issuance (V8 sampler; self time attributed to the innermost stage):`,
    `JSON-LD processing takes ${pct(issue, /^JSON-LD/)} (active-context cloning ${pct(issue, /cloning/)}, other context processing ${pct(issue, /other context/)},`,
    `expand.js itself ${pct(issue, /expansion/)}, toRDF ${pct(issue, /toRDF/)}), garbage collection ${pct(issue, /garbage/)},`,
    `RDFC-1.0 ${pct(issue, /RDFC/)}, Ed25519 signing ${pct(issue, /Ed25519/)} (key import ${pct(issue, /key import/)}).`,
    `What our path adds is ${pct(issue, ours)}: SQLite reserve + markIssued with their JSON (de)serialisation ${pct(issue, /SQLite/)},`,
    `Ajv ${pct(issue, /Ajv/)}, status-index shuffle ${pct(issue, /shuffle/)}` +
      (eddsa
        ? `, consistent with the measured ${(eddsa.costRatio / eddsa.plainRatio).toFixed(2)}x over vc.issue in our process (and ${eddsa.costRatio.toFixed(2)}x the pristine library's cost).`
        : '.'),
    verify.length
      ? `Verification: JSON-LD ${pct(verify, /^JSON-LD/)} (context cloning ${pct(verify, /cloning/)}), GC ${pct(verify, /garbage/)}, Ed25519 ${pct(verify, /Ed25519/)} (key import ${pct(verify, /key import/)}), RDFC-1.0 ${pct(verify, /RDFC/)}; our status check (list decode ${pct(verify, /status list decode/)}, SQLite ${pct(verify, /SQLite/)}) and Ajv (${pct(verify, /Ajv/)}).`
      : '',
  ]
    .filter(Boolean)
    .join(' ');
}

async function main(): Promise<void> {
  const started = nowMs();
  const startedAt = new Date();
  const machine = machineInfo();
  const source = sourceState();
  console.log(
    `SayPro Credentials bench: ${machine.cpus} x ${machine.model}, Node ${machine.node}; source ${source}`,
  );
  console.log(
    `settings: ${JSON.stringify(settings)}${only.size < SECTIONS.length ? `, BENCH_ONLY=${[...only].join(',')}` : ''}`,
  );
  const root = await makeBenchRoot();
  const deps = await createBenchDeps(root);
  try {
    const keyPair = await importSigningKey(root, deps.identity.did);
    const tables: Table[] = [];
    const issue: IssueFigures[] = [];
    const verify: VerifyFigures[] = [];
    let batch: BatchFigures | undefined;
    let issueProfile: CostCentre[] = [];
    let verifyProfile: CostCentre[] = [];

    if (only.has('issue') || only.has('verify')) {
      // Sections 1 and 2 share one pristine-library process, pinned with this one to one CPU.
      await withPristine(keyPair, async (pristine) => {
        if (only.has('issue')) {
          for (const suite of SUITES)
            issue.push(await benchIssueSuite(deps, keyPair, pristine, suite, settings.BENCH_SECONDS));
          tables.push(issueTable(issue));
          show(tables.at(-1)!);
        }
        if (only.has('verify')) {
          for (const suite of SUITES)
            verify.push(await benchVerifySuite(deps, pristine, suite, settings.BENCH_SECONDS));
          tables.push(verifyTable(verify));
          show(tables.at(-1)!);
        }
      });
    }
    if (only.has('batch')) {
      batch = await batchFigures(root, deps);
      tables.push(batchTable(batch), batchTimingTable(batch));
      show(tables.at(-2)!);
      show(tables.at(-1)!);
    }
    if (only.has('profile')) {
      const { record: sample } = await issueCredential(deps.issue, openBadgeRequest());
      issueProfile = (
        await profileOperation(
          () => issueCredential(deps.issue, openBadgeRequest()),
          settings.BENCH_SECONDS * 1000,
        )
      ).centres;
      verifyProfile = (
        await profileOperation(
          () => verifyCredential(sample.credential, deps.verify),
          settings.BENCH_SECONDS * 1000,
        )
      ).centres;
      tables.push(profileTable('4a. Profile: our eddsa-rdfc-2022 issuance', issueProfile));
      tables.push(profileTable('4b. Profile: our eddsa-rdfc-2022 verification', verifyProfile));
      show(tables.at(-2)!);
      show(tables.at(-1)!);
    }

    const results = verdicts(issue, verify, batch);
    if (only.has('render')) {
      const figures = await benchRender(deps, settings.BENCH_SECONDS);
      for (const table of renderTables(figures)) {
        tables.push(table);
        show(table);
      }
      results.push(...renderVerdicts(figures));
    }
    if (only.has('programs')) {
      const figures = await benchPrograms(deps, settings.BENCH_SECONDS, (line) => console.log(line));
      for (const table of programTables(figures)) {
        tables.push(table);
        show(table);
      }
      results.push(...programVerdicts(figures));
    }
    if (only.has('cohort')) {
      const figures = await benchCohort(deps, settings.BENCH_PROGRAM_BATCH, (line) => console.log(line));
      for (const table of cohortTables(figures)) {
        tables.push(table);
        show(table);
      }
      results.push(...cohortVerdicts(figures));
    }
    if (only.has('outbox')) {
      const figures = await benchOutbox(deps, root, settings.BENCH_OUTBOX_SEND, (line) => console.log(line));
      for (const table of outboxTables(figures)) {
        tables.push(table);
        show(table);
      }
      results.push(...outboxVerdicts(figures));
    }
    if (only.has('messaging')) {
      const sizes = { small: settings.BENCH_MESSAGES_SMALL, large: settings.BENCH_MESSAGES_LARGE };
      const figures = await benchMessaging(deps, root, settings.BENCH_SECONDS, sizes, (line) =>
        console.log(line),
      );
      for (const table of messagingTables(figures)) {
        tables.push(table);
        show(table);
      }
      results.push(...messagingVerdicts(figures));
    }
    if (only.has('http')) {
      const figures = await benchHttp(settings.BENCH_SECONDS, (line) => console.log(line));
      for (const table of httpTables(figures)) {
        tables.push(table);
        show(table);
      }
      results.push(...httpVerdicts(figures));
    }
    if (only.has('hostile')) {
      const figures = await benchHostile(settings.BENCH_HOSTILE_SECONDS, (line) => console.log(line));
      for (const table of hostileTables(figures)) {
        tables.push(table);
        show(table);
      }
      results.push(...hostileVerdicts(figures));
    }
    console.log('\nTargets');
    for (const v of results) console.log(`  ${v.ok ? 'met   ' : 'MISSED'}  ${v.text}`);
    const paragraph = costParagraph(issueProfile, verifyProfile, issue);
    console.log(`\n${paragraph}`);
    if (record) {
      const durationS = (nowMs() - started) / 1000;
      const runSettings = {
        ...settings,
        ...(only.size < SECTIONS.length ? { BENCH_ONLY: [...only].join('+') } : {}),
      };
      const path = await appendResults({
        date: startedAt,
        machine,
        settings: runSettings,
        tables,
        verdicts: results,
        costParagraph: paragraph,
        durationS,
        source,
        dataDirFs: describeFs(os.tmpdir()),
      });
      console.log(`\nrecorded in ${path}`);
    }
  } finally {
    await deps.stores.close();
    await removeBenchRoot(root);
  }
}

await main();
