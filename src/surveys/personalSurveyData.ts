/**
 * A person's survey answers for their data export (GDPR art. 15/20): each with the survey
 * it answered and every question's wording beside the answer, so the file reads on its
 * own. The conversation survey's answers go with the conversations (their texts open with
 * the messaging key); the others with the account's data.
 */
import type { Stores } from '../storage/ports.js';
import type { SurveyResponseRecord } from '../storage/surveyPorts.js';
import type { MessageCrypto } from '../messaging/messageCrypto.js';
import { builtInSurvey, CONVERSATION_SURVEY } from './surveyDefinitions.js';
import { openAnswers } from './conversationSurvey.js';

/** One answer as the export shows it. */
export interface ExportedSurveyAnswer {
  audience: string;
  survey: string;
  version: number;
  /** The certificate or conversation answered about (absent for staff forms). */
  about?: string;
  at: string;
  answers: { question: string; answer: number | string }[];
}

async function exported(
  deps: { stores: Pick<Stores, 'surveys'>; crypto?: MessageCrypto },
  response: SurveyResponseRecord,
): Promise<ExportedSurveyAnswer> {
  const version =
    (await deps.stores.surveys.getVersion(response.surveyId)) ??
    (builtInSurvey(response.audience)?.id === response.surveyId
      ? builtInSurvey(response.audience)
      : undefined);
  const values = deps.crypto ? openAnswers({ crypto: deps.crypto }, response) : response.answers;
  const prompt = (id: string) => version?.questions.find((q) => q.id === id)?.prompt ?? id;
  return {
    audience: response.audience,
    survey: version?.title ?? response.surveyId,
    version: version?.version ?? 0,
    ...(response.subject !== response.id ? { about: response.subject } : {}),
    at: response.at,
    answers: Object.entries(values).map(([id, answer]) => ({ question: prompt(id), answer })),
  };
}

/** The person's answers to every survey but the conversation one. */
export async function surveyAnswersOf(
  deps: { stores: Pick<Stores, 'surveys'> },
  userId: string,
): Promise<ExportedSurveyAnswer[]> {
  const responses = await deps.stores.surveys.listResponsesOf(userId);
  return Promise.all(
    responses.filter((r) => r.audience !== CONVERSATION_SURVEY).map((r) => exported(deps, r)),
  );
}

/** The person's conversation survey answers, texts opened, keyed by conversation id. */
export async function conversationSurveyAnswersOf(
  deps: { stores: Pick<Stores, 'surveys'>; crypto: MessageCrypto },
  userId: string,
): Promise<Map<string, ExportedSurveyAnswer>> {
  const responses = await deps.stores.surveys.listResponsesOf(userId);
  const own = responses.filter((r) => r.audience === CONVERSATION_SURVEY);
  return new Map(await Promise.all(own.map(async (r) => [r.subject, await exported(deps, r)] as const)));
}
