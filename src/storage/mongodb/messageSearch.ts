/**
 * The MongoDB blind index of messages and its search. `messageTerms` holds one document
 * per keyed hash of a word and message (visible or held); `conversationTerms` (migration
 * 009) one per hash and conversation with a visible message holding it, so a search
 * intersects conversations instead of messages, rarest term first, by the plans of
 * ../searchPlan.ts. Only hashes are stored, never words.
 *
 * Without transactions, a pair is a fact that can be re-derived, not a counter that could
 * drift: adding one twice is a no-op (unique index), and a pair is removed first and put
 * back from the message terms that remain, so a crash in between loses search hits rather
 * than finding a conversation by the words of a deleted message (as the writes of
 * messagingStore.ts: terms go first when deleting, last when adding). Two deletions in the
 * same conversation at the same instant may leave a pair the first one saw still held;
 * the next write of that conversation's terms settles it.
 */
import type { Collection } from 'mongodb';
import type { ConversationMessage, ConversationRecord } from '../ports.js';
import { COUNT_CAP, chooseSearchPlan, type SearchPlan } from '../searchPlan.js';
import { isDuplicateKey } from './collections.js';

/** One search term (keyed hash) of one message. */
export interface MessageTermDoc {
  term: string;
  messageId: string;
  conversationId: string;
  /** False while the message is held for review: search must not find it. */
  visible: boolean;
}

/** A visible message of the conversation holds the term. */
export interface ConversationTermDoc {
  term: string;
  conversationId: string;
}

/** The collections a search reads and its writes keep in step. */
interface SearchCollections {
  terms: Collection<MessageTermDoc>;
  conversationTerms: Collection<ConversationTermDoc>;
  counters: Collection<{ _id: string; value: number }>;
}

/** Conversations checked per query while walking the inbox (the walk plan). */
const WALK_BATCH = 200;

/** Inserts documents, keeping those already there (a retried or repeated write). */
async function insertKeeping<T extends object>(collection: Collection<T>, docs: T[]): Promise<void> {
  if (docs.length === 0) return;
  try {
    // biome-ignore lint/suspicious/noExplicitAny: the driver's OptionalUnlessRequiredId of a generic T
    await collection.insertMany(docs.map((d) => ({ ...d })) as any[], { ordered: false });
  } catch (error) {
    if (!isDuplicateKey(error)) throw error;
  }
}

/** The index writes and the search, over the messaging collections. */
export function createMongoMessageSearch(c: SearchCollections, counterId: string) {
  const pairsOf = (conversationId: string, terms: Iterable<string>): ConversationTermDoc[] =>
    [...new Set(terms)].map((term) => ({ term, conversationId }));

  /** The conversations (of `ids`, when given) holding every term, rarest first. */
  async function holdingAll(terms: string[], ids?: string[]): Promise<string[]> {
    let found = ids;
    for (const term of terms) {
      if (found?.length === 0) return [];
      const docs = await c.conversationTerms
        .find(found ? { term, conversationId: { $in: found } } : { term }, {
          projection: { _id: 0, conversationId: 1 },
        })
        .toArray();
      found = docs.map((d) => d.conversationId);
    }
    return found ?? [];
  }

  return {
    /** Indexes a stored message's terms (after the message, so a crash loses hits, never adds them). */
    async addTerms(message: ConversationMessage, terms: string[]): Promise<void> {
      const unique = [...new Set(terms)];
      await insertKeeping(
        c.terms,
        unique.map((term) => ({
          term,
          messageId: message.id,
          conversationId: message.conversationId,
          visible: !message.held,
        })),
      );
      if (!message.held) await insertKeeping(c.conversationTerms, pairsOf(message.conversationId, unique));
    },
    /** A held message released: its terms become searchable. */
    async showTerms(messageId: string): Promise<void> {
      await c.terms.updateMany({ messageId }, { $set: { visible: true } });
      const rows = await c.terms.find({ messageId }).toArray();
      if (rows.length > 0)
        await insertKeeping(
          c.conversationTerms,
          pairsOf(
            rows[0]!.conversationId,
            rows.map((r) => r.term),
          ),
        );
    },
    /** Removes a message's terms, before the message goes; keeps the pairs other visible messages hold. */
    async removeMessageTerms(messageId: string): Promise<void> {
      const rows = await c.terms.find({ messageId }).toArray();
      if (rows.length === 0) return;
      const conversationId = rows[0]!.conversationId;
      const terms = [...new Set(rows.map((r) => r.term))];
      await c.conversationTerms.deleteMany({ conversationId, term: { $in: terms } });
      await c.terms.deleteMany({ messageId });
      const kept = await c.terms.find({ conversationId, term: { $in: terms }, visible: true }).toArray();
      await insertKeeping(
        c.conversationTerms,
        pairsOf(
          conversationId,
          kept.map((r) => r.term),
        ),
      );
    },
    /** Removes every term of a conversation (before its messages go). */
    async removeConversationTerms(conversationId: string): Promise<void> {
      await c.conversationTerms.deleteMany({ conversationId });
      await c.terms.deleteMany({ conversationId });
    },
    /** The plan of a search for a page of `limit`, from how many conversations hold each term. */
    async plan(terms: string[], limit: number): Promise<SearchPlan> {
      const unique = [...new Set(terms)];
      const counted = await Promise.all(
        unique.map(async (term) => ({
          term,
          conversations: await c.conversationTerms.countDocuments({ term }, { limit: COUNT_CAP }),
        })),
      );
      const issued = (await c.counters.findOne({ _id: counterId }))?.value ?? 0;
      return chooseSearchPlan(counted, issued, limit, 1);
    },
    /** Every conversation holding all the terms (given rarest first), sorted by id. */
    conversationIds: async (terms: string[]): Promise<string[]> => (await holdingAll(terms)).sort(),
    /**
     * The walk plan: of conversations met newest first, keeps those holding every term,
     * checking a batch at a time, until `limit` are kept.
     */
    async walk(
      newestFirst: AsyncIterable<ConversationRecord>,
      terms: string[],
      limit: number,
    ): Promise<ConversationRecord[]> {
      const found: ConversationRecord[] = [];
      let batch: ConversationRecord[] = [];
      const check = async () => {
        const held = new Set(
          await holdingAll(
            terms,
            batch.map((d) => d.id),
          ),
        );
        for (const doc of batch) if (held.has(doc.id) && found.length < limit) found.push(doc);
        batch = [];
      };
      for await (const doc of newestFirst) {
        batch.push(doc);
        if (batch.length < WALK_BATCH) continue;
        await check();
        if (found.length >= limit) return found;
      }
      await check();
      return found;
    },
  };
}
