/**
 * Enrolling someone on purpose (staff's enrol form, the API's enrolment endpoint) and
 * telling them what the course's certificate asks for: the `course_enrolled` email lists
 * the requirements in the words of the course's certificate page and links it.
 *
 * Who gets it: everyone enrolled this way, once per enrolment (the dedupe key). A person
 * whose account this enrolment makes gets the account invitation first (queued first:
 * choosing a password is their first step) and then this email, which says so in a line of
 * its own (`accountNote`), so the two read as one story rather than two unrelated emails:
 * the invitation is about the account, this one about the course. Enrolments made on the
 * side of progress (an LMS event, a CSV import of results) send no course email: the
 * person is already doing the course, and an import of finished results would mail "you
 * are enrolled" to people who are done.
 */
import { normaliseEmail } from '../accounts/users.js';
import type { EnrolmentRecord } from '../storage/ports.js';
import type { ProgramDeps } from './programDeps.js';
import { batchWithCourse, notifyParticipant } from './automaticIssuance.js';
import { enrolParticipant, resolveParticipant, type ParticipantRef } from './enrolments.js';
import { requirementsText, requirementsUrl } from './courseRequirements.js';

/** The course email's line for someone whose account the enrolment made (they have no password yet). */
const NEW_ACCOUNT_NOTE =
  'This is your first course with us, so we have made you an account: to sign in, first choose your password with the link in our other email.';

/**
 * Finds or makes the participant's account, enrols them in the batch (idempotent) and,
 * when the enrolment is new, emails them the requirements (after the account invitation,
 * when the account is new too).
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
  if (wasEnrolled) return enrolment;
  const { batch, course } = await batchWithCourse(deps, batchId);
  await notifyParticipant(deps, user, {
    trigger: 'course_enrolled',
    dedupeKey: `course_enrolled:${batch.id}:${user.id}`,
    values: {
      course: course.title,
      achievement: batch.achievement.name,
      requirements: requirementsText(batch, course),
      requirementsUrl: requirementsUrl(deps.settings.publicUrl, batch),
      accountNote: hadAccount ? '' : NEW_ACCOUNT_NOTE,
    },
    // Queued, not sent inline: the request does not wait on the mail server. Email only:
    // the portal shows the course itself.
    channels: ['email'],
    dueAt: deps.now(),
  });
  return enrolment;
}
