/**
 * Enrolling someone on purpose (staff's enrol form, the API's enrolment endpoint) and
 * telling them what the course's certificate asks for: the `course_enrolled` email lists
 * the requirements in the words of the course's certificate page and links it.
 *
 * Who gets it: a person who already had an account, once per enrolment (the dedupe key).
 * A person whose account this enrolment makes gets the account invitation instead (one
 * email to someone who has never heard from us, whose first step is choosing a password;
 * the course, with its link to the requirements, is then in "My courses"). Enrolments made
 * on the side of progress (an LMS event, a CSV import of results) send nothing: the person
 * is already doing the course, and an import of finished results would mail "you are
 * enrolled" to people who are done.
 */
import { normaliseEmail } from '../accounts/users.js';
import type { EnrolmentRecord } from '../storage/ports.js';
import type { ProgramDeps } from './programDeps.js';
import { batchWithCourse, notifyParticipant } from './automaticIssuance.js';
import { enrolParticipant, resolveParticipant, type ParticipantRef } from './enrolments.js';
import { requirementsText, requirementsUrl } from './courseRequirements.js';

/**
 * Finds or makes the participant's account, enrols them in the batch (idempotent) and,
 * when the enrolment is new and the account was not, emails them the requirements.
 */
export async function enrolAndTell(
  deps: ProgramDeps,
  batchId: string,
  participant: ParticipantRef,
): Promise<EnrolmentRecord> {
  const hadAccount =
    'userId' in participant || Boolean(await deps.stores.users.getByEmail(normaliseEmail(participant.email)));
  const user = await resolveParticipant(deps, participant);
  const wasEnrolled = (await deps.stores.enrolments.getEnrolment(batchId, user.id)) !== undefined;
  const enrolment = await enrolParticipant(deps, batchId, user.id);
  if (!hadAccount || wasEnrolled) return enrolment;
  const { batch, course } = await batchWithCourse(deps, batchId);
  await notifyParticipant(deps, user, {
    trigger: 'course_enrolled',
    dedupeKey: `course_enrolled:${batch.id}:${user.id}`,
    values: {
      course: course.title,
      achievement: batch.achievement.name,
      requirements: requirementsText(batch, course),
      requirementsUrl: requirementsUrl(deps.settings.publicUrl, batch),
    },
    // Queued, not sent inline: the request does not wait on the mail server. Email only:
    // the portal shows the course itself.
    channels: ['email'],
    dueAt: deps.now(),
  });
  return enrolment;
}
