/**
 * The participant's survey after a certificate is issued: answered once per certificate,
 * only by its holder, and offered by email once a survey is published.
 *
 * Building on the course rating that existed before (FeedbackStore): until staff publish
 * a participant survey, the built-in version 0 asks what the old form asked (a 1-5 rating
 * and an optional comment), and the old form on /me/programmes stays. Every participant
 * answer whose first question is a rating is also written as that certificate's course
 * rating, so the programme report's feedback figures keep counting every answer.
 */
import { randomUUID } from 'node:crypto';
import { AppError } from '../errors.js';
import type { Actor } from '../accounts/accountDeps.js';
import { notify } from '../notifications/notify.js';
import type { UserRecord } from '../storage/ports.js';
import type { SurveyResponseRecord, SurveyVersionRecord } from '../storage/surveyPorts.js';
import { currentSurvey, PARTICIPANT_SURVEY, type SurveyDeps } from './surveyDefinitions.js';
import { checkAnswers } from './surveyAnswers.js';

/** The participant's survey for one of their certificates, as /me/surveys shows it. */
export interface ParticipantSurvey {
  credentialId: string;
  courseTitle: string;
  survey: SurveyVersionRecord;
  /** True once the certificate has an answer (or a course rating from the older form). */
  answered: boolean;
}

/** The actor's certificate's enrolment; someone else's certificate is "not found". */
async function ownCertificate(deps: SurveyDeps, actor: Actor, credentialId: string) {
  const enrolment = await deps.stores.enrolments.findEnrolmentByCredential(credentialId);
  if (!enrolment || enrolment.userId !== actor.id)
    throw new AppError('not_found', `No certificate ${credentialId} of yours`);
  return enrolment;
}

/** Whether a certificate has been answered for: the survey, or the course rating that came before. */
export async function certificateAnswered(
  deps: Pick<SurveyDeps, 'stores'>,
  credentialId: string,
): Promise<boolean> {
  const [response, feedback] = await Promise.all([
    deps.stores.surveys.getResponse(PARTICIPANT_SURVEY, credentialId),
    deps.stores.feedback.getFeedback(credentialId),
  ]);
  return response !== undefined || feedback !== undefined;
}

/** The survey a participant is asked about one of their own certificates. */
export async function participantSurveyFor(
  deps: SurveyDeps,
  actor: Actor,
  credentialId: string,
): Promise<ParticipantSurvey> {
  const enrolment = await ownCertificate(deps, actor, credentialId);
  const batch = await deps.stores.courses.getBatch(enrolment.batchId);
  const course = batch && (await deps.stores.courses.getCourse(batch.courseId));
  return {
    credentialId,
    courseTitle: course?.title ?? '',
    survey: (await currentSurvey(deps, PARTICIPANT_SURVEY))!,
    answered: await certificateAnswered(deps, credentialId),
  };
}

/**
 * A participant answers the current participant survey about one of their certificates,
 * once per certificate (the store refuses a second, even a racing one). When the first
 * question is a rating, the answer is also the certificate's course rating, which the
 * programme report counts (see the top of this file).
 */
export async function answerParticipantSurvey(
  deps: SurveyDeps,
  actor: Actor,
  credentialId: string,
  form: Record<string, string | undefined>,
): Promise<SurveyResponseRecord> {
  const enrolment = await ownCertificate(deps, actor, credentialId);
  const thanks = 'You have already answered the survey for this certificate; thank you';
  if (await certificateAnswered(deps, credentialId)) throw new AppError('conflict', thanks);
  const survey = (await currentSurvey(deps, PARTICIPANT_SURVEY))!;
  const answers = checkAnswers(survey.questions, form);
  const response: SurveyResponseRecord = {
    id: randomUUID(),
    surveyId: survey.id,
    audience: PARTICIPANT_SURVEY,
    subject: credentialId,
    userId: actor.id,
    batchId: enrolment.batchId,
    answers,
    at: deps.now().toISOString(),
  };
  if (!(await deps.stores.surveys.addResponse(response))) throw new AppError('conflict', thanks);
  const first = survey.questions[0];
  const rating = first?.type === 'rating' ? answers[first.id] : undefined;
  if (typeof rating === 'number') {
    const comment = survey.questions.find((q) => q.type === 'text' && typeof answers[q.id] === 'string');
    await deps.stores.feedback.addFeedback({
      credentialId,
      batchId: enrolment.batchId,
      userId: actor.id,
      rating,
      ...(comment ? { comment: answers[comment.id] as string } : {}),
      at: response.at,
    });
  }
  return response;
}

/** Where a participant answers the survey about a certificate. */
export function surveyPath(credentialId: string): string {
  return `/me/surveys/${encodeURIComponent(credentialId)}`;
}

/**
 * Invites the participant, through the outbox, to answer the published participant survey
 * about a certificate just issued (once per certificate: the dedupe key). Nothing is sent
 * while no survey is published: the certificate email already points to the rating form.
 */
export async function inviteToParticipantSurvey(
  deps: SurveyDeps,
  user: UserRecord,
  credentialId: string,
  achievement: string,
): Promise<void> {
  const survey = await deps.stores.surveys.currentVersion(PARTICIPANT_SURVEY);
  if (!survey) return;
  await notify(deps.notifications, user, {
    trigger: 'survey_invitation',
    dedupeKey: `survey_invitation:${credentialId}`,
    values: {
      achievement,
      portalUrl: `${deps.settings.publicUrl}${surveyPath(credentialId)}`,
    },
    // Sent with the certificate, in bulk for a cohort: the delivery worker sends it.
    background: true,
  });
}
