/**
 * Migration 001, messaging: conversations, their messages and search terms, blocks,
 * reports and broadcasts.
 */
import type { IndexSpecs } from '../../collections.js';

// The inbox sorts on (lastMessageAt, number) descending, so the list indexes end with both.
const recent = { lastMessageAt: -1, number: -1 } as const;

/** The messaging indexes, by collection. */
export const messagingIndexes: IndexSpecs = {
  conversations: [
    { key: { id: 1 }, name: 'id_unique', unique: true },
    { key: { number: 1 }, name: 'number_unique', unique: true },
    { key: { userId: 1, ...recent }, name: 'userId_lastMessageAt' },
    { key: { teamId: 1, ...recent }, name: 'teamId_lastMessageAt' },
    { key: { assigneeId: 1, ...recent }, name: 'assigneeId_lastMessageAt' },
    { key: { status: 1, ...recent }, name: 'status_lastMessageAt' },
    { key: { ...recent }, name: 'lastMessageAt' },
    { key: { waitingSince: 1 }, name: 'waitingSince', sparse: true },
    { key: { resolvedAt: 1 }, name: 'resolvedAt', sparse: true },
    { key: { updatedAt: 1 }, name: 'updatedAt' },
  ],
  conversationMessages: [
    { key: { id: 1 }, name: 'id_unique', unique: true },
    { key: { conversationId: 1, createdAt: 1 }, name: 'conversationId_createdAt' },
    { key: { authorId: 1, createdAt: -1 }, name: 'authorId_createdAt' },
    // Only held messages (sparse: FerretDB has no partial indexes), like the SQLite partial
    // index: the review queue stays small, so it is sorted in memory.
    { key: { held: 1 }, name: 'held', sparse: true },
    { key: { authorRole: 1, createdAt: 1 }, name: 'authorRole_createdAt' },
  ],
  messageTerms: [
    { key: { term: 1, messageId: 1 }, name: 'term_messageId_unique', unique: true },
    { key: { conversationId: 1 }, name: 'conversationId' },
    { key: { messageId: 1 }, name: 'messageId' },
  ],
  messagingBlocks: [{ key: { userId: 1 }, name: 'userId_unique', unique: true }],
  messageReports: [
    { key: { id: 1 }, name: 'id_unique', unique: true },
    { key: { state: 1, createdAt: 1 }, name: 'state_createdAt' },
  ],
  messageBroadcasts: [
    { key: { id: 1 }, name: 'id_unique', unique: true },
    { key: { createdAt: -1 }, name: 'createdAt' },
  ],
};
