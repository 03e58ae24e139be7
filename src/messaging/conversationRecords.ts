/**
 * The two ways a conversation is written: a message sealed (bound to its id), fingerprinted,
 * indexed as keyed hashes and stored; and a change to the conversation record, computed
 * from the current version and retried when another request changed it first.
 */
import { randomUUID } from 'node:crypto';
import { AppError } from '../errors.js';
import type { ConversationMessage, ConversationRecord } from '../storage/ports.js';
import type { MessagingDeps } from './messagingDeps.js';

/** The associated data a sealed text is bound to. */
export const sealContext = {
  subject: (conversationId: string) => `conversation:${conversationId}:subject`,
  message: (messageId: string) => `message:${messageId}`,
  rating: (conversationId: string) => `conversation:${conversationId}:rating`,
};

/**
 * Applies a change computed from the current record, retrying when another request
 * changed it first (optimistic versions); the change is recomputed on fresh data.
 */
export async function changeConversation(
  deps: Pick<MessagingDeps, 'stores'>,
  id: string,
  change: (current: ConversationRecord) => Partial<ConversationRecord>,
): Promise<ConversationRecord> {
  for (let attempt = 0; attempt < 8; attempt++) {
    const current = await deps.stores.conversations.getConversation(id);
    if (!current) throw new AppError('not_found', `No conversation ${id}`);
    const updated = await deps.stores.conversations.updateConversation(id, current.version, change(current));
    if (updated) return updated;
  }
  throw new AppError('conflict', 'The conversation is changing too quickly; try again');
}

/** Seals, fingerprints, indexes and stores one message. */
export async function storeMessage(
  deps: MessagingDeps,
  fields: Omit<ConversationMessage, 'id' | 'body' | 'fingerprint' | 'createdAt'>,
  text: string,
  now: string,
  extraIndexed = '',
): Promise<ConversationMessage> {
  const id = randomUUID();
  const message: ConversationMessage = {
    id,
    ...fields,
    body: deps.crypto.seal(text, sealContext.message(id)),
    fingerprint: deps.crypto.fingerprint(text),
    createdAt: now,
  };
  await deps.stores.conversationMessages.addMessage(message, deps.crypto.terms(`${extraIndexed} ${text}`));
  return message;
}
