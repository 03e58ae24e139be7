/** The audit log of admin and staff actions: who, what, when, on which object. */
import { randomUUID } from 'node:crypto';
import type { Actor } from './accountDeps.js';
import type { AuditRecord, Stores } from '../storage/ports.js';
import { toCsv } from '../reports/csv.js';

/** What auditing needs: the audit store and the clock (any domain's deps have them). */
export interface AuditDeps {
  stores: Pick<Stores, 'audit'>;
  now: () => Date;
}

/** Appends one audit record. Details must never hold secrets or passwords. */
export async function audit(
  deps: AuditDeps,
  actor: Actor,
  action: string,
  object: { type: string; id?: string },
  details?: Record<string, unknown>,
): Promise<AuditRecord> {
  const record: AuditRecord = {
    id: randomUUID(),
    at: deps.now().toISOString(),
    actorId: actor.id,
    actorLabel: actor.label,
    action,
    objectType: object.type,
    ...(object.id ? { objectId: object.id } : {}),
    ...(details ? { details } : {}),
  };
  await deps.stores.audit.append(record);
  return record;
}

/** Audit records as CSV for export (RFC 4180 quoting, spreadsheet formulas neutralised). */
export function auditToCsv(records: AuditRecord[]): string {
  const header = ['at', 'actorId', 'actorLabel', 'action', 'objectType', 'objectId', 'details'];
  return toCsv(
    header,
    records.map((r) => [r.at, r.actorId, r.actorLabel, r.action, r.objectType, r.objectId, r.details]),
  );
}
