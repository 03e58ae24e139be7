/**
 * Automatic answers to a person's message: the matching questions and office-hours replies
 * (at most once in 12 hours of a conversation), and the assignee's personal away message
 * (once per conversation and away spell). Each is a message marked automatic.
 */
import type { ConversationRecord, MessagingSettings } from '../storage/ports.js';
import { automaticReplies } from './autoReplies.js';
import { changeConversation, storeMessage } from './conversationRecords.js';
import type { MessagingDeps } from './messagingDeps.js';
import { activeAwayMessage, preferencesOf } from './staffPreferences.js';

/** Adds the automatic replies a person's message calls for. */
export async function answerAutomatically(
  deps: MessagingDeps,
  conversation: ConversationRecord,
  settings: MessagingSettings,
  text: string,
  isNew: boolean,
): Promise<void> {
  const since = new Date(deps.now().getTime() - 12 * 3600_000).toISOString();
  const recentAuto = isNew
    ? false
    : (await deps.stores.conversationMessages.listMessages(conversation.id, { after: since })).some(
        (m) => m.kind === 'auto',
      );
  const replies = automaticReplies(settings, conversation.category, text, deps.now(), {
    isNew,
    answeredRecently: recentAuto,
  });
  for (const reply of replies) {
    const now = deps.now().toISOString();
    await storeMessage(
      deps,
      { conversationId: conversation.id, kind: 'auto', authorRole: 'system' },
      reply,
      now,
    );
    await changeConversation(deps, conversation.id, (c) => ({
      messageCount: c.messageCount + 1,
      autoReplyCount: c.autoReplyCount + 1,
    }));
  }
}

/**
 * The assignee's away message, when active, answers the person: once per conversation and
 * away spell (the store's claim makes that hold across processes and retries).
 */
export async function answerWhileAway(deps: MessagingDeps, conversation: ConversationRecord): Promise<void> {
  if (!conversation.assigneeId) return;
  const away = activeAwayMessage(await preferencesOf(deps, conversation.assigneeId), deps.now());
  if (!away) return;
  const now = deps.now().toISOString();
  const first = await deps.stores.messagingPreferences.claimAwayReply(
    conversation.assigneeId,
    conversation.id,
    away.stamp,
    now,
  );
  if (!first) return;
  await storeMessage(
    deps,
    { conversationId: conversation.id, kind: 'auto', authorRole: 'system' },
    away.body,
    now,
  );
  await changeConversation(deps, conversation.id, (c) => ({
    messageCount: c.messageCount + 1,
    autoReplyCount: c.autoReplyCount + 1,
  }));
}
