/**
 * The trust list's export and import (trustListDocument.ts is the file's shape). An import
 * is all or nothing: the whole file is validated first (every problem named, with the entry
 * it is in), then every entry is added or replaced in one write.
 */
import type { Actor } from '../accounts/accountDeps.js';
import { audit } from '../accounts/audit.js';
import type { TrustedIssuerRecord, TrustImportOutcome } from '../storage/ports.js';
import type { TrustDeps } from './trustDeps.js';
import { entryFields } from './trustedIssuerInput.js';
import { readTrustListDocument, TRUST_LIST_FORMAT, type TrustListDocument } from './trustListDocument.js';
import { requireTrustAdmin } from './trustList.js';

type FileDeps = Pick<TrustDeps, 'now'> & { stores: Pick<TrustDeps['stores'], 'trust' | 'audit'> };

/** Every entry, as a document an import reads back. */
export async function exportTrustList(deps: FileDeps, actor: Actor): Promise<TrustListDocument> {
  requireTrustAdmin(actor);
  const issuers = (await deps.stores.trust.listIssuers()).map((entry) => entryFields(entry));
  return { format: TRUST_LIST_FORMAT, version: 1, exportedAt: deps.now().toISOString(), issuers };
}

/** Adds the file's new DIDs and replaces the listed ones; audits each entry. */
export async function importTrustList(
  deps: FileDeps,
  actor: Actor,
  text: string,
): Promise<TrustImportOutcome> {
  requireTrustAdmin(actor);
  const entries = readTrustListDocument(text);
  const before = new Map((await deps.stores.trust.listIssuers()).map((entry) => [entry.did, entry]));
  const now = deps.now().toISOString();
  const records: TrustedIssuerRecord[] = entries.map((fields) => ({
    ...fields,
    createdAt: before.get(fields.did)?.createdAt ?? now,
    createdBy: before.get(fields.did)?.createdBy ?? actor.id,
    updatedAt: now,
  }));
  const outcome = await deps.stores.trust.importIssuers(records);
  const added = new Set(outcome.added);
  for (const record of records) {
    const previous = before.get(record.did);
    const action = added.has(record.did) ? 'trust.issuer_added' : 'trust.issuer_updated';
    await audit(
      deps,
      actor,
      action,
      { type: 'trusted_issuer', id: record.did },
      {
        source: 'import',
        ...(previous && action === 'trust.issuer_updated' ? { before: entryFields(previous) } : {}),
        after: entryFields(record),
      },
    );
  }
  return outcome;
}
