/**
 * Contract cases for the programme store: courses and batches (duplicates refused,
 * replace, lists in order); enrolments (idempotent enrol, version-checked updates of
 * which exactly one of several racing wins, undefined patch keys removing fields, due
 * look-up, look-up by any certificate); events recorded once; submissions decided once;
 * files by hash; feedback once; webhook replay memory; erasure of one participant only.
 */
import { describe, expect, it } from 'vitest';
import {
  DuplicateRecordError,
  type BatchRecord,
  type CourseRecord,
  type EnrolmentRecord,
  type ProgressEvent,
  type SubmissionRecord,
} from '../../src/storage/ports.js';
import { at } from './accountFixtures.js';
import { nextId } from './storeFixtures.js';
import type { GetStores } from './storeContract.js';

const course = (overrides: Partial<CourseRecord> = {}): CourseRecord => ({
  id: `course-${nextId()}`,
  title: 'Course',
  description: 'D',
  modules: [{ id: 'm1', title: 'M1' }],
  assessments: [],
  reviewerIds: [],
  createdAt: at(0),
  createdBy: 'staff',
  updatedAt: at(0),
  ...overrides,
});
const batch = (courseId: string, overrides: Partial<BatchRecord> = {}): BatchRecord => ({
  id: `batch-${nextId()}`,
  courseId,
  name: 'Batch',
  achievement: { name: 'A', description: '', criteriaNarrative: 'N', achievementType: 'Certificate' },
  criteria: { requiredModules: 'all', assessments: [], minParticipation: 0, contentApproval: false },
  holdHours: 0,
  createdAt: at(0),
  createdBy: 'staff',
  updatedAt: at(0),
  ...overrides,
});
const enrolment = (
  batchId: string,
  userId: string,
  overrides: Partial<EnrolmentRecord> = {},
): EnrolmentRecord => ({
  batchId,
  userId,
  enrolledAt: at(1),
  status: 'in_progress',
  missing: [],
  certificates: [],
  generation: 1,
  version: 1,
  updatedAt: at(1),
  ...overrides,
});
const event = (batchId: string, userId: string, overrides: Partial<ProgressEvent> = {}): ProgressEvent => ({
  id: `ev-${nextId()}`,
  batchId,
  userId,
  type: 'module_completed',
  moduleId: 'm1',
  occurredAt: at(2),
  source: 'test',
  recordedAt: at(3),
  ...overrides,
});
const submission = (
  batchId: string,
  userId: string,
  overrides: Partial<SubmissionRecord> = {},
): SubmissionRecord => ({
  id: `sub-${nextId()}`,
  batchId,
  userId,
  kind: 'text',
  text: 'My essay',
  state: 'submitted',
  decisions: [],
  submittedAt: at(4),
  updatedAt: at(4),
  ...overrides,
});

async function withBatch(getStores: GetStores): Promise<BatchRecord> {
  const stores = getStores();
  const c = course();
  await stores.courses.createCourse(c);
  const b = batch(c.id);
  await stores.courses.createBatch(b);
  return b;
}

