/**
 * Surveys (issue 21, feedback loops): staff publish versions of a short survey per
 * audience; participants answer the participant survey once per issued certificate;
 * staff answer the certificate-process form as often as they have something to say.
 *
 * Why versions and not edits: an answer must refer to the exact questions asked, so a
 * published version is never changed; publishing is the only way to change a survey.
 *
 * Building on the course rating that existed before (FeedbackStore): until staff publish
 * a participant survey, the built-in version 0 asks what the old form asked (a 1-5 rating
 * and an optional comment), and the old form on /me/programmes stays. Every participant
 * answer whose first question is a rating is also written as that certificate's course
 * rating, so the programme report's feedback figures keep counting every answer.
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { AppError } from '../errors.js';
import type { Actor } from '../accounts/accountDeps.js';
import { audit } from '../accounts/audit.js';
import { notify, type NotifyDeps } from '../notifications/notify.js';
import type { Stores, UserRecord } from '../storage/ports.js';
import {
  SURVEY_QUESTION_TYPES,
  type SurveyAudience,
  type SurveyQuestion,
  type SurveyResponseRecord,
  type SurveyVersionRecord,
} from '../storage/surveyPorts.js';

/** What the surveys domain needs; ProgramDeps has all of it (the console passes that). */
export interface SurveyDeps {
  stores: Pick<Stores, 'surveys' | 'feedback' | 'enrolments' | 'courses' | 'users' | 'audit'>;
  notifications: NotifyDeps;
  settings: { publicUrl: string };
  now: () => Date;
}

/** The participant's post-issuance survey. */
export const PARTICIPANT_SURVEY: SurveyAudience = 'participant-after-issuance';
/** Staff's form about the certificate process. */
export const STAFF_SURVEY: SurveyAudience = 'staff-certificate-process';

/** How staff name each audience. */
export const AUDIENCE_LABELS: Record<SurveyAudience, string> = {
  'participant-after-issuance': 'Participants, after a certificate is issued',
  'staff-certificate-process': 'Staff, about the certificate process',
  'conversation-satisfaction': 'People, after a conversation is resolved',
};

/** Limits that keep a survey short and an answer readable. */
export const SURVEY_LIMITS = {
  titleChars: 120,
  promptChars: 300,
  questions: 10,
  choices: 8,
  choiceChars: 80,
  answerChars: 2000,
} as const;

/**
 * Version 0 of the participant survey, built in: the questions of the rating form that
 * came before surveys, so answers given through either are the same questions.
 */
export const BUILT_IN_PARTICIPANT_SURVEY: SurveyVersionRecord = {
  id: `${PARTICIPANT_SURVEY}@0`,
  audience: PARTICIPANT_SURVEY,
  version: 0,
  title: 'Course feedback',
  questions: [
    { id: 'q1', type: 'rating', prompt: 'How was the course?', required: true },
    { id: 'q2', type: 'text', prompt: 'Comment', required: false },
  ],
  publishedAt: '1970-01-01T00:00:00.000Z',
  publishedBy: 'built-in',
};

const questionSchema = z
  .object({
    type: z.enum(SURVEY_QUESTION_TYPES),
    prompt: z.string().trim().min(1, 'Write the question').max(SURVEY_LIMITS.promptChars),
    required: z.boolean(),
    choices: z
      .array(z.string().trim().min(1).max(SURVEY_LIMITS.choiceChars))
      .max(SURVEY_LIMITS.choices)
      .optional(),
  })
  .refine((q) => q.type !== 'choice' || (q.choices?.length ?? 0) >= 2, {
    message: 'A single-choice question needs at least two options',
  });

/** What staff send to publish a version (ids and numbering are the domain's). */
const surveyInputSchema = z.object({
  title: z.string().trim().min(1, 'Give the survey a title').max(SURVEY_LIMITS.titleChars),
  questions: z
    .array(questionSchema)
    .min(1, 'Ask at least one question')
    .max(SURVEY_LIMITS.questions, `Ask at most ${SURVEY_LIMITS.questions} questions`),
});

/**
 * The audiences staff build surveys for today. The conversation survey is named in the
 * store so its answers can join the same tables, but nothing offers it yet, so the
 * console does not either.
 */
const OFFERED_AUDIENCES: readonly SurveyAudience[] = [
  'participant-after-issuance',
  'staff-certificate-process',
];

/** Whether a string names an audience staff can build a survey for. */
export function isSurveyAudience(value: string): value is SurveyAudience {
  return (OFFERED_AUDIENCES as readonly string[]).includes(value);
}

/** Throws unless the actor is staff or an admin (people, not API keys: these are opinions). */
function requireSurveyStaff(actor: Actor): void {
  if (actor.role !== 'staff' && actor.role !== 'admin')
    throw new AppError('forbidden', 'Only staff can build surveys and read their answers');
}

function firstProblem(error: z.ZodError): string {
  const issue = error.issues[0]!;
  const at =
    issue.path[0] === 'questions' && typeof issue.path[1] === 'number'
      ? `Question ${issue.path[1] + 1}: `
      : '';
  return `${at}${issue.message}`;
}

/**
 * Publishes the next version of an audience's survey (staff and admins). Versions are
 * never edited, so answers always refer to what was asked; two staff publishing at once
 * cannot both make the same version (the store refuses the second).
 */
