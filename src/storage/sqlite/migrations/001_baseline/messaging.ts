/** Migration 1, messaging. Frozen: never edit (see ../001_baseline.ts). */

/** Conversations, their messages, the blind search index and the moderation tables. */
export const MESSAGING_TABLES = `
CREATE TABLE IF NOT EXISTS conversations (
  id TEXT PRIMARY KEY,
  number INTEGER NOT NULL UNIQUE,
  user_id TEXT NOT NULL,
  team_id TEXT,
  assignee_id TEXT,
  status TEXT NOT NULL,
  category TEXT NOT NULL,
  flagged INTEGER NOT NULL,
  last_message_at TEXT NOT NULL,
  last_message_by TEXT NOT NULL,
  staff_read_at TEXT,
  waiting_since TEXT,
  resolved_at TEXT,
  updated_at TEXT NOT NULL,
  erased INTEGER NOT NULL DEFAULT 0,
  version INTEGER NOT NULL,
  doc TEXT NOT NULL
) STRICT;
CREATE INDEX IF NOT EXISTS conversations_user_recent ON conversations (user_id, last_message_at, number);
CREATE INDEX IF NOT EXISTS conversations_team_recent ON conversations (team_id, last_message_at, number);
CREATE INDEX IF NOT EXISTS conversations_assignee_recent ON conversations (assignee_id, last_message_at, number);
CREATE INDEX IF NOT EXISTS conversations_status_recent ON conversations (status, last_message_at, number);
CREATE INDEX IF NOT EXISTS conversations_recent ON conversations (last_message_at, number);
CREATE INDEX IF NOT EXISTS conversations_waiting ON conversations (waiting_since) WHERE waiting_since IS NOT NULL;
CREATE INDEX IF NOT EXISTS conversations_resolved ON conversations (resolved_at) WHERE erased = 0;
CREATE INDEX IF NOT EXISTS conversations_updated ON conversations (updated_at);

CREATE TABLE IF NOT EXISTS conversation_messages (
  id TEXT PRIMARY KEY,
  conversation_id TEXT NOT NULL,
  author_id TEXT,
  author_role TEXT NOT NULL,
  held INTEGER NOT NULL,
  created_at TEXT NOT NULL,
  doc TEXT NOT NULL
) STRICT;
CREATE INDEX IF NOT EXISTS conversation_messages_conversation ON conversation_messages (conversation_id, created_at);
CREATE INDEX IF NOT EXISTS conversation_messages_author ON conversation_messages (author_id, created_at);
CREATE INDEX IF NOT EXISTS conversation_messages_held ON conversation_messages (created_at) WHERE held = 1;
CREATE INDEX IF NOT EXISTS conversation_messages_staff ON conversation_messages (created_at) WHERE author_role = 'staff';

CREATE TABLE IF NOT EXISTS message_terms (
  term TEXT NOT NULL,
  message_id TEXT NOT NULL,
  conversation_id TEXT NOT NULL,
  -- 0 while the message is held for review: search must not find it.
  visible INTEGER NOT NULL,
  PRIMARY KEY (term, message_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS message_terms_message ON message_terms (message_id);

CREATE TABLE IF NOT EXISTS conversation_counter (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  value INTEGER NOT NULL
) STRICT;

CREATE TABLE IF NOT EXISTS messaging_settings (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  version INTEGER NOT NULL,
  doc TEXT NOT NULL
) STRICT;

CREATE TABLE IF NOT EXISTS messaging_blocks (
  user_id TEXT PRIMARY KEY,
  doc TEXT NOT NULL
) STRICT;

CREATE TABLE IF NOT EXISTS message_reports (
  id TEXT PRIMARY KEY,
  state TEXT NOT NULL,
  created_at TEXT NOT NULL,
  doc TEXT NOT NULL
) STRICT;
CREATE INDEX IF NOT EXISTS message_reports_state ON message_reports (state, created_at);

CREATE TABLE IF NOT EXISTS message_broadcasts (
  id TEXT PRIMARY KEY,
  created_at TEXT NOT NULL,
  doc TEXT NOT NULL
) STRICT;
CREATE INDEX IF NOT EXISTS message_broadcasts_created ON message_broadcasts (created_at);
`;
