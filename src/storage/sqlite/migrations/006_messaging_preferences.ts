/**
 * Migration 6: messaging preferences and curation (issue 21). `messaging_staff_preferences`
 * holds each staff member's alerts and away message (one row per staff member);
 * `messaging_away_replies` records which conversations an away message (by its stamp)
 * already answered, its primary key making "sent once per conversation" atomic;
 * `messaging_template_uses` counts response template insertions; `messaging_content_filter`
 * holds the staff-edited word and domain lists under an optimistic version, like the
 * settings. A partial index on people's messages by time serves the report's
 * "how long people take to reply to staff" (the staff one exists since migration 1).
 */
import type { SqliteMigration } from '../migrate.js';

export const messagingPreferences: SqliteMigration = {
  version: 6,
  name: 'messaging_preferences',
  up(db) {
    db.exec(`
CREATE TABLE messaging_staff_preferences (
  staff_id TEXT PRIMARY KEY,
  doc TEXT NOT NULL
) STRICT;

CREATE TABLE messaging_away_replies (
  staff_id TEXT NOT NULL,
  conversation_id TEXT NOT NULL,
  stamp TEXT NOT NULL,
  at TEXT NOT NULL,
  PRIMARY KEY (staff_id, conversation_id, stamp)
) STRICT, WITHOUT ROWID;

CREATE TABLE messaging_template_uses (
  template_id TEXT PRIMARY KEY,
  uses INTEGER NOT NULL,
  last_used_at TEXT NOT NULL
) STRICT;

CREATE TABLE messaging_content_filter (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  version INTEGER NOT NULL,
  doc TEXT NOT NULL
) STRICT;

CREATE INDEX conversation_messages_user ON conversation_messages (created_at) WHERE author_role = 'user';
`);
  },
};
