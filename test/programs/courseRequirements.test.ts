/**
 * The certificate page's requirements say what the criteria evaluator checks, no more and
 * no less: for several combinations of criteria, a participant who does exactly what each
 * line says gets the certificate, and leaving out any one line leaves exactly that line's
 * codes missing. Plus the words themselves, and the review-days default.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../fixtures/testDeps.js';
import { makeBatch, makeParticipant, recordAll } from '../fixtures/programs.js';
import { enrolParticipant, type EventInput } from '../../src/programs/enrolments.js';
import { evaluateCriteria } from '../../src/programs/criteria.js';
import { evaluateEnrolment } from '../../src/programs/automaticIssuance.js';
import { foldProgress } from '../../src/programs/progress.js';
import {
  DEFAULT_REVIEW_DAYS,
  courseRequirements,
  requirementLines,
  requirementsText,
  reviewDaysOf,
  type RequirementLine,
} from '../../src/programs/courseRequirements.js';
import type { BatchRecord, CourseRecord, ProgressEvent } from '../../src/storage/ports.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

const AT = '2026-11-20T10:00:00.000Z';

/**
 * The events that do exactly what a line says and nothing more: each required module
 * completed, the minimum score exactly, the participation count exactly, one approval.
 * (The deadline line asks only that the others are done in time: AT is before it.)
 */
function eventsFor(line: RequirementLine, batch: BatchRecord, userId: string): EventInput[] {
  const base = { batchId: batch.id, userId, occurredAt: AT, source: 'test' };
  return line.codes.flatMap((code, i): EventInput[] => {
    const [kind, id] = code.split(/:(.*)/s) as [string, string];
    const eventId = `${batch.id}:${userId}:${code}`;
    switch (kind) {
      case 'module':
        return [{ ...base, id: eventId, type: 'module_completed', moduleId: id }];
      case 'assessment': {
        const minScore = batch.criteria.assessments.find((a) => a.assessmentId === id)!.minScore;
        return [{ ...base, id: eventId, type: 'assessment_scored', assessmentId: id, score: minScore }];
      }
      case 'participation':
        return Array.from({ length: batch.criteria.minParticipation }, (_, n) => ({
          ...base,
          id: `${eventId}:${i}:${n}`,
          type: 'participation' as const,
        }));
      case 'content_approval':
        return [{ ...base, id: eventId, type: 'content_approved' }];
      case 'deadline':
        return [];
      default:
        throw new Error(`No events for ${code}`);
    }
  });
}

/** The evaluator's missing codes for a participant who did every line but `skipped`. */
function missingWithout(batch: BatchRecord, course: CourseRecord, skipped: RequirementLine): string[] {
  const events = requirementLines(batch, course)
    .filter((line) => line.text !== skipped.text)
    .flatMap((line) => eventsFor(line, batch, 'u1'))
    .map((e): ProgressEvent => ({ ...e, recordedAt: AT }));
  return evaluateCriteria(batch, course, foldProgress(events), '2026-11-01T00:00:00.000Z', new Date(AT))
    .missing;
}

const COMBINATIONS: { name: string; criteria: Record<string, unknown>; words: string[] }[] = [
  {
    name: 'every module and a minimum score (the fixture)',
    criteria: {},
    words: [
      'Complete every module: "HTML basics", "CSS layout".',
      'Score at least 70 out of 100 in "Final assessment".',
    ],
  },
  {
    name: 'one chosen module, participation, content approval and a deadline',
    criteria: {
      requiredModules: ['m2'],
      assessments: [],
      minParticipation: 3,
      contentApproval: true,
      deadline: '2026-12-31T17:00:00.000Z',
    },
    words: [
      'Complete the module "CSS layout".',
      'Take part at least 3 times: each peer review or discussion post counts once.',
      'Submit your work for review in "My courses" and have it approved by a reviewer.',
      'Do all of this by 31 December 2026, 17:00 UTC: what is done after then does not count.',
    ],
  },
  {
    name: 'two chosen modules, a score and participation once',
    criteria: {
      requiredModules: ['m1', 'm2'],
      assessments: [{ assessmentId: 'final', minScore: 50 }],
      minParticipation: 1,
    },
    words: [
      'Complete these 2 modules: "HTML basics", "CSS layout".',
      'Score at least 50 out of 100 in "Final assessment".',
      'Take part at least once: each peer review or discussion post counts once.',
    ],
  },
  {
    name: 'nothing at all (a certificate of attendance)',
    criteria: { requiredModules: [], assessments: [] },
    words: [],
  },
];

