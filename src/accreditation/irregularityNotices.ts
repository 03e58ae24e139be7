/**
 * The notices of the audit-irregularity workflow (triggers in messageTriggers.ts), through
 * the outbox: the partner's members hear when one is recorded and when staff decide on it;
 * the staff who recorded it or decided on it (still active) hear when the partner responds.
 */
import type { IrregularityRecord, UserRecord } from '../storage/ports.js';
import { notify } from '../notifications/notify.js';
import type { AccreditationDeps } from './accreditationDeps.js';

/** Each decision in words, for the partner's email. */
const OUTCOME_TEXT: Record<string, string> = {
  resolved: 'resolved: nothing more is needed from you',
  corrective_action: 'corrective action is required',
  escalated: 'escalated: your accreditation is suspended until it is resolved',
};

/** Tells the other side about a step of an irregularity. */
export async function noticeIrregularity(
  deps: AccreditationDeps,
  record: IrregularityRecord,
  step: 'recorded' | 'responded' | 'decided',
): Promise<void> {
  const stepKey = `${record.id}:v${record.version}`;
  const values = { what: record.what, severity: record.severity };
  if (step === 'responded') {
    const organisation = await deps.stores.directory.getOrganisation(record.organisationId);
    const ids = [...new Set([record.recordedBy, ...record.decisions.map((d) => d.by)])];
    const staff = (await Promise.all(ids.map((id) => deps.stores.users.get(id)))).filter(
      (u): u is UserRecord => u !== undefined && (u.role === 'staff' || u.role === 'admin'),
    );
    for (const user of staff)
      await notify(deps.notifications, user, {
        trigger: 'accreditation_irregularity_response',
        dedupeKey: `accreditation_irregularity_response:${stepKey}:${user.id}`,
        values: {
          ...values,
          partner: organisation?.name ?? 'A partner',
          portalUrl: `${deps.publicUrl}/admin/accreditation/irregularities/${record.id}`,
        },
      });
    return;
  }
  const members = await deps.stores.users.list({
    role: 'partner',
    organisationId: record.organisationId,
    limit: 200,
    offset: 0,
  });
  const decision = record.decisions.at(-1);
  for (const member of members) {
    const portalUrl = `${deps.publicUrl}/partner/irregularities/${record.id}`;
    await notify(
      deps.notifications,
      member,
      step === 'recorded' || !decision
        ? {
            trigger: 'accreditation_irregularity_recorded',
            dedupeKey: `accreditation_irregularity_recorded:${record.id}:${member.id}`,
            values: { ...values, evidence: record.evidence, portalUrl },
          }
        : {
            trigger: 'accreditation_irregularity_decided',
            dedupeKey: `accreditation_irregularity_decided:${stepKey}:${member.id}`,
            values: {
              ...values,
              outcome: OUTCOME_TEXT[decision.outcome] ?? decision.outcome,
              note: decision.note,
              dueBy: decision.dueAt
                ? `Please complete it by ${decision.dueAt.slice(0, 10)} and respond.`
                : '',
              portalUrl,
            },
          },
    );
  }
}
