/**
 * A participant's backpack: credentials from any issuer they keep in their account, beside
 * the certificates we issued them (issue 20). Every credential is verified by the platform's
 * verifier before it is stored (one that does not verify is refused, in words), and again
 * whenever it is shown (backpackDisplay.ts): the standing stored here is what held when it
 * came in, never a promise that it still does. Entries are keyed per person by the
 * credential's own id (or a hash of its content), so storing it again replaces it and
 * nobody's entry can be reached or replaced through another person's account.
 */
import { createHash, randomUUID } from 'node:crypto';
import { AppError } from '../errors.js';
import type {
  BackpackRecord,
  BackpackSource,
  BackpackStanding,
  BackpackStore,
} from '../storage/backpackPorts.js';
import { decodeJwtCredential, isFinding } from '../verification/jwtCredential.js';
import type { VerificationResult } from '../verification/result.js';
import type { Verifier } from '../verification/verifier.js';

export type { BackpackSource };

/** What the backpack functions need, passed in. */
export interface BackpackDeps {
  stores: { backpack: BackpackStore };
  /** The platform's verifier, with issuer standing (deps.verifier). */
  verifier: Verifier;
  now: () => Date;
}

/** One credential in a person's backpack. */
export type BackpackItem = Omit<BackpackRecord, 'credentialKey' | 'credentialId'>;

/** The most entries one person's backpack holds: bounds the storage and each re-verification of /me. */
export const MAX_BACKPACK_ITEMS = 200;

/** The standing in words, from a result that carries its verdict (withIssuerStanding). */
export function standingOf(result: VerificationResult): BackpackStanding {
  const verdict = result.verdict;
  const issuer = result.issuer?.displayName ?? result.issuer?.name;
  const name = result.credential?.achievementName;
  return {
    label: verdict?.headline ?? (result.verified ? 'Signature valid' : 'Not valid'),
    verified: result.verified,
    kind: verdict?.kind ?? (result.verified ? 'caution' : 'invalid'),
    ...(issuer ? { issuer } : {}),
    ...(name ? { name } : {}),
  };
}

/** Why a result was refused, in one sentence. */
function refusal(result: VerificationResult): AppError {
  const why = result.verdict?.detail ?? result.errors[0]?.message ?? 'it did not pass verification';
  return new AppError(
    'verification_failed',
    `This credential does not verify, so it was not stored. ${why}`,
    {
      errors: result.errors,
      ...(result.verdict ? { verdict: result.verdict } : {}),
    },
  );
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The credential (JSON-LD) and the JWT it came as, if any; 400 for anything else. */
function readInput(input: { credential?: unknown; jwt?: unknown }): {
  credential: Record<string, unknown>;
  jwt?: string;
} {
  if (input.jwt !== undefined) {
    if (input.credential !== undefined)
      throw new AppError('invalid_request', 'Send either a credential or a VC-JWT, not both');
    if (typeof input.jwt !== 'string')
      throw new AppError('invalid_request', 'A VC-JWT is a string: a compact JWS');
    const decoded = decodeJwtCredential(input.jwt.trim());
    if (isFinding(decoded)) throw new AppError('invalid_credential', decoded.message);
    return { credential: decoded.credential, jwt: decoded.jwt };
  }
  if (!isObject(input.credential))
    throw new AppError('invalid_credential', 'A credential is a JSON object (a W3C Verifiable Credential)');
  return { credential: input.credential };
}

/**
 * The key an entry is unique by for its owner: the credential's own id, or, for one without,
 * its content (the JWT as signed, or the JSON as sent). Hashed, so a long id costs nothing.
 */
function credentialKeyOf(credential: Record<string, unknown>, jwt: string | undefined): string {
  const basis =
    typeof credential.id === 'string' && credential.id !== ''
      ? `id:${credential.id}`
      : `content:${jwt ?? JSON.stringify(credential)}`;
  return createHash('sha256').update(basis, 'utf8').digest('hex');
}

/** The entry as the domain shows it (the key and duplicate id stay in the store). */
function toItem(record: BackpackRecord): BackpackItem {
  const { credentialKey: _key, credentialId: _id, ...item } = record;
  return item;
}

/**
 * Verify (the platform's verifier: a credential that does not verify is refused with
 * AppError 'verification_failed', 400, its reason in words), then insert or replace by the
 * credential's own `id` (or a hash of it when it has none) for this user.
 */
export async function upsertIntoBackpack(
  deps: BackpackDeps,
  userId: string,
  input: { credential?: Record<string, unknown>; jwt?: string },
  source: BackpackSource,
): Promise<{ created: boolean; item: BackpackItem }> {
  const { credential, jwt } = readInput(input);
  const result = await deps.verifier.credential(jwt ?? credential);
  if (!result.verified) throw refusal(result);
  const credentialKey = credentialKeyOf(credential, jwt);
  const store = deps.stores.backpack;
  // Replacing an entry never needs room; only a new one counts against the cap.
  if (!(await store.getByKey(userId, credentialKey)) && (await store.count(userId)) >= MAX_BACKPACK_ITEMS)
    throw new AppError(
      'conflict',
      `Your backpack holds ${MAX_BACKPACK_ITEMS} credentials, the most it can: remove one before adding another`,
    );
  const now = deps.now().toISOString();
  const { created, record } = await store.upsert({
    id: randomUUID(),
    userId,
    credentialKey,
    ...(typeof credential.id === 'string' && credential.id !== '' ? { credentialId: credential.id } : {}),
    credential,
    ...(jwt !== undefined ? { jwt } : {}),
    source,
    addedAt: now,
    updatedAt: now,
    standing: standingOf(result),
  });
  return { created, item: toItem(record) };
}

/** The user's stored credentials, newest first; `since` filters by updatedAt >= since. */
export async function listBackpack(
  deps: BackpackDeps,
  userId: string,
  page: { limit: number; offset: number; since?: string },
): Promise<{ items: BackpackItem[]; total: number }> {
  const limit = Math.max(0, Math.min(Math.trunc(page.limit) || 0, MAX_BACKPACK_ITEMS));
  const offset = Math.max(0, Math.trunc(page.offset) || 0);
  const { records, total } = await deps.stores.backpack.list(userId, {
    limit,
    offset,
    ...(page.since !== undefined ? { since: page.since } : {}),
  });
  return { items: records.map(toItem), total };
}

/** One of the user's entries; not_found for anyone else's (ids cannot be probed). */
export async function getBackpackItem(deps: BackpackDeps, userId: string, id: string): Promise<BackpackItem> {
  const record = await deps.stores.backpack.get(userId, id);
  if (!record) throw new AppError('not_found', 'There is no such credential in your backpack');
  return toItem(record);
}

/** Removes one of the user's entries; not_found for anyone else's. */
export async function removeFromBackpack(deps: BackpackDeps, userId: string, id: string): Promise<void> {
  if (!(await deps.stores.backpack.remove(userId, id)))
    throw new AppError('not_found', 'There is no such credential in your backpack');
}
