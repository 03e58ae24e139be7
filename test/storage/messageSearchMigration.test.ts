/**
 * SQLite migration 15 (issue 22: message search) on a file at version 14 whose messages
 * were written as the release before wrote them (rows in `message_terms` only, held ones
 * invisible, a word in several messages of a conversation): every search finds after the
 * migration exactly what the old query found before it, newest first, and the writes after
 * it (releasing a held message, deleting one) keep agreeing with that query.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { migrateSqlite } from '../../src/storage/sqlite/migrate.js';
import { SQLITE_MIGRATIONS } from '../../src/storage/sqlite/migrations/index.js';
import { messageSearch } from '../../src/storage/sqlite/migrations/015_message_search.js';
import { openSqlite, type SqliteDb } from '../../src/storage/sqlite/schema.js';
import { createSqliteStores } from '../../src/storage/sqlite/sqliteStores.js';

const dir = mkdtempSync(join(tmpdir(), 'saypro-search-migration-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const at = (minute: number) => new Date(Date.UTC(2026, 0, 1, 0, minute)).toISOString();
const WORDS = ['w0', 'w1', 'w2', 'w3', 'w4'];
const SEARCHES = [
  ['w0'],
  ['w1'],
  ['w0', 'w1'],
  ['w2', 'w3'],
  ['w4', 'w0', 'w4'],
  ['w1', 'w2', 'w3'],
  ['absent'],
];

/** The search before issue 22: conversations whose visible message terms hold every word, newest first. */
function oldSearch(db: SqliteDb, terms: string[]): string[] {
  const unique = [...new Set(terms)];
  return (
    db
      .prepare(
        `SELECT id FROM conversations WHERE erased = 0 AND id IN (SELECT conversation_id FROM message_terms WHERE term IN (${unique.map(() => '?').join(', ')}) AND visible = 1 GROUP BY conversation_id HAVING COUNT(DISTINCT term) = ?) ORDER BY last_message_at DESC, number DESC`,
      )
      .all(...unique, unique.length) as { id: string }[]
  ).map((r) => r.id);
}

/** Conversations and messages as the version-14 store wrote them (its SQL, column by column). */
function writeAsVersion14(db: SqliteDb): { held: string[]; messages: string[] } {
  const conversation = db.prepare(
    `INSERT INTO conversations (id, number, user_id, team_id, assignee_id, status, category, flagged, last_message_at, last_message_by,
     staff_read_at, waiting_since, resolved_at, updated_at, erased, version, doc) VALUES (?, ?, 'u1', NULL, NULL, 'open', 'account', 0, ?, 'user', NULL, NULL, NULL, ?, 0, 0, ?)`,
  );
  const message = db.prepare('INSERT INTO conversation_messages VALUES (?, ?, ?, ?, ?, ?, ?)');
  const term = db.prepare(
    'INSERT INTO message_terms (term, message_id, conversation_id, visible) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING',
  );
  const held: string[] = [];
  const messages: string[] = [];
  for (let i = 0; i < 24; i++) {
    const id = `conv-${i}`;
    const lastMessageAt = at((i * 5) % 17);
    const record = {
      id,
      number: i + 1,
      userId: 'u1',
      category: 'account',
      status: 'open',
      flagged: false,
      escalated: false,
      subject: { k: 'k1', iv: 'iv', ct: 'ct' },
      createdAt: at(0),
      updatedAt: lastMessageAt,
      lastMessageAt,
      lastMessageBy: 'user',
      messageCount: 3,
      autoReplyCount: 0,
      version: 0,
    };
    conversation.run(id, i + 1, lastMessageAt, lastMessageAt, JSON.stringify(record));
    for (let j = 0; j < 3; j++) {
      const messageId = `msg-${i}-${j}`;
      const isHeld = (i + j) % 7 === 0;
      const doc = {
        id: messageId,
        conversationId: id,
        kind: 'message',
        authorId: 'u1',
        authorRole: 'user',
        body: { k: 'k1', iv: 'iv', ct: 'ct' },
        fingerprint: 'fp',
        createdAt: at(j),
        ...(isHeld ? { held: { reason: 'spam', at: at(j) } } : {}),
      };
      message.run(messageId, id, 'u1', 'user', isHeld ? 1 : 0, at(j), JSON.stringify(doc));
      // Word k in every (k + 2)th message: w0 common, w4 rarer; words recur across a conversation.
      for (const [k, word] of WORDS.entries())
        if ((i * 3 + j) % (k + 2) === 0) term.run(word, messageId, id, isHeld ? 0 : 1);
      (isHeld ? held : messages).push(messageId);
    }
  }
  return { held, messages };
}

it('searches a version-14 file after migration 15 exactly as before it, and keeps agreeing after writes', async () => {
  const file = join(dir, 'v14.sqlite');
  const before = SQLITE_MIGRATIONS.filter((m) => m.version < messageSearch.version);
  expect(before.at(-1)?.version).toBe(14);
  const db = openSqlite(file);
  migrateSqlite(db, before);
  const { held, messages } = writeAsVersion14(db);
  const expected = SEARCHES.map((terms) => oldSearch(db, terms));
  // The cases find rare and common sets, and some nothing.
  expect(expected.map((e) => e.length)).toContain(0);
  expect(Math.max(...expected.map((e) => e.length))).toBeGreaterThan(10);
  db.close();

  const stores = createSqliteStores(file);
  const check = openSqlite(file);
  try {
    await stores.init();
    expect(check.pragma('user_version', { simple: true })).toBeGreaterThanOrEqual(15);
    const searchAll = async () => {
      for (const terms of SEARCHES) {
        const want = oldSearch(check, terms);
        expect(
          (await stores.conversations.listConversations({ terms, limit: 100 })).map((c) => c.id),
        ).toEqual(want);
        expect((await stores.conversations.listConversations({ terms, limit: 3 })).map((c) => c.id)).toEqual(
          want.slice(0, 3),
        );
        expect([...(await stores.conversationMessages.conversationsWithTerms(terms, 100))].sort()).toEqual(
          [...want].sort(),
        );
      }
    };
    for (const [i, terms] of SEARCHES.entries())
      expect((await stores.conversations.listConversations({ terms, limit: 100 })).map((c) => c.id)).toEqual(
        expected[i],
      );
    await searchAll();

    for (const id of held.slice(0, 3)) await stores.conversationMessages.updateMessage(id, { held: null });
    for (const id of messages.filter((_, i) => i % 4 === 1))
      await stores.conversationMessages.deleteMessage(id);
    await stores.conversations.eraseConversation('conv-5', at(30), { k: 'k1', iv: 'iv', ct: 'ct' });
    await searchAll();
  } finally {
    check.close();
    await stores.close();
  }
});
