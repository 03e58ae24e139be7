/**
 * The programme pages' reads (src/programs/programReads.ts, correctionQueue.ts): staff
 * (or a programs-scoped API key) for courses, batches and the tracker's extras; a
 * participant only their own programmes; a submitted file only for its course's reviewer;
 * and the name correction queue bounded by its page size.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { createTestApp, type TestApp } from '../fixtures/testDeps.js';
import { createUser } from '../fixtures/sessions.js';
import {
  FIXTURE_STAFF,
  makeBatch,
  makeCourse,
  makeParticipant,
  passingEvents,
  recordAll,
} from '../fixtures/programs.js';
import { actorOf } from '../../src/http/pages/pageKit.js';
import { enrolParticipant } from '../../src/programs/enrolments.js';
import { submitContent } from '../../src/programs/submissions.js';
import {
  batchEnrolments,
  batchFor,
  batchPageExtras,
  courseFor,
  coursePage,
  coursesWithBatches,
  myProgrammes,
  programmesPage,
  requireKnownParticipant,
  submittedFile,
} from '../../src/programs/programReads.js';
import {
  CORRECTION_QUEUE_PAGE,
  correctionQueue,
  correctionWithPerson,
} from '../../src/programs/correctionQueue.js';
import type { Actor } from '../../src/accounts/accountDeps.js';
import type { BatchRecord, CourseRecord, UserRecord } from '../../src/storage/ports.js';

let t: TestApp;
let course: CourseRecord;
let batch: BatchRecord;
let person: UserRecord;
let reviewer: UserRecord;
let submissionId: string;

const API_KEY: Actor = { id: 'key-1', label: 'LMS', role: 'api_key' };
const NOT_STAFF: Actor[] = ['participant', 'partner', 'reviewer'].map((role) => ({
  id: 'x',
  label: 'x',
  role: role as Actor['role'],
}));

beforeAll(async () => {
  t = await createTestApp();
  t.clock.now = new Date('2026-11-20T12:00:00.000Z');
  reviewer = await createUser(t, 'reviewer', { name: 'Rea Reviewer' });
  course = await makeCourse(t, { reviewerIds: [reviewer.id] });
  ({ batch } = await makeBatch(t, { course, criteria: { contentApproval: true } }));
  person = await makeParticipant(t, { name: 'Thandi Mokoena' });
  await enrolParticipant(t.deps.programs, batch.id, person.id);
  await recordAll(t, passingEvents(batch.id, person.id));
  const bytes = new TextEncoder().encode('%PDF-1.4\nessay\n%%EOF');
  submissionId = (
    await submitContent(t.deps.programs, actorOf(person), batch.id, {
      kind: 'file',
      name: 'essay.pdf',
      bytes,
    })
  ).id;
});

afterAll(async () => {
  await t.close();
});

describe('courses and batches', () => {
  it('are read by staff and a programs-scoped API key', async () => {
    const all = await coursesWithBatches(t.deps.programs, FIXTURE_STAFF);
    expect(all.find((x) => x.course.id === course.id)?.batches.map((b) => b.id)).toEqual([batch.id]);
    expect((await courseFor(t.deps.programs, API_KEY, course.id)).title).toBe(course.title);
    expect((await batchFor(t.deps.programs, API_KEY, batch.id)).id).toBe(batch.id);
    expect((await batchEnrolments(t.deps.programs, API_KEY, batch.id)).map((e) => e.userId)).toEqual([
      person.id,
    ]);
  });

  it('offer the active reviewers, staff and admins as reviewers on the console pages', async () => {
    const staff = actorOf(await createUser(t, 'staff'));
    expect((await programmesPage(t.deps.programs, staff)).reviewers.map((u) => u.id)).toContain(reviewer.id);
    const page = await coursePage(t.deps.programs, staff, course.id);
    expect(page.batches.map((b) => b.id)).toEqual([batch.id]);
    expect(page.reviewers.map((u) => u.id)).toContain(reviewer.id);
  });

  it('are refused to anyone else, and an unknown id is not_found', async () => {
    for (const actor of NOT_STAFF) {
      await expect(coursesWithBatches(t.deps.programs, actor)).rejects.toMatchObject({ status: 403 });
      await expect(courseFor(t.deps.programs, actor, course.id)).rejects.toMatchObject({ status: 403 });
      await expect(batchEnrolments(t.deps.programs, actor, batch.id)).rejects.toMatchObject({ status: 403 });
      await expect(batchPageExtras(t.deps.programs, actor, batch, [])).rejects.toMatchObject({ status: 403 });
      await expect(requireKnownParticipant(t.deps.programs, actor, person.id)).rejects.toMatchObject({
        status: 403,
      });
    }
    await expect(courseFor(t.deps.programs, FIXTURE_STAFF, 'no-such-course')).rejects.toMatchObject({
      status: 404,
    });
    await expect(batchFor(t.deps.programs, FIXTURE_STAFF, 'no-such-batch')).rejects.toMatchObject({
      status: 404,
    });
    await expect(
      requireKnownParticipant(t.deps.programs, FIXTURE_STAFF, 'no-such-person'),
    ).rejects.toMatchObject({ status: 404 });
  });
});

describe('a participant', () => {
  it('sees their own programmes with their submissions, and nobody else sees them through it', async () => {
    const cards = await myProgrammes(t.deps.programs, actorOf(person));
    expect(cards.map((c) => [c.batch.id, c.submissions.length])).toEqual([[batch.id, 1]]);
    expect(await myProgrammes(t.deps.programs, actorOf(await makeParticipant(t)))).toEqual([]);
  });
});

describe('a submitted file', () => {
  it("is served to the course's reviewer, and is not_found for anyone else", async () => {
    expect((await submittedFile(t.deps.programs, actorOf(reviewer), submissionId)).name).toBe('essay.pdf');
    const other = await createUser(t, 'reviewer');
    await expect(submittedFile(t.deps.programs, actorOf(other), submissionId)).rejects.toMatchObject({
      status: 404,
    });
    await expect(submittedFile(t.deps.programs, actorOf(person), submissionId)).rejects.toMatchObject({
      status: 404,
    });
  });
});

describe('the name correction queue', () => {
  it('is refused to anyone but staff', async () => {
    for (const actor of NOT_STAFF) {
      await expect(correctionQueue(t.deps.programs, actor)).rejects.toMatchObject({ status: 403 });
      await expect(correctionWithPerson(t.deps.programs, actor, 'any')).rejects.toMatchObject({
        status: 403,
      });
    }
  });

  it('lists at most CORRECTION_QUEUE_PAGE open requests, each with the name of who asked', async () => {
    for (let i = 0; i <= CORRECTION_QUEUE_PAGE; i++) {
      await t.deps.stores.corrections.create({
        id: randomUUID(),
        userId: person.id,
        credentialId: `credential-${i}`,
        certificateNumber: `SP-${i}`,
        currentName: 'Thandi Mokoena',
        requestedName: 'Thandiwe Mokoena',
        reason: 'Spelling',
        status: 'open',
        createdAt: new Date(Date.UTC(2026, 10, 1, 0, i)).toISOString(),
      });
    }
    const queue = await correctionQueue(t.deps.programs, FIXTURE_STAFF);
    expect(queue).toHaveLength(CORRECTION_QUEUE_PAGE);
    expect(queue[0]!.personName).toBe('Thandi Mokoena');
    const one = await correctionWithPerson(t.deps.programs, FIXTURE_STAFF, queue[0]!.id);
    expect([one.personName, one.personEmail]).toEqual(['Thandi Mokoena', person.email]);
  });
});
