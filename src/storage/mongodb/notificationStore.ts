/**
 * The MongoDB OutboxStore, NotificationSettingsStore and MessageTemplateStore over the
 * notification collections. The outbox works without transactions: a unique index on
 * dedupeKey makes enqueueing idempotent; claiming is one findOneAndUpdate per message whose
 * filter says "queued, due, not leased", so of several processes exactly one wins each
 * message; an outcome is written only by a filter that still names the lease holder.
 */
import { randomUUID } from 'node:crypto';
import type { Collection, Db } from 'mongodb';
import {
  DuplicateRecordError,
  type DeliveryEvent,
  type MessageTemplateVersion,
  type MessageTemplateStore,
  type NotificationPreferences,
  type NotificationSettingsStore,
  type OutboxMessage,
  type OutboxStore,
  type ReminderSchedule,
} from '../ports.js';
import { isDuplicateKey, withoutId } from './collections.js';

/** The notification collections in one database. */
export interface NotificationCollections {
  outbox: Collection<OutboxMessage>;
  events: Collection<DeliveryEvent>;
  schedules: Collection<ReminderSchedule>;
  preferences: Collection<NotificationPreferences>;
  templates: Collection<MessageTemplateVersion>;
}

/** Names the notification collections. */
export function getNotificationCollections(db: Db): NotificationCollections {
  return {
    outbox: db.collection('notificationOutbox'),
    events: db.collection('notificationEvents'),
    schedules: db.collection('reminderSchedules'),
    preferences: db.collection('notificationPreferences'),
    templates: db.collection('messageTemplates'),
  };
}

const strip = (doc: (OutboxMessage & { _id?: unknown }) | null): OutboxMessage | undefined =>
  doc ? withoutId(doc) : undefined;

/** Builds the outbox store over the notification collections. */
export function createMongoOutboxStore(c: NotificationCollections): OutboxStore {
  const log = (messageId: string, at: string, type: DeliveryEvent['type'], detail?: string) =>
    c.events.insertOne({ id: randomUUID(), messageId, at, type, ...(detail ? { detail } : {}) });
  const heldBy = (id: string, owner: string) => ({ id, status: 'queued' as const, leaseOwner: owner });
  return {
    enqueue: async (message) => {
      try {
        await c.outbox.insertOne({ ...message });
      } catch (error) {
        if (!isDuplicateKey(error)) throw error;
        return { message: strip(await c.outbox.findOne({ dedupeKey: message.dedupeKey }))!, created: false };
      }
      await log(
        message.id,
        message.createdAt,
        'queued',
        message.dueAt > message.createdAt ? `due ${message.dueAt}` : undefined,
      );
      if (message.status === 'sent') await log(message.id, message.sentAt ?? message.createdAt, 'sent');
      return { message: { ...message }, created: true };
    },
    get: async (id) => strip(await c.outbox.findOne({ id })),
    getByDedupeKey: async (dedupeKey) => strip(await c.outbox.findOne({ dedupeKey })),
    claimDue: async (now, owner, leaseUntil, limit) => {
      const claimed: OutboxMessage[] = [];
      while (claimed.length < limit) {
        const doc = await c.outbox.findOneAndUpdate(
          {
            status: 'queued',
            nextAttemptAt: { $lte: now },
            $or: [{ leaseUntil: { $exists: false } }, { leaseUntil: { $lte: now } }],
          },
          { $set: { leaseOwner: owner, leaseUntil } },
          { sort: { nextAttemptAt: 1 }, returnDocument: 'after' },
        );
        if (!doc) break;
        claimed.push(withoutId(doc));
      }
      return claimed;
    },
    claimOne: async (id, now, owner, leaseUntil) =>
      strip(
        await c.outbox.findOneAndUpdate(
          {
            id,
            status: 'queued',
            nextAttemptAt: { $lte: now },
            $or: [{ leaseUntil: { $exists: false } }, { leaseUntil: { $lte: now } }],
          },
          { $set: { leaseOwner: owner, leaseUntil } },
          { returnDocument: 'after' },
        ),
      ),
    finishAttempt: async (id, owner, outcome) => {
      const held = await c.outbox.findOne(heldBy(id, owner));
      if (!held) return undefined;
      // The event is written first, keyed by the attempt and outcome (its _id), and the status after: a
      // process killed between the two writes leaves the message leased with its event
      // recorded, and the next holder's same attempt finds the event there instead of
      // recording it twice. (MongoDB has no transaction here that FerretDB would honour.)
      const attempt = outcome.type === 'cancelled' ? 'cancelled' : `attempt-${held.attempts + 1}`;
      const event =
        outcome.type === 'cancelled'
          ? { type: 'cancelled' as const, detail: outcome.reason }
          : outcome.type === 'sent'
            ? { type: 'sent' as const, detail: outcome.providerResponse }
            : outcome.type === 'retry'
              ? { type: 'attempt_failed' as const, detail: `${outcome.error}; retry at ${outcome.retryAt}` }
              : { type: 'failed' as const, detail: outcome.error };
      try {
        await c.events.insertOne({
          _id: `${id}:${attempt}:${event.type}`,
          id: randomUUID(),
          messageId: id,
          at: outcome.at,
          type: event.type,
          ...(event.detail ? { detail: event.detail } : {}),
        } as DeliveryEvent);
      } catch (error) {
        if (!isDuplicateKey(error)) throw error;
      }
      const unsetLease = { leaseOwner: '', leaseUntil: '' } as const;
      const update =
        outcome.type === 'cancelled'
          ? { $set: { status: 'cancelled' as const }, $unset: unsetLease }
          : outcome.type === 'sent'
            ? {
                $set: {
                  status: 'sent' as const,
                  sentAt: outcome.at,
                  ...(outcome.providerMessageId ? { providerMessageId: outcome.providerMessageId } : {}),
                  ...(outcome.providerResponse ? { providerResponse: outcome.providerResponse } : {}),
                },
                $inc: { attempts: 1 },
                $unset: unsetLease,
              }
            : outcome.type === 'retry'
              ? {
                  $set: { lastError: outcome.error, nextAttemptAt: outcome.retryAt },
                  $inc: { attempts: 1 },
                  $unset: unsetLease,
                }
              : {
                  $set: { status: 'failed' as const, lastError: outcome.error },
                  $inc: { attempts: 1 },
                  $unset: unsetLease,
                };
      const doc = await c.outbox.findOneAndUpdate(heldBy(id, owner), update, { returnDocument: 'after' });
      return doc ? withoutId(doc) : undefined;
    },
    markViewed: async (id, userId, at) => {
      const doc = await c.outbox.findOneAndUpdate(
        { id, userId, viewedAt: { $exists: false } },
        { $set: { viewedAt: at } },
        { returnDocument: 'after' },
      );
      if (doc) {
        await log(id, at, 'viewed');
        return withoutId(doc);
      }
      return strip(await c.outbox.findOne({ id, userId }));
    },
    listPlan: async (planKey) =>
      (await c.outbox.find({ planKey }).sort({ nextAttemptAt: 1, id: 1 }).toArray()).map((d) => withoutId(d)),
    cancel: async (id, at, reason) => {
      const doc = await c.outbox.findOneAndUpdate(
        { id, status: 'queued', $or: [{ leaseUntil: { $exists: false } }, { leaseUntil: { $lte: at } }] },
        { $set: { status: 'cancelled' }, $unset: { leaseOwner: '', leaseUntil: '' } },
        { returnDocument: 'after' },
      );
      if (!doc) return undefined;
      await log(id, at, 'cancelled', reason);
      return withoutId(doc);
    },
    logEvent: async (event) => {
      await c.events.insertOne({ ...event });
    },
    listEvents: async (messageId) =>
      (await c.events.find({ messageId }).sort({ at: 1, _id: 1 }).toArray()).map((d) => withoutId(d)),
    search: async (filter) => {
      const created = {
        ...(filter.from ? { $gte: filter.from } : {}),
        ...(filter.to ? { $lte: filter.to } : {}),
      };
      const query = {
        ...(filter.userId ? { userId: filter.userId } : {}),
        ...(filter.trigger ? { trigger: filter.trigger } : {}),
        ...(filter.channel ? { channel: filter.channel } : {}),
        ...(filter.status ? { status: filter.status } : {}),
        ...(Object.keys(created).length > 0 ? { createdAt: created } : {}),
      };
      return (await c.outbox.find(query).sort({ createdAt: -1, _id: -1 }).limit(filter.limit).toArray()).map(
        (d) => withoutId(d),
      );
    },
  };
}

