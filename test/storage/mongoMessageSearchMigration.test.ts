/**
 * MongoDB migration 009 (issue 22: message search) on a database migrated to 008 whose
 * messages were written as the release before wrote them (`messageTerms` only, held ones
 * invisible, a word in several messages of a conversation): after it, every search finds
 * what the old aggregation found, and running it again (a partial run retried) changes
 * nothing. Runs on MONGODB_URI's server, else on the FerretDB test/mongoGlobalSetup.ts
 * starts; skipped, saying how to run it, without either.
 */
import type { Db } from 'mongodb';
import { afterAll, expect, it, vi } from 'vitest';
import { migrateMongo } from '../../src/storage/mongodb/migrate.js';
import { MONGO_MIGRATIONS } from '../../src/storage/mongodb/migrations/index.js';
import { messageSearch } from '../../src/storage/mongodb/migrations/009_message_search.js';
import { createMongoStores } from '../../src/storage/mongodb/mongoStores.js';
import type { Stores } from '../../src/storage/ports.js';
import { useMongoDatabases } from '../fixtures/mongoDatabase.js';
import { describeOnMongo } from '../fixtures/mongoTarget.js';

const at = (minute: number) => new Date(Date.UTC(2026, 0, 1, 0, minute)).toISOString();
const WORDS = ['w0', 'w1', 'w2', 'w3'];
const SEARCHES = [['w0'], ['w1'], ['w0', 'w1'], ['w2', 'w3'], ['w3', 'w0', 'w3'], ['absent']];

/** The search before issue 22 (the old aggregation over message terms), as sorted ids. */
async function oldSearch(db: Db, terms: string[]): Promise<string[]> {
  const unique = [...new Set(terms)];
  const rows = await db
    .collection('messageTerms')
    .aggregate<{ _id: string }>([
      { $match: { term: { $in: unique }, visible: true } },
      { $group: { _id: { conversationId: '$conversationId', term: '$term' } } },
      { $group: { _id: '$_id.conversationId', terms: { $sum: 1 } } },
      { $match: { terms: unique.length } },
    ])
    .toArray();
  return rows.map((r) => r._id).sort();
}

/** Conversations, messages and their terms as the release before wrote them. */
async function writeAsBefore(db: Db): Promise<void> {
  for (let i = 0; i < 12; i++) {
    const id = `conv-${i}`;
    await db.collection('conversations').insertOne({
      id,
      number: i + 1,
      userId: 'u1',
      category: 'account',
      status: 'open',
      flagged: false,
      escalated: false,
      subject: { k: 'k1', iv: 'iv', ct: 'ct' },
      createdAt: at(0),
      updatedAt: at(i),
      lastMessageAt: at(i),
      lastMessageBy: 'user',
      messageCount: 3,
      autoReplyCount: 0,
      version: 0,
    });
    for (let j = 0; j < 3; j++) {
      const messageId = `msg-${i}-${j}`;
      const held = (i + j) % 5 === 0;
      await db.collection('conversationMessages').insertOne({
        id: messageId,
        conversationId: id,
        kind: 'message',
        authorId: 'u1',
        authorRole: 'user',
        body: { k: 'k1', iv: 'iv', ct: 'ct' },
        fingerprint: 'fp',
        createdAt: at(j),
        ...(held ? { held: { reason: 'spam', at: at(j) } } : {}),
      });
      const terms = WORDS.filter((_, k) => (i * 3 + j) % (k + 2) === 0);
      if (terms.length)
        await db
          .collection('messageTerms')
          .insertMany(terms.map((term) => ({ term, messageId, conversationId: id, visible: !held })));
    }
  }
}

describeOnMongo('mongodb migration 009 (message search)', 'MongoDB migration tests', (uri) => {
  vi.setConfig({ testTimeout: 120_000 });
  const databases = useMongoDatabases(uri, 'search-migration');
  let stores: Stores | undefined;
  afterAll(async () => {
    await stores?.close();
  });

  it('searches a database written before it exactly as before, and a second run changes nothing', async () => {
    const name = databases.freshName();
    const db = databases.open(name);
    const before = MONGO_MIGRATIONS.filter((m) => m.id < messageSearch.id);
    expect(before.at(-1)?.id).toBe('008_backpack_connections');
    await migrateMongo(db, before);
    await writeAsBefore(db);
    const expected = await Promise.all(SEARCHES.map((terms) => oldSearch(db, terms)));
    expect(expected.map((e) => e.length)).toContain(0);
    expect(Math.max(...expected.map((e) => e.length))).toBeGreaterThan(5);

    stores = await createMongoStores(uri, name);
    await stores.init();
    const pairs = await db.collection('conversationTerms').countDocuments();
    expect(pairs).toBeGreaterThan(0);
    await messageSearch.up(db);
    expect(await db.collection('conversationTerms').countDocuments()).toBe(pairs);

    for (const [i, terms] of SEARCHES.entries()) {
      expect([...(await stores.conversationMessages.conversationsWithTerms(terms, 100))].sort()).toEqual(
        expected[i],
      );
      // Newest first: conversation i's last message is at minute i.
      expect((await stores.conversations.listConversations({ terms, limit: 100 })).map((c) => c.id)).toEqual(
        [...expected[i]!].sort((a, b) => Number(b.slice(5)) - Number(a.slice(5))),
      );
    }
  });
});
