/**
 * The SQLite blind index of messages and the SQL a search runs on it. Two tables hold only
 * keyed hashes of words (the domain hashes them; the store never sees a word):
 * `message_terms` (term, message, conversation, visible) and `conversation_terms` (term,
 * conversation: some visible message of it holds the term; migration 15), the second kept
 * in step with the first by every write here, inside the caller's transaction, so it
 * cannot drift. A pair, not a count: a word a conversation already has costs no write
 * (a count would dirty an index page per word of every message; measured, storing a
 * 35-word message went from ~540 to ~325 a second with counts, ~530 with pairs), and
 * deleting a message, which is rare, checks the conversation's other messages instead.
 * A search intersects conversations, not messages, by one of the plans of ../searchPlan.ts. Measured at a million messages (two words each in 8% of
 * conversations): the old GROUP BY over every message row holding either word took 50 ms.
 */
import { COUNT_CAP, type CountedTerm, chooseSearchPlan, type SearchPlan } from '../searchPlan.js';
import type { SqliteDb } from './schema.js';

/**
 * SQL for the conversations holding every term (rarest first), as a `FROM` clause that
 * joins `conversations c`, the WHERE conditions it needs, and the parameters of both in
 * order. Probing: from the rarest term's rows, a key probe per other term. Merging: each
 * term's rows in key order (conversation id), intersected as they stream (SQLite's MERGE
 * of a compound SELECT with ORDER BY). CROSS JOIN keeps SQLite from turning either into
 * a walk of every conversation.
 */
export function postingsFrom(
  terms: string[],
  merge = false,
): { from: string; where: string[]; params: string[] } {
  if (merge) {
    const lists = terms.map(() => 'SELECT conversation_id FROM conversation_terms WHERE term = ?');
    return {
      from: `(${lists.join(' INTERSECT ')} ORDER BY 1) m CROSS JOIN conversations c ON c.id = m.conversation_id`,
      where: [],
      params: terms,
    };
  }
  const joins = terms
    .slice(1)
    .map(
      (_, i) =>
        ` CROSS JOIN conversation_terms t${i + 1} ON t${i + 1}.term = ? AND t${i + 1}.conversation_id = t0.conversation_id`,
    );
  return {
    from: `conversation_terms t0${joins.join('')} CROSS JOIN conversations c ON c.id = t0.conversation_id`,
    where: ['t0.term = ?'],
    // The ON clauses' parameters come first in the text, t0's term (in WHERE) after them.
    params: [...terms.slice(1), terms[0]!],
  };
}

/** The walk's filter: an EXISTS probe per term (rarest first, so the first rules most out). */
export function termsExist(terms: string[]): string {
  return terms
    .map(
      () => 'EXISTS (SELECT 1 FROM conversation_terms WHERE term = ? AND conversation_id = conversations.id)',
    )
    .join(' AND ');
}

/** The blind index's writes and the search's planning, over one database. */
export function createSqliteMessageSearch(db: SqliteDb) {
  const s = {
    insertTerm: db.prepare<[string, string, string, number]>(
      'INSERT INTO message_terms (term, message_id, conversation_id, visible) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING',
    ),
    addPair: db.prepare<[string, string]>(
      'INSERT INTO conversation_terms (term, conversation_id) VALUES (?, ?) ON CONFLICT DO NOTHING',
    ),
    // Unless another visible message of the conversation holds the term: its messages
    // (indexed by conversation), each probed by (term, message) in the primary key; CROSS
    // JOIN keeps that order (the other way reads every row of the term).
    dropUnheld: db.prepare<{ term: string; conversationId: string }>(
      `DELETE FROM conversation_terms WHERE term = @term AND conversation_id = @conversationId AND NOT EXISTS (
         SELECT 1 FROM conversation_messages m CROSS JOIN message_terms t ON t.term = @term AND t.message_id = m.id
         WHERE m.conversation_id = @conversationId AND t.visible = 1)`,
    ),
    dropPair: db.prepare<[string, string]>(
      'DELETE FROM conversation_terms WHERE term = ? AND conversation_id = ?',
    ),
    show: db.prepare<[string], { term: string; conversation_id: string }>(
      'UPDATE message_terms SET visible = 1 WHERE message_id = ? AND visible = 0 RETURNING term, conversation_id',
    ),
    deleteOfMessage: db.prepare<[string], { term: string; conversation_id: string; visible: number }>(
      'DELETE FROM message_terms WHERE message_id = ? RETURNING term, conversation_id, visible',
    ),
    // Through the conversation's messages (indexed) rather than `WHERE conversation_id = ?`,
    // which no index serves: a scan of every term row (850 ms at a million messages).
    deleteOfConversation: db.prepare<[string], { term: string; conversation_id: string }>(
      'DELETE FROM message_terms WHERE message_id IN (SELECT id FROM conversation_messages WHERE conversation_id = ?) RETURNING term, conversation_id',
    ),
    counted: db.prepare<[string, number], { n: number }>(
      'SELECT COUNT(*) AS n FROM (SELECT 1 FROM conversation_terms WHERE term = ? LIMIT ?)',
    ),
    issued: db.prepare<[], { value: number }>('SELECT value FROM conversation_counter WHERE id = 1'),
  };

  return {
    /** Indexes a new message's terms (call inside the transaction that stores it). */
    addTerms(messageId: string, conversationId: string, terms: string[], visible: boolean): void {
      for (const term of terms)
        if (s.insertTerm.run(term, messageId, conversationId, visible ? 1 : 0).changes === 1 && visible)
          s.addPair.run(term, conversationId);
    },
    /** A held message released: its terms become searchable. */
    showTerms(messageId: string): void {
      for (const row of s.show.all(messageId)) s.addPair.run(row.term, row.conversation_id);
    },
    /** Removes a message's terms (call inside the transaction that deletes it, before its row goes). */
    removeMessageTerms(messageId: string): void {
      for (const row of s.deleteOfMessage.all(messageId))
        if (row.visible === 1) s.dropUnheld.run({ term: row.term, conversationId: row.conversation_id });
    },
    /** Removes every term of a conversation's messages (before its messages go). */
    removeConversationTerms(conversationId: string): void {
      const seen = new Set<string>();
      for (const row of s.deleteOfConversation.all(conversationId))
        if (!seen.has(row.term)) {
          seen.add(row.term);
          s.dropPair.run(row.term, row.conversation_id);
        }
    },
    /**
     * The plan of a search for `limit` rows over `walks` ordered index walks (the inbox
     * walks one per team, see inboxQuery.ts).
     */
    plan(terms: string[], limit: number, walks: number): SearchPlan {
      const counted: CountedTerm[] = [];
      for (const term of new Set(terms)) {
        const conversations = s.counted.get(term, COUNT_CAP)!.n;
        counted.push({ term, conversations });
        if (conversations === 0) break;
      }
      return chooseSearchPlan(counted, s.issued.get()?.value ?? 0, limit, walks);
    },
  };
}
