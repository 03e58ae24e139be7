/**
 * Migration 001, notifications: the outbox (its unique dedupeKey makes enqueueing
 * idempotent), delivery events, reminder schedules, preferences and message templates.
 */
import type { IndexSpecs } from '../../collections.js';

/** The notification indexes, by collection. */
export const notificationIndexes: IndexSpecs = {
  notificationOutbox: [
    { key: { id: 1 }, name: 'id_unique', unique: true },
    { key: { dedupeKey: 1 }, name: 'dedupeKey_unique', unique: true },
    { key: { status: 1, nextAttemptAt: 1 }, name: 'status_nextAttemptAt' },
    { key: { userId: 1, createdAt: -1 }, name: 'userId_createdAt' },
    { key: { trigger: 1, createdAt: -1 }, name: 'trigger_createdAt' },
    { key: { createdAt: -1 }, name: 'createdAt' },
    { key: { planKey: 1, nextAttemptAt: 1 }, name: 'planKey_nextAttemptAt', sparse: true },
  ],
  reminderSchedules: [{ key: { kind: 1 }, name: 'kind_unique', unique: true }],
  notificationPreferences: [{ key: { userId: 1 }, name: 'userId_unique', unique: true }],
  notificationEvents: [{ key: { messageId: 1, at: 1 }, name: 'messageId_at' }],
  messageTemplates: [
    { key: { trigger: 1, language: 1, version: -1 }, name: 'trigger_language_version_unique', unique: true },
  ],
};
