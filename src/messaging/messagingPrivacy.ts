/**
 * People's control over their messages and the retention rules: a person erases their
 * whole message history (the texts are deleted, not hidden; what remains is the
 * conversation's number and timings for the reports), resolved conversations are erased
 * after the retention period, and a resolved conversation can be rated once.
 */
import { AppError } from '../errors.js';
import type { Actor } from '../accounts/accountDeps.js';
import { audit } from '../accounts/audit.js';
import type { ConversationRecord } from '../storage/ports.js';
import type { MessagingDeps } from './messagingDeps.js';
import { actorRecord, visibleConversation } from './conversationAccess.js';
import { subjectOf, threadMessages } from './conversationReads.js';
import { changeConversation, sealContext } from './conversationRecords.js';
import { messagingSettings } from './messagingSettings.js';
import { repeatEvery } from '../scheduling/repeat.js';
import type { Logger } from '../logging/logger.js';
import { CONVERSATION_SURVEY } from '../surveys/surveyDefinitions.js';
import { conversationSurveyAnswersOf, type ExportedSurveyAnswer } from '../surveys/personalSurveyData.js';

async function erase(deps: MessagingDeps, conversation: ConversationRecord): Promise<void> {
  const at = deps.now().toISOString();
  await deps.stores.conversations.eraseConversation(
    conversation.id,
    at,
    deps.crypto.seal('', sealContext.subject(conversation.id)),
  );
  deps.signals.changed(conversation.id);
}

/** Erases every conversation of the person (also used when their account is erased). */
export async function eraseMessagesOf(deps: MessagingDeps, userId: string): Promise<number> {
  // Their answers to the survey after a conversation may speak of it: they go too.
  await deps.stores.surveys.eraseResponsesOf(userId, CONVERSATION_SURVEY);
  let count = 0;
  for (;;) {
    const batch = await deps.stores.conversations.listConversations({ userId, limit: 100 });
    if (batch.length === 0) return count;
    for (const conversation of batch) await erase(deps, conversation);
    count += batch.length;
  }
}

/** The person's conversations as they see them, for their data export (no internal notes), each with its survey answer. */
export async function exportMessagesOf(
  deps: MessagingDeps,
  userId: string,
): Promise<
  {
    number: number;
    category: string;
    status: string;
    subject: string;
    createdAt: string;
    messages: { from: string; text: string; at: string }[];
    survey?: ExportedSurveyAnswer;
  }[]
> {
  const me = await deps.stores.users.get(userId);
  if (!me) return [];
  const conversations = await deps.stores.conversations.listConversations({ userId, limit: 10_000 });
  const surveys = await conversationSurveyAnswersOf(deps, userId);
  return Promise.all(
    conversations.map(async (c) => ({
      number: c.number,
      category: c.category,
      status: c.status,
      subject: subjectOf(deps, c),
      createdAt: c.createdAt,
      messages: (await threadMessages(deps, c, me, 'user')).map((m) => ({
        from: m.authorName,
        text: m.text,
        at: m.createdAt,
      })),
      ...(surveys.has(c.id) ? { survey: surveys.get(c.id)! } : {}),
    })),
  );
}

/** The person erases their own message history. */
export async function eraseMyMessages(deps: MessagingDeps, actor: Actor): Promise<number> {
  const me = await actorRecord(deps, actor);
  const count = await eraseMessagesOf(deps, me.id);
  await audit(deps, actor, 'messaging.history_erased', { type: 'user', id: me.id }, { conversations: count });
  return count;
}

/** Erases resolved conversations older than the retention period; returns how many. */
export async function applyRetention(deps: MessagingDeps): Promise<number> {
  const { retentionDays } = await messagingSettings(deps);
  if (retentionDays === 0) return 0;
  const before = new Date(deps.now().getTime() - retentionDays * 86_400_000).toISOString();
  let count = 0;
  for (;;) {
    const batch = await deps.stores.conversations.listResolvedBefore(before, 100);
    if (batch.length === 0) return count;
    for (const conversation of batch) await erase(deps, conversation);
    count += batch.length;
  }
}

/** The person rates a resolved conversation, once: 1-5 and an optional comment. */
export async function rateConversation(
  deps: MessagingDeps,
  actor: Actor,
  id: string,
  score: number,
  comment?: string,
): Promise<ConversationRecord> {
  const { conversation, side } = await visibleConversation(deps, actor, id);
  if (side !== 'user') throw new AppError('forbidden', 'Only the person who wrote can rate the conversation');
  if (conversation.status !== 'resolved')
    throw new AppError('conflict', 'You can rate the conversation once it is resolved');
  if (conversation.rating) throw new AppError('conflict', 'You already rated this conversation');
  if (!Number.isInteger(score) || score < 1 || score > 5)
    throw new AppError('invalid_request', 'Choose a rating from 1 to 5');
  const text = comment?.trim() ?? '';
  if (text.length > 2000)
    throw new AppError('invalid_request', 'The comment may be at most 2,000 characters');
  const at = deps.now().toISOString();
  const rated = await changeConversation(deps, id, (c) => {
    if (c.rating) throw new AppError('conflict', 'You already rated this conversation');
    return {
      rating: { score, at, ...(text ? { comment: deps.crypto.seal(text, sealContext.rating(id)) } : {}) },
    };
  });
  deps.signals.changed(id);
  return rated;
}

/** Runs the retention sweep hourly until stopped; returns the stop function. */
export function startRetentionSweep(deps: MessagingDeps, logger: Logger, intervalMs = 3600_000): () => void {
  return repeatEvery(
    'message retention',
    intervalMs,
    async () => {
      await applyRetention(deps);
    },
    logger,
  );
}
