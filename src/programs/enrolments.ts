/**
 * Enrolling participants and recording their progress. Every way progress arrives (the
 * LMS webhook, a CSV import, a review decision, staff) goes through `recordProgress`:
 * check the event against the course, record it once by its id, then re-evaluate the
 * enrolment, which issues the certificate when the criteria are met. A duplicate event
 * is still followed by an evaluation, so a retry after a crash finishes the job.
 */
import { AppError } from '../errors.js';
import { newUser, normaliseEmail } from '../accounts/users.js';
import {
  DuplicateEmailError,
  type BatchRecord,
  type CourseRecord,
  type EnrolmentRecord,
  type ProgressEvent,
  type UserRecord,
} from '../storage/ports.js';
import type { ProgramDeps } from './programDeps.js';
import { notify } from '../notifications/notify.js';
import { setPasswordLink } from '../notifications/oneTimeLinks.js';
import { batchWithCourse, evaluateEnrolment } from './automaticIssuance.js';
import { noteActivity, planDeadlineReminders } from './programReminders.js';
import { yieldToEventLoop } from '../scheduling/yieldToEventLoop.js';

/** Who an event or import row is about: an account id, or an email (and name, to create one). */
export type ParticipantRef = { userId: string } | { email: string; name?: string };

/**
 * Finds the participant's account; with an email and a name, creates a participant
 * account without a password when there is none and invites them to choose one (the
 * email's link is made when it is sent: oneTimeLinks.ts). The invitation is queued, not
 * sent inline, so a 10,000-row import is not 10,000 SMTP round trips; the outbox worker
 * sends it within seconds.
 */
export async function resolveParticipant(
  deps: Pick<ProgramDeps, 'stores' | 'now' | 'notifications' | 'settings'>,
  ref: ParticipantRef,
): Promise<UserRecord> {
  if ('userId' in ref) {
    const user = await deps.stores.users.get(ref.userId);
    if (!user || user.status === 'erased')
      throw new AppError('invalid_request', `No participant with id ${ref.userId}`);
    return user;
  }
  const email = normaliseEmail(ref.email);
  const existing = await deps.stores.users.getByEmail(email);
  if (existing) return existing;
  if (!ref.name?.trim())
    throw new AppError(
      'invalid_request',
      `No account for ${email}: send the participant's name too, so one can be created`,
    );
  const user = newUser({ email, name: ref.name.trim(), role: 'participant' }, deps.now());
  try {
    await deps.stores.users.create(user);
  } catch (error) {
    // Two events for a new person raced: the other one created the account.
    if (error instanceof DuplicateEmailError) return (await deps.stores.users.getByEmail(email))!;
    throw error;
  }
  await notify(deps.notifications, user, {
    trigger: 'account_created',
    dedupeKey: `account_created:${user.id}`,
    values: { email: user.email, setPasswordUrl: setPasswordLink(deps.settings.publicUrl) },
    // Email only: an in-app notice could not be read before the password exists.
    channels: ['email'],
    dueAt: deps.now(),
  });
  return user;
}

/** Enrols an existing participant in a batch (idempotent); returns the enrolment. */
export async function enrolParticipant(
  deps: ProgramDeps,
  batchId: string,
  userId: string,
  known?: BatchRecord,
): Promise<EnrolmentRecord> {
  const batch = known ?? (await batchWithCourse(deps, batchId)).batch;
  const user = await deps.stores.users.get(userId);
  if (!user || user.status === 'erased') throw new AppError('not_found', `No participant with id ${userId}`);
  const now = deps.now().toISOString();
  const { record, created } = await deps.stores.enrolments.enrol({
    batchId,
    userId,
    enrolledAt: now,
    status: 'in_progress',
    missing: [],
    certificates: [],
    generation: 1,
    version: 1,
    updatedAt: now,
  });
  if (created) await planDeadlineReminders(deps, batch, record);
  return record;
}

/** Throws a 400 naming the problem if the event does not fit the course. */
function assertFits(
  event: Pick<ProgressEvent, 'type' | 'moduleId' | 'assessmentId' | 'score'>,
  course: CourseRecord,
): void {
  if (event.type === 'module_completed') {
    if (!event.moduleId) throw new AppError('invalid_request', 'A module_completed event needs "moduleId"');
    if (!course.modules.some((m) => m.id === event.moduleId))
      throw new AppError('invalid_request', `Course "${course.title}" has no module "${event.moduleId}"`);
  }
  if (event.type === 'assessment_scored') {
    const assessment = course.assessments.find((a) => a.id === event.assessmentId);
    if (!event.assessmentId || event.score === undefined)
      throw new AppError('invalid_request', 'An assessment_scored event needs "assessmentId" and "score"');
    if (!assessment)
      throw new AppError(
        'invalid_request',
        `Course "${course.title}" has no assessment "${event.assessmentId}"`,
      );
    if (event.score > assessment.maxScore)
      throw new AppError(
        'invalid_request',
        `Score ${event.score} is above the maximum of ${assessment.maxScore} for "${assessment.title}"`,
      );
  }
}

/** An event as a source reports it; recordedAt is added here. */
export type EventInput = Omit<ProgressEvent, 'recordedAt'>;

/**
 * Records one progress event (enrolling the participant if needed) and re-evaluates
 * their enrolment. Returns whether the event was new and the enrolment as it now stands.
 */
export async function recordProgress(
  deps: ProgramDeps,
  event: EventInput,
): Promise<{ recorded: boolean; enrolment: EnrolmentRecord }> {
  const { batch, course } = await batchWithCourse(deps, event.batchId);
  assertFits(event, course);
  await enrolParticipant(deps, event.batchId, event.userId, batch);
  const recorded = await deps.stores.enrolments.recordEvent({
    ...event,
    recordedAt: deps.now().toISOString(),
  });
  const enrolment = (await evaluateEnrolment(deps, event.batchId, event.userId, { batch, course }))!;
  // Activity counts from when it reached us: an old event replayed is not a sign of life.
  if (!recorded) return { recorded, enrolment };
  return { recorded, enrolment: await noteActivity(deps, batch, enrolment, deps.now()) };
}

/** Re-evaluates every unissued enrolment of a batch (after its criteria changed). */
export async function reevaluateBatch(deps: ProgramDeps, batchId: string): Promise<void> {
  const { batch, course } = await batchWithCourse(deps, batchId);
  for (const enrolment of await deps.stores.enrolments.listEnrolments(batchId)) {
    if (enrolment.status === 'issued' || enrolment.status === 'revoked') continue;
    // A whole batch may become due at once: other requests go on between participants.
    await yieldToEventLoop();
    await evaluateEnrolment(deps, batchId, enrolment.userId, { batch, course });
  }
}

/** Re-evaluates a participant's enrolments waiting for their consent (after they gave it). */
export async function reevaluateAfterConsent(deps: ProgramDeps, userId: string): Promise<EnrolmentRecord[]> {
  const waiting = (await deps.stores.enrolments.listEnrolmentsOfUser(userId)).filter(
    (e) => e.status === 'waiting' && e.waitingOn === 'consent',
  );
  const results: EnrolmentRecord[] = [];
  for (const enrolment of waiting) results.push((await evaluateEnrolment(deps, enrolment.batchId, userId))!);
  return results;
}
