/**
 * Staff publish versions of a survey and see every audience's versions with their answer
 * counts. Versions are never edited (surveyDefinitions.ts says why); two staff publishing
 * at once cannot both make the same version (the store refuses the second).
 */
import { z } from 'zod';
import { AppError } from '../errors.js';
import type { Actor } from '../accounts/accountDeps.js';
import { audit } from '../accounts/audit.js';
import type { Stores } from '../storage/ports.js';
import {
  SURVEY_QUESTION_TYPES,
  type SurveyAudience,
  type SurveyQuestion,
  type SurveyVersionRecord,
} from '../storage/surveyPorts.js';
import {
  AUDIENCE_LABELS,
  OFFERED_AUDIENCES,
  SURVEY_LIMITS,
  builtInSurvey,
  currentSurvey,
  requireSurveyStaff,
  type SurveyDeps,
} from './surveyDefinitions.js';

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

function firstProblem(error: z.ZodError): string {
  const issue = error.issues[0]!;
  const at =
    issue.path[0] === 'questions' && typeof issue.path[1] === 'number'
      ? `Question ${issue.path[1] + 1}: `
      : '';
  return `${at}${issue.message}`;
}

/** Publishes the next version of an audience's survey (staff and admins). */
export async function publishSurvey(
  deps: Pick<SurveyDeps, 'stores' | 'now'>,
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
  /** The version answered now (the built-in one until staff publish, where there is one). */
  current: SurveyVersionRecord | undefined;
  /** Published versions newest first, then the built-in one once it has answers. */
  versions: { version: SurveyVersionRecord; responses: number }[];
}

/** Every audience's survey with its versions and how many answers each has (staff and admins). */
export async function surveyOverview(
  deps: { stores: Pick<Stores, 'surveys'> },
  actor: Actor,
): Promise<SurveySummary[]> {
  requireSurveyStaff(actor);
  return Promise.all(
    OFFERED_AUDIENCES.map(async (audience) => {
      const [versions, counts, current] = await Promise.all([
        deps.stores.surveys.listVersions(audience),
        deps.stores.surveys.countResponses(audience),
        currentSurvey(deps, audience),
      ]);
      const zero = builtInSurvey(audience);
      const listed = zero && counts[zero.id] ? [...versions, zero] : versions;
      return {
        audience,
        label: AUDIENCE_LABELS[audience],
        current,
        versions: listed.map((version) => ({ version, responses: counts[version.id] ?? 0 })),
      };
    }),
  );
}

/** The version staff start the builder from: the current one, when there is one (staff and admins). */
export async function surveyDraftFor(
  deps: { stores: Pick<Stores, 'surveys'> },
  actor: Actor,
  audience: SurveyAudience,
): Promise<SurveyVersionRecord | undefined> {
  requireSurveyStaff(actor);
  return currentSurvey(deps, audience);
}
