/** Consent records (GDPR/POPIA): what was agreed to, which text version, and when. */
import { randomUUID } from 'node:crypto';
import type { AccountDeps, Actor } from './accountDeps.js';
import type { ConsentKind, ConsentRecord } from '../storage/ports.js';

/**
 * The versions of the texts people currently agree to; bump when a text changes. The terms
 * and privacy notice are versioned documents (src/content/): sign-up on the site records the
 * versions the form showed (signUp's `textVersions`), so these two entries only name the
 * text for callers that show none.
 */
export const CURRENT_TEXT_VERSIONS: Record<ConsentKind, string> = {
  terms: '2026-11-01',
  privacy: '2026-11-01',
  name_on_certificate: '2026-11-01',
  marketing: '2026-11-01',
};

/** Records consents given or withdrawn now. */
export async function recordConsents(
  deps: { stores: Pick<AccountDeps['stores'], 'consents'>; now: () => Date },
  userId: string,
  consents: { kind: ConsentKind; granted: boolean; textVersion: string }[],
): Promise<ConsentRecord[]> {
  const at = deps.now().toISOString();
  const records = consents.map((c) => ({ id: randomUUID(), userId, at, ...c }));
  for (const record of records) await deps.stores.consents.record(record);
  return records;
}

/** The consent in force per kind: the latest record of each. */
export function currentConsents(history: ConsentRecord[]): Partial<Record<ConsentKind, ConsentRecord>> {
  const current: Partial<Record<ConsentKind, ConsentRecord>> = {};
  for (const record of history) current[record.kind] = record;
  return current;
}

/**
 * The actor's own consent history, oldest first (a handful of records per kind). Only
 * ever the actor's: there is no id to pass, so nobody reads someone else's.
 */
export async function myConsentHistory(
  deps: Pick<AccountDeps, 'stores'>,
  actor: Pick<Actor, 'id'>,
): Promise<ConsentRecord[]> {
  return deps.stores.consents.listForUser(actor.id);
}
