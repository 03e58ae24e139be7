/**
 * The invitation to the satisfaction survey when a conversation is resolved (issue 21,
 * SCMR-5): an email and a portal notice through the outbox, once per conversation (the
 * dedupe key; reopening and resolving again does not ask twice). The trigger is not
 * essential, so a person who turned reminders off in /me/notifications gets no email;
 * the conversation's page still offers the survey. Kept apart from conversationSurvey.ts
 * so the messaging writes that call it do not import the survey's answer path.
 */
import { notify } from '../notifications/notify.js';
import type { ConversationRecord } from '../storage/ports.js';
import type { MessagingDeps } from '../messaging/messagingDeps.js';
import { CONVERSATION_SURVEY } from './surveyDefinitions.js';

/** Where the person answers the survey about a conversation. */
export function conversationSurveyPath(conversationId: string): string {
  return `/me/surveys/conversations/${encodeURIComponent(conversationId)}`;
}

/** Invites the conversation's person to the survey, unless they answered or rated it already. */
export async function inviteToConversationSurvey(
  deps: Pick<MessagingDeps, 'stores' | 'notifications' | 'publicUrl'>,
  conversation: ConversationRecord,
): Promise<void> {
  if (conversation.erasedAt || conversation.rating) return;
  if (await deps.stores.surveys.getResponse(CONVERSATION_SURVEY, conversation.id)) return;
  const person = await deps.stores.users.get(conversation.userId);
  if (!person) return;
  await notify(deps.notifications, person, {
    trigger: 'conversation_survey',
    dedupeKey: `conversation_survey:${conversation.id}`,
    values: {
      conversationNumber: String(conversation.number),
      surveyUrl: `${deps.publicUrl}${conversationSurveyPath(conversation.id)}`,
    },
  });
}
