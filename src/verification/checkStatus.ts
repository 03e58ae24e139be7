/**
 * The status check (Bitstring Status List v1.0, section 3.2): for each
 * BitstringStatusListEntry, get the list credential, verify its proof and that the
 * credential's issuer signed it, check it is current and big enough, then read the bit.
 * An unreachable, expired or forged list is its own failure, never "not revoked".
 * Entries of type 1EdTechRevocationList are checked by revocationList.ts.
 */
import { createHash } from 'node:crypto';
import {
  decodeStatusList,
  MIN_STATUS_LIST_LENGTH,
  readStatusBit,
  type DecodedStatusList,
} from '../status/bitstring.js';
import type { DocumentLoader } from '../jsonld/documentLoader.js';
import { checkCredentialProof } from './checkProof.js';
import { checkRevocationListEntry, REVOCATION_LIST_TYPE } from './revocationList.js';
import type { Finding } from './result.js';

/** Fetches a status list credential by URL (ours from memory, others over safe fetch). */
export type FetchStatusList = (url: string) => Promise<unknown>;

/** What the status check needs. */
export interface StatusCheckDeps {
  documentLoader: DocumentLoader;
  fetchStatusList: FetchStatusList;
  now: Date;
  /**
   * Status list documents already verified, keyed by their hash: a list is shared
   * by many credentials, and re-verifying its signature would double the cost of a check.
   */
  verifiedListProofs?: Set<string>;
}

type Json = Record<string, unknown>;

function issuerId(credential: Json): unknown {
  return typeof credential.issuer === 'string'
    ? credential.issuer
    : (credential.issuer as Json | undefined)?.id;
}

/** Keeps the set of verified list proofs bounded (oldest first out). */
function rememberProof(cache: Set<string> | undefined, key: string): void {
  if (!cache) return;
  if (cache.size >= 256) cache.delete(cache.values().next().value as string);
  cache.add(key);
}

/**
 * What was worked out from a status list document: its hash and its decoded bits. Kept only
 * for deep-frozen documents (our own published lists are), which cannot change under the
 * same object, so a verification skips re-serialising, hashing and inflating the list.
 */
const listFacts = new WeakMap<object, { proofKey: string; decoded?: DecodedStatusList }>();

function isDeepFrozen(value: unknown): boolean {
  if (!value || typeof value !== 'object') return true;
  return Object.isFrozen(value) && Object.values(value).every(isDeepFrozen);
}

function factsOf(list: Json): { proofKey: string; decoded?: DecodedStatusList } {
  const known = listFacts.get(list);
  if (known) return known;
  // Keyed by a hash of the whole document: any change to it means verifying again.
  const facts = { proofKey: createHash('sha256').update(JSON.stringify(list)).digest('base64url') };
  if (isDeepFrozen(list)) listFacts.set(list, facts);
  return facts;
}

async function checkEntry(
  entry: Json,
  credential: Json,
  deps: StatusCheckDeps,
): Promise<Finding | undefined> {
  const url = entry.statusListCredential;
  const purpose = entry.statusPurpose;
  const index =
    typeof entry.statusListIndex === 'string' && /^\d+$/.test(entry.statusListIndex)
      ? Number(entry.statusListIndex)
      : NaN;
  if (typeof url !== 'string' || typeof purpose !== 'string' || Number.isNaN(index)) {
    return {
      code: 'status_list_invalid',
      message:
        'A BitstringStatusListEntry needs statusListCredential, statusPurpose and a base-10 statusListIndex',
    };
  }
  let list: Json;
  try {
    const fetched = await deps.fetchStatusList(url);
    if (!fetched || typeof fetched !== 'object') throw new Error('not a JSON object');
    list = fetched as Json;
  } catch (error) {
    return {
      code: 'status_list_unreachable',
      message: `The status list ${url} could not be retrieved (${(error as Error).message}); the revocation status is unknown`,
    };
  }
  const types = ([] as unknown[]).concat(list.type ?? []);
  if (!types.includes('BitstringStatusListCredential')) {
    return { code: 'status_list_invalid', message: `${url} is not a BitstringStatusListCredential` };
  }
  const facts = factsOf(list);
  const proofKey = facts.proofKey;
  if (!deps.verifiedListProofs?.has(proofKey)) {
    const proofProblem = await checkCredentialProof(list, deps.documentLoader);
    if (proofProblem)
      return {
        code: 'status_list_invalid',
        message: `The status list ${url} failed verification: ${proofProblem.message}`,
      };
    rememberProof(deps.verifiedListProofs, proofKey);
  }
  if (issuerId(list) !== issuerId(credential)) {
    return {
      code: 'status_list_invalid',
      message: `The status list ${url} was issued by ${String(issuerId(list))}, not by the credential's issuer`,
    };
  }
  const now = deps.now.getTime();
  if (typeof list.validUntil === 'string' && Date.parse(list.validUntil) < now) {
    return {
      code: 'status_list_expired',
      message: `The status list ${url} expired at ${list.validUntil}; the current status is unknown`,
    };
  }
  if (typeof list.validFrom === 'string' && Date.parse(list.validFrom) > now + 300_000) {
    return {
      code: 'status_list_invalid',
      message: `The status list ${url} is not valid before ${list.validFrom}`,
    };
  }
  const subject = (
    Array.isArray(list.credentialSubject) ? list.credentialSubject[0] : list.credentialSubject
  ) as Json | undefined;
  const listPurposes = ([] as unknown[]).concat(subject?.statusPurpose ?? []);
  if (!listPurposes.includes(purpose)) {
    return {
      code: 'status_list_invalid',
      message: `The status list ${url} is for ${listPurposes.join(', ')}, not ${purpose}`,
    };
  }
  try {
    const decoded = facts.decoded ?? decodeStatusList(String(subject?.encodedList));
    facts.decoded = decoded;
    if (decoded.length < MIN_STATUS_LIST_LENGTH) {
      return {
        code: 'status_list_invalid',
        message: `The status list ${url} has ${decoded.length} entries; at least ${MIN_STATUS_LIST_LENGTH} are required`,
      };
    }
    if (!readStatusBit(decoded, index)) return undefined;
  } catch (error) {
    return {
      code: 'status_list_invalid',
      message: `The status list ${url} cannot be decoded: ${(error as Error).message}`,
    };
  }
  if (purpose === 'revocation') return { code: 'revoked', message: 'The issuer has revoked this credential' };
  if (purpose === 'suspension')
    return { code: 'suspended', message: 'The issuer has suspended this credential' };
  return {
    code: 'status_type_unsupported',
    message: `The status bit for purpose "${purpose}" is set; this verifier does not know what it means`,
  };
}

/** Checks every status entry; returns the findings (empty when all are clear). */
export async function checkCredentialStatus(credential: Json, deps: StatusCheckDeps): Promise<Finding[]> {
  const findings: Finding[] = [];
  for (const raw of ([] as unknown[]).concat(credential.credentialStatus ?? [])) {
    const entry = (raw ?? {}) as Json;
    if (entry.type !== 'BitstringStatusListEntry' && entry.type !== REVOCATION_LIST_TYPE) {
      findings.push({
        code: 'status_type_unsupported',
        message: `Unsupported credentialStatus type ${String(entry.type)}; only BitstringStatusListEntry and ${REVOCATION_LIST_TYPE} are checked`,
      });
      continue;
    }
    const finding =
      entry.type === REVOCATION_LIST_TYPE
        ? await checkRevocationListEntry(entry, credential, deps.fetchStatusList)
        : await checkEntry(entry, credential, deps);
    if (finding) findings.push(finding);
  }
  return findings;
}
