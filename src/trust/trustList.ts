/**
 * The trust list: issuers admins vouch for, by DID, with the name this site shows for
 * them, an https URL, a note saying why, and optional dates between which they are
 * trusted. Only admins see and change it (it decides what verification tells employers);
 * every change is audited with what the entry said before and after.
 */
import { AppError } from '../errors.js';
import type { Actor } from '../accounts/accountDeps.js';
import { audit } from '../accounts/audit.js';
import { DuplicateTrustedIssuerError, type TrustedIssuerRecord } from '../storage/ports.js';
import type { TrustDeps } from './trustDeps.js';
import {
  describeIssue,
  entryFields,
  trustedIssuerInput,
  type TrustedIssuerFields,
  type TrustedIssuerInput,
} from './trustedIssuerInput.js';

type ListDeps = Pick<TrustDeps, 'now'> & { stores: Pick<TrustDeps['stores'], 'trust' | 'audit'> };

/** Refuses anyone but an admin. */
export function requireTrustAdmin(actor: Actor): void {
  if (actor.role !== 'admin') throw new AppError('forbidden', 'Only an admin manages the trust list');
}

/** Validates an entry, or a 400 naming each field that is wrong. */
function parseEntry(raw: TrustedIssuerInput): TrustedIssuerFields {
  const parsed = trustedIssuerInput.safeParse(raw);
  if (!parsed.success)
    throw new AppError('invalid_request', parsed.error.issues.map(describeIssue).join('; '));
  return parsed.data;
}

/** Every entry, by name. */
export async function listTrustedIssuers(deps: ListDeps, actor: Actor): Promise<TrustedIssuerRecord[]> {
  requireTrustAdmin(actor);
  return deps.stores.trust.listIssuers();
}

/** One entry, or 404. */
export async function trustedIssuer(deps: ListDeps, actor: Actor, did: string): Promise<TrustedIssuerRecord> {
  requireTrustAdmin(actor);
  const entry = await deps.stores.trust.getIssuer(did);
  if (!entry) throw new AppError('not_found', `${did.slice(0, 200)} is not on the trust list`);
  return entry;
}

/** Lists a new issuer; 409 when its DID is listed already. */
export async function addTrustedIssuer(
  deps: ListDeps,
  actor: Actor,
  raw: TrustedIssuerInput,
): Promise<TrustedIssuerRecord> {
  requireTrustAdmin(actor);
  const fields = parseEntry(raw);
  const now = deps.now().toISOString();
  const record: TrustedIssuerRecord = { ...fields, createdAt: now, updatedAt: now, createdBy: actor.id };
  try {
    await deps.stores.trust.addIssuer(record);
  } catch (error) {
    if (error instanceof DuplicateTrustedIssuerError)
      throw new AppError('conflict', `${fields.did} is already on the trust list; edit that entry instead`);
    throw error;
  }
  await audit(
    deps,
    actor,
    'trust.issuer_added',
    { type: 'trusted_issuer', id: record.did },
    { after: entryFields(record) },
  );
  return record;
}

/** Changes an entry's name, URL, note or dates (its DID stays; remove and add to change it). */
export async function updateTrustedIssuer(
  deps: ListDeps,
  actor: Actor,
  raw: TrustedIssuerInput,
): Promise<TrustedIssuerRecord> {
  const fields = parseEntry(raw);
  const before = await trustedIssuer(deps, actor, fields.did);
  const record: TrustedIssuerRecord = {
    ...fields,
    createdAt: before.createdAt,
    createdBy: before.createdBy,
    updatedAt: deps.now().toISOString(),
  };
  if (!(await deps.stores.trust.updateIssuer(record)))
    throw new AppError('not_found', `${fields.did} is not on the trust list`);
  await audit(
    deps,
    actor,
    'trust.issuer_updated',
    { type: 'trusted_issuer', id: record.did },
    { before: entryFields(before), after: entryFields(record) },
  );
  return record;
}

/** Takes an issuer off the list: its credentials show as unknown from now on. */
export async function removeTrustedIssuer(deps: ListDeps, actor: Actor, did: string): Promise<void> {
  const before = await trustedIssuer(deps, actor, did);
  if (!(await deps.stores.trust.removeIssuer(did)))
    throw new AppError('not_found', `${did.slice(0, 200)} is not on the trust list`);
  await audit(
    deps,
    actor,
    'trust.issuer_removed',
    { type: 'trusted_issuer', id: did },
    { before: entryFields(before) },
  );
}
