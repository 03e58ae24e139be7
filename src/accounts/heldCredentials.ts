/**
 * A participant's own certificates: list them, read one, and choose whether it has a
 * public page. The object-level check lives here: a record belongs to the person only if
 * its holderUserId is theirs; anyone else's (or a missing, unsigned or redacted one)
 * answers the same not_found, so ids cannot be probed.
 */
import { AppError } from '../errors.js';
import type { AccountDeps } from './accountDeps.js';
import type { CredentialRecord } from '../storage/ports.js';
import { markOf } from '../rendering/certificateMark.js';

/** An issued credential that still has its signed copy. */
export type HeldCredential = CredentialRecord & { credential: Record<string, unknown> };

function isHeld(record: CredentialRecord | undefined, userId: string): record is HeldCredential {
  return (
    !!record &&
    record.holderUserId === userId &&
    record.state === 'issued' &&
    !record.redactedAt &&
    !!record.credential
  );
}

/** The person's issued certificates, newest first. */
export async function listHeldCredentials(deps: AccountDeps, userId: string): Promise<HeldCredential[]> {
  const records = await deps.stores.credentials.listByHolder(userId);
  return records.filter((r): r is HeldCredential => isHeld(r, userId));
}

/** One of the person's certificates; not_found for anyone else's. */
export async function getHeldCredential(
  deps: AccountDeps,
  userId: string,
  id: string,
): Promise<HeldCredential> {
  const record = await deps.stores.credentials.get(id);
  if (!isHeld(record, userId))
    throw new AppError('not_found', 'There is no such certificate in your account');
  return record;
}

/** Makes one of the person's certificates public (a page at /c/:id) or private. */
export async function setHeldCredentialVisibility(
  deps: AccountDeps,
  userId: string,
  id: string,
  isPublic: boolean,
): Promise<HeldCredential> {
  const record = await getHeldCredential(deps, userId, id);
  // A revoked, suspended, replaced or expired certificate may be made private, never public.
  const mark = markOf(record, deps.now());
  if (isPublic && mark)
    throw new AppError('conflict', `This certificate is ${mark}: it cannot be made public`);
  const updated = await deps.stores.credentials.setPublic(id, isPublic, deps.now().toISOString());
  if (!isHeld(updated, userId))
    throw new AppError('not_found', 'There is no such certificate in your account');
  return updated;
}

/**
 * The ids of every credential record the actor holds, in any state (redacted and revoked
 * ones too): erasing the account drops their rendered pictures, which carry the name.
 * Only ever the actor's own.
 */
export async function ownCredentialIds(
  deps: Pick<AccountDeps, 'stores'>,
  actor: { id: string },
): Promise<string[]> {
  return (await deps.stores.credentials.listByHolder(actor.id)).map((r) => r.id);
}
