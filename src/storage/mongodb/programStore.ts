/**
 * The MongoDB programme stores (the ports of programPorts.ts) over the programme
 * collections. Records are stored as they are (plus `_id`, stripped on read). Atomicity without transactions: unique indexes refuse duplicate events, courses,
 * enrolments and webhook signatures; an enrolment update is one findOneAndUpdate whose
 * filter carries the expected version; a decision only applies to a pending submission.
 * File bytes live in their own collection keyed by sha256 (BSON Binary, 16 MB cap, well
 * above the upload limit).
 */
import { Binary, type Collection, type Db } from 'mongodb';
import {
  SUBMISSION_STATES,
  DuplicateRecordError,
  type BatchRecord,
  type CourseRecord,
  type EnrolmentRecord,
  type FeedbackRecord,
  type ProgressEvent,
  type Stores,
  type SubmissionRecord,
} from '../ports.js';
import { isDuplicateKey, withoutId } from './collections.js';
import { countPerDay } from './dayCounts.js';

/** The programme collections in one database. */
export interface ProgramCollections {
  courses: Collection<CourseRecord>;
  batches: Collection<BatchRecord>;
  enrolments: Collection<EnrolmentRecord>;
  events: Collection<ProgressEvent>;
  submissions: Collection<SubmissionRecord>;
  files: Collection<{ sha256: string; bytes: Binary }>;
  feedback: Collection<FeedbackRecord>;
  signatures: Collection<{ signature: string; expiresAt: string }>;
}

/** Names the programme collections. */
export function getProgramCollections(db: Db): ProgramCollections {
  return {
    courses: db.collection('programCourses'),
    batches: db.collection('programBatches'),
    enrolments: db.collection('programEnrolments'),
    events: db.collection('programEvents'),
    submissions: db.collection('programSubmissions'),
    files: db.collection('programFiles'),
    feedback: db.collection('programFeedback'),
    signatures: db.collection('programWebhookSignatures'),
  };
}

async function insertOrDuplicate(what: string, insert: () => Promise<unknown>): Promise<void> {
  try {
    await insert();
  } catch (error) {
    if (isDuplicateKey(error)) throw new DuplicateRecordError(what);
    throw error;
  }
}

/** Inserts; false instead of an error when the unique key exists. */
async function insertIfNew(insert: () => Promise<unknown>): Promise<boolean> {
  try {
    await insert();
    return true;
  } catch (error) {
    if (isDuplicateKey(error)) return false;
    throw error;
  }
}

const strip = <T extends object>(doc: (T & { _id?: unknown }) | null): T | undefined =>
  doc ? withoutId(doc) : undefined;

/** The programme ports, as one adapter provides them. */
export type ProgramStores = Pick<
  Stores,
  'courses' | 'enrolments' | 'submissions' | 'files' | 'feedback' | 'webhookSignatures'
>;

