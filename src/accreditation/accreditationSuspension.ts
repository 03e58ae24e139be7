/**
 * Suspending an organisation's accreditation over an escalated audit irregularity, and
 * reinstating it when the irregularity is resolved. The application gets a mark saying
 * which irregularity holds it, which takes the partner's "accredited partner" standing away
 * (trustLookup.ts) and shows on its pages; and when the accreditation credential carries a
 * suspension status entry, its bit is set too, so every verifier sees it. An Open Badge
 * carries one status entry, revocation (the 1EdTech schema allows one), so for those the
 * mark is the suspension: revoking would be permanent. An accreditation already suspended
 * (by another irregularity or by hand) or revoked is left alone, so each suspension has one
 * owner and a resolution lifts only what its own escalation set.
 */
import type { ApplicationRecord, CredentialRecord, IrregularityRecord } from '../storage/ports.js';
import { changeCredentialStatus } from '../status/statusLists.js';
import type { AccreditationDeps } from './accreditationDeps.js';
import { changeApplication } from './applications.js';

/** Accreditations an organisation holds (approved applications), newest first, in practice all. */
const HELD = 100;

/** Sets or clears the application's suspension mark for this irregularity. */
async function markApplication(
  deps: AccreditationDeps,
  application: ApplicationRecord,
  irregularityId: string,
  suspended: boolean,
): Promise<void> {
  await changeApplication(deps, application.id, (current) => {
    const { suspension, ...rest } = current;
    if (suspended) return { ...rest, suspension: { irregularityId, at: deps.now().toISOString() } };
    return suspension?.irregularityId === irregularityId ? rest : current;
  });
}

const hasSuspensionEntry = (credential: CredentialRecord) =>
  credential.statusEntries.some((entry) => entry.purpose === 'suspension');

/** Suspends every current accreditation credential of the irregularity's organisation; the ids suspended. */
export async function suspendAccreditations(
  deps: AccreditationDeps,
  irregularity: IrregularityRecord,
  reason: string,
): Promise<string[]> {
  const suspended: string[] = [];
  const held = await deps.stores.accreditation.listApplications({
    organisationId: irregularity.organisationId,
    status: 'approved',
    limit: HELD,
  });
  for (const application of held) {
    if (!application.credentialId || application.suspension) continue;
    const credential = await deps.stores.credentials.get(application.credentialId);
    if (credential?.state !== 'issued' || credential.revoked || credential.suspended) continue;
    if (hasSuspensionEntry(credential))
      await changeCredentialStatus(
        deps.status,
        credential.id,
        'suspend',
        `audit irregularity escalated: ${reason}`.slice(0, 500),
      );
    await markApplication(deps, application, irregularity.id, true);
    suspended.push(credential.id);
  }
  return suspended;
}

/** Lifts the suspensions this irregularity set (those still in place); the ids reinstated. */
export async function reinstateAccreditations(
  deps: AccreditationDeps,
  irregularity: IrregularityRecord,
  credentialIds: string[],
): Promise<string[]> {
  const reinstated: string[] = [];
  const held = await deps.stores.accreditation.listApplications({
    organisationId: irregularity.organisationId,
    limit: HELD,
  });
  for (const id of credentialIds) {
    const credential = await deps.stores.credentials.get(id);
    if (credential?.state === 'issued' && credential.suspended && !credential.revoked)
      await changeCredentialStatus(deps.status, id, 'unsuspend', 'audit irregularity resolved');
    const application = held.find((a) => a.credentialId === id);
    if (application?.suspension?.irregularityId === irregularity.id) {
      await markApplication(deps, application, irregularity.id, false);
      reinstated.push(id);
    }
  }
  return reinstated;
}
