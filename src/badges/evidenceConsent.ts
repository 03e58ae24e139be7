/**
 * A participant's consent to their approved work being linked as `evidence` from their
 * certificate of a batch, given or withdrawn on /me/programmes, before or after issuance.
 * Without it a certificate carries no evidence entry, and the public evidence address
 * answers 404 the moment consent is withdrawn. A signed certificate cannot change, so when
 * the answer differs from what the current certificate says (evidence linked or not), it
 * is re-issued: the new one replaces it (the old is revoked as superseded, like any
 * re-issue) and the holder is told by email.
 */
import { AppError } from '../errors.js';
import type { Actor } from '../accounts/accountDeps.js';
import { audit } from '../accounts/audit.js';
import { issueEnrolment } from '../programs/automaticIssuance.js';
import type { ProgramDeps } from '../programs/programDeps.js';
import type { EnrolmentRecord } from '../storage/ports.js';
import { approvedWork, evidenceConsented } from './badgeIssuance.js';

/** What setting the consent did: recorded only, or recorded and the certificate re-issued. */
export interface EvidenceConsentOutcome {
  enrolment: EnrolmentRecord;
  reissued: boolean;
}

/** Whether the enrolment's current certificate carries an evidence entry. */
async function currentHasEvidence(deps: ProgramDeps, enrolment: EnrolmentRecord): Promise<boolean> {
  if (enrolment.status !== 'issued' || !enrolment.credentialId) return false;
  const record = await deps.stores.credentials.get(enrolment.credentialId);
  return record?.credential?.evidence !== undefined;
}

/** Re-issues an issued certificate (the next generation), as staff's re-issue does; a race is a 409. */
async function reissue(deps: ProgramDeps, enrolment: EnrolmentRecord): Promise<EnrolmentRecord> {
  const now = deps.now().toISOString();
  const due = await deps.stores.enrolments.updateEnrolment(
    enrolment.batchId,
    enrolment.userId,
    enrolment.version,
    { status: 'due', dueAt: now, waitingOn: undefined, generation: enrolment.generation + 1 },
    now,
  );
  if (!due)
    throw new AppError('conflict', 'Your certificate changed meanwhile; reload the page and try again');
  return issueEnrolment(deps, due);
}

/** The participant gives (`granted`) or withdraws consent for one of their batches. */
export async function setEvidenceConsent(
  deps: ProgramDeps,
  actor: Actor,
  batchId: string,
  granted: boolean,
): Promise<EvidenceConsentOutcome> {
  const enrolment = await deps.stores.enrolments.getEnrolment(batchId, actor.id);
  if (!enrolment) throw new AppError('not_found', `You are not enrolled in batch ${batchId}`);
  await deps.stores.evidenceConsents.setEvidenceConsent({
    batchId,
    userId: actor.id,
    granted,
    at: deps.now().toISOString(),
  });
  await audit(deps, actor, granted ? 'evidence.consent_given' : 'evidence.consent_withdrawn', {
    type: 'enrolment',
    id: `${batchId}:${actor.id}`,
  });
  if (enrolment.status !== 'issued') return { enrolment, reissued: false };
  const linked = await currentHasEvidence(deps, enrolment);
  const wanted = granted && (await approvedWork(deps, batchId, actor.id)) !== undefined;
  if (linked === wanted) return { enrolment, reissued: false };
  const issued = await reissue(deps, enrolment);
  await audit(
    deps,
    actor,
    'certificate.reissued',
    { type: 'credential', id: issued.credentialId! },
    { batchId, userId: actor.id, reason: 'evidence consent changed', supersedes: enrolment.credentialId },
  );
  return { enrolment: issued, reissued: true };
}

/** What the public evidence address shows: the approved text, or the approved file. */
export type EvidenceContent =
  | { kind: 'text'; text: string }
  | { kind: 'file'; name: string; mediaType: string; bytes: Uint8Array };

/**
 * Approved work behind an evidence link, for anyone holding the link (its id is a random
 * UUID), while its author consents; anything else is the same not_found.
 */
export async function evidenceContent(
  deps: Pick<ProgramDeps, 'stores'>,
  submissionId: string,
): Promise<EvidenceContent> {
  const missing = new AppError('not_found', 'No evidence at this address (it may have been withdrawn)');
  const submission = await deps.stores.submissions.getSubmission(submissionId);
  if (submission?.state !== 'approved') throw missing;
  if (!(await evidenceConsented(deps, submission.batchId, submission.userId))) throw missing;
  if (submission.kind === 'text' && submission.text !== undefined)
    return { kind: 'text', text: submission.text };
  if (submission.kind === 'file' && submission.file) {
    const bytes = await deps.stores.files.getFile(submission.file.sha256);
    if (!bytes) throw missing;
    return { kind: 'file', name: submission.file.name, mediaType: submission.file.mediaType, bytes };
  }
  throw missing;
}
