/**
 * Figure 1, single-core issuance per suite, four contenders measured in alternating rounds
 * on one pinned CPU: (a) a raw node:crypto Ed25519 sign of ~1 KB (what the machine can
 * sign at all), (b) the pristine library: `vc.issue` in its own process that never imports
 * src/ (pristineLibrary.mjs), with the same key, contexts and credential shape, (c) the
 * same `vc.issue` in this process, where createDeps has sped jsonld up (a diagnostic: how
 * much of the gap is our jsonld patch), (d) our `issueCredential` through the SQLite store.
 * (d) over (b) is the headline: what our path costs against what a library user gets.
 */
import crypto, { randomUUID } from 'node:crypto';
import * as vc from '@digitalbazaar/vc';
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { cryptosuite as eddsaRdfc2022 } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import { Ed25519Signature2020 } from '@digitalbazaar/ed25519-signature-2020';
import type { Ed25519MultikeyKeyPair } from '@digitalbazaar/ed25519-multikey';
import type { AppDeps } from '../src/deps.js';
import { issueCredential } from '../src/credentials/issueCredential.js';
import { contextsForSuite, type ProofSuiteName } from '../src/credentials/signCredential.js';
import { verifyCredential } from '../src/verification/verifyCredential.js';
import { openBadgeRequest } from '../test/fixtures/credentials.js';
import { meterCpu, type CpuLoad } from './cpuLoad.js';
import { withChildCpu, type Pristine } from './pristineBaseline.js';
import {
  interleaveRounds,
  nowMs,
  rate,
  roundCostRatios,
  runFor,
  warmUp,
  type Operation,
  type RoundedSample,
} from './stats.js';

/** The suites benchmarked, default first. */
export const SUITES: ProofSuiteName[] = ['eddsa-rdfc-2022', 'Ed25519Signature2020'];

/** Target: our issuance costs at most this many times the plain library call. */
export const ISSUE_COST_TARGET = 1.3;

/** One suite's issuance figures. */
export interface IssueFigures {
  suite: ProofSuiteName;
  raw: RoundedSample;
  /** vc.issue in the pristine process. */
  pristine: RoundedSample;
  /** vc.issue in this process (jsonld sped up by createDeps). */
  plain: RoundedSample;
  ours: RoundedSample;
  /** Our cost per credential over the pristine library's (pristine rate / our rate). */
  costRatio: number;
  roundRatios: number[];
  /** The in-process library call's cost over the pristine one's. */
  plainRatio: number;
  /** The machine's CPU during the timed rounds (the child's time counted as ours). */
  load: CpuLoad;
  /** Where the two processes ran. */
  placement: string;
}

/** A fresh suite for the plain library call, as digitalbazaar's README shows. */
export function plainSuite(keyPair: Ed25519MultikeyKeyPair, suite: ProofSuiteName): unknown {
  const signer = keyPair.signer();
  return suite === 'Ed25519Signature2020'
    ? new Ed25519Signature2020({ signer })
    : new DataIntegrityProof({ signer, cryptosuite: eddsaRdfc2022 });
}

/**
 * The credential our path signs (issuer Profile, schema, status entry, certificate
 * number), taken from a real issuance without its proof, so the library calls sign
 * exactly the same shape. Each use gets a new id. (The store keeps no unsigned copy of
 * an issued credential: the signed one minus its proof is that copy.)
 */
export async function credentialTemplate(
  deps: AppDeps,
  suite: ProofSuiteName,
): Promise<Record<string, unknown>> {
  const { record } = await issueCredential(deps.issue, openBadgeRequest(), { suite });
  if (!record.credential) throw new Error('issueCredential returned a record without its credential');
  const { proof: _proof, ...unsigned } = record.credential;
  return { ...unsigned, '@context': contextsForSuite(unsigned['@context'] as unknown[], suite) };
}

/** Builds the plain `vc.issue` operation for a suite over a template. */
export function plainIssue(
  deps: AppDeps,
  keyPair: Ed25519MultikeyKeyPair,
  suite: ProofSuiteName,
  template: Record<string, unknown>,
) {
  return () =>
    vc.issue({
      credential: { ...structuredClone(template), id: `urn:uuid:${randomUUID()}` },
      suite: plainSuite(keyPair, suite),
      documentLoader: deps.documentLoader,
    });
}

/** Runs a local operation as a round runner. */
const local = (fn: Operation) => (ms: number) => runFor(fn, { ms });

/**
 * Measures one suite: checks that the pristine process verifies what we issue and that we
 * verify what it issues (same key, contexts and shape), warms every contender up, then
 * `seconds` of alternating rounds per contender.
 */
export async function benchIssueSuite(
  deps: AppDeps,
  keyPair: Ed25519MultikeyKeyPair,
  pristine: Pristine,
  suite: ProofSuiteName,
  seconds: number,
): Promise<IssueFigures> {
  const { privateKey } = crypto.generateKeyPairSync('ed25519');
  const data = crypto.randomBytes(1024);
  const template = await credentialTemplate(deps, suite);
  const { record } = await issueCredential(deps.issue, openBadgeRequest(), { suite });
  await pristine.expectVerifies(record.credential, `a ${suite} credential issueCredential signed`);
  const sample = await pristine.prepare({ kind: 'issue', suite, template, warmupMs: 1500 });
  const check = await verifyCredential(sample, deps.verify);
  if (!check.verified)
    throw new Error(
      `verifyCredential rejected the pristine process's ${suite} credential: ${JSON.stringify(check)}`,
    );
  const contenders = {
    raw: () => crypto.sign(null, data, privateKey),
    plain: plainIssue(deps, keyPair, suite, template),
    ours: () => issueCredential(deps.issue, openBadgeRequest(), { suite }),
  };
  for (const fn of Object.values(contenders)) await warmUp(fn);
  const rounds = 10;
  const stopMeter = meterCpu();
  const started = nowMs();
  const childCpu = pristine.cpuMs;
  const result = await interleaveRounds(
    {
      raw: local(contenders.raw),
      pristine: (ms: number) => pristine.round(ms),
      plain: local(contenders.plain),
      ours: local(contenders.ours),
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
  };
}