export async function publishSurvey(
  deps: SurveyDeps,
  actor: Actor,
  audience: SurveyAudience,
  input: unknown,
): Promise<SurveyVersionRecord> {
  requireSurveyStaff(actor);
  const parsed = surveyInputSchema.safeParse(input);
  if (!parsed.success) throw new AppError('invalid_request', firstProblem(parsed.error));
  const current = await deps.stores.surveys.currentVersion(audience);
  const version = (current?.version ?? 0) + 1;
  const record: SurveyVersionRecord = {
    id: `${audience}@${version}`,
    audience,
    version,
    title: parsed.data.title,
    questions: parsed.data.questions.map(
      (q, i): SurveyQuestion => ({
        id: `q${i + 1}`,
        type: q.type,
        prompt: q.prompt,
        required: q.required,
        ...(q.type === 'choice' ? { choices: q.choices ?? [] } : {}),
      }),
    ),
    publishedAt: deps.now().toISOString(),
    publishedBy: actor.id,
  };
  if (!(await deps.stores.surveys.publishVersion(record)))
    throw new AppError(
      'conflict',
      'Someone published a version of this survey at the same time; reload and try again',
    );
  await audit(
    deps,
    actor,
    'survey.published',
    { type: 'survey', id: record.id },
    { questions: record.questions.length },
  );
  return record;
}

/** One audience's survey as the console lists it. */
export interface SurveySummary {
  audience: SurveyAudience;
  label: string;
  /** The version answered now (the built-in one for participants until staff publish). */
  current: SurveyVersionRecord | undefined;
  versions: { version: SurveyVersionRecord; responses: number }[];
}

/** The current survey of an audience (the built-in one for participants when none is published). */
async function currentSurvey(
  deps: Pick<SurveyDeps, 'stores'>,
  audience: SurveyAudience,
): Promise<SurveyVersionRecord | undefined> {
  const published = await deps.stores.surveys.currentVersion(audience);
  return published ?? (audience === PARTICIPANT_SURVEY ? BUILT_IN_PARTICIPANT_SURVEY : undefined);
}

/** Every audience's survey with its versions and how many answers each has (staff and admins). */
export async function surveyOverview(deps: SurveyDeps, actor: Actor): Promise<SurveySummary[]> {
  requireSurveyStaff(actor);
  return Promise.all(
    OFFERED_AUDIENCES.map(async (audience) => {
      const [versions, counts, current] = await Promise.all([
        deps.stores.surveys.listVersions(audience),
        deps.stores.surveys.countResponses(audience),
        currentSurvey(deps, audience),
      ]);
      return {
        audience,
        label: AUDIENCE_LABELS[audience],
        current,
        versions: versions.map((version) => ({ version, responses: counts[version.id] ?? 0 })),
      };
    }),
  );
}

/** The version staff start the builder from: the current one, when there is one (staff and admins). */
export async function surveyDraftFor(
  deps: SurveyDeps,
  actor: Actor,
  audience: SurveyAudience,
): Promise<SurveyVersionRecord | undefined> {
  requireSurveyStaff(actor);
  return currentSurvey(deps, audience);
}

/**
 * Checks a form's answers against the questions: each answer is of its question's type,
 * required ones are there; unanswered optional ones are left out.
 */
function checkAnswers(
  questions: readonly SurveyQuestion[],
  form: Record<string, string | undefined>,
): Record<string, number | string> {
  const answers: Record<string, number | string> = {};
  questions.forEach((q, i) => {
    const raw = form[q.id]?.trim() ?? '';
    const name = `Question ${i + 1} ("${q.prompt}")`;
    if (raw === '') {
      if (q.required) throw new AppError('invalid_request', `${name} needs an answer`);
      return;
    }
    if (q.type === 'rating') {
      const n = Number(raw);
      if (!Number.isInteger(n) || n < 1 || n > 5)
        throw new AppError('invalid_request', `${name}: rate from 1 to 5`);
      answers[q.id] = n;
    } else if (q.type === 'choice') {
      if (!q.choices?.includes(raw))
        throw new AppError('invalid_request', `${name}: choose one of the options`);
      answers[q.id] = raw;
    } else {
      if (raw.length > SURVEY_LIMITS.answerChars)
        throw new AppError(
          'invalid_request',
          `${name}: keep it under ${SURVEY_LIMITS.answerChars} characters`,
        );
      answers[q.id] = raw;
    }
  });
  return answers;
}

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

/** The staff form as the console shows it: the current version, if staff published one. */
export async function staffSurveyForm(
  deps: SurveyDeps,
  actor: Actor,
): Promise<SurveyVersionRecord | undefined> {
  requireSurveyStaff(actor);
  return deps.stores.surveys.currentVersion(STAFF_SURVEY);
}

/** A staff member sends the certificate-process form (as often as they like; each is one response). */
export async function answerStaffSurvey(
  deps: SurveyDeps,
  actor: Actor,
  form: Record<string, string | undefined>,
): Promise<SurveyResponseRecord> {
  requireSurveyStaff(actor);
  const survey = await deps.stores.surveys.currentVersion(STAFF_SURVEY);
  if (!survey) throw new AppError('not_found', 'No staff feedback form has been published yet');
  const answers = checkAnswers(survey.questions, form);
  const id = randomUUID();
  const response: SurveyResponseRecord = {
    id,
    surveyId: survey.id,
    audience: STAFF_SURVEY,
    subject: id,
    userId: actor.id,
    answers,
    at: deps.now().toISOString(),
  };
  await deps.stores.surveys.addResponse(response);
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
  });
}
