/**
 * Figure 1, single-core issuance per suite, three contenders measured in alternating
 * rounds: (a) a raw node:crypto Ed25519 sign of ~1 KB (what the machine can sign at all),
 * (b) the plain library call `vc.issue` with a once-imported key, a new suite per call and
 * the same offline loader and credential shape, (c) our `issueCredential` through the
 * SQLite store. (c) over (b) is the price of our path: reserve, status allocation,
 * schema checks and markIssued on top of the signature itself.
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
import { openBadgeRequest } from '../test/fixtures/credentials.js';
import { meterCpu, type CpuLoad } from './cpuLoad.js';
import { interleave, rate, roundCostRatios, warmUp, type RoundedSample } from './stats.js';

/** The suites benchmarked, default first. */
export const SUITES: ProofSuiteName[] = ['eddsa-rdfc-2022', 'Ed25519Signature2020'];

/** Target: our issuance costs at most this many times the plain library call. */
export const ISSUE_COST_TARGET = 1.3;

/** One suite's issuance figures. */
export interface IssueFigures {
  suite: ProofSuiteName;
  raw: RoundedSample;
  plain: RoundedSample;
  ours: RoundedSample;
  /** Our cost per credential over the plain call's (plain rate / our rate). */
  costRatio: number;
  roundRatios: number[];
  /** The machine's CPU during the timed rounds. */
  load: CpuLoad;
}

/** A fresh suite for the plain library call, as digitalbazaar's README shows. */
export function plainSuite(keyPair: Ed25519MultikeyKeyPair, suite: ProofSuiteName): unknown {
  const signer = keyPair.signer();
  return suite === 'Ed25519Signature2020'
    ? new Ed25519Signature2020({ signer })
    : new DataIntegrityProof({ signer, cryptosuite: eddsaRdfc2022 });
}

/**
 * The unsigned credential our path signs (issuer Profile, schema, status entry,
 * certificate number), taken from a real reservation so the plain call signs exactly
 * the same shape. Each use gets a new id.
 */
export async function credentialTemplate(
  deps: AppDeps,
  suite: ProofSuiteName,
): Promise<Record<string, unknown>> {
  const { record } = await issueCredential(deps.issue, openBadgeRequest(), { suite });
  const unsigned = record.unsigned;
  if (!unsigned) throw new Error('issueCredential returned a record without its unsigned credential');
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

/** Measures one suite: warm-up, then `seconds` of alternating rounds per contender. */
export async function benchIssueSuite(
  deps: AppDeps,
  keyPair: Ed25519MultikeyKeyPair,
  suite: ProofSuiteName,
  seconds: number,
): Promise<IssueFigures> {
  const { privateKey } = crypto.generateKeyPairSync('ed25519');
  const data = crypto.randomBytes(1024);
  const template = await credentialTemplate(deps, suite);
  const contenders = {
    raw: () => crypto.sign(null, data, privateKey),
    plain: plainIssue(deps, keyPair, suite, template),
    ours: () => issueCredential(deps.issue, openBadgeRequest(), { suite }),
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
  };
}
