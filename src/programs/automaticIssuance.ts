/**
 * Automatic issuance: after every relevant event an enrolment is evaluated; when its
 * criteria are met (and the participant consented to their name on the certificate, and
 * any hold period is over) it becomes `due` and is issued, with nobody lifting a finger.
 *
 * Why it never issues twice: the credential's idempotency key is fixed per enrolment and
 * generation (`enrolment:<batch>:<user>:g<n>`), so replays, double clicks, two processes
 * and a retry after a crash all reach the same reserved credential; and the enrolment is
 * only moved with a version check, so racing evaluations cannot undo each other. A crash
 * between "due" and "issued" is finished by `issueDueEnrolments`, which the server runs
 * at start and on a timer.
 */
import { AppError } from '../errors.js';
import { issueCredential } from '../credentials/issueCredential.js';
import { changeCredentialStatus } from '../status/statusLists.js';
import { currentConsents } from '../accounts/consents.js';
import type {
  BatchRecord,
  CourseRecord,
  EnrolmentPatch,
  EnrolmentRecord,
  UserRecord,
} from '../storage/ports.js';
import type { ProgramDeps } from './programDeps.js';
import { foldProgress } from './progress.js';
import { evaluateCriteria } from './criteria.js';
import { achievementId, programCredential } from './programCredential.js';
import { badgeContentFor } from '../badges/badgeIssuance.js';
import { notify, type Notice } from '../notifications/notify.js';
import { planExpiryReminders, stopDeadlineReminders, stopExpiryReminders } from './programReminders.js';
import { inviteToParticipantSurvey } from '../surveys/participantSurvey.js';
import { yieldToEventLoop } from '../scheduling/yieldToEventLoop.js';

/** How often an evaluation retries after losing a version race before giving up. */
const MAX_ATTEMPTS = 8;
const HOUR_MS = 60 * 60 * 1000;

/** The reason recorded on a credential replaced by a re-issue. */
export const SUPERSEDED = 'superseded';

/** A batch with its course; a missing one is a 404 for callers. */
export async function batchWithCourse(
  deps: Pick<ProgramDeps, 'stores'>,
  batchId: string,
): Promise<{ batch: BatchRecord; course: CourseRecord }> {
  const batch = await deps.stores.courses.getBatch(batchId);
  const course = batch && (await deps.stores.courses.getCourse(batch.courseId));
  if (!batch || !course) throw new AppError('not_found', `No batch ${batchId}`);
  return { batch, course };
}

/** Whether the participant's current consent allows their name on a certificate. */
async function hasNameConsent(deps: ProgramDeps, userId: string): Promise<boolean> {
  const current = currentConsents(await deps.stores.consents.listForUser(userId));
  return current.name_on_certificate?.granted === true;
}

/** A batch with its course, when the caller has already read them (saves two reads per event). */
export interface BatchWithCourse {
  batch: BatchRecord;
  course: CourseRecord;
}

/** The state an unissued enrolment should be in now, from its events, consent and clock. */
async function nextState(
  deps: ProgramDeps,
  enrolment: EnrolmentRecord,
  { batch, course }: BatchWithCourse,
): Promise<EnrolmentPatch> {
  const progress = foldProgress(await deps.stores.enrolments.listEvents(enrolment.batchId, enrolment.userId));
  const now = deps.now();
  const verdict = evaluateCriteria(batch, course, progress, enrolment.enrolledAt, now);
  const approvedAt = progress.approvedAt;
  const cleared = { waitingOn: undefined, metAt: undefined, dueAt: undefined, approvedAt };
  if (verdict.missed) return { ...cleared, status: 'missed', missing: verdict.missing };
  if (!verdict.met) return { ...cleared, status: 'in_progress', missing: verdict.missing };
  const met = { missing: [], metAt: verdict.metAt, approvedAt };
  if (!(await hasNameConsent(deps, enrolment.userId))) {
    return {
      ...met,
      status: 'waiting',
      waitingOn: 'consent',
      dueAt: undefined,
      consentRequestedAt: enrolment.consentRequestedAt ?? now.toISOString(),
    };
  }
  // The hold gives staff time to catch a mistake; a staff decision to issue needs none.
  const hold = progress.staffApprovedAt ? 0 : batch.holdHours * HOUR_MS;
  const dueAt = new Date(Math.max(Date.parse(verdict.metAt!) + hold, 0));
  if (dueAt > now) return { ...met, status: 'waiting', waitingOn: 'hold', dueAt: dueAt.toISOString() };
  return { ...met, status: 'due', waitingOn: undefined, dueAt: now.toISOString() };
}

