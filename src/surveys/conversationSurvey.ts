/**
 * The satisfaction survey after a resolved conversation (issue 21, SCMR-5): only the
 * conversation's person answers it, once per conversation (the store refuses a second,
 * even a racing one); the staff member who resolved it is recorded with the answer, for
 * per-staff figures. Free-text answers are sealed like the conversation (the store never
 * holds them in the clear); ratings and choices stay plain for the figures.
 *
 * Building on the conversation rating that came before: a conversation rated with the
 * older form counts as answered, and the survey's first rating (with its first comment)
 * is also written as the conversation's rating, so the report's rating figures and the
 * supervisor view keep counting every answer.
 */
import { randomUUID } from 'node:crypto';
import { AppError } from '../errors.js';
import type { Actor } from '../accounts/accountDeps.js';
import type { SealedText } from '../storage/ports.js';
import type { SurveyResponseRecord, SurveyVersionRecord } from '../storage/surveyPorts.js';
import type { MessagingDeps } from '../messaging/messagingDeps.js';
import { visibleConversation } from '../messaging/conversationAccess.js';
import { changeConversation, sealContext } from '../messaging/conversationRecords.js';
import { CONVERSATION_SURVEY, currentSurvey } from './surveyDefinitions.js';
import { checkAnswers } from './surveyAnswers.js';

/** The associated data a sealed answer is bound to (the response and the question). */
const answerContext = (responseId: string, questionId: string) => `survey:${responseId}:${questionId}`;

/** The survey about one conversation, as its page shows it. */
export interface ConversationSurvey {
  conversationId: string;
  conversationNumber: number;
  survey: SurveyVersionRecord;
  /** The survey is answered once the conversation is resolved. */
  resolved: boolean;
  /** True once answered (or rated with the older form). */
  answered: boolean;
}

/** The actor's own conversation; anyone else's (staff's too) is "not found". */
async function ownConversation(deps: MessagingDeps, actor: Actor, id: string) {
  const { conversation, side } = await visibleConversation(deps, actor, id);
  if (side !== 'user') throw new AppError('not_found', `No conversation ${id} of yours`);
  return conversation;
}

/** Whether the person answered the survey about a conversation, or rated it before surveys. */
async function conversationAnswered(
  deps: Pick<MessagingDeps, 'stores'>,
  conversation: { id: string; rating?: unknown },
): Promise<boolean> {
  if (conversation.rating) return true;
  return (await deps.stores.surveys.getResponse(CONVERSATION_SURVEY, conversation.id)) !== undefined;
}

/** The survey a person is asked about one of their conversations. */
export async function conversationSurveyFor(
  deps: MessagingDeps,
  actor: Actor,
  conversationId: string,
): Promise<ConversationSurvey> {
  const conversation = await ownConversation(deps, actor, conversationId);
  return {
    conversationId,
    conversationNumber: conversation.number,
    survey: (await currentSurvey(deps, CONVERSATION_SURVEY))!,
    resolved: conversation.status === 'resolved',
    answered: await conversationAnswered(deps, conversation),
  };
}

/** Answers the survey about the actor's resolved conversation, once. */
export async function answerConversationSurvey(
  deps: MessagingDeps,
  actor: Actor,
  conversationId: string,
  form: Record<string, string | undefined>,
): Promise<SurveyResponseRecord> {
  const conversation = await ownConversation(deps, actor, conversationId);
  const thanks = 'You have already answered the survey for this conversation; thank you';
  if (conversation.status !== 'resolved')
    throw new AppError('conflict', 'You can answer the survey once the conversation is resolved');
  if (await conversationAnswered(deps, conversation)) throw new AppError('conflict', thanks);
  const survey = (await currentSurvey(deps, CONVERSATION_SURVEY))!;
  const checked = checkAnswers(survey.questions, form);
  const id = randomUUID();
  const answers: Record<string, number | string> = {};
  const sealedAnswers: Record<string, SealedText> = {};
  for (const q of survey.questions) {
    const value = checked[q.id];
    if (value === undefined) continue;
    if (q.type === 'text') sealedAnswers[q.id] = deps.crypto.seal(String(value), answerContext(id, q.id));
    else answers[q.id] = value;
  }
  const staffId = conversation.resolvedBy ?? conversation.assigneeId;
  const response: SurveyResponseRecord = {
    id,
    surveyId: survey.id,
    audience: CONVERSATION_SURVEY,
    subject: conversationId,
    userId: actor.id,
    ...(staffId ? { staffId } : {}),
    answers,
    ...(Object.keys(sealedAnswers).length ? { sealedAnswers } : {}),
    at: deps.now().toISOString(),
  };
  if (!(await deps.stores.surveys.addResponse(response))) throw new AppError('conflict', thanks);
  const first = survey.questions.find((q) => q.type === 'rating');
  const score = first ? answers[first.id] : undefined;
  if (typeof score === 'number') {
    const comment = survey.questions.find((q) => q.type === 'text' && checked[q.id] !== undefined);
    await changeConversation(deps, conversationId, (c) =>
      c.rating
        ? {}
        : {
            rating: {
              score,
              at: response.at,
              ...(comment
                ? {
                    comment: deps.crypto.seal(
                      String(checked[comment.id]),
                      sealContext.rating(conversationId),
                    ),
                  }
                : {}),
            },
          },
    );
  }
  deps.signals.changed(conversationId);
  return response;
}

/**
 * A response's answers with the sealed texts opened (the person's export, the surveys
 * API); a text that no longer opens (a retired key) reads as a note, not an error.
 */
export function openAnswers(
  deps: Pick<MessagingDeps, 'crypto'>,
  response: SurveyResponseRecord,
): Record<string, number | string> {
  const opened: Record<string, number | string> = { ...response.answers };
  for (const [questionId, sealed] of Object.entries(response.sealedAnswers ?? {})) {
    try {
      opened[questionId] = deps.crypto.open(sealed, answerContext(response.id, questionId));
    } catch {
      opened[questionId] = '[This answer could not be decrypted]';
    }
  }
  return opened;
}