describe('the requirements in words, against the evaluator', () => {
  for (const combination of COMBINATIONS) {
    it(`${combination.name}: doing exactly what the page says issues the certificate`, async () => {
      const { course, batch } = await makeBatch(t, { criteria: combination.criteria });
      const lines = requirementLines(batch, course);
      expect(lines.map((l) => l.text)).toEqual(combination.words);

      // Leaving out any one line leaves exactly its codes missing (the deadline line has none of its own).
      for (const line of lines.filter((l) => !l.codes.includes('deadline')))
        expect(missingWithout(batch, course, line).sort()).toEqual([...line.codes].sort());

      const user = await makeParticipant(t);
      await enrolParticipant(t.deps.programs, batch.id, user.id);
      await recordAll(
        t,
        lines.flatMap((line) => eventsFor(line, batch, user.id)),
      );
      // With no events to record (attendance), the evaluation any event or batch edit runs decides.
      await evaluateEnrolment(t.deps.programs, batch.id, user.id);
      const enrolment = await t.deps.stores.enrolments.getEnrolment(batch.id, user.id);
      expect(enrolment?.status).toBe('issued');
    });
  }

  it('a participant who stops one short of a line does not get the certificate', async () => {
    const { course, batch } = await makeBatch(t, {
      criteria: { minParticipation: 2, assessments: [{ assessmentId: 'final', minScore: 70 }] },
    });
    const user = await makeParticipant(t);
    const events = requirementLines(batch, course).flatMap((line) => eventsFor(line, batch, user.id));
    const short = events
      .filter((e) => !(e.type === 'participation' && e.id.endsWith(':1')))
      .map((e) => (e.type === 'assessment_scored' ? { ...e, score: 69 } : e));
    await recordAll(t, short);
    const enrolment = await t.deps.stores.enrolments.getEnrolment(batch.id, user.id);
    expect(enrolment?.status).toBe('in_progress');
    expect(enrolment?.missing.sort()).toEqual(['assessment:final', 'participation']);
  });

  it('says in the email list what the page says, and "nothing more" for an attendance certificate', async () => {
    const { course, batch } = await makeBatch(t);
    expect(requirementsText(batch, course)).toBe(
      '- Complete every module: "HTML basics", "CSS layout".\n- Score at least 70 out of 100 in "Final assessment".',
    );
    const attendance = await makeBatch(t, { criteria: { requiredModules: [], assessments: [] } });
    expect(requirementsText(attendance.batch, attendance.course)).toContain('comes with your enrolment');
  });
});

describe('the page read', () => {
  it('gives the course, each batch, the review days (default when unset) and reviewers as counts only', async () => {
    const reviewer = await t.deps.stores.users.get((await makeParticipant(t)).id);
    expect(reviewer).toBeDefined();
    const { course } = await makeBatch(t, { criteria: { contentApproval: true } });
    const page = await courseRequirements(t.deps.programs, course.id);
    expect(page.reviewDays).toBe(DEFAULT_REVIEW_DAYS);
    expect(page.reviewers).toEqual({ assignedReviewers: 0, assignedStaff: 0 });
    expect(page.batches).toHaveLength(1);
    expect(page.batches[0]!.contentApproval).toBe(true);
    expect(JSON.stringify(page)).not.toContain('createdBy');
    expect(reviewDaysOf({ reviewDays: 2 })).toBe(2);
    await expect(courseRequirements(t.deps.programs, 'no-such-course')).rejects.toMatchObject({
      status: 404,
    });
  });
});
