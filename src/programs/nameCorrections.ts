/**
 * Name corrections of issued certificates. The participant asks (the new name and why);
 * staff see the open requests and approve or refuse with a reason. Approval re-issues the
 * certificate with the corrected name through the programme's re-issue (the new
 * credential `supersedes` the old, which is revoked as superseded), so the participant
 * gets the "re-issued" email and `/me` shows the old one as replaced; a refusal is
 * emailed with staff's reason. Certificates issued outside a programme (through the API)
 * are corrected by whoever issued them, not here.
 */
import { randomUUID } from 'node:crypto';
import { AppError } from '../errors.js';
import type { Actor } from '../accounts/accountDeps.js';
import { audit } from '../accounts/audit.js';
import { cleanDisplayName, MAX_DISPLAY_NAME_LENGTH, type NameField } from '../accounts/displayNames.js';
import { markOf } from '../rendering/certificateMark.js';
import { describeCredential } from '../verification/credentialFacts.js';
import { OpenCorrectionExistsError, type NameCorrectionRecord } from '../storage/correctionPorts.js';
import type { ProgramDeps } from './programDeps.js';
import { notifyParticipant } from './automaticIssuance.js';
import { requireProgramStaff } from './courses.js';
import { reissueCertificate } from './staffIssuance.js';

/** The limits of what a participant writes. */
const CORRECTION_LIMITS = { name: MAX_DISPLAY_NAME_LENGTH, reason: 500 } as const;

/** The corrected name, through the same check as every name a person gives. */
const CORRECTED_NAME: NameField = {
  label: 'the name',
  missing: 'Enter your name as it should appear on the certificate',
  max: CORRECTION_LIMITS.name,
  overLength: 'refuse',
};

function requiredText(value: string | undefined, max: number, missing: string, tooLong: string): string {
  const text = value?.trim() ?? '';
  if (!text) throw new AppError('invalid_request', missing);
  if (text.length > max) throw new AppError('invalid_request', tooLong);
  return text;
}

/** The participant's current certificate `credentialId`, or the same not_found for anyone else's. */
async function ownValidCertificate(deps: ProgramDeps, userId: string, credentialId: string) {
  const record = await deps.stores.credentials.get(credentialId);
  if (
    !record ||
    record.holderUserId !== userId ||
    record.state !== 'issued' ||
    record.redactedAt ||
    !record.credential
  ) {
    throw new AppError('not_found', 'There is no such certificate in your account');
  }
  const mark = markOf(record, deps.now());
  if (mark)
    throw new AppError(
      'conflict',
      `This certificate is ${mark}: only a current certificate can be corrected`,
    );
  return record as typeof record & { credential: Record<string, unknown> };
}

/** A participant asks for the name on one of their certificates to be corrected. */
export async function requestNameCorrection(
  deps: ProgramDeps,
  actor: Actor,
  credentialId: string,
  input: { name?: string; reason?: string },
): Promise<NameCorrectionRecord> {
  const record = await ownValidCertificate(deps, actor.id, credentialId);
  const name = cleanDisplayName(input.name, CORRECTED_NAME);
  const reason = requiredText(
    input.reason,
    CORRECTION_LIMITS.reason,
    'Say what is wrong with the name on the certificate',
    `Keep the reason under ${CORRECTION_LIMITS.reason} characters`,
  );
  const currentName = describeCredential(record.credential).recipientName ?? '';
  if (name === currentName)
    throw new AppError(
      'invalid_request',
      'That is the name already on the certificate: enter the corrected name',
    );
  const request: NameCorrectionRecord = {
    id: randomUUID(),
    userId: actor.id,
    credentialId,
    certificateNumber: record.certificateNumber,
    currentName,
    requestedName: name,
    reason,
    status: 'open',
    createdAt: deps.now().toISOString(),
  };
  try {
    await deps.stores.corrections.create(request);
  } catch (error) {
    if (error instanceof OpenCorrectionExistsError)
      throw new AppError(
        'conflict',
        'You have already asked for this certificate to be corrected; staff will answer that request',
      );
    throw error;
  }
  await audit(
    deps,
    actor,
    'certificate.correction_requested',
    { type: 'credential', id: credentialId },
    { requestId: request.id },
  );
  const user = await deps.stores.users.get(actor.id);
  if (user) {
    await notifyParticipant(deps, user, {
      trigger: 'name_correction_received',
      dedupeKey: `name_correction_received:${request.id}`,
      values: {
        certificateNumber: record.certificateNumber,
        requestedName: name,
        portalUrl: `${deps.settings.publicUrl}/me#certificate-${record.certificateNumber}`,
      },
    });
  }
  return request;
}

