/**
 * The SQLite message search (src/storage/sqlite/messageSearch.ts, inboxQuery.ts) against
 * the answer the store gave before issue 22: a GROUP BY over `message_terms`, which every
 * write still keeps as it did. After a random run of writes (visible and held messages,
 * releases, deletions, erasures) `conversation_terms` holds exactly the (term,
 * conversation) pairs of that table's visible rows, and every search plan (postings probing or merging,
 * walk), forced in turn,
 * list exactly the conversations the old query finds, newest first, for rare and common
 * words, with and without the team filter and paging.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import type { ConversationFilter, ConversationRecord, Stores } from '../../src/storage/ports.js';
import type { SearchPlan } from '../../src/storage/searchPlan.js';
import { listSql } from '../../src/storage/sqlite/inboxQuery.js';
import { openSqlite, type SqliteDb } from '../../src/storage/sqlite/schema.js';
import { createSqliteStores } from '../../src/storage/sqlite/sqliteStores.js';

const dir = mkdtempSync(join(tmpdir(), 'saypro-message-search-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A deterministic PRNG (mulberry32): the same run every time. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Word i is held by about 1 message in 2^(i/2): word 0 in every other one, word 9 in few. */
const WORDS = Array.from({ length: 10 }, (_, i) => `h${i}`);
const TEAMS = ['team-a', 'team-b', undefined];
const sealed = { k: 'k1', iv: 'iv', ct: 'ct' };
const at = (minute: number) => new Date(Date.UTC(2026, 0, 1, 0, minute)).toISOString();

/** The store's search set before issue 22, from message_terms alone. */
function oldMatches(db: SqliteDb, terms: string[]): Set<string> {
  const unique = [...new Set(terms)];
  const rows = db
    .prepare(
      `SELECT id FROM conversations WHERE id IN (SELECT conversation_id FROM message_terms WHERE term IN (${unique.map(() => '?').join(', ')}) AND visible = 1 GROUP BY conversation_id HAVING COUNT(DISTINCT term) = ?)`,
    )
    .all(...unique, unique.length) as { id: string }[];
  return new Set(rows.map((r) => r.id));
}

/** What the inbox must list: the old set through the filter, newest first, one page. */
function expected(db: SqliteDb, filter: ConversationFilter): string[] {
  const matches = oldMatches(db, filter.terms!);
  const all = (db.prepare('SELECT doc FROM conversations').all() as { doc: string }[]).map(
    (r) => JSON.parse(r.doc) as ConversationRecord,
  );
  return all
    .filter((c) => matches.has(c.id) && !c.erasedAt)
    .filter(
      (c) => !filter.teams || (c.teamId ? filter.teams.teamIds.includes(c.teamId) : filter.teams.unrouted),
    )
    .filter((c) => !filter.before || c.lastMessageAt < filter.before)
    .sort((a, b) =>
      a.lastMessageAt === b.lastMessageAt ? b.number - a.number : a.lastMessageAt < b.lastMessageAt ? 1 : -1,
    )
    .slice(0, filter.limit)
    .map((c) => c.id);
}

function listed(db: SqliteDb, filter: ConversationFilter, plan: Omit<SearchPlan, 'terms'>): string[] {
  const { sql, params } = listSql(filter, { terms: [...new Set(filter.terms)], ...plan });
  return (db.prepare(sql).all(...params) as { doc: string }[]).map(
    (r) => (JSON.parse(r.doc) as ConversationRecord).id,
  );
}

/** conversation_terms as it must be: the (term, conversation) pairs of message_terms' visible rows. */
function consistent(db: SqliteDb): { stored: unknown[]; derived: unknown[] } {
  return {
    stored: db.prepare('SELECT term, conversation_id FROM conversation_terms ORDER BY 1, 2').all(),
    derived: db
      .prepare('SELECT DISTINCT term, conversation_id FROM message_terms WHERE visible = 1 ORDER BY 1, 2')
      .all(),
  };
}