/** Builds the programme stores over their collections. */
export function createMongoProgramStores(c: ProgramCollections): ProgramStores {
  return {
    courses: {
      createCourse: (course) =>
        insertOrDuplicate(`Course ${course.id}`, () => c.courses.insertOne({ ...course })),
      getCourse: async (id) => strip(await c.courses.findOne({ id })),
      updateCourse: async (course) =>
        (await c.courses.replaceOne({ id: course.id }, { ...course })).matchedCount === 1,
      listCourses: async () =>
        (await c.courses.find().sort({ title: 1, id: 1 }).toArray()).map((d) => withoutId(d)),
      createBatch: (batch) => insertOrDuplicate(`Batch ${batch.id}`, () => c.batches.insertOne({ ...batch })),
      getBatch: async (id) => strip(await c.batches.findOne({ id })),
      updateBatch: async (batch) =>
        (await c.batches.replaceOne({ id: batch.id }, { ...batch })).matchedCount === 1,
      listBatches: async (courseId) =>
        (
          await c.batches
            .find(courseId === undefined ? {} : { courseId })
            .sort({ createdAt: -1, id: -1 })
            .toArray()
        ).map((d) => withoutId(d)),
    },
    enrolments: {
      enrol: async (enrolment) => {
        const created = await insertIfNew(() => c.enrolments.insertOne({ ...enrolment }));
        return {
          record: strip(
            await c.enrolments.findOne({ batchId: enrolment.batchId, userId: enrolment.userId }),
          )!,
          created,
        };
      },
      getEnrolment: async (batchId, userId) => strip(await c.enrolments.findOne({ batchId, userId })),
      updateEnrolment: async (batchId, userId, expectedVersion, patch, now) => {
        const set: Record<string, unknown> = { updatedAt: now };
        const unset: Record<string, ''> = {};
        for (const [key, value] of Object.entries(patch)) {
          if (value === undefined) unset[key] = '';
          else set[key] = value;
        }
        const doc = await c.enrolments.findOneAndUpdate(
          { batchId, userId, version: expectedVersion },
          { $set: set, $inc: { version: 1 }, ...(Object.keys(unset).length > 0 ? { $unset: unset } : {}) },
          { returnDocument: 'after' },
        );
        return strip(doc);
      },
      listEnrolments: async (batchId, status) =>
        (
          await c.enrolments
            .find(status === undefined ? { batchId } : { batchId, status })
            .sort({ enrolledAt: 1, userId: 1 })
            .toArray()
        ).map((d) => withoutId(d)),
      countEnrolments: ({ status, waitingOn }) =>
        c.enrolments.countDocuments(waitingOn === undefined ? { status } : { status, waitingOn }),
      listEnrolmentsOfUser: async (userId) =>
        (await c.enrolments.find({ userId }).sort({ enrolledAt: -1, batchId: -1 }).toArray()).map((d) =>
          withoutId(d),
        ),
      listDueEnrolments: async (now, limit) =>
        (
          await c.enrolments
            .find({
              $or: [
                { status: 'due', dueAt: { $lte: now } },
                { status: 'waiting', waitingOn: 'hold', dueAt: { $lte: now } },
              ],
            })
            .sort({ dueAt: 1 })
            .limit(limit)
            .toArray()
        ).map((d) => withoutId(d)),
      findEnrolmentByCredential: async (credentialId) =>
        strip(await c.enrolments.findOne({ 'certificates.credentialId': credentialId })),
      recordEvent: (event) => insertIfNew(() => c.events.insertOne({ ...event })),
      listEvents: async (batchId, userId) =>
        (
          await c.events.find({ batchId, userId }).sort({ occurredAt: 1, recordedAt: 1, id: 1 }).toArray()
        ).map((d) => withoutId(d)),
      eraseEventsOf: async (userId) => {
        await c.events.deleteMany({ userId });
      },
    },
    submissions: {
      createSubmission: (submission) =>
        insertOrDuplicate(`Submission ${submission.id}`, () => c.submissions.insertOne({ ...submission })),
      getSubmission: async (id) => strip(await c.submissions.findOne({ id })),
      decideSubmission: async (id, decision) =>
        strip(
          await c.submissions.findOneAndUpdate(
            { id, state: 'submitted' },
            { $set: { state: decision.decision, updatedAt: decision.at }, $push: { decisions: decision } },
            { returnDocument: 'after' },
          ),
        ),
      listSubmissions: async (filter) => {
        if (filter.batchIds?.length === 0) return [];
        const query = {
          ...(filter.batchIds ? { batchId: { $in: filter.batchIds } } : {}),
          ...(filter.userId ? { userId: filter.userId } : {}),
          ...(filter.state ? { state: filter.state } : {}),
        };
        return (await c.submissions.find(query).sort({ submittedAt: 1, id: 1 }).toArray()).map((d) =>
          withoutId(d),
        );
      },
      countSubmissions: ({ state, submittedBefore }) =>
        c.submissions.countDocuments(
          submittedBefore === undefined ? { state } : { state, submittedAt: { $lt: submittedBefore } },
        ),
      // Every state listed, so the range is read from the state_submittedAt index.
      submittedPerDay: ({ from, to }) =>
        countPerDay(c.submissions, { state: { $in: [...SUBMISSION_STATES] } }, 'submittedAt', { from, to }),
      eraseSubmissionsOf: async (userId) => {
        const files = (await c.submissions.find({ userId, 'file.sha256': { $exists: true } }).toArray()).map(
          (s) => s.file!.sha256,
        );
        await c.submissions.deleteMany({ userId });
        // Bytes shared with another participant's submission stay.
        for (const sha256 of new Set(files)) {
          if (!(await c.submissions.findOne({ 'file.sha256': sha256 }))) await c.files.deleteOne({ sha256 });
        }
      },
    },
    files: {
      putFile: async (sha256, bytes) => {
        await insertIfNew(() => c.files.insertOne({ sha256, bytes: new Binary(bytes) }));
      },
      getFile: async (sha256) => {
        const doc = await c.files.findOne({ sha256 });
        return doc ? new Uint8Array(doc.bytes.buffer) : undefined;
      },
    },
    feedback: {
      addFeedback: (feedback) => insertIfNew(() => c.feedback.insertOne({ ...feedback })),
      getFeedback: async (credentialId) => strip(await c.feedback.findOne({ credentialId })),
      listFeedback: async (batchIds) =>
        (
          await c.feedback
            .find(batchIds ? { batchId: { $in: batchIds } } : {})
            .sort({ at: 1, credentialId: 1 })
            .toArray()
        ).map((d) => withoutId(d)),
      eraseFeedbackOf: async (userId) => {
        await c.feedback.deleteMany({ userId });
      },
    },
    webhookSignatures: {
      rememberWebhookSignature: async (signature, expiresAt, now) => {
        await c.signatures.deleteMany({ expiresAt: { $lte: now } });
        return insertIfNew(() => c.signatures.insertOne({ signature, expiresAt }));
      },
    },
  };
}
