/**
 * The MongoDB messaging stores. Records are stored as they are (plus `_id`, stripped on
 * read); their text parts arrive sealed, search terms as keyed hashes. Without
 * transactions: a conversation update is one findOneAndUpdate whose filter carries the
 * expected version; conversation numbers come from one counter document ($inc, upsert);
 * settings are inserted once (a duplicate `_id` refuses a second first save) and then
 * replaced only under the expected version; a report is resolved by a filter that says
 * "still open". Multi-collection writes are ordered so that a crash in between loses
 * search hits rather than leaving terms of deleted messages: terms go first when
 * deleting, last when adding (the blind index and its search: messageSearch.ts).
 */
import type { Collection, Db, Filter } from 'mongodb';
import type {
  BroadcastRecord,
  ConversationFilter,
  ConversationMessage,
  ConversationRecord,
  MessageReport,
  MessagingBlock,
  MessagingSettings,
  Stores,
} from '../ports.js';
import { isDuplicateKey, withoutId } from './collections.js';
import { type ConversationTermDoc, createMongoMessageSearch, type MessageTermDoc } from './messageSearch.js';

/** The conversation-number counter; `_id` is `conversationNumber`. */
interface MessagingCounterDoc {
  _id: string;
  value: number;
}

/** The team's settings as stored: one document, `_id` `settings`. */
interface MessagingSettingsDoc extends MessagingSettings {
  _id: string;
}

/** The messaging collections in one database. */
export interface MessagingCollections {
  conversations: Collection<ConversationRecord>;
  messages: Collection<ConversationMessage>;
  terms: Collection<MessageTermDoc>;
  conversationTerms: Collection<ConversationTermDoc>;
  counters: Collection<MessagingCounterDoc>;
  settings: Collection<MessagingSettingsDoc>;
  blocks: Collection<MessagingBlock>;
  reports: Collection<MessageReport>;
  broadcasts: Collection<BroadcastRecord>;
}

/** Names the messaging collections. */
export function getMessagingCollections(db: Db): MessagingCollections {
  return {
    conversations: db.collection('conversations'),
    messages: db.collection('conversationMessages'),
    terms: db.collection('messageTerms'),
    conversationTerms: db.collection('conversationTerms'),
    counters: db.collection('messagingCounters'),
    settings: db.collection('messagingSettings'),
    blocks: db.collection('messagingBlocks'),
    reports: db.collection('messageReports'),
    broadcasts: db.collection('messageBroadcasts'),
  };
}

const COUNTER_ID = 'conversationNumber';
const SETTINGS_ID = 'settings';
/** How often the counter upsert retries after losing a first-use race. */
const MAX_ATTEMPTS = 5;

const strip = <T extends object>(doc: (T & { _id?: unknown }) | null): T | undefined =>
  doc ? withoutId(doc) : undefined;
const stripAll = <T extends object>(docs: (T & { _id?: unknown })[]): T[] => docs.map((d) => withoutId(d));

/** A filter that matches nothing (an empty id list, no team to look in). */
const NOTHING = { id: { $in: [] as string[] } };

/**
 * Whether staff have not read the conversation since its last message (with
 * lastMessageBy 'user', which the query checks). Checked here, not in the query: comparing
 * two fields of a document needs $expr with $lt, which FerretDB lacks.
 */
function unreadByStaff(doc: ConversationRecord): boolean {
  return doc.staffReadAt === undefined || doc.staffReadAt < doc.lastMessageAt;
}

/** The query of an inbox filter (the SQLite adapter's filterSql, clause by clause; an absent field is SQL's NULL). */
function conversationQuery(filter: ConversationFilter): Filter<ConversationRecord> {
  const and: Filter<ConversationRecord>[] = [];
  if (!filter.includeErased) and.push({ erasedAt: { $exists: false } });
  if (filter.userId) and.push({ userId: filter.userId });
  if (filter.teams) {
    const parts: Filter<ConversationRecord>[] = [];
    if (filter.teams.teamIds.length) parts.push({ teamId: { $in: filter.teams.teamIds } });
    if (filter.teams.unrouted) parts.push({ teamId: { $exists: false } });
    and.push(parts.length ? { $or: parts } : NOTHING);
  }
  if (filter.assigneeId) and.push({ assigneeId: filter.assigneeId });
  if (filter.status) and.push({ status: filter.status });
  if (filter.category) and.push({ category: filter.category });
  if (filter.flagged !== undefined) and.push({ flagged: filter.flagged });
  // The rest of unreadByStaff (read before the last message) compares two fields: see unreadByStaff.
  if (filter.unreadByStaff) and.push({ lastMessageBy: 'user' });
  // $lt on a string only matches strings, so absent waitingSince never matches.
  if (filter.waitingBefore) and.push({ waitingSince: { $lt: filter.waitingBefore } });
  if (filter.ids) and.push(filter.ids.length ? { id: { $in: filter.ids } } : NOTHING);
  if (filter.before) and.push({ lastMessageAt: { $lt: filter.before } });
  return and.length ? { $and: and } : {};
}