/** The open requests, oldest first, for staff. */
export async function openNameCorrections(
  deps: ProgramDeps,
  actor: Actor,
  limit = 200,
): Promise<NameCorrectionRecord[]> {
  requireProgramStaff(actor);
  return deps.stores.corrections.listOpen(limit);
}

/** One request, for staff. */
export async function nameCorrection(
  deps: ProgramDeps,
  actor: Actor,
  id: string,
): Promise<NameCorrectionRecord> {
  requireProgramStaff(actor);
  const request = await deps.stores.corrections.get(id);
  if (!request) throw new AppError('not_found', 'There is no such name correction request');
  return request;
}

/**
 * Staff approve (re-issue with the requested name) or refuse (with a note the participant
 * reads). Re-issuing comes first and is version-checked on the enrolment, so of two staff
 * approving at once one re-issues and the other is told the enrolment changed.
 */
export async function decideNameCorrection(
  deps: ProgramDeps,
  actor: Actor,
  id: string,
  input: { decision: 'approve' | 'refuse'; note?: string },
): Promise<NameCorrectionRecord> {
  const request = await nameCorrection(deps, actor, id);
  if (request.status !== 'open') throw new AppError('conflict', `This request was already ${request.status}`);
  const decidedAt = deps.now().toISOString();
  if (input.decision === 'refuse') {
    const note = requiredText(
      input.note,
      CORRECTION_LIMITS.reason,
      'Say why the name is not corrected: the participant reads it',
      `Keep the reason under ${CORRECTION_LIMITS.reason} characters`,
    );
    const refused = await deps.stores.corrections.decide(id, {
      status: 'refused',
      decidedAt,
      decidedBy: actor.id,
      decisionNote: note,
    });
    if (!refused)
      throw new AppError('conflict', 'Someone else decided this request while you were working on it');
    await audit(
      deps,
      actor,
      'certificate.correction_refused',
      { type: 'credential', id: request.credentialId },
      { requestId: id, reason: note },
    );
    const user = await deps.stores.users.get(request.userId);
    if (user) {
      await notifyParticipant(deps, user, {
        trigger: 'name_correction_refused',
        dedupeKey: `name_correction_refused:${id}`,
        values: {
          certificateNumber: request.certificateNumber,
          requestedName: request.requestedName,
          reason: note,
          portalUrl: `${deps.settings.publicUrl}/me#certificate-${request.certificateNumber}`,
        },
      });
    }
    return refused;
  }
  const enrolment = await deps.stores.enrolments.findEnrolmentByCredential(request.credentialId);
  if (!enrolment)
    throw new AppError(
      'conflict',
      'This certificate was not issued through a programme: whoever issued it through the API re-issues it',
    );
  if (enrolment.credentialId !== request.credentialId || enrolment.status !== 'issued') {
    throw new AppError(
      'conflict',
      'This certificate is no longer the current one of its enrolment (revoked or re-issued since the request)',
    );
  }
  const reissued = await reissueCertificate(deps, actor, enrolment.batchId, enrolment.userId, {
    reason: `Name correction asked by the participant: ${request.reason}`,
    name: request.requestedName,
  });
  const approved = await deps.stores.corrections.decide(id, {
    status: 'approved',
    decidedAt,
    decidedBy: actor.id,
    ...(input.note?.trim() ? { decisionNote: input.note.trim().slice(0, CORRECTION_LIMITS.reason) } : {}),
    ...(reissued.credentialId ? { replacementId: reissued.credentialId } : {}),
  });
  if (!approved)
    throw new AppError('conflict', 'Someone else decided this request while you were working on it');
  await audit(
    deps,
    actor,
    'certificate.correction_approved',
    { type: 'credential', id: request.credentialId },
    { requestId: id, replacementId: reissued.credentialId },
  );
  return approved;
}