async function randomRun(stores: Stores, r: () => number): Promise<void> {
  const conversationIds: string[] = [];
  const messageIds: string[] = [];
  const heldIds: string[] = [];
  for (let i = 0; i < 60; i++) {
    const id = `conv-${i}`;
    const teamId = TEAMS[Math.floor(r() * TEAMS.length)];
    await stores.conversations.createConversation({
      id,
      number: await stores.conversations.nextConversationNumber(),
      userId: `u${i % 7}`,
      category: 'account',
      status: 'open',
      flagged: false,
      escalated: false,
      subject: sealed,
      createdAt: at(0),
      updatedAt: at(i),
      // Some share an instant: the number breaks the tie.
      lastMessageAt: at(Math.floor(r() * 40)),
      lastMessageBy: 'user',
      messageCount: 0,
      autoReplyCount: 0,
      version: 0,
      ...(teamId ? { teamId } : {}),
    });
    conversationIds.push(id);
  }
  for (let step = 0; step < 500; step++) {
    const roll = r();
    if (roll < 0.7 || messageIds.length === 0) {
      const conversationId = conversationIds[Math.floor(r() * conversationIds.length)]!;
      const id = `msg-${step}`;
      const held = r() < 0.15;
      // A word repeated in a message is one term; the store gets it twice, as a retry would.
      const terms = WORDS.filter((_, i) => r() < 0.5 ** (i / 2));
      await stores.conversationMessages.addMessage(
        {
          id,
          conversationId,
          kind: 'message',
          authorId: 'u1',
          authorRole: 'user',
          body: sealed,
          fingerprint: 'fp',
          createdAt: at(step),
          ...(held ? { held: { reason: 'spam', at: at(step) } } : {}),
        },
        [...terms, ...terms.slice(0, 1)],
      );
      messageIds.push(id);
      if (held) heldIds.push(id);
    } else if (roll < 0.8 && heldIds.length > 0) {
      await stores.conversationMessages.updateMessage(
        heldIds.splice(Math.floor(r() * heldIds.length), 1)[0]!,
        {
          held: null,
        },
      );
    } else if (roll < 0.97) {
      const [gone] = messageIds.splice(Math.floor(r() * messageIds.length), 1);
      await stores.conversationMessages.deleteMessage(gone!);
    } else {
      await stores.conversations.eraseConversation(
        conversationIds[Math.floor(r() * conversationIds.length)]!,
        at(step),
        sealed,
      );
    }
  }
}

it('keeps conversation_terms exact through every write, and both plans list what the old query found', async () => {
  const file = join(dir, 'search.sqlite');
  const stores = createSqliteStores(file);
  await stores.init();
  const db = openSqlite(file);
  try {
    await randomRun(stores, prng(22));
    const { stored, derived } = consistent(db);
    expect(stored.length).toBeGreaterThan(50);
    expect(stored).toEqual(derived);

    const searches = [
      ['h0'],
      ['h0', 'h1'],
      ['h9'],
      ['h8', 'h0'],
      ['h3', 'h5', 'h3'],
      ['h9', 'h8', 'h7'],
      ['nowhere'],
    ];
    const filters: Omit<ConversationFilter, 'terms'>[] = [
      { limit: 50 },
      { limit: 5 },
      { limit: 5, teams: { teamIds: ['team-a'], unrouted: true } },
      { limit: 3, teams: { teamIds: ['team-a', 'team-b'], unrouted: false }, before: at(30) },
      { limit: 5, teams: { teamIds: [], unrouted: false } },
    ];
    let found = 0;
    for (const terms of searches)
      for (const base of filters) {
        const filter = { ...base, terms };
        const want = expected(db, filter);
        found += want.length;
        for (const plan of [
          { plan: 'postings' },
          { plan: 'postings', merge: true },
          { plan: 'walk' },
        ] as const)
          expect(listed(db, filter, plan), `${JSON.stringify(plan)} ${JSON.stringify(filter)}`).toEqual(want);
        expect(
          (await stores.conversations.listConversations(filter)).map((c) => c.id),
          JSON.stringify(filter),
        ).toEqual(want);
        const ids = await stores.conversationMessages.conversationsWithTerms(terms, 1000);
        expect(new Set(ids)).toEqual(oldMatches(db, terms));
      }
    // The cases above find something, and the common word more than a page.
    expect(found).toBeGreaterThan(100);
    expect(oldMatches(db, ['h0']).size).toBeGreaterThan(50);
  } finally {
    db.close();
    await stores.close();
  }
});