/** The stores of the messaging domain, one per aggregate, as createMongoStores assigns them. */
export type MongoMessagingStores = Pick<
  Stores,
  'conversations' | 'conversationMessages' | 'moderation' | 'messagingSettings' | 'broadcasts'
>;

/** Builds the messaging stores over their collections. */
export function createMongoMessagingStores(c: MessagingCollections): MongoMessagingStores {
  const search = createMongoMessageSearch(c, COUNTER_ID);
  return {
    conversations: {
      nextConversationNumber: async () => {
        for (let attempt = 1; ; attempt++) {
          try {
            const doc = await c.counters.findOneAndUpdate(
              { _id: COUNTER_ID },
              { $inc: { value: 1 } },
              { upsert: true, returnDocument: 'after' },
            );
            if (!doc) throw new Error('conversation number upsert returned no document');
            return doc.value;
          } catch (err) {
            if (!isDuplicateKey(err) || attempt >= MAX_ATTEMPTS) throw err;
          }
        }
      },
      createConversation: async (conversation) => {
        await c.conversations.insertOne({ ...conversation });
      },
      getConversation: async (id) => strip(await c.conversations.findOne({ id })),
      updateConversation: async (id, version, patch) => {
        const set: Record<string, unknown> = {};
        const unset: Record<string, ''> = {};
        for (const [key, value] of Object.entries(patch)) {
          if (key === 'id' || key === 'version' || key === '_id') continue;
          if (value === undefined) unset[key] = '';
          else set[key] = value;
        }
        const doc = await c.conversations.findOneAndUpdate(
          { id, version },
          {
            $inc: { version: 1 },
            ...(Object.keys(set).length > 0 ? { $set: set } : {}),
            ...(Object.keys(unset).length > 0 ? { $unset: unset } : {}),
          },
          { returnDocument: 'after' },
        );
        return strip(doc);
      },
      listConversations: async (filter) => {
        if (filter.limit <= 0) return [];
        let query = conversationQuery(filter);
        const plan = filter.terms ? await search.plan(filter.terms, filter.limit) : undefined;
        if (plan?.terms.length === 0) return [];
        if (plan?.plan === 'postings')
          query = { $and: [query, { id: { $in: await search.conversationIds(plan.terms) } }] };
        const newestFirst = c.conversations.find(query).sort({ lastMessageAt: -1, number: -1 });
        if (!filter.unreadByStaff && plan?.plan !== 'walk')
          return stripAll(await newestFirst.limit(filter.limit).toArray());
        const kept = async function* () {
          for await (const doc of newestFirst)
            if (!filter.unreadByStaff || unreadByStaff(doc)) yield withoutId(doc);
        };
        if (plan?.plan === 'walk') return search.walk(kept(), plan.terms, filter.limit);
        const found: ConversationRecord[] = [];
        for await (const doc of kept()) {
          found.push(doc);
          if (found.length >= filter.limit) break;
        }
        return found;
      },
      eraseConversation: async (id, at, erasedSubject) => {
        await search.removeConversationTerms(id);
        await c.messages.deleteMany({ conversationId: id });
        await c.conversations.updateOne(
          { id },
          { $set: { subject: erasedSubject, erasedAt: at }, $unset: { rating: '' }, $inc: { version: 1 } },
        );
      },
      listResolvedBefore: async (before, limit) => {
        if (limit <= 0) return [];
        return stripAll(
          await c.conversations
            .find({ erasedAt: { $exists: false }, status: 'resolved', resolvedAt: { $lt: before } })
            .sort({ resolvedAt: 1, number: 1 })
            .limit(limit)
            .toArray(),
        );
      },
      listActiveBetween: async (from, to) =>
        stripAll(
          await c.conversations
            .find({ updatedAt: { $gte: from }, createdAt: { $lt: to } })
            .sort({ updatedAt: 1, number: 1 })
            .toArray(),
        ),
    },
    conversationMessages: {
      addMessage: async (message, terms) => {
        await c.messages.insertOne({ ...message });
        // A term already stored for this message (a retried add) is kept, as SQLite's ON CONFLICT DO NOTHING.
        await search.addTerms(message, terms);
      },
      getMessage: async (id) => strip(await c.messages.findOne({ id })),
      listMessages: async (conversationId, options = {}) => {
        const query: Filter<ConversationMessage> = {
          conversationId,
          ...(options.includeHeld ? {} : { held: { $exists: false } }),
          ...(options.after !== undefined ? { createdAt: { $gt: options.after } } : {}),
        };
        return stripAll(await c.messages.find(query).sort({ createdAt: 1, _id: 1 }).toArray());
      },
      updateMessage: async (id, patch) => {
        const update = {
          ...(patch.body ? { $set: { body: patch.body } } : {}),
          ...(patch.held === null ? { $unset: { held: '' as const } } : {}),
        };
        if (Object.keys(update).length === 0) return;
        await c.messages.updateOne({ id }, update);
        if (patch.held === null) await search.showTerms(id);
      },
      deleteMessage: async (id) => {
        await search.removeMessageTerms(id);
        await c.messages.deleteOne({ id });
      },
      listHeldMessages: async (limit) => {
        if (limit <= 0) return [];
        return stripAll(
          await c.messages
            .find({ held: { $exists: true } })
            .sort({ createdAt: 1, _id: 1 })
            .limit(limit)
            .toArray(),
        );
      },
      recentMessagesBy: async (authorId, since, limit) => {
        if (limit <= 0) return [];
        return stripAll(
          await c.messages
            .find({ authorId, createdAt: { $gte: since } })
            .sort({ createdAt: -1, _id: -1 })
            .limit(limit)
            .toArray(),
        );
      },
      conversationsWithTerms: async (terms, limit) => {
        if (limit <= 0) return [];
        const plan = await search.plan(terms, limit);
        return (await search.conversationIds(plan.terms)).slice(0, limit);
      },
      listStaffMessagesBetween: async (from, to) =>
        stripAll(
          await c.messages
            .find({ authorRole: 'staff', createdAt: { $gte: from, $lt: to } })
            .sort({ createdAt: 1, _id: 1 })
            .toArray(),
        ),
      listUserRepliesBetween: async (from, to) =>
        stripAll(
          await c.messages
            .find({
              authorRole: 'user',
              createdAt: { $gte: from, $lt: to },
              responseMs: { $exists: true },
              held: { $exists: false },
            })
            .sort({ createdAt: 1, _id: 1 })
            .toArray(),
        ),
    },
    moderation: {
      putBlock: async (block) => {
        await c.blocks.replaceOne({ userId: block.userId }, { ...block }, { upsert: true });
      },
      getBlock: async (userId) => strip(await c.blocks.findOne({ userId })),
      deleteBlock: async (userId) => {
        await c.blocks.deleteOne({ userId });
      },
      listBlocks: async () => stripAll(await c.blocks.find().sort({ userId: 1 }).toArray()),
      addReport: async (report) => {
        await c.reports.insertOne({ ...report });
      },
      listReports: async (state, limit) => {
        if (limit <= 0) return [];
        return stripAll(
          await c.reports.find({ state }).sort({ createdAt: 1, _id: 1 }).limit(limit).toArray(),
        );
      },
      resolveReport: async (id, state, by, at) =>
        strip(
          await c.reports.findOneAndUpdate(
            { id, state: 'open' },
            { $set: { state, resolvedBy: by, resolvedAt: at } },
            { returnDocument: 'after' },
          ),
        ),
    },
    messagingSettings: {
      getSettings: async () => strip(await c.settings.findOne({ _id: SETTINGS_ID })),
      putSettings: async (settings, expectedVersion) => {
        if (expectedVersion === 0) {
          try {
            await c.settings.insertOne({ ...settings, _id: SETTINGS_ID });
            return true;
          } catch (error) {
            if (isDuplicateKey(error)) return false;
            throw error;
          }
        }
        return (
          (await c.settings.replaceOne({ _id: SETTINGS_ID, version: expectedVersion }, { ...settings }))
            .matchedCount === 1
        );
      },
    },
    broadcasts: {
      addBroadcast: async (broadcast) => {
        await c.broadcasts.insertOne({ ...broadcast });
      },
      getBroadcast: async (id) => strip(await c.broadcasts.findOne({ id })),
      listBroadcasts: async (limit) =>
        limit <= 0
          ? []
          : stripAll(await c.broadcasts.find().sort({ createdAt: -1, _id: -1 }).limit(limit).toArray()),
    },
  };
}
