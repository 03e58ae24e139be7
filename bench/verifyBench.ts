/**
 * Figure 2, single-core verification per suite, in alternating rounds on one pinned CPU:
 * our `verifyCredential` (structure, contexts, DID, proof, validity, status against our own
 * list, schema) against the pristine library: `vc.verifyCredential` with the library's own
 * suites in a process that never imports src/ (pristineLibrary.mjs); beside it, as a
 * diagnostic, the same library call in this process, where createDeps has sped jsonld up.
 * The library calls get a no-op `checkStatus` (the library insists on one when a credential
 * has `credentialStatus`), so the ratio includes our whole status check. All verify the
 * same pool of credentials issued through our path.
 */
import * as vc from '@digitalbazaar/vc';
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { cryptosuite as eddsaRdfc2022 } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import { Ed25519Signature2020 } from '@digitalbazaar/ed25519-signature-2020';
import type { AppDeps } from '../src/deps.js';
import { issueCredential } from '../src/credentials/issueCredential.js';
import type { ProofSuiteName } from '../src/credentials/signCredential.js';
import { verifyCredential } from '../src/verification/verifyCredential.js';
import { openBadgeRequest } from '../test/fixtures/credentials.js';
import { meterCpu, type CpuLoad } from './cpuLoad.js';
import { withChildCpu, type Pristine } from './pristineBaseline.js';
import {
  interleaveRounds,
  nowMs,
  percentile,
  rate,
  roundCostRatios,
  runFor,
  warmUp,
  type RoundedSample,
} from './stats.js';

/** Target: median latency of our verification, in ms. */
export const VERIFY_P50_TARGET_MS = 10;

/** How many distinct credentials each contender cycles through. */
const POOL_SIZE = 16;

/** One suite's verification figures. */
export interface VerifyFigures {
  suite: ProofSuiteName;
  /** vc.verifyCredential in the pristine process. */
  pristine: RoundedSample;
  /** vc.verifyCredential in this process (jsonld sped up by createDeps). */
  plain: RoundedSample;
  ours: RoundedSample;
  /** Our cost per verification over the pristine library's (pristine rate / our rate). */
  costRatio: number;
  roundRatios: number[];
  /** The in-process library call's cost over the pristine one's. */
  plainRatio: number;
  /** The machine's CPU during the timed rounds (the child's time counted as ours). */
  load: CpuLoad;
  placement: string;
  p50: number;
  p95: number;
  pristineP50: number;
  pristineP95: number;
  plainP50: number;
  plainP95: number;
}

/** Cycles through a pool, one item per call. */
function cycle<T>(items: T[]): () => T {
  let i = 0;
  return () => items[i++ % items.length]!;
}

/** The library verification, with the library's own suites, in this process. */
async function plainVerify(deps: AppDeps, credential: Record<string, unknown>) {
  const result = await vc.verifyCredential({
    credential,
    suite: [new DataIntegrityProof({ cryptosuite: eddsaRdfc2022 }), new Ed25519Signature2020()],
    documentLoader: deps.documentLoader,
    checkStatus: async () => ({ verified: true }),
  });
  if (!result.verified)
    throw new Error(`vc.verifyCredential rejected a credential: ${JSON.stringify(result.error ?? result)}`);
}

/** Issues a pool of credentials and checks our verifier and the in-process library accept them. */
async function credentialPool(deps: AppDeps, suite: ProofSuiteName): Promise<Record<string, unknown>[]> {
  const pool: Record<string, unknown>[] = [];
  for (let i = 0; i < POOL_SIZE; i++) {
    const { record } = await issueCredential(deps.issue, openBadgeRequest(), { suite });
    pool.push(record.credential!);
  }
  const ours = await verifyCredential(pool[0], deps.verify);
  if (!ours.verified)
    throw new Error(`verifyCredential rejected a fresh ${suite} credential: ${JSON.stringify(ours)}`);
  await plainVerify(deps, pool[0]!);
  return pool;
}

/**
 * Measures one suite: the pristine process first verifies every credential of the pool
 * (failing loudly otherwise) and warms up, then alternating rounds.
 */
export async function benchVerifySuite(
  deps: AppDeps,
  pristine: Pristine,
  suite: ProofSuiteName,
  seconds: number,
): Promise<VerifyFigures> {
  const pool = await credentialPool(deps, suite);
  await pristine.expectVerifies(pool[0], `a ${suite} credential issueCredential signed`);
  await pristine.prepare({ kind: 'verify', suite, pool, warmupMs: 1500 });
  const nextOurs = cycle(pool);
  const nextPlain = cycle(pool);
  const contenders = {
    plain: () => plainVerify(deps, nextPlain()),
    ours: () => verifyCredential(nextOurs(), deps.verify),
  };
  for (const fn of Object.values(contenders)) await warmUp(fn);
  const rounds = 10;
  const stopMeter = meterCpu();
  const started = nowMs();
  const childCpu = pristine.cpuMs;
  const result = await interleaveRounds(
    {
      pristine: (ms: number) => pristine.round(ms),
      plain: (ms: number) => runFor(contenders.plain, { ms }),
      ours: (ms: number) => runFor(contenders.ours, { ms }),
    },
    { rounds, msPerRound: (seconds * 1000) / rounds },
  );
  const load = withChildCpu(stopMeter(), pristine.cpuMs - childCpu, nowMs() - started);
  return {
    suite,
    ...result,
    load,
    placement: pristine.placement,
    costRatio: rate(result.pristine) / rate(result.ours),
    roundRatios: roundCostRatios(result.pristine, result.ours),
    plainRatio: rate(result.pristine) / rate(result.plain),
    p50: percentile(result.ours.latencies, 50),
    p95: percentile(result.ours.latencies, 95),
    pristineP50: percentile(result.pristine.latencies, 50),
    pristineP95: percentile(result.pristine.latencies, 95),
    plainP50: percentile(result.plain.latencies, 50),
    plainP95: percentile(result.plain.latencies, 95),
  };
}
