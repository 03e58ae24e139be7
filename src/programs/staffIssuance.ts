/**
 * What staff do by hand, each with a reason and audited: issue a certificate outside the
 * criteria, revoke one, and re-issue one with corrected data (e.g. a misspelt name): the
 * new credential links to the old (`supersedes`), the old is revoked with reason
 * "superseded", and both stay in the enrolment's history. All go through the same
 * idempotent issuance as automatic certificates.
 */
import { cleanDisplayName, PERSON_NAME, type NameField } from '../accounts/displayNames.js';
import { AppError } from '../errors.js';
import type { Actor } from '../accounts/accountDeps.js';
import { audit } from '../accounts/audit.js';
import { changeCredentialStatus } from '../status/statusLists.js';
import type { EnrolmentPatch, EnrolmentRecord, FeedbackRecord } from '../storage/ports.js';
import type { ProgramDeps } from './programDeps.js';
import { batchWithCourse, issueEnrolment, notifyParticipant } from './automaticIssuance.js';
import { enrolParticipant, recordProgress } from './enrolments.js';
import { requireProgramStaff } from './courses.js';
import { stopExpiryReminders } from './programReminders.js';
import { askIfNotAsked } from './consentReminders.js';

function requireReason(reason: string | undefined): string {
  const text = reason?.trim();
  if (!text) throw new AppError('invalid_request', 'Give a reason: it is kept in the audit log');
  if (text.length > 500) throw new AppError('invalid_request', 'Keep the reason under 500 characters');
  return text;
}

async function enrolmentOf(deps: ProgramDeps, batchId: string, userId: string): Promise<EnrolmentRecord> {
  const enrolment = await deps.stores.enrolments.getEnrolment(batchId, userId);
  if (!enrolment)
    throw new AppError('not_found', `Participant ${userId} is not enrolled in batch ${batchId}`);
  return enrolment;
}

/** Moves an enrolment to `due` with a version check (a concurrent change is a 409) and issues it. */
async function issueNow(
  deps: ProgramDeps,
  enrolment: EnrolmentRecord,
  patch: EnrolmentPatch,
): Promise<EnrolmentRecord> {
  const now = deps.now().toISOString();
  const due = await deps.stores.enrolments.updateEnrolment(
    enrolment.batchId,
    enrolment.userId,
    enrolment.version,
    { ...patch, status: 'due', dueAt: now, waitingOn: undefined },
    now,
  );
  if (!due)
    throw new AppError(
      'conflict',
      'This enrolment changed while you were working on it; reload and try again',
    );
  return issueEnrolment(deps, due);
}

/**
 * Issues a participant's certificate regardless of the criteria, recorded as a progress
 * event (`issue_approved`) so the decision outlives this request: with the participant's
 * consent to their name on the certificate it is issued now; without it they are asked
 * (email and portal) and the enrolment waits on their consent, issuing the moment they
 * give it. Returns the enrolment: `issued`, or `waiting` on `consent` since when they were asked
 * (consentReminders.ts tells the tracker when the request and any reminder really went out).
 */
export async function issueManually(
  deps: ProgramDeps,
  actor: Actor,
  batchId: string,
  userId: string,
  reason: string | undefined,
): Promise<EnrolmentRecord> {
  requireProgramStaff(actor);
  const why = requireReason(reason);
  let enrolment = await enrolParticipant(deps, batchId, userId);
  if (enrolment.status === 'issued')
    throw new AppError(
      'conflict',
      'This participant already has a certificate from this batch; re-issue it instead',
    );
  if (enrolment.status === 'revoked') {
    // A new generation: the old idempotency key belongs to the revoked credential. A consent
    // request of the earlier round is history too: if consent is missing now, they are asked
    // now, and the tracker's "waiting since" starts now.
    const now = deps.now().toISOString();
    const reopened = await deps.stores.enrolments.updateEnrolment(
      batchId,
      userId,
      enrolment.version,
      {
        status: 'in_progress',
        generation: enrolment.generation + 1,
        credentialId: undefined,
        consentRequestedAt: undefined,
      },
      now,
    );
    if (!reopened)
      throw new AppError(
        'conflict',
        'This enrolment changed while you were working on it; reload and try again',
      );
    enrolment = reopened;
  }
  const { enrolment: after } = await recordProgress(deps, {
    id: `staff:issue:${batchId}:${userId}:g${enrolment.generation}`,
    batchId,
    userId,
    type: 'issue_approved',
    occurredAt: deps.now().toISOString(),
    source: `staff:${actor.id}`,
  });
  const result = after;
  // The first request's outbox key is per batch and participant; after a revocation it is
  // taken, so without this nothing would go out while the tracker said they were asked.
  await askIfNotAsked(deps, result);
  const target = result.credentialId
    ? { type: 'credential', id: result.credentialId }
    : { type: 'enrolment', id: `${batchId}/${userId}` };
  await audit(deps, actor, 'certificate.issued_manually', target, {
    batchId,
    userId,
    reason: why,
    outcome: result.status,
  });
  return result;
}

