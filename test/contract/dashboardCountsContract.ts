/**
 * Contract cases for the staff dashboard's counting queries: certificates issued per day
 * (reserved-but-unsigned ones and excluded idempotency-key prefixes left out, the range
 * half-open), submissions per day and by state, and enrolments by status. Every adapter
 * answers with counts, never with the records.
 */
import { describe, expect, it } from 'vitest';
import type {
  BatchRecord,
  CourseRecord,
  EnrolmentRecord,
  SubmissionRecord,
} from '../../src/storage/ports.js';
import { nextId, reserveInput } from './storeFixtures.js';
import type { GetStores } from './storeContract.js';

const T = '2026-11-01T00:00:00.000Z';

async function batchOf(getStores: GetStores): Promise<BatchRecord> {
  const stores = getStores();
  const course: CourseRecord = {
    id: `course-${nextId()}`,
    title: 'C',
    description: '',
    modules: [],
    assessments: [],
    reviewerIds: [],
    createdAt: T,
    createdBy: 's',
    updatedAt: T,
  };
  await stores.courses.createCourse(course);
  const batch: BatchRecord = {
    id: `batch-${nextId()}`,
    courseId: course.id,
    name: 'B',
    achievement: { name: 'A', description: '', criteriaNarrative: 'N', achievementType: 'Certificate' },
    criteria: { requiredModules: 'all', assessments: [], minParticipation: 0, contentApproval: false },
    holdHours: 0,
    createdAt: T,
    createdBy: 's',
    updatedAt: T,
  };
  await stores.courses.createBatch(batch);
  return batch;
}

/** Registers the dashboard counting cases. */
export function describeDashboardCountsContract(getStores: GetStores): void {
  describe('dashboard counts', () => {
    it('counts issued credentials per day in [from, to), leaving out reserved ones and excluded key prefixes', async () => {
      const { credentials } = getStores();
      const issue = async (now: string, idempotencyKey?: string) => {
        const { record } = await credentials.reserve(
          reserveInput({ now, ...(idempotencyKey ? { idempotencyKey } : {}) }),
        );
        await credentials.markIssued(record.id, { ...record.unsigned, proof: {} }, now);
      };
      await issue('2026-11-30T23:59:59.000Z'); // before the range
      await issue('2026-12-01T00:00:00.000Z');
      await issue('2026-12-01T18:30:00.000Z');
      await issue('2026-12-03T09:00:00.000Z');
      await issue('2026-12-03T10:00:00.000Z', `oid4vci:${nextId()}`); // a wallet copy
      await issue('2026-12-08T00:00:00.000Z'); // at `to`: outside
      await credentials.reserve(reserveInput({ now: '2026-12-02T10:00:00.000Z' })); // never signed

      const range = { from: '2026-12-01T00:00:00.000Z', to: '2026-12-08T00:00:00.000Z' };
      expect(
        await credentials.issuedPerDay({ ...range, excludeKeyPrefixes: ['oid4vci:', 'exchange:'] }),
      ).toEqual([
        { day: '2026-12-01', count: 2 },
        { day: '2026-12-03', count: 1 },
      ]);
      expect(await credentials.issuedPerDay(range)).toEqual([
        { day: '2026-12-01', count: 2 },
        { day: '2026-12-03', count: 2 },
      ]);
      // A prefix is literal: "key-" matches every fixture key, "k.y-" none.
      expect(await credentials.issuedPerDay({ ...range, excludeKeyPrefixes: ['key-'] })).toEqual([
        { day: '2026-12-03', count: 1 },
      ]);
      expect(await credentials.issuedPerDay({ ...range, excludeKeyPrefixes: ['k.y-'] })).toHaveLength(2);
      expect(
        await credentials.issuedPerDay({ from: '2027-01-01T00:00:00.000Z', to: '2027-02-01T00:00:00.000Z' }),
      ).toEqual([]);
    });

    it('counts submissions by state and age, and per day of submission', async () => {
      const stores = getStores();
      const batch = await batchOf(getStores);
      const submission = (
        submittedAt: string,
        state: SubmissionRecord['state'] = 'submitted',
      ): SubmissionRecord => ({
        id: `sub-${nextId()}`,
        batchId: batch.id,
        userId: `u-${nextId()}`,
        kind: 'text',
        text: 'x',
        state,
        decisions: [],
        submittedAt,
        updatedAt: submittedAt,
      });
      await stores.submissions.createSubmission(submission('2026-11-20T10:00:00.000Z'));
      await stores.submissions.createSubmission(submission('2026-12-02T10:00:00.000Z'));
      await stores.submissions.createSubmission(submission('2026-12-02T11:00:00.000Z', 'approved'));
      await stores.submissions.createSubmission(submission('2026-12-05T08:00:00.000Z', 'changes_requested'));
      await stores.submissions.createSubmission(submission('2026-12-06T08:00:00.000Z'));

      expect(await stores.submissions.countSubmissions({ state: 'submitted' })).toBe(3);
      expect(
        await stores.submissions.countSubmissions({
          state: 'submitted',
          submittedBefore: '2026-12-02T10:00:00.000Z',
        }),
      ).toBe(1);
      expect(await stores.submissions.countSubmissions({ state: 'approved' })).toBe(1);
      expect(await stores.submissions.countSubmissions({ state: 'rejected' })).toBe(0);
      expect(
        await stores.submissions.submittedPerDay({
          from: '2026-12-01T00:00:00.000Z',
          to: '2026-12-06T00:00:00.000Z',
        }),
      ).toEqual([
        { day: '2026-12-02', count: 2 },
        { day: '2026-12-05', count: 1 },
      ]);
    });

    it('counts enrolments by status and what they wait on', async () => {
      const stores = getStores();
      const batch = await batchOf(getStores);
      const enrolment = (overrides: Partial<EnrolmentRecord>): EnrolmentRecord => ({
        batchId: batch.id,
        userId: `u-${nextId()}`,
        enrolledAt: T,
        status: 'in_progress',
        missing: [],
        certificates: [],
        generation: 1,
        version: 1,
        updatedAt: T,
        ...overrides,
      });
      await stores.enrolments.enrol(enrolment({ status: 'waiting', waitingOn: 'consent' }));
      await stores.enrolments.enrol(enrolment({ status: 'waiting', waitingOn: 'consent' }));
      await stores.enrolments.enrol(enrolment({ status: 'waiting', waitingOn: 'hold', dueAt: T }));
      await stores.enrolments.enrol(enrolment({}));
      expect(await stores.enrolments.countEnrolments({ status: 'waiting', waitingOn: 'consent' })).toBe(2);
      expect(await stores.enrolments.countEnrolments({ status: 'waiting' })).toBe(3);
      expect(await stores.enrolments.countEnrolments({ status: 'issued' })).toBe(0);
    });
  });
}
