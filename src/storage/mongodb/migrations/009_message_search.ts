/**
 * MongoDB migration 009 (issue 22: message search at a million messages):
 * `conversationTerms`, one document per keyed word hash and conversation with a visible
 * message holding it (src/storage/mongodb/messageSearch.ts keeps it in step with
 * `messageTerms`), unique by the pair, and found by conversation when one is erased.
 * Filled from the visible message terms already stored, so a database with messages
 * searches the same after. Safe to run again after a partial run: createIndex with the
 * same name and options is a no-op, and a pair already there is kept.
 */
import type { Document } from 'mongodb';
import { isDuplicateKey } from '../collections.js';
import type { MongoMigration } from '../migrate.js';

/** Pairs written per insertMany while filling the collection. */
const BATCH = 1000;

export const messageSearch: MongoMigration = {
  id: '009_message_search',
  async up(db) {
    const pairs = db.collection('conversationTerms');
    await pairs.createIndex(
      { term: 1, conversationId: 1 },
      { name: 'term_conversationId_unique', unique: true },
    );
    await pairs.createIndex({ conversationId: 1 }, { name: 'conversationId' });
    const insert = async (docs: Document[]) => {
      if (docs.length === 0) return;
      try {
        await pairs.insertMany(docs, { ordered: false });
      } catch (error) {
        if (!isDuplicateKey(error)) throw error;
      }
    };
    const found = db
      .collection('messageTerms')
      .aggregate<{ _id: { term: string; conversationId: string } }>(
        [
          { $match: { visible: true } },
          { $group: { _id: { term: '$term', conversationId: '$conversationId' } } },
        ],
        { allowDiskUse: true },
      );
    let batch: Document[] = [];
    for await (const { _id } of found) {
      batch.push({ term: _id.term, conversationId: _id.conversationId });
      if (batch.length >= BATCH) {
        await insert(batch);
        batch = [];
      }
    }
    await insert(batch);
  },
};
