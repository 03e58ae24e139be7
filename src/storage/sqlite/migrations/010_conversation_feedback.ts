/**
 * Migration 10: conversation satisfaction and staff feedback on messaging (issue 21).
 * Both new survey audiences ('conversation-satisfaction', 'staff-messaging') live in the
 * tables of migration 5, whose `audience` column has no CHECK, so they need no rebuild.
 * What is new is `survey_suggestion_marks`: staff's priority (short / long term) and done
 * marks on the themes of staff suggestions, one row per theme, kept whole as JSON.
 */
import type { SqliteMigration } from '../migrate.js';

export const conversationFeedback: SqliteMigration = {
  version: 10,
  name: 'conversation_feedback',
  up(db) {
    db.exec(`
CREATE TABLE survey_suggestion_marks (
  theme TEXT PRIMARY KEY,
  record TEXT NOT NULL
) STRICT;
`);
  },
};
