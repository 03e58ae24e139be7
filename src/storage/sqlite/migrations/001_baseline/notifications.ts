/** Migration 1, notifications. Frozen: never edit (see ../001_baseline.ts). */

/** The email outbox, its delivery log, plans, preferences, reminder schedules and message templates. */
export const NOTIFICATION_TABLES = `
CREATE TABLE IF NOT EXISTS notification_outbox (
  id TEXT PRIMARY KEY,
  dedupe_key TEXT NOT NULL UNIQUE,
  channel TEXT NOT NULL,
  trigger TEXT NOT NULL,
  user_id TEXT,
  status TEXT NOT NULL,
  next_attempt_at TEXT NOT NULL,
  lease_until TEXT,
  created_at TEXT NOT NULL,
  doc TEXT NOT NULL
) STRICT;
CREATE INDEX IF NOT EXISTS notification_outbox_due ON notification_outbox (status, next_attempt_at);
CREATE INDEX IF NOT EXISTS notification_outbox_user ON notification_outbox (user_id, created_at);
CREATE INDEX IF NOT EXISTS notification_outbox_trigger ON notification_outbox (trigger, created_at);
CREATE INDEX IF NOT EXISTS notification_outbox_created ON notification_outbox (created_at);

CREATE TABLE IF NOT EXISTS notification_plans (
  message_id TEXT PRIMARY KEY,
  plan_key TEXT NOT NULL
) STRICT;
CREATE INDEX IF NOT EXISTS notification_plans_key ON notification_plans (plan_key);

CREATE TABLE IF NOT EXISTS notification_preferences (
  user_id TEXT PRIMARY KEY,
  doc TEXT NOT NULL
) STRICT;

CREATE TABLE IF NOT EXISTS reminder_schedules (
  kind TEXT PRIMARY KEY,
  doc TEXT NOT NULL
) STRICT;

CREATE TABLE IF NOT EXISTS notification_events (
  id TEXT PRIMARY KEY,
  message_id TEXT NOT NULL,
  at TEXT NOT NULL,
  type TEXT NOT NULL,
  detail TEXT
) STRICT;
CREATE INDEX IF NOT EXISTS notification_events_message ON notification_events (message_id, at);

CREATE TABLE IF NOT EXISTS message_templates (
  trigger TEXT NOT NULL,
  language TEXT NOT NULL,
  version INTEGER NOT NULL,
  doc TEXT NOT NULL,
  PRIMARY KEY (trigger, language, version)
) STRICT;
`;
