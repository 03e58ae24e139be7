/**
 * The SQLite programme stores (courses, enrolments, submissions, files, feedback, webhook
 * signatures: the ports of programPorts.ts), over one database. Each record is kept whole as JSON in a `doc` column, beside the
 * few columns that are queried (and indexed); reads parse the doc, so the record shape
 * lives in one place (programPorts.ts). The operations that must be atomic are single
 * guarded statements or IMMEDIATE transactions: an enrolment update checks its version
 * under the write lock, a submission decision only applies to a pending submission, and
 * events and webhook signatures are keyed so a duplicate is refused by the primary key.
 */
import {
  SUBMISSION_STATES,
  DuplicateRecordError,
  type BatchRecord,
  type DayCount,
  type CourseRecord,
  type EnrolmentPatch,
  type EnrolmentRecord,
  type FeedbackRecord,
  type ProgressEvent,
  type Stores,
  type SubmissionRecord,
} from '../ports.js';
import type { SqliteDb } from './schema.js';
import { migrateSqlite } from './migrate.js';

/**
 * The scheduler's query, run every minute: two look-ups on the (status, waiting_on,
 * due_at) index merged, because an OR across them would scan every enrolment.
 */
export const DUE_ENROLMENTS_SQL = `SELECT doc, due_at FROM (
  SELECT doc, due_at FROM program_enrolments WHERE status = 'due' AND due_at <= ?
  UNION ALL
  SELECT doc, due_at FROM program_enrolments WHERE status = 'waiting' AND waiting_on = 'hold' AND due_at <= ?
) ORDER BY due_at LIMIT ?`;

/**
 * Brings a bare database to the latest schema (every table, not only these); for callers
 * that open one themselves. The tables are made by the migrations (migrations/).
 */
export function applyProgramSchema(db: SqliteDb): void {
  migrateSqlite(db);
}

const parse = <T>(row: { doc: string } | undefined): T | undefined =>
  row ? (JSON.parse(row.doc) as T) : undefined;
const parseAll = <T>(rows: { doc: string }[]): T[] => rows.map((r) => JSON.parse(r.doc) as T);

function isUniqueViolation(error: unknown): boolean {
  return (
    (error as { code?: string }).code === 'SQLITE_CONSTRAINT_PRIMARYKEY' ||
    (error as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE'
  );
}

/** Applies a patch: keys set to undefined remove the field. */
function applyEnrolmentPatch(record: EnrolmentRecord, patch: EnrolmentPatch, now: string): EnrolmentRecord {
  const next = { ...record } as Record<string, unknown>;
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined) delete next[key];
    else next[key] = value;
  }
  return { ...(next as unknown as EnrolmentRecord), version: record.version + 1, updatedAt: now };
}

/** The programme ports, as one adapter provides them. */
export type ProgramStores = Pick<
  Stores,
  'courses' | 'enrolments' | 'submissions' | 'files' | 'feedback' | 'webhookSignatures'
>;

