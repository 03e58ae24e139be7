/**
 * The criteria verdict is a function of the events, not of their order or of when they
 * were processed: each requirement is met at its earliest satisfying event, the whole at
 * the latest of those; deadlines judge by those times.
 */
import { describe, expect, it } from 'vitest';
import { foldProgress, bestScore } from '../../src/programs/progress.js';
import { evaluateCriteria } from '../../src/programs/criteria.js';
import type { BatchRecord, CourseRecord, ProgressEvent } from '../../src/storage/ports.js';

const course = (): CourseRecord => ({
  id: 'web-101',
  title: 'Web 101',
  description: 'Pages',
  modules: [
    { id: 'm1', title: 'HTML' },
    { id: 'm2', title: 'CSS' },
  ],
  assessments: [{ id: 'final', title: 'Final', maxScore: 100 }],
  reviewerIds: [],
  createdAt: '2026-01-01T00:00:00.000Z',
  createdBy: 'staff',
  updatedAt: '2026-01-01T00:00:00.000Z',
});

const batch = (criteria: Partial<BatchRecord['criteria']> = {}): BatchRecord => ({
  id: 'b1',
  courseId: 'web-101',
  name: 'Cohort 1',
  achievement: {
    name: 'Web 101',
    description: '',
    criteriaNarrative: 'All of it',
    achievementType: 'Certificate',
  },
  criteria: {
    requiredModules: 'all',
    assessments: [{ assessmentId: 'final', minScore: 70 }],
    minParticipation: 2,
    contentApproval: true,
    ...criteria,
  },
  holdHours: 0,
  createdAt: '2026-01-01T00:00:00.000Z',
  createdBy: 'staff',
  updatedAt: '2026-01-01T00:00:00.000Z',
});

let n = 0;
const event = (
  type: ProgressEvent['type'],
  occurredAt: string,
  extra: Partial<ProgressEvent> = {},
): ProgressEvent => ({
  id: `e${++n}`,
  batchId: 'b1',
  userId: 'u1',
  type,
  occurredAt,
  source: 'test',
  recordedAt: '2026-03-01T00:00:00.000Z',
  ...extra,
});

const everything = (): ProgressEvent[] => [
  event('module_completed', '2026-02-01T10:00:00.000Z', { moduleId: 'm1' }),
  event('module_completed', '2026-02-03T10:00:00.000Z', { moduleId: 'm2' }),
  event('module_completed', '2026-02-02T10:00:00.000Z', { moduleId: 'm2' }),
  event('assessment_scored', '2026-02-04T10:00:00.000Z', { assessmentId: 'final', score: 55 }),
  event('assessment_scored', '2026-02-06T10:00:00.000Z', { assessmentId: 'final', score: 81 }),
  event('assessment_scored', '2026-02-08T10:00:00.000Z', { assessmentId: 'final', score: 90 }),
  event('participation', '2026-02-05T10:00:00.000Z'),
  event('participation', '2026-02-07T10:00:00.000Z'),
  event('content_approved', '2026-02-09T10:00:00.000Z'),
];
const NOW = new Date('2026-03-01T00:00:00.000Z');
const SINCE = '2026-01-15T00:00:00.000Z';

describe('evaluateCriteria', () => {
  it('is met at the latest requirement, each taken at its earliest satisfying event', () => {
    const verdict = evaluateCriteria(batch(), course(), foldProgress(everything()), SINCE, NOW);
    expect(verdict).toEqual({ met: true, metAt: '2026-02-09T10:00:00.000Z', missing: [], missed: false });
    const withoutApproval = evaluateCriteria(
      batch({ contentApproval: false }),
      course(),
      foldProgress(everything()),
      SINCE,
      NOW,
    );
    // m2 first at 02-02, the pass (>= 70) first at 02-06, the 2nd participation at 02-07.
    expect(withoutApproval.metAt).toBe('2026-02-07T10:00:00.000Z');
  });

  it('gives the same verdict for any order of the same events', () => {
    const events = everything();
    const expected = evaluateCriteria(batch(), course(), foldProgress(events), SINCE, NOW);
    for (let i = 0; i < 20; i++) {
      const shuffled = [...events].sort(() => Math.random() - 0.5);
      expect(evaluateCriteria(batch(), course(), foldProgress(shuffled), SINCE, NOW)).toEqual(expected);
    }
  });

  it('names every unmet requirement', () => {
    const events = [
      event('module_completed', '2026-02-01T10:00:00.000Z', { moduleId: 'm1' }),
      event('assessment_scored', '2026-02-04T10:00:00.000Z', { assessmentId: 'final', score: 69 }),
      event('participation', '2026-02-05T10:00:00.000Z'),
    ];
    const verdict = evaluateCriteria(batch(), course(), foldProgress(events), SINCE, NOW);
    expect(verdict).toEqual({
      met: false,
      missing: ['module:m2', 'assessment:final', 'participation', 'content_approval'],
      missed: false,
    });
    expect(bestScore(foldProgress(events), 'final')).toBe(69);
  });

  it('counts a course completion as every module, and listed modules only when listed', () => {
    const completed = [event('course_completed', '2026-02-10T00:00:00.000Z')];
    const simple = batch({ assessments: [], minParticipation: 0, contentApproval: false });
    expect(evaluateCriteria(simple, course(), foldProgress(completed), SINCE, NOW)).toMatchObject({
      met: true,
      metAt: '2026-02-10T00:00:00.000Z',
    });
    const onlyM1 = batch({
      requiredModules: ['m1'],
      assessments: [],
      minParticipation: 0,
      contentApproval: false,
    });
    expect(
      evaluateCriteria(
        onlyM1,
        course(),
        foldProgress([event('module_completed', '2026-02-01T00:00:00.000Z', { moduleId: 'm1' })]),
        SINCE,
        NOW,
      ).met,
    ).toBe(true);
  });

  it('with no requirement at all is met from enrolment', () => {
    const attendance = batch({
      requiredModules: [],
      assessments: [],
      minParticipation: 0,
      contentApproval: false,
    });
    expect(evaluateCriteria(attendance, course(), foldProgress([]), SINCE, NOW)).toEqual({
      met: true,
      metAt: SINCE,
      missing: [],
      missed: false,
    });
  });

  it('judges a deadline by when things happened, not when they were processed', () => {
    const events = everything();
    const onTime = batch({ deadline: '2026-02-09T10:00:00.000Z' });
    expect(evaluateCriteria(onTime, course(), foldProgress(events), SINCE, NOW).met).toBe(true);
    const late = batch({ deadline: '2026-02-09T09:59:59.000Z' });
    expect(evaluateCriteria(late, course(), foldProgress(events), SINCE, NOW)).toEqual({
      met: false,
      missing: ['deadline'],
      missed: true,
    });
    const unmet = evaluateCriteria(late, course(), foldProgress(events.slice(0, 3)), SINCE, NOW);
    expect(unmet.missed).toBe(true);
    const stillOpen = evaluateCriteria(
      late,
      course(),
      foldProgress(events.slice(0, 3)),
      SINCE,
      new Date('2026-02-09T00:00:00.000Z'),
    );
    expect(stillOpen.missed).toBe(false);
  });
});