/** Builds the notification settings store over the notification collections. */
export function createMongoNotificationSettingsStore(c: NotificationCollections): NotificationSettingsStore {
  return {
    getSchedule: async (kind) => {
      const doc = await c.schedules.findOne({ kind });
      return doc ? withoutId(doc) : undefined;
    },
    putSchedule: async (schedule) => {
      await c.schedules.replaceOne({ kind: schedule.kind }, { ...schedule }, { upsert: true });
    },
    getPreferences: async (userId) => {
      const doc = await c.preferences.findOne({ userId });
      return doc ? withoutId(doc) : undefined;
    },
    setPreferences: async (preferences) => {
      await c.preferences.replaceOne({ userId: preferences.userId }, { ...preferences }, { upsert: true });
    },
  };
}

/** Builds the message template store over the notification collections. */
export function createMongoMessageTemplateStore(c: NotificationCollections): MessageTemplateStore {
  return {
    addMessageTemplate: async (template) => {
      try {
        await c.templates.insertOne({ ...template });
      } catch (error) {
        if (isDuplicateKey(error))
          throw new DuplicateRecordError(
            `Version ${template.version} of the ${template.trigger} template (${template.language})`,
          );
        throw error;
      }
    },
    getMessageTemplate: async (trigger, language, version) => {
      const doc =
        version === undefined
          ? await c.templates.findOne({ trigger, language }, { sort: { version: -1 } })
          : await c.templates.findOne({ trigger, language, version });
      return doc ? withoutId(doc) : undefined;
    },
    listMessageTemplateVersions: async (trigger, language) =>
      (await c.templates.find({ trigger, language }).sort({ version: -1 }).toArray()).map((d) =>
        withoutId(d),
      ),
    listMessageTemplates: async () => {
      // The newest version of each (trigger, language): the first of each in this order. Picked
      // here rather than by $group with $first and $replaceRoot, which FerretDB lacks; the
      // versions of message templates are few.
      const latest: MessageTemplateVersion[] = [];
      let previous: MessageTemplateVersion | undefined;
      for await (const doc of c.templates.find().sort({ trigger: 1, language: 1, version: -1 })) {
        if (previous && previous.trigger === doc.trigger && previous.language === doc.language) continue;
        previous = withoutId(doc);
        latest.push(previous);
      }
      return latest;
    },
  };
}
