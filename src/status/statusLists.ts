/**
 * Publishing and changing Bitstring Status Lists. A list's signed credential is cached per
 * list version and re-signed only when a bit changed or the cached copy nears its
 * validUntil; changing a status is one atomic store update that bumps the version.
 */
import { AppError } from '../errors.js';
import { deepFreeze } from '../deepFreeze.js';
import type { CredentialRecord, CredentialStore, StatusListStore } from '../storage/ports.js';
import type { SignCredential } from '../credentials/signCredential.js';
import { VC_V2_CONTEXT } from '../credentials/prepareCredential.js';
import { encodeStatusList } from './bitstring.js';
import { statusListUrl } from './statusEntries.js';

/** How long a published list is valid, and when it is re-signed before that. */
const LIST_VALIDITY_MS = 7 * 24 * 3600 * 1000;
const REFRESH_BEFORE_MS = 24 * 3600 * 1000;
/** The `ttl` hint (ms) telling verifiers how long they may cache a list. */
export const STATUS_LIST_TTL_MS = 5 * 60 * 1000;

/** What status operations need. */
export interface StatusDeps {
  /** Reads the credential whose status changes (and its wallet copies). */
  credentials: Pick<CredentialStore, 'get'>;
  /** Changes status flags; reads and caches the lists they are published in. */
  statusLists: StatusListStore;
  sign: SignCredential;
  issuerDid: string;
  publicUrl: string;
  now: () => Date;
  /**
   * The wallet copies issued directly from a credential (holder-bound re-issues): a status
   * change applies to them and, through them, to their own copies.
   */
  walletCopiesOf?: (credentialId: string) => Promise<string[]>;
}

type Json = Record<string, unknown>;

/**
 * The signed list each app served last, per list: while the list's version in the store
 * is unchanged (read on every call, so a change made by another process is seen at once)
 * the same frozen object is returned, without reading and parsing the stored copy again;
 * verification then also reuses its hash and decoded bits (checkStatus.ts).
 */
const served = new WeakMap<StatusDeps, Map<string, { version: number; credential: Json }>>();

function remember(deps: StatusDeps, listId: string, version: number, credential: Json): Json {
  let lists = served.get(deps);
  if (!lists) served.set(deps, (lists = new Map()));
  lists.set(listId, { version, credential: deepFreeze(credential) });
  return credential;
}

/** Returns the signed status list credential for a list, or undefined if no such list. */
export async function getStatusListCredential(deps: StatusDeps, listId: string): Promise<Json | undefined> {
  const list = await deps.statusLists.getStatusList(listId);
  if (!list) return undefined;
  const now = deps.now();
  const current = (copy: { version: number; credential: Json } | undefined) =>
    copy !== undefined &&
    copy.version >= list.version &&
    Date.parse(String(copy.credential.validUntil)) - now.getTime() > REFRESH_BEFORE_MS;
  const last = served.get(deps)?.get(listId);
  if (current(last)) return last!.credential;
  const cached = await deps.statusLists.getPublished(listId);
  if (cached && current(cached)) return remember(deps, listId, cached.version, cached.credential);
  const url = statusListUrl(deps.publicUrl, listId);
  const unsigned = {
    '@context': [VC_V2_CONTEXT],
    id: url,
    type: ['VerifiableCredential', 'BitstringStatusListCredential'],
    issuer: deps.issuerDid,
    validFrom: `${now.toISOString().slice(0, 19)}Z`,
    validUntil: `${new Date(now.getTime() + LIST_VALIDITY_MS).toISOString().slice(0, 19)}Z`,
    credentialSubject: {
      id: `${url}#list`,
      type: 'BitstringStatusList',
      statusPurpose: list.purpose,
      ttl: STATUS_LIST_TTL_MS,
      encodedList: encodeStatusList(list.length, await deps.statusLists.setIndexes(listId)),
    },
  };
  const credential = await deps.sign(unsigned, { date: now });
  await deps.statusLists.putPublished({
    listId,
    version: list.version,
    credential,
    publishedAt: now.toISOString(),
  });
  return remember(deps, listId, list.version, credential);
}

/** A status change staff can ask for. */
export type StatusAction = 'revoke' | 'suspend' | 'unsuspend';

/**
 * How deep a lineage of wallet copies is followed. Copies are made from originals only
 * (walletHandOff.ts), so real lineages are one level deep; older copies of copies add a few.
 */
export const MAX_LINEAGE_DEPTH = 16;

/**
 * Every credential descended from `credentialId` by wallet copies (copies of copies too),
 * breadth first. A cycle in the stored lineage is walked once; a lineage deeper than
 * MAX_LINEAGE_DEPTH is refused, before anything changes, rather than half applied.
 */
async function descendantsOf(deps: StatusDeps, credentialId: string): Promise<string[]> {
  if (!deps.walletCopiesOf) return [];
  const seen = new Set([credentialId]);
  const found: string[] = [];
  let level = [credentialId];
  for (let depth = 0; level.length > 0; depth++) {
    const next: string[] = [];
    for (const id of level) {
      for (const copyId of await deps.walletCopiesOf(id)) {
        if (seen.has(copyId)) continue;
        seen.add(copyId);
        next.push(copyId);
      }
    }
    if (next.length > 0 && depth >= MAX_LINEAGE_DEPTH) {
      throw new AppError(
        'status_not_supported',
        `Credential ${credentialId} has wallet copies more than ${MAX_LINEAGE_DEPTH} levels deep`,
      );
    }
    found.push(...next);
    level = next;
  }
  return found;
}

/**
 * Revokes (permanent), suspends or unsuspends an issued credential and, in the same atomic
 * store update, its wallet copies and theirs: a certificate revoked by staff must not live
 * on in a wallet.
 */
export async function changeCredentialStatus(
  deps: StatusDeps,
  credentialId: string,
  action: StatusAction,
  reason?: string,
): Promise<CredentialRecord> {
  const record = await deps.credentials.get(credentialId);
  if (record?.state !== 'issued')
    throw new AppError('not_found', `No issued credential with id ${credentialId}`);
  const purpose = action === 'revoke' ? 'revocation' : 'suspension';
  if (!record.statusEntries.some((entry) => entry.purpose === purpose)) {
    throw new AppError(
      'status_not_supported',
      `Credential ${credentialId} was issued without a ${purpose} status entry`,
    );
  }
  if (record.revoked && action !== 'revoke') {
    throw new AppError(
      'status_not_supported',
      `Credential ${credentialId} is revoked; revocation is permanent`,
    );
  }
  const copyReason = `${action === 'revoke' ? 'revoked' : 'status changed'} with the original ${credentialId}`;
  const copies: Array<{ id: string; reason: string }> = [];
  for (const copyId of await descendantsOf(deps, credentialId)) {
    const copy = await deps.credentials.get(copyId);
    // A copy without this purpose's entry (Open Badges carry one) or already revoked is left
    // as it is; its own copies are still reached, as the walk goes through it.
    if (
      copy?.state !== 'issued' ||
      copy.revoked ||
      !copy.statusEntries.some((entry) => entry.purpose === purpose)
    )
      continue;
    copies.push({ id: copyId, reason: copyReason });
  }
  const change = action === 'revoke' ? { revoked: true } : { suspended: action === 'suspend' };
  const [updated] = await deps.statusLists.setStatusMany(
    [{ id: credentialId, ...(reason ? { reason } : {}) }, ...copies],
    change,
    deps.now().toISOString(),
  );
  if (!updated || updated.id !== credentialId)
    throw new AppError('not_found', `No issued credential with id ${credentialId}`);
  return updated;
}
