/**
 * What every survey module shares (issue 21, feedback loops): the audiences and how staff
 * name them, the limits that keep a survey short, the built-in versions answered until
 * staff publish their own, and the staff check.
 *
 * Why versions and not edits: an answer must refer to the exact questions asked, so a
 * published version is never changed; publishing is the only way to change a survey.
 * A built-in version is version 0 (`<audience>@0`): it is never stored, only answered.
 */
import { AppError } from '../errors.js';
import type { Actor } from '../accounts/accountDeps.js';
import type { NotifyDeps } from '../notifications/notify.js';
import type { Stores } from '../storage/ports.js';
import type { SurveyAudience, SurveyQuestion, SurveyVersionRecord } from '../storage/surveyPorts.js';

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
/** The person's survey after one of their conversations is resolved. */
export const CONVERSATION_SURVEY: SurveyAudience = 'conversation-satisfaction';
/** Staff's form about messaging (challenges, efficiency, limitations). */
export const STAFF_MESSAGING_SURVEY: SurveyAudience = 'staff-messaging';

/** The two staff forms, whose comments the suggestions list consolidates. */
export const STAFF_AUDIENCES: readonly SurveyAudience[] = [STAFF_SURVEY, STAFF_MESSAGING_SURVEY];

/** How staff name each audience. */
export const AUDIENCE_LABELS: Record<SurveyAudience, string> = {
  'participant-after-issuance': 'Participants, after a certificate is issued',
  'staff-certificate-process': 'Staff, about the certificate process',
  'conversation-satisfaction': 'People, after a conversation is resolved',
  'staff-messaging': 'Staff, about messaging',
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

function builtIn(audience: SurveyAudience, title: string, questions: SurveyQuestion[]): SurveyVersionRecord {
  return {
    id: `${audience}@0`,
    audience,
    version: 0,
    title,
    questions,
    publishedAt: '1970-01-01T00:00:00.000Z',
    publishedBy: 'built-in',
  };
}

/**
 * Version 0 of the participant survey: the questions of the rating form that came before
 * surveys, so answers given through either are the same questions.
 */
export const BUILT_IN_PARTICIPANT_SURVEY = builtIn(PARTICIPANT_SURVEY, 'Course feedback', [
  { id: 'q1', type: 'rating', prompt: 'How was the course?', required: true },
  { id: 'q2', type: 'text', prompt: 'Comment', required: false },
]);

/**
 * Version 0 of the conversation survey: the three ratings SCMR-5 asks for and a comment.
 * Helpfulness comes first because the first rating is also the conversation's rating
 * (the one the monthly report counted before surveys).
 */
const BUILT_IN_CONVERSATION_SURVEY = builtIn(CONVERSATION_SURVEY, 'How did we do?', [
  { id: 'q1', type: 'rating', prompt: 'How helpful was the answer?', required: true },
  { id: 'q2', type: 'rating', prompt: 'How clear were our messages?', required: true },
  { id: 'q3', type: 'rating', prompt: 'How quickly did we answer?', required: true },
  { id: 'q4', type: 'text', prompt: 'Anything else to tell us?', required: false },
]);

/** Version 0 of staff's form about messaging. */
const BUILT_IN_STAFF_MESSAGING_SURVEY = builtIn(STAFF_MESSAGING_SURVEY, 'Messaging: your view', [
  { id: 'q1', type: 'rating', prompt: 'How efficient is messaging for your work?', required: true },
  { id: 'q2', type: 'text', prompt: 'What challenges do you meet?', required: false },
  { id: 'q3', type: 'text', prompt: 'What limits you (tools, rules, information)?', required: false },
]);

/** The built-in version of an audience, if it has one (the certificate-process form has none). */
export function builtInSurvey(audience: SurveyAudience): SurveyVersionRecord | undefined {
  return {
    'participant-after-issuance': BUILT_IN_PARTICIPANT_SURVEY,
    'staff-certificate-process': undefined,
    'conversation-satisfaction': BUILT_IN_CONVERSATION_SURVEY,
    'staff-messaging': BUILT_IN_STAFF_MESSAGING_SURVEY,
  }[audience];
}

/** The audiences staff build surveys for, in the console's order. */
export const OFFERED_AUDIENCES: readonly SurveyAudience[] = [
  PARTICIPANT_SURVEY,
  STAFF_SURVEY,
  CONVERSATION_SURVEY,
  STAFF_MESSAGING_SURVEY,
];

/** Whether a string names an audience staff can build a survey for. */
export function isSurveyAudience(value: string): value is SurveyAudience {
  return (OFFERED_AUDIENCES as readonly string[]).includes(value);
}

/** Throws unless the actor is staff or an admin (people, not API keys: these are opinions). */
export function requireSurveyStaff(actor: Actor): void {
  if (actor.role !== 'staff' && actor.role !== 'admin')
    throw new AppError('forbidden', 'Only staff can build surveys and read their answers');
}

/** The current survey of an audience: the newest published version, else the built-in one. */
export async function currentSurvey(
  deps: { stores: Pick<Stores, 'surveys'> },
  audience: SurveyAudience,
): Promise<SurveyVersionRecord | undefined> {
  return (await deps.stores.surveys.currentVersion(audience)) ?? builtInSurvey(audience);
}

/** Every version of an audience, built-in one included (oldest last), to read answers against. */
export async function allVersions(
  deps: { stores: Pick<Stores, 'surveys'> },
  audience: SurveyAudience,
): Promise<SurveyVersionRecord[]> {
  const published = await deps.stores.surveys.listVersions(audience);
  const zero = builtInSurvey(audience);
  return zero ? [...published, zero] : published;
}
