/**
 * The MongoDB ProgramStore. Records are stored as they are (plus `_id`, stripped on
 * read). Atomicity without transactions: unique indexes refuse duplicate events, courses,
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
  type ProgramStore,
  type ProgressEvent,
  type SubmissionRecord,
} from '../ports.js';
import { isDuplicateKey, withoutId, createIndexesOneByOne } from './collections.js';
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

/** Creates the programme indexes; idempotent. */
export async function ensureProgramIndexes(c: ProgramCollections): Promise<void> {
  await Promise.all([
    createIndexesOneByOne(c.courses, [
      { key: { id: 1 }, name: 'id_unique', unique: true },
      { key: { title: 1, id: 1 }, name: 'title_id' },
    ]),
    createIndexesOneByOne(c.batches, [
      { key: { id: 1 }, name: 'id_unique', unique: true },
      { key: { courseId: 1, createdAt: -1 }, name: 'courseId_createdAt' },
    ]),
    createIndexesOneByOne(c.enrolments, [
      { key: { batchId: 1, userId: 1 }, name: 'batch_user_unique', unique: true },
      { key: { batchId: 1, status: 1, enrolledAt: 1 }, name: 'batch_status' },
      { key: { userId: 1, enrolledAt: -1 }, name: 'user_enrolledAt' },
      { key: { status: 1, waitingOn: 1, dueAt: 1 }, name: 'status_waitingOn_dueAt' },
      { key: { 'certificates.credentialId': 1 }, name: 'certificates_credentialId' },
    ]),
    createIndexesOneByOne(c.events, [
      { key: { id: 1 }, name: 'id_unique', unique: true },
      { key: { batchId: 1, userId: 1, occurredAt: 1 }, name: 'participant_occurredAt' },
      { key: { userId: 1 }, name: 'userId' },
    ]),
    createIndexesOneByOne(c.submissions, [
      { key: { id: 1 }, name: 'id_unique', unique: true },
      { key: { state: 1, submittedAt: 1 }, name: 'state_submittedAt' },
      { key: { batchId: 1, submittedAt: 1 }, name: 'batch_submittedAt' },
      { key: { userId: 1, submittedAt: 1 }, name: 'user_submittedAt' },
    ]),
    createIndexesOneByOne(c.files, [{ key: { sha256: 1 }, name: 'sha256_unique', unique: true }]),
    createIndexesOneByOne(c.feedback, [
      { key: { credentialId: 1 }, name: 'credentialId_unique', unique: true },
      { key: { batchId: 1, at: 1 }, name: 'batch_at' },
    ]),
    createIndexesOneByOne(c.signatures, [
      { key: { signature: 1 }, name: 'signature_unique', unique: true },
      { key: { expiresAt: 1 }, name: 'expiresAt' },
    ]),
  ]);
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

/** Builds the programme store over its collections. */
export function createMongoProgramStore(c: ProgramCollections): ProgramStore {
  return {
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
    enrol: async (enrolment) => {
      const created = await insertIfNew(() => c.enrolments.insertOne({ ...enrolment }));
      return {
        record: strip(await c.enrolments.findOne({ batchId: enrolment.batchId, userId: enrolment.userId }))!,
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
      (await c.events.find({ batchId, userId }).sort({ occurredAt: 1, recordedAt: 1, id: 1 }).toArray()).map(
        (d) => withoutId(d),
      ),
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
    putFile: async (sha256, bytes) => {
      await insertIfNew(() => c.files.insertOne({ sha256, bytes: new Binary(bytes) }));
    },
    getFile: async (sha256) => {
      const doc = await c.files.findOne({ sha256 });
      return doc ? new Uint8Array(doc.bytes.buffer) : undefined;
    },
    addFeedback: (feedback) => insertIfNew(() => c.feedback.insertOne({ ...feedback })),
    getFeedback: async (credentialId) => strip(await c.feedback.findOne({ credentialId })),
    listFeedback: async (batchIds) =>
      (
        await c.feedback
          .find(batchIds ? { batchId: { $in: batchIds } } : {})
          .sort({ at: 1, credentialId: 1 })
          .toArray()
      ).map((d) => withoutId(d)),
    eraseParticipant: async (userId) => {
      const files = (await c.submissions.find({ userId, 'file.sha256': { $exists: true } }).toArray()).map(
        (s) => s.file!.sha256,
      );
      await Promise.all([
        c.events.deleteMany({ userId }),
        c.submissions.deleteMany({ userId }),
        c.feedback.deleteMany({ userId }),
      ]);
      for (const sha256 of new Set(files)) {
        if (!(await c.submissions.findOne({ 'file.sha256': sha256 }))) await c.files.deleteOne({ sha256 });
      }
    },
    rememberWebhookSignature: async (signature, expiresAt, now) => {
      await c.signatures.deleteMany({ expiresAt: { $lte: now } });
      return insertIfNew(() => c.signatures.insertOne({ signature, expiresAt }));
    },
  };
}