/** Whether applying the patch would change anything visible (saves a write per replay). */
function changes(enrolment: EnrolmentRecord, patch: EnrolmentPatch): boolean {
  return Object.entries(patch).some(
    ([key, value]) => JSON.stringify(enrolment[key as keyof EnrolmentRecord]) !== JSON.stringify(value),
  );
}

/**
 * Tells a participant through the outbox with the trigger's template, by email (sent at
 * once when the server answers, retried with backoff otherwise) and in their portal's
 * notifications; links lead to their programmes page unless the notice says otherwise.
 */
export async function notifyParticipant(deps: ProgramDeps, user: UserRecord, notice: Notice): Promise<void> {
  await notify(deps.notifications, user, {
    ...notice,
    values: { portalUrl: `${deps.settings.publicUrl}/me/programmes`, ...notice.values },
  });
}

async function askForConsent(deps: ProgramDeps, enrolment: EnrolmentRecord): Promise<void> {
  const [user, { batch }] = await Promise.all([
    deps.stores.users.get(enrolment.userId),
    batchWithCourse(deps, enrolment.batchId),
  ]);
  if (!user) return;
  await notifyParticipant(deps, user, {
    trigger: 'consent_request',
    dedupeKey: `consent_request:${enrolment.batchId}:${enrolment.userId}`,
    values: { achievement: batch.achievement.name, certificateNumber: '' },
  });
}

/**
 * Re-evaluates one enrolment and, when it is due, issues its certificate. Returns the
 * enrolment as it now stands (undefined if there is no such enrolment). Issued and
 * revoked enrolments are left alone: re-issue and manual issuance are explicit.
 */
export async function evaluateEnrolment(
  deps: ProgramDeps,
  batchId: string,
  userId: string,
  known?: BatchWithCourse,
): Promise<EnrolmentRecord | undefined> {
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const enrolment = await deps.stores.enrolments.getEnrolment(batchId, userId);
    if (!enrolment || enrolment.status === 'issued' || enrolment.status === 'revoked') return enrolment;
    const context = known ?? (await batchWithCourse(deps, batchId));
    if (enrolment.status === 'due') return issueEnrolment(deps, enrolment, context);
    const patch = await nextState(deps, enrolment, context);
    if (!changes(enrolment, patch)) return enrolment;
    // Asked before the state is written, so a crash in between cannot lose the question;
    // the outbox's dedupe key keeps a racing evaluation from asking twice.
    if (patch.waitingOn === 'consent' && !enrolment.consentRequestedAt) await askForConsent(deps, enrolment);
    const updated = await deps.stores.enrolments.updateEnrolment(
      batchId,
      userId,
      enrolment.version,
      patch,
      deps.now().toISOString(),
    );
    if (!updated) continue;
    if (updated.status === 'waiting' || updated.status === 'due')
      await stopDeadlineReminders(deps, batchId, userId);
    return updated.status === 'due' ? issueEnrolment(deps, updated, context) : updated;
  }
  throw new Error(`enrolment ${batchId}/${userId} kept changing during evaluation`);
}

/** The idempotency key of an enrolment's credential: one per enrolment and generation. */
export function issuanceKey(enrolment: Pick<EnrolmentRecord, 'batchId' | 'userId' | 'generation'>): string {
  return `enrolment:${enrolment.batchId}:${enrolment.userId}:g${enrolment.generation}`;
}

/**
 * Issues a `due` enrolment's certificate (idempotent: see the top of this file). On a
 * re-issue the enrolment still points at the previous credential, which is revoked as
 * superseded once the new one exists, so a crash in between never leaves the person
 * with no valid certificate.
 */