/** Registers the programme cases. */
export function describeProgramContract(getStores: GetStores): void {
  describe('programmes', () => {
    it('stores courses and batches, refuses duplicate ids, replaces and lists them in order', async () => {
      const stores = getStores();
      const b1 = course({ title: 'Beta' });
      const a1 = course({ title: 'Alpha' });
      await stores.courses.createCourse(b1);
      await stores.courses.createCourse(a1);
      await expect(stores.courses.createCourse(a1)).rejects.toBeInstanceOf(DuplicateRecordError);
      expect(await stores.courses.getCourse(a1.id)).toEqual(a1);
      expect(await stores.courses.updateCourse({ ...a1, title: 'Alpha 2' })).toBe(true);
      expect(await stores.courses.updateCourse(course())).toBe(false);
      expect((await stores.courses.listCourses()).map((c) => c.title)).toEqual(['Alpha 2', 'Beta']);

      const older = batch(a1.id, { createdAt: at(1), templateRef: { templateId: 't', version: 2 } });
      const newer = batch(a1.id, { createdAt: at(5) });
      await stores.courses.createBatch(older);
      await stores.courses.createBatch(newer);
      await expect(stores.courses.createBatch(newer)).rejects.toBeInstanceOf(DuplicateRecordError);
      expect(await stores.courses.getBatch(older.id)).toEqual(older);
      expect((await stores.courses.listBatches(a1.id)).map((b) => b.id)).toEqual([newer.id, older.id]);
      expect(await stores.courses.listBatches(b1.id)).toEqual([]);
      expect(await stores.courses.updateBatch({ ...newer, name: 'Renamed' })).toBe(true);
      expect((await stores.courses.getBatch(newer.id))?.name).toBe('Renamed');
      expect(await stores.courses.getBatch('nope')).toBeUndefined();
    });

    it("keeps a course's promised review days, and their absence (course requirements page)", async () => {
      const stores = getStores();
      const promised = course({ reviewDays: 3 });
      const unset = course();
      await stores.courses.createCourse(promised);
      await stores.courses.createCourse(unset);
      expect((await stores.courses.getCourse(promised.id))?.reviewDays).toBe(3);
      expect(await stores.courses.getCourse(unset.id)).not.toHaveProperty('reviewDays');
      expect(await stores.courses.updateCourse({ ...unset, reviewDays: 10 })).toBe(true);
      expect((await stores.courses.getCourse(unset.id))?.reviewDays).toBe(10);
    });

    it('enrols once and updates only at the expected version, removing fields set to undefined', async () => {
      const stores = getStores();
      const b = await withBatch(getStores);
      const first = await stores.enrolments.enrol(enrolment(b.id, 'u1'));
      expect(first).toEqual({ record: enrolment(b.id, 'u1'), created: true });
      const again = await stores.enrolments.enrol(enrolment(b.id, 'u1', { enrolledAt: at(9) }));
      expect(again).toEqual({ record: first.record, created: false });

      const waiting = await stores.enrolments.updateEnrolment(
        b.id,
        'u1',
        1,
        { status: 'waiting', waitingOn: 'hold', dueAt: at(60), metAt: at(2) },
        at(10),
      );
      expect(waiting).toEqual({
        ...first.record,
        status: 'waiting',
        waitingOn: 'hold',
        dueAt: at(60),
        metAt: at(2),
        version: 2,
        updatedAt: at(10),
      });
      expect(
        await stores.enrolments.updateEnrolment(b.id, 'u1', 1, { status: 'due' }, at(11)),
      ).toBeUndefined();
      const cleared = await stores.enrolments.updateEnrolment(
        b.id,
        'u1',
        2,
        { status: 'in_progress', waitingOn: undefined, dueAt: undefined, missing: ['module:m1'] },
        at(12),
      );
      expect(cleared).toEqual({
        ...first.record,
        metAt: at(2),
        missing: ['module:m1'],
        version: 3,
        updatedAt: at(12),
      });
      expect(await stores.enrolments.getEnrolment(b.id, 'u1')).toEqual(cleared);
      expect(
        await stores.enrolments.updateEnrolment(b.id, 'nobody', 1, { status: 'due' }, at(13)),
      ).toBeUndefined();
    });

    it('lets exactly one of several racing updates at the same version win', async () => {
      const stores = getStores();
      const b = await withBatch(getStores);
      await stores.enrolments.enrol(enrolment(b.id, 'u1'));
      const results = await Promise.all(
        [1, 2, 3, 4, 5].map((n) =>
          stores.enrolments.updateEnrolment(b.id, 'u1', 1, { status: 'due', dueAt: at(n) }, at(n)),
        ),
      );
      const winners = results.filter((r) => r !== undefined);
      expect(winners).toHaveLength(1);
      expect(await stores.enrolments.getEnrolment(b.id, 'u1')).toEqual(winners[0]);
    });

    it('lists enrolments by batch, status and participant, the due ones by dueAt, and finds any certificate', async () => {
      const stores = getStores();
      const b = await withBatch(getStores);
      const other = await withBatch(getStores);
      await stores.enrolments.enrol(enrolment(b.id, 'u1', { enrolledAt: at(1) }));
      await stores.enrolments.enrol(enrolment(b.id, 'u2', { enrolledAt: at(2) }));
      await stores.enrolments.enrol(enrolment(b.id, 'u3', { enrolledAt: at(3) }));
      await stores.enrolments.enrol(enrolment(other.id, 'u1', { enrolledAt: at(4) }));
      await stores.enrolments.updateEnrolment(
        b.id,
        'u1',
        1,
        { status: 'waiting', waitingOn: 'hold', dueAt: at(30) },
        at(5),
      );
      await stores.enrolments.updateEnrolment(b.id, 'u2', 1, { status: 'due', dueAt: at(20) }, at(5));
      await stores.enrolments.updateEnrolment(
        b.id,
        'u3',
        1,
        { status: 'waiting', waitingOn: 'consent' },
        at(5),
      );
      await stores.enrolments.updateEnrolment(
        other.id,
        'u1',
        1,
        { status: 'waiting', waitingOn: 'hold', dueAt: at(90) },
        at(5),
      );

      expect((await stores.enrolments.listEnrolments(b.id)).map((e) => e.userId)).toEqual(['u1', 'u2', 'u3']);
      expect((await stores.enrolments.listEnrolments(b.id, 'waiting')).map((e) => e.userId)).toEqual([
        'u1',
        'u3',
      ]);
      expect((await stores.enrolments.listEnrolmentsOfUser('u1')).map((e) => e.batchId)).toEqual([
        other.id,
        b.id,
      ]);
      expect((await stores.enrolments.listDueEnrolments(at(40), 10)).map((e) => e.userId)).toEqual([
        'u2',
        'u1',
      ]);
      expect((await stores.enrolments.listDueEnrolments(at(25), 10)).map((e) => e.userId)).toEqual(['u2']);
      expect(
        (await stores.enrolments.listDueEnrolments(at(100), 2)).map(
          (e) => `${e.batchId === b.id ? 'b' : 'o'}:${e.userId}`,
        ),
      ).toEqual(['b:u2', 'b:u1']);

      const certificates = [
        { credentialId: 'urn:uuid:old', issuedAt: at(6), revokedAt: at(7), revokedReason: 'superseded' },
        { credentialId: 'urn:uuid:new', issuedAt: at(7) },
      ];
      const issued = await stores.enrolments.updateEnrolment(
        b.id,
        'u2',
        2,
        { status: 'issued', credentialId: 'urn:uuid:new', certificates },
        at(8),
      );
      expect(await stores.enrolments.findEnrolmentByCredential('urn:uuid:old')).toEqual(issued);
      expect(await stores.enrolments.findEnrolmentByCredential('urn:uuid:new')).toEqual(issued);
      expect(await stores.enrolments.findEnrolmentByCredential('urn:uuid:none')).toBeUndefined();
    });

    it('records an event once and lists a participant events in time order', async () => {
      const stores = getStores();
      const b = await withBatch(getStores);
      const late = event(b.id, 'u1', {
        occurredAt: at(9),
        type: 'assessment_scored',
        assessmentId: 'final',
        score: 71,
        moduleId: undefined,
      });
      const early = event(b.id, 'u1', { occurredAt: at(1) });
      expect(await stores.enrolments.recordEvent(late)).toBe(true);
      expect(await stores.enrolments.recordEvent(early)).toBe(true);
      expect(await stores.enrolments.recordEvent({ ...early, occurredAt: at(50) })).toBe(false);
      expect(
        await Promise.all(
          [1, 2, 3].map(() => stores.enrolments.recordEvent(event(b.id, 'u2', { id: 'same-id-twice' }))),
        ),
      ).toEqual(expect.arrayContaining([true, false, false]));
      const { moduleId: _m, ...lateWithoutModule } = late;
      expect(await stores.enrolments.listEvents(b.id, 'u1')).toEqual([early, lateWithoutModule]);
      expect(await stores.enrolments.listEvents(b.id, 'u2')).toHaveLength(1);
    });

    it('decides a submission once, filters submissions, and keeps files by hash', async () => {
      const stores = getStores();
      const b = await withBatch(getStores);
      const other = await withBatch(getStores);
      const s1 = submission(b.id, 'u1', { submittedAt: at(1) });
      const s2 = submission(b.id, 'u2', {
        submittedAt: at(2),
        kind: 'file',
        text: undefined,
        file: { name: 'a.pdf', mediaType: 'application/pdf', size: 3, sha256: 'f'.repeat(64) },
      });
      const s3 = submission(other.id, 'u1', { submittedAt: at(3) });
      for (const s of [s1, s2, s3]) await stores.submissions.createSubmission(s);
      await expect(stores.submissions.createSubmission(s1)).rejects.toBeInstanceOf(DuplicateRecordError);

      const decisions = await Promise.all(
        ['approved', 'rejected'].map((d, i) =>
          stores.submissions.decideSubmission(s1.id, {
            decision: d as 'approved',
            by: `r${i}`,
            at: at(10),
            ...(d === 'rejected' ? { feedback: 'No' } : {}),
          }),
        ),
      );
      const won = decisions.filter((d) => d !== undefined);
      expect(won).toHaveLength(1);
      expect(won[0]!.decisions).toHaveLength(1);
      expect(won[0]).toMatchObject({ state: won[0]!.decisions[0]!.decision, updatedAt: at(10) });
      expect(await stores.submissions.getSubmission(s1.id)).toEqual(won[0]);

      expect((await stores.submissions.listSubmissions({ state: 'submitted' })).map((s) => s.id)).toEqual([
        s2.id,
        s3.id,
      ]);
      expect((await stores.submissions.listSubmissions({ batchIds: [b.id] })).map((s) => s.id)).toEqual([
        s1.id,
        s2.id,
      ]);
      expect((await stores.submissions.listSubmissions({ userId: 'u1' })).map((s) => s.id)).toEqual([
        s1.id,
        s3.id,
      ]);
      expect(await stores.submissions.listSubmissions({ batchIds: [] })).toEqual([]);
      expect(await stores.submissions.getSubmission(s2.id)).toEqual(s2);

      const bytes = new Uint8Array([37, 80, 68, 70, 0, 255]);
      await stores.files.putFile('f'.repeat(64), bytes);
      await stores.files.putFile('f'.repeat(64), bytes);
      expect(await stores.files.getFile('f'.repeat(64))).toEqual(bytes);
      expect(await stores.files.getFile('0'.repeat(64))).toBeUndefined();
    });

    it('takes feedback once per credential and lists it by batch', async () => {
      const stores = getStores();
      const feedback = {
        credentialId: 'urn:uuid:c1',
        batchId: 'b1',
        userId: 'u1',
        rating: 4,
        comment: 'Good',
        at: at(1),
      };
      expect(await stores.feedback.addFeedback(feedback)).toBe(true);
      expect(await stores.feedback.addFeedback({ ...feedback, rating: 1 })).toBe(false);
      await stores.feedback.addFeedback({
        credentialId: 'urn:uuid:c2',
        batchId: 'b2',
        userId: 'u2',
        rating: 5,
        at: at(2),
      });
      expect(await stores.feedback.getFeedback('urn:uuid:c1')).toEqual(feedback);
      expect((await stores.feedback.listFeedback(['b1'])).map((f) => f.credentialId)).toEqual([
        'urn:uuid:c1',
      ]);
      expect((await stores.feedback.listFeedback()).map((f) => f.credentialId)).toEqual([
        'urn:uuid:c1',
        'urn:uuid:c2',
      ]);
    });

    it('remembers webhook signatures until they expire', async () => {
      const stores = getStores();
      expect(await stores.webhookSignatures.rememberWebhookSignature('t=1,v1=aa', at(5), at(0))).toBe(true);
      expect(await stores.webhookSignatures.rememberWebhookSignature('t=1,v1=aa', at(5), at(1))).toBe(false);
      expect(await stores.webhookSignatures.rememberWebhookSignature('t=1,v1=aa', at(20), at(6))).toBe(true);
    });

    it('erases one participant events, submissions, files and feedback, and nobody else', async () => {
      const stores = getStores();
      const b = await withBatch(getStores);
      const shared = 'a'.repeat(64);
      const own = 'b'.repeat(64);
      const file = (sha256: string) => ({ name: 'x.png', mediaType: 'image/png', size: 1, sha256 });
      await stores.enrolments.enrol(enrolment(b.id, 'gone'));
      await stores.enrolments.recordEvent(event(b.id, 'gone'));
      await stores.enrolments.recordEvent(event(b.id, 'stays'));
      await stores.submissions.createSubmission(
        submission(b.id, 'gone', { kind: 'file', text: undefined, file: file(shared) }),
      );
      await stores.submissions.createSubmission(
        submission(b.id, 'gone', { kind: 'file', text: undefined, file: file(own) }),
      );
      await stores.submissions.createSubmission(
        submission(b.id, 'stays', { kind: 'file', text: undefined, file: file(shared) }),
      );
      await stores.files.putFile(shared, new Uint8Array([1]));
      await stores.files.putFile(own, new Uint8Array([2]));
      await stores.feedback.addFeedback({
        credentialId: 'urn:uuid:g',
        batchId: b.id,
        userId: 'gone',
        rating: 3,
        at: at(1),
      });
      await stores.feedback.addFeedback({
        credentialId: 'urn:uuid:s',
        batchId: b.id,
        userId: 'stays',
        rating: 3,
        at: at(1),
      });

      await stores.enrolments.eraseEventsOf('gone');
      await stores.submissions.eraseSubmissionsOf('gone');
      await stores.feedback.eraseFeedbackOf('gone');
      expect(await stores.enrolments.listEvents(b.id, 'gone')).toEqual([]);
      expect(await stores.submissions.listSubmissions({ userId: 'gone' })).toEqual([]);
      expect(await stores.feedback.getFeedback('urn:uuid:g')).toBeUndefined();
      expect(await stores.files.getFile(own)).toBeUndefined();
      expect(await stores.files.getFile(shared)).toEqual(new Uint8Array([1]));
      expect(await stores.enrolments.getEnrolment(b.id, 'gone')).toBeDefined();
      expect(await stores.enrolments.listEvents(b.id, 'stays')).toHaveLength(1);
      expect(await stores.submissions.listSubmissions({ userId: 'stays' })).toHaveLength(1);
      expect(await stores.feedback.getFeedback('urn:uuid:s')).toBeDefined();
    });
  });
}