/** Revokes a participant's current certificate from a batch. */
export async function revokeCertificate(
  deps: ProgramDeps,
  actor: Actor,
  batchId: string,
  userId: string,
  reason: string | undefined,
): Promise<EnrolmentRecord> {
  requireProgramStaff(actor);
  const why = requireReason(reason);
  const enrolment = await enrolmentOf(deps, batchId, userId);
  if (enrolment.status !== 'issued' || !enrolment.credentialId)
    throw new AppError('conflict', 'This participant has no current certificate from this batch');
  const credentialId = enrolment.credentialId;
  await changeCredentialStatus(deps.status, credentialId, 'revoke', why);
  const at = deps.now().toISOString();
  const certificates = enrolment.certificates.map((c) =>
    c.credentialId === credentialId ? { ...c, revokedAt: at, revokedReason: why } : c,
  );
  const updated = await deps.stores.enrolments.updateEnrolment(
    batchId,
    userId,
    enrolment.version,
    { status: 'revoked', certificates },
    at,
  );
  if (!updated)
    throw new AppError(
      'conflict',
      'This enrolment changed while you were working on it; reload and try again',
    );
  await audit(
    deps,
    actor,
    'certificate.revoked',
    { type: 'credential', id: credentialId },
    { batchId, userId, reason: why },
  );
  await stopExpiryReminders(deps, credentialId, 'revoked');
  const user = await deps.stores.users.get(userId);
  if (user) {
    const { batch } = await batchWithCourse(deps, batchId);
    const record = await deps.stores.credentials.get(credentialId);
    await notifyParticipant(deps, user, {
      trigger: 'certificate_revoked',
      dedupeKey: `certificate_revoked:${credentialId}`,
      values: {
        achievement: batch.achievement.name,
        certificateNumber: record?.certificateNumber ?? '',
        reason: why,
        portalUrl: `${deps.settings.publicUrl}/me`,
      },
    });
  }
  return updated;
}

/** The corrected name staff type when re-issuing: the one name check, refused when too long. */
const CORRECTED_NAME: NameField = {
  ...PERSON_NAME,
  missing: 'Enter the corrected name',
  overLength: 'refuse',
};

/**
 * Re-issues a participant's certificate, optionally correcting their name first. The old
 * credential is revoked as superseded only once the new one is signed.
 */
export async function reissueCertificate(
  deps: ProgramDeps,
  actor: Actor,
  batchId: string,
  userId: string,
  input: { reason: string | undefined; name?: string },
): Promise<EnrolmentRecord> {
  requireProgramStaff(actor);
  const why = requireReason(input.reason);
  const enrolment = await enrolmentOf(deps, batchId, userId);
  if (enrolment.status !== 'issued' || !enrolment.credentialId)
    throw new AppError('conflict', 'Only a current certificate can be re-issued');
  if (input.name !== undefined) {
    const name = cleanDisplayName(input.name, CORRECTED_NAME);
    const user = await deps.stores.users.get(userId);
    if (user && user.name !== name) {
      await deps.stores.users.update(userId, { name }, deps.now().toISOString());
      await audit(deps, actor, 'user.name_corrected', { type: 'user', id: userId }, { reason: why });
    }
  }
  const previous = enrolment.credentialId;
  const issued = await issueNow(deps, enrolment, { generation: enrolment.generation + 1 });
  await audit(
    deps,
    actor,
    'certificate.reissued',
    { type: 'credential', id: issued.credentialId! },
    { batchId, userId, reason: why, supersedes: previous },
  );
  return issued;
}

/** A participant rates the course behind one of their certificates (once per certificate). */
export async function giveFeedback(
  deps: ProgramDeps,
  actor: Actor,
  credentialId: string,
  input: { rating: number; comment?: string },
): Promise<FeedbackRecord> {
  const enrolment = await deps.stores.enrolments.findEnrolmentByCredential(credentialId);
  if (!enrolment || enrolment.userId !== actor.id)
    throw new AppError('not_found', `No certificate ${credentialId} of yours`);
  if (!Number.isInteger(input.rating) || input.rating < 1 || input.rating > 5)
    throw new AppError('invalid_request', 'Rate from 1 to 5');
  const comment = input.comment?.trim();
  if (comment && comment.length > 2000)
    throw new AppError('invalid_request', 'Keep the comment under 2000 characters');
  const feedback: FeedbackRecord = {
    credentialId,
    batchId: enrolment.batchId,
    userId: actor.id,
    rating: input.rating,
    ...(comment ? { comment } : {}),
    at: deps.now().toISOString(),
  };
  if (!(await deps.stores.feedback.addFeedback(feedback)))
    throw new AppError('conflict', 'You have already given feedback for this certificate; thank you');
  return feedback;
}
