/** Migration 1, learning programmes. Frozen: never edit (see ../001_baseline.ts). */

/** Programmes: courses, batches, enrolments, events, submissions, files, feedback, webhook signatures. */
export const PROGRAM_TABLES = `
CREATE TABLE IF NOT EXISTS program_courses (
  id TEXT PRIMARY KEY,
  title TEXT NOT NULL,
  doc TEXT NOT NULL
) STRICT;

CREATE TABLE IF NOT EXISTS program_batches (
  id TEXT PRIMARY KEY,
  course_id TEXT NOT NULL REFERENCES program_courses (id),
  created_at TEXT NOT NULL,
  doc TEXT NOT NULL
) STRICT;
CREATE INDEX IF NOT EXISTS program_batches_course ON program_batches (course_id, created_at);

CREATE TABLE IF NOT EXISTS program_enrolments (
  batch_id TEXT NOT NULL REFERENCES program_batches (id),
  user_id TEXT NOT NULL,
  status TEXT NOT NULL,
  waiting_on TEXT,
  due_at TEXT,
  credential_id TEXT,
  enrolled_at TEXT NOT NULL,
  version INTEGER NOT NULL,
  doc TEXT NOT NULL,
  PRIMARY KEY (batch_id, user_id)
) STRICT;
CREATE INDEX IF NOT EXISTS program_enrolments_batch_status ON program_enrolments (batch_id, status, enrolled_at);
CREATE INDEX IF NOT EXISTS program_enrolments_user ON program_enrolments (user_id, enrolled_at);
CREATE INDEX IF NOT EXISTS program_enrolments_due ON program_enrolments (status, waiting_on, due_at);

CREATE TABLE IF NOT EXISTS program_enrolment_certificates (
  credential_id TEXT PRIMARY KEY,
  batch_id TEXT NOT NULL,
  user_id TEXT NOT NULL
) STRICT;

CREATE TABLE IF NOT EXISTS program_events (
  id TEXT PRIMARY KEY,
  batch_id TEXT NOT NULL,
  user_id TEXT NOT NULL,
  occurred_at TEXT NOT NULL,
  recorded_at TEXT NOT NULL,
  doc TEXT NOT NULL
) STRICT;
CREATE INDEX IF NOT EXISTS program_events_participant ON program_events (batch_id, user_id);
CREATE INDEX IF NOT EXISTS program_events_user ON program_events (user_id);

CREATE TABLE IF NOT EXISTS program_submissions (
  id TEXT PRIMARY KEY,
  batch_id TEXT NOT NULL,
  user_id TEXT NOT NULL,
  state TEXT NOT NULL,
  submitted_at TEXT NOT NULL,
  doc TEXT NOT NULL
) STRICT;
CREATE INDEX IF NOT EXISTS program_submissions_state ON program_submissions (state, submitted_at);
CREATE INDEX IF NOT EXISTS program_submissions_batch ON program_submissions (batch_id, submitted_at);
CREATE INDEX IF NOT EXISTS program_submissions_user ON program_submissions (user_id, submitted_at);

CREATE TABLE IF NOT EXISTS program_files (
  sha256 TEXT PRIMARY KEY,
  bytes BLOB NOT NULL
) STRICT;

CREATE TABLE IF NOT EXISTS program_feedback (
  credential_id TEXT PRIMARY KEY,
  batch_id TEXT NOT NULL,
  at TEXT NOT NULL,
  doc TEXT NOT NULL
) STRICT;

CREATE TABLE IF NOT EXISTS program_webhook_signatures (
  signature TEXT PRIMARY KEY,
  expires_at TEXT NOT NULL
) STRICT;
`;