/** Builds the programme stores over an open database whose schema has been applied. */
export function createSqliteProgramStores(db: SqliteDb): ProgramStores {
  const s = {
    insertCourse: db.prepare<[string, string, string]>(
      'INSERT INTO program_courses (id, title, doc) VALUES (?, ?, ?)',
    ),
    course: db.prepare<[string], { doc: string }>('SELECT doc FROM program_courses WHERE id = ?'),
    updateCourse: db.prepare<[string, string, string]>(
      'UPDATE program_courses SET title = ?, doc = ? WHERE id = ?',
    ),
    courses: db.prepare<[], { doc: string }>('SELECT doc FROM program_courses ORDER BY title, id'),
    insertBatch: db.prepare<[string, string, string, string]>(
      'INSERT INTO program_batches (id, course_id, created_at, doc) VALUES (?, ?, ?, ?)',
    ),
    batch: db.prepare<[string], { doc: string }>('SELECT doc FROM program_batches WHERE id = ?'),
    updateBatch: db.prepare<[string, string]>('UPDATE program_batches SET doc = ? WHERE id = ?'),
    batches: db.prepare<[], { doc: string }>(
      'SELECT doc FROM program_batches ORDER BY created_at DESC, id DESC',
    ),
    batchesOf: db.prepare<[string], { doc: string }>(
      'SELECT doc FROM program_batches WHERE course_id = ? ORDER BY created_at DESC, id DESC',
    ),
    insertEnrolment: db.prepare(
      `INSERT INTO program_enrolments (batch_id, user_id, status, waiting_on, due_at, credential_id, enrolled_at, version, doc)
       VALUES (@batchId, @userId, @status, @waitingOn, @dueAt, @credentialId, @enrolledAt, @version, @doc) ON CONFLICT DO NOTHING`,
    ),
    enrolment: db.prepare<[string, string], { doc: string }>(
      'SELECT doc FROM program_enrolments WHERE batch_id = ? AND user_id = ?',
    ),
    writeEnrolment: db.prepare(
      `UPDATE program_enrolments SET status = @status, waiting_on = @waitingOn, due_at = @dueAt, credential_id = @credentialId,
         version = @version, doc = @doc WHERE batch_id = @batchId AND user_id = @userId AND version = @expected`,
    ),
    enrolments: db.prepare<[string], { doc: string }>(
      'SELECT doc FROM program_enrolments WHERE batch_id = ? ORDER BY enrolled_at, user_id',
    ),
    enrolmentsByStatus: db.prepare<[string, string], { doc: string }>(
      'SELECT doc FROM program_enrolments WHERE batch_id = ? AND status = ? ORDER BY enrolled_at, user_id',
    ),
    enrolmentsOfUser: db.prepare<[string], { doc: string }>(
      'SELECT doc FROM program_enrolments WHERE user_id = ? ORDER BY enrolled_at DESC, batch_id DESC',
    ),
    due: db.prepare<[string, string, number], { doc: string }>(DUE_ENROLMENTS_SQL),
    // Counts by the (status, waiting_on, due_at) and (state, submitted_at) indexes.
    countByStatus: db.prepare<[string], { n: number }>(
      'SELECT count(*) AS n FROM program_enrolments WHERE status = ?',
    ),
    countByStatusWaiting: db.prepare<[string, string], { n: number }>(
      'SELECT count(*) AS n FROM program_enrolments WHERE status = ? AND waiting_on = ?',
    ),
    countSubmissions: db.prepare<[string, string], { n: number }>(
      'SELECT count(*) AS n FROM program_submissions WHERE state = ? AND submitted_at < ?',
    ),
    submittedPerDay: db.prepare<[string, string], DayCount>(
      // Every state listed, so the range is read from the (state, submitted_at) index.
      `SELECT substr(submitted_at, 1, 10) AS day, count(*) AS count FROM program_submissions
       WHERE state IN (${SUBMISSION_STATES.map((state) => `'${state}'`).join(', ')}) AND submitted_at >= ? AND submitted_at < ?
       GROUP BY day ORDER BY day`,
    ),
    byCredential: db.prepare<[string], { batch_id: string; user_id: string }>(
      'SELECT batch_id, user_id FROM program_enrolment_certificates WHERE credential_id = ?',
    ),
    linkCertificate: db.prepare<[string, string, string]>(
      'INSERT INTO program_enrolment_certificates (credential_id, batch_id, user_id) VALUES (?, ?, ?) ON CONFLICT DO NOTHING',
    ),
    insertEvent: db.prepare<[string, string, string, string, string, string]>(
      'INSERT INTO program_events (id, batch_id, user_id, occurred_at, recorded_at, doc) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING',
    ),
    events: db.prepare<[string, string], { doc: string }>(
      'SELECT doc FROM program_events WHERE batch_id = ? AND user_id = ? ORDER BY occurred_at, recorded_at, id',
    ),
    insertSubmission: db.prepare<[string, string, string, string, string, string]>(
      'INSERT INTO program_submissions (id, batch_id, user_id, state, submitted_at, doc) VALUES (?, ?, ?, ?, ?, ?)',
    ),
    submission: db.prepare<[string], { doc: string }>('SELECT doc FROM program_submissions WHERE id = ?'),
    decide: db.prepare<[string, string, string], { doc: string }>(
      "UPDATE program_submissions SET state = ?, doc = ? WHERE id = ? AND state = 'submitted' RETURNING doc",
    ),
    putFile: db.prepare<[string, Buffer]>(
      'INSERT INTO program_files (sha256, bytes) VALUES (?, ?) ON CONFLICT DO NOTHING',
    ),
    file: db.prepare<[string], { bytes: Buffer }>('SELECT bytes FROM program_files WHERE sha256 = ?'),
    insertFeedback: db.prepare<[string, string, string, string]>(
      'INSERT INTO program_feedback (credential_id, batch_id, at, doc) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING',
    ),
    feedback: db.prepare<[string], { doc: string }>(
      'SELECT doc FROM program_feedback WHERE credential_id = ?',
    ),
    allFeedback: db.prepare<[], { doc: string; batch_id: string }>(
      'SELECT doc, batch_id FROM program_feedback ORDER BY at, credential_id',
    ),
    pruneSignatures: db.prepare<[string]>('DELETE FROM program_webhook_signatures WHERE expires_at <= ?'),
    insertSignature: db.prepare<[string, string]>(
      'INSERT INTO program_webhook_signatures (signature, expires_at) VALUES (?, ?) ON CONFLICT DO NOTHING',
    ),
    eraseEvents: db.prepare<[string]>('DELETE FROM program_events WHERE user_id = ?'),
    eraseSubmissions: db.prepare<[string]>('DELETE FROM program_submissions WHERE user_id = ?'),
    eraseFeedback: db.prepare<[string]>(
      "DELETE FROM program_feedback WHERE json_extract(doc, '$.userId') = ?",
    ),
    orphanFiles: db.prepare(
      `DELETE FROM program_files WHERE sha256 NOT IN (
         SELECT json_extract(doc, '$.file.sha256') FROM program_submissions WHERE json_extract(doc, '$.file.sha256') IS NOT NULL)`,
    ),
  };

  const enrolmentColumns = (record: EnrolmentRecord) => ({
    batchId: record.batchId,
    userId: record.userId,
    status: record.status,
    waitingOn: record.waitingOn ?? null,
    dueAt: record.dueAt ?? null,
    credentialId: record.credentialId ?? null,
    enrolledAt: record.enrolledAt,
    version: record.version,
    doc: JSON.stringify(record),
  });

  const update = db.transaction(
    (
      batchId: string,
      userId: string,
      expected: number,
      patch: EnrolmentPatch,
      now: string,
    ): EnrolmentRecord | undefined => {
      const current = parse<EnrolmentRecord>(s.enrolment.get(batchId, userId));
      if (!current || current.version !== expected) return undefined;
      const next = applyEnrolmentPatch(current, patch, now);
      s.writeEnrolment.run({ ...enrolmentColumns(next), expected });
      for (const c of next.certificates) s.linkCertificate.run(c.credentialId, batchId, userId);
      return next;
    },
  );
  const eraseSubmissions = db.transaction((userId: string) => {
    s.eraseSubmissions.run(userId);
    s.orphanFiles.run();
  });
  const remember = db.transaction((signature: string, expiresAt: string, now: string): boolean => {
    s.pruneSignatures.run(now);
    return s.insertSignature.run(signature, expiresAt).changes === 1;
  });

  const insertOrDuplicate = (what: string, insert: () => unknown) => {
    try {
      insert();
    } catch (error) {
      if (isUniqueViolation(error)) throw new DuplicateRecordError(what);
      throw error;
    }
  };

  return {
    courses: {
      createCourse: async (course) =>
        insertOrDuplicate(`Course ${course.id}`, () =>
          s.insertCourse.run(course.id, course.title, JSON.stringify(course)),
        ),
      getCourse: async (id) => parse<CourseRecord>(s.course.get(id)),
      updateCourse: async (course) =>
        s.updateCourse.run(course.title, JSON.stringify(course), course.id).changes === 1,
      listCourses: async () => parseAll<CourseRecord>(s.courses.all()),
      createBatch: async (batch) =>
        insertOrDuplicate(`Batch ${batch.id}`, () =>
          s.insertBatch.run(batch.id, batch.courseId, batch.createdAt, JSON.stringify(batch)),
        ),
      getBatch: async (id) => parse<BatchRecord>(s.batch.get(id)),
      updateBatch: async (batch) => s.updateBatch.run(JSON.stringify(batch), batch.id).changes === 1,
      listBatches: async (courseId) =>
        parseAll<BatchRecord>(courseId === undefined ? s.batches.all() : s.batchesOf.all(courseId)),
    },
    enrolments: {
      enrol: async (enrolment) => {
        const created = s.insertEnrolment.run(enrolmentColumns(enrolment)).changes === 1;
        return {
          record: parse<EnrolmentRecord>(s.enrolment.get(enrolment.batchId, enrolment.userId))!,
          created,
        };
      },
      getEnrolment: async (batchId, userId) => parse<EnrolmentRecord>(s.enrolment.get(batchId, userId)),
      updateEnrolment: async (batchId, userId, expected, patch, now) =>
        update.immediate(batchId, userId, expected, patch, now),
      listEnrolments: async (batchId, status) =>
        parseAll<EnrolmentRecord>(
          status === undefined ? s.enrolments.all(batchId) : s.enrolmentsByStatus.all(batchId, status),
        ),
      listEnrolmentsOfUser: async (userId) => parseAll<EnrolmentRecord>(s.enrolmentsOfUser.all(userId)),
      listDueEnrolments: async (now, limit) => parseAll<EnrolmentRecord>(s.due.all(now, now, limit)),
      countEnrolments: async ({ status, waitingOn }) =>
        (waitingOn === undefined
          ? s.countByStatus.get(status)
          : s.countByStatusWaiting.get(status, waitingOn)
        )?.n ?? 0,
      findEnrolmentByCredential: async (credentialId) => {
        const link = s.byCredential.get(credentialId);
        return link ? parse<EnrolmentRecord>(s.enrolment.get(link.batch_id, link.user_id)) : undefined;
      },
      recordEvent: async (event: ProgressEvent) =>
        s.insertEvent.run(
          event.id,
          event.batchId,
          event.userId,
          event.occurredAt,
          event.recordedAt,
          JSON.stringify(event),
        ).changes === 1,
      listEvents: async (batchId, userId) => parseAll<ProgressEvent>(s.events.all(batchId, userId)),
      eraseEventsOf: async (userId) => {
        s.eraseEvents.run(userId);
      },
    },
    submissions: {
      createSubmission: async (submission) =>
        insertOrDuplicate(`Submission ${submission.id}`, () =>
          s.insertSubmission.run(
            submission.id,
            submission.batchId,
            submission.userId,
            submission.state,
            submission.submittedAt,
            JSON.stringify(submission),
          ),
        ),
      getSubmission: async (id) => parse<SubmissionRecord>(s.submission.get(id)),
      decideSubmission: async (id, decision) => {
        const current = parse<SubmissionRecord>(s.submission.get(id));
        if (current?.state !== 'submitted') return undefined;
        const next: SubmissionRecord = {
          ...current,
          state: decision.decision,
          decisions: [...current.decisions, decision],
          updatedAt: decision.at,
        };
        return parse<SubmissionRecord>(s.decide.get(next.state, JSON.stringify(next), id));
      },
      listSubmissions: async (filter) => {
        // Built from fixed fragments; only the values are parameters.
        const where: string[] = [];
        const values: string[] = [];
        if (filter.batchIds) {
          if (filter.batchIds.length === 0) return [];
          where.push(`batch_id IN (${filter.batchIds.map(() => '?').join(', ')})`);
          values.push(...filter.batchIds);
        }
        if (filter.userId) {
          where.push('user_id = ?');
          values.push(filter.userId);
        }
        if (filter.state) {
          where.push('state = ?');
          values.push(filter.state);
        }
        const sql = `SELECT doc FROM program_submissions ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY submitted_at, id`;
        return parseAll<SubmissionRecord>(db.prepare<string[], { doc: string }>(sql).all(...values));
      },
      // No end given: every submission is before the highest code point.
      countSubmissions: async ({ state, submittedBefore }) =>
        s.countSubmissions.get(state, submittedBefore ?? '\uffff')?.n ?? 0,
      submittedPerDay: async ({ from, to }) => s.submittedPerDay.all(from, to),
      eraseSubmissionsOf: async (userId) => {
        eraseSubmissions.immediate(userId);
      },
    },
    files: {
      putFile: async (sha256, bytes) => {
        s.putFile.run(sha256, Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
      },
      getFile: async (sha256) => {
        const row = s.file.get(sha256);
        return row ? new Uint8Array(row.bytes) : undefined;
      },
    },
    feedback: {
      addFeedback: async (feedback) =>
        s.insertFeedback.run(feedback.credentialId, feedback.batchId, feedback.at, JSON.stringify(feedback))
          .changes === 1,
      getFeedback: async (credentialId) => parse<FeedbackRecord>(s.feedback.get(credentialId)),
      listFeedback: async (batchIds) => {
        const wanted = batchIds ? new Set(batchIds) : undefined;
        return s.allFeedback
          .all()
          .filter((r) => !wanted || wanted.has(r.batch_id))
          .map((r) => JSON.parse(r.doc) as FeedbackRecord);
      },
      eraseFeedbackOf: async (userId) => {
        s.eraseFeedback.run(userId);
      },
    },
    webhookSignatures: {
      rememberWebhookSignature: async (signature, expiresAt, now) =>
        remember.immediate(signature, expiresAt, now),
    },
  };
}