export async function issueEnrolment(
  deps: ProgramDeps,
  due: EnrolmentRecord,
  known?: BatchWithCourse,
): Promise<EnrolmentRecord> {
  const { batch, course } = known ?? (await batchWithCourse(deps, due.batchId));
  const user = await deps.stores.users.get(due.userId);
  if (!user || user.status === 'erased') {
    const updated = await deps.stores.enrolments.updateEnrolment(
      due.batchId,
      due.userId,
      due.version,
      { status: 'missed', missing: ['account_erased'] },
      deps.now().toISOString(),
    );
    return updated ?? (await deps.stores.enrolments.getEnrolment(due.batchId, due.userId))!;
  }
  const previous = due.credentialId;
  const replaced = previous ? await deps.stores.credentials.get(previous) : undefined;
  const keepUntil = replaced?.credential?.validUntil;
  const credential = programCredential({
    batch,
    course,
    participantName: user.name,
    publicUrl: deps.settings.publicUrl,
    now: deps.now(),
    ...(typeof keepUntil === 'string' ? { validUntil: keepUntil } : {}),
    badge: await badgeContentFor(deps, {
      batch,
      course,
      enrolment: due,
      achievementId: achievementId(deps.settings.publicUrl, batch.id),
    }),
  });
  const { record } = await issueCredential(deps.issue, credential, {
    idempotencyKey: issuanceKey(due),
    holderUserId: due.userId,
    recipientEmail: user.email,
    ...(batch.templateRef ? { templateRef: batch.templateRef } : {}),
    ...(previous ? { supersedes: previous } : {}),
  });
  if (previous && previous !== record.id) {
    const old = await deps.stores.credentials.get(previous);
    if (old?.state === 'issued' && !old.revoked)
      await changeCredentialStatus(deps.status, previous, 'revoke', SUPERSEDED);
  }
  // Queued before the enrolment is marked, so a crash in between cannot lose the email;
  // keyed by the credential, so the retry that finishes the job does not send it twice.
  // A replacement says so, with the old number, so the holder knows which one to share.
  // Queued, not sent inline (the delivery worker is rung at once): a cohort finishing
  // together must not wait on the mail server, one message at a time.
  await notifyParticipant(deps, user, {
    trigger: replaced ? 'certificate_reissued' : 'certificate_issued',
    dedupeKey: `certificate_issued:${record.id}`,
    values: {
      achievement: batch.achievement.name,
      certificateNumber: record.certificateNumber,
      // Straight to this certificate on /me (after sign-in), where its files and buttons are.
      portalUrl: `${deps.settings.publicUrl}/me#certificate-${record.certificateNumber}`,
      ...(replaced ? { oldCertificateNumber: replaced.certificateNumber } : {}),
    },
    ...(deps.settings.certificateEmailPdf
      ? { attachment: { kind: 'certificate_pdf' as const, credentialId: record.id } }
      : {}),
    background: true,
  });
  // The survey about the course (only while staff publish one; once per certificate).
  if (!replaced) await inviteToParticipantSurvey(deps, user, record.id, batch.achievement.name);
  const issued = await markIssued(deps, due, record.id, previous);
  if (previous && previous !== record.id) await stopExpiryReminders(deps, previous, 'superseded');
  await planExpiryReminders(deps, issued, batch.achievement.name, record);
  return issued;
}

/** Moves a due enrolment to issued (version-checked). */
async function markIssued(
  deps: ProgramDeps,
  due: EnrolmentRecord,
  credentialId: string,
  previous: string | undefined,
): Promise<EnrolmentRecord> {
  for (
    let enrolment: EnrolmentRecord | undefined = due, attempt = 0;
    enrolment && attempt < MAX_ATTEMPTS;
    attempt++
  ) {
    if (enrolment.status !== 'due') return enrolment;
    const at = deps.now().toISOString();
    const certificates = enrolment.certificates
      .map((c) =>
        c.credentialId === previous && !c.revokedAt ? { ...c, revokedAt: at, revokedReason: SUPERSEDED } : c,
      )
      .concat(
        enrolment.certificates.some((c) => c.credentialId === credentialId)
          ? []
          : [{ credentialId, issuedAt: at }],
      );
    const patch: EnrolmentPatch = {
      status: 'issued',
      credentialId,
      issuedAt: at,
      certificates,
      waitingOn: undefined,
      dueAt: undefined,
      missing: [],
    };
    const updated = await deps.stores.enrolments.updateEnrolment(
      due.batchId,
      due.userId,
      enrolment.version,
      patch,
      at,
    );
    if (updated) return updated;
    enrolment = await deps.stores.enrolments.getEnrolment(due.batchId, due.userId);
  }
  throw new Error(`enrolment ${due.batchId}/${due.userId} kept changing while being marked issued`);
}

/**
 * Issues every enrolment that is due by now (a crash left it `due`, or its hold period
 * is over), oldest first, `limit` at a time. Returns how many it issued. One failure is
 * logged and skipped so it cannot block the rest.
 */
export async function issueDueEnrolments(deps: ProgramDeps, limit = 100): Promise<number> {
  let issued = 0;
  for (const enrolment of await deps.stores.enrolments.listDueEnrolments(deps.now().toISOString(), limit)) {
    // Each one signs: requests go on between them.
    await yieldToEventLoop();
    try {
      const result = await evaluateEnrolment(deps, enrolment.batchId, enrolment.userId);
      if (result?.status === 'issued' && result.credentialId !== enrolment.credentialId) issued++;
    } catch (error) {
      deps.logger.error(
        { batchId: enrolment.batchId, userId: enrolment.userId, err: error },
        'issuing a due certificate failed; the sweep tries it again',
      );
    }
  }
  return issued;
}
