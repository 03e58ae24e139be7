/**
 * Figure 2, single-core verification per suite: our `verifyCredential` (structure,
 * contexts, DID, proof, validity, status against our own list, schema) against the
 * plain `vc.verifyCredential` with the same verifier suites and offline loader. The
 * plain call is given a no-op `checkStatus` (it insists on one when a credential has
 * `credentialStatus`), so the ratio includes our whole status check. Both verify the
 * same pool of credentials issued through our path, in alternating rounds.
 */
import * as vc from '@digitalbazaar/vc';
import type { AppDeps } from '../src/deps.js';
import { issueCredential } from '../src/credentials/issueCredential.js';
import type { ProofSuiteName } from '../src/credentials/signCredential.js';
import { verifierSuites } from '../src/verification/checkProof.js';
import { verifyCredential } from '../src/verification/verifyCredential.js';
import { openBadgeRequest } from '../test/fixtures/credentials.js';
import { meterCpu, type CpuLoad } from './cpuLoad.js';
import { interleave, percentile, rate, roundCostRatios, warmUp, type RoundedSample } from './stats.js';

/** Target: median latency of our verification, in ms. */
export const VERIFY_P50_TARGET_MS = 10;

/** How many distinct credentials each contender cycles through. */
const POOL_SIZE = 16;

/** One suite's verification figures. */
export interface VerifyFigures {
  suite: ProofSuiteName;
  plain: RoundedSample;
  ours: RoundedSample;
  costRatio: number;
  roundRatios: number[];
  /** The machine's CPU during the timed rounds. */
  load: CpuLoad;
  p50: number;
  p95: number;
  plainP50: number;
  plainP95: number;
}

/** Cycles through a pool, one item per call. */
function cycle<T>(items: T[]): () => T {
  let i = 0;
  return () => items[i++ % items.length]!;
}

/** Issues a pool of credentials and checks both verifiers accept them before timing. */
async function credentialPool(deps: AppDeps, suite: ProofSuiteName): Promise<Record<string, unknown>[]> {
  const pool: Record<string, unknown>[] = [];
  for (let i = 0; i < POOL_SIZE; i++) {
    const { record } = await issueCredential(deps.issue, openBadgeRequest(), { suite });
    pool.push(record.credential!);
  }
  const ours = await verifyCredential(pool[0], deps.verify);
  if (!ours.verified)
    throw new Error(`verifyCredential rejected a fresh ${suite} credential: ${JSON.stringify(ours)}`);
  const plain = await plainVerify(deps)(pool[0]!);
  if (!plain.verified)
    throw new Error(
      `vc.verifyCredential rejected a fresh ${suite} credential: ${JSON.stringify(plain.error ?? plain)}`,
    );
  return pool;
}

/** The plain library verification with our verifier suites and loader. */
function plainVerify(deps: AppDeps) {
  return (credential: Record<string, unknown>) =>
    vc.verifyCredential({
      credential,
      suite: verifierSuites(),
      documentLoader: deps.documentLoader,
      checkStatus: async () => ({ verified: true }),
    });
}

/** Measures one suite: warm-up (which also signs and caches our status list), then rounds. */
export async function benchVerifySuite(
  deps: AppDeps,
  suite: ProofSuiteName,
  seconds: number,
): Promise<VerifyFigures> {
  const pool = await credentialPool(deps, suite);
  const nextOurs = cycle(pool);
  const nextPlain = cycle(pool);
  const plain = plainVerify(deps);
  const contenders = {
    plain: () => plain(nextPlain()),
    ours: () => verifyCredential(nextOurs(), deps.verify),
  };
  for (const fn of Object.values(contenders)) await warmUp(fn);
  const rounds = 10;
  const stopMeter = meterCpu();
  const result = await interleave(contenders, { rounds, msPerRound: (seconds * 1000) / rounds });
  const load = stopMeter();
  return {
    suite,
    ...result,
    load,
    costRatio: rate(result.plain) / rate(result.ours),
    roundRatios: roundCostRatios(result.plain, result.ours),
    p50: percentile(result.ours.latencies, 50),
    p95: percentile(result.ours.latencies, 95),
    plainP50: percentile(result.plain.latencies, 50),
    plainP95: percentile(result.plain.latencies, 95),
  };
}
