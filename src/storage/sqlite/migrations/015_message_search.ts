/**
 * Migration 15 (issue 22: message search at a million messages): `conversation_terms`,
 * the blind index per conversation beside the one per message (`message_terms`, migration
 * 1): a row per keyed hash of a word and conversation with a visible (not held) message
 * holding it. A search intersects conversations instead of messages, and starts
 * from its rarest term (src/storage/sqlite/messageSearch.ts, which keeps both tables in
 * step). Filled here from `message_terms`, so a file with messages searches the same after.
 * Only hashes, as before: no word is stored.
 */
import type { SqliteMigration } from '../migrate.js';

export const messageSearch: SqliteMigration = {
  version: 15,
  name: 'message_search',
  up(db) {
    db.exec(`
CREATE TABLE conversation_terms (
  term TEXT NOT NULL,
  conversation_id TEXT NOT NULL,
  PRIMARY KEY (term, conversation_id)
) STRICT, WITHOUT ROWID;
INSERT INTO conversation_terms (term, conversation_id)
  SELECT DISTINCT term, conversation_id FROM message_terms WHERE visible = 1;
`);
  },
};
