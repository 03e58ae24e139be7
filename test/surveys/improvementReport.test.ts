/**
 * The quarterly improvement report on seeded answers, every figure worked by hand: the
 * quarters compared, ratings per quarter (count, average, distribution) and the change
 * from last quarter, a question kept across versions keeping its trend, choices counted,
 * and the themes of comments (words and two-word phrases, stop-words removed, plain
 * counts); the course ratings of the form before surveys counted once, beside answers.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../fixtures/testDeps.js';
import { FIXTURE_STAFF } from '../fixtures/programs.js';
import {
  audienceFigures,
  commentThemes,
  improvementReport,
  parseQuarter,
  quartersEndingAt,
} from '../../src/surveys/improvementReport.js';
import type { SurveyResponseRecord, SurveyVersionRecord } from '../../src/storage/surveyPorts.js';

const SMOOTH = 'How smooth was issuing?';
const SLOWED = 'What slowed you down?';

const staffV1: SurveyVersionRecord = {
  id: 'staff-certificate-process@1',
  audience: 'staff-certificate-process',
  version: 1,
  title: 'Process',
  questions: [
    { id: 'q1', type: 'rating', prompt: SMOOTH, required: true },
    { id: 'q2', type: 'text', prompt: SLOWED, required: false },
  ],
  publishedAt: '2026-01-01T00:00:00.000Z',
  publishedBy: 'staff-1',
};
// Version 2 reorders the same two questions and adds a third: the trend carries over.
const staffV2: SurveyVersionRecord = {
  ...staffV1,
  id: 'staff-certificate-process@2',
  version: 2,
  questions: [
    { id: 'q1', type: 'text', prompt: SLOWED, required: false },
    { id: 'q2', type: 'rating', prompt: SMOOTH, required: true },
    {
      id: 'q3',
      type: 'choice',
      prompt: 'Which step?',
      required: false,
      choices: ['Review', 'Signing', 'Email'],
    },
  ],
};

let n = 0;
function staffAnswer(
  version: 1 | 2,
  at: string,
  answers: SurveyResponseRecord['answers'],
): SurveyResponseRecord {
  n += 1;
  return {
    id: `r${n}`,
    surveyId: `staff-certificate-process@${version}`,
    audience: 'staff-certificate-process',
    subject: `r${n}`,
    userId: 'staff-1',
    answers,
    at,
  };
}

describe('quarters', () => {
  it('are calendar quarters in UTC, the chosen one last', () => {
    expect(quartersEndingAt(new Date('2026-11-15T12:00:00Z'), 4)).toEqual([
      { label: '2026 Q1', from: '2026-01-01T00:00:00.000Z', to: '2026-04-01T00:00:00.000Z' },
      { label: '2026 Q2', from: '2026-04-01T00:00:00.000Z', to: '2026-07-01T00:00:00.000Z' },
      { label: '2026 Q3', from: '2026-07-01T00:00:00.000Z', to: '2026-10-01T00:00:00.000Z' },
      { label: '2026 Q4', from: '2026-10-01T00:00:00.000Z', to: '2027-01-01T00:00:00.000Z' },
    ]);
    expect(quartersEndingAt(new Date('2026-02-01T00:00:00Z'), 2).map((q) => q.label)).toEqual([
      '2025 Q4',
      '2026 Q1',
    ]);
    expect(parseQuarter('2026-Q3')?.label).toBe('2026 Q3');
    expect(parseQuarter('2026 q1')?.from).toBe('2026-01-01T00:00:00.000Z');
    expect(parseQuarter('2026-Q5')).toBeUndefined();
    expect(parseQuarter(undefined)).toBeUndefined();
  });
});

describe('themes of comments', () => {
  it('counts words and two-word phrases without stop-words; a phrase needs two mentions', () => {
    expect(
      commentThemes([
        'Name corrections take too long',
        'name corrections and the review queue',
        'The review queue is slow; name corrections again',
      ]),
    ).toEqual({
      words: [
        { text: 'corrections', count: 3 },
        { text: 'name', count: 3 },
        { text: 'queue', count: 2 },
        { text: 'review', count: 2 },
        { text: 'long', count: 1 },
        { text: 'slow', count: 1 },
        { text: 'take', count: 1 },
      ],
      // "corrections take" and "slow name" occur once; no phrase spans a removed word ("too", "the").
      phrases: [
        { text: 'name corrections', count: 3 },
        { text: 'review queue', count: 2 },
      ],
    });
    expect(commentThemes([])).toEqual({ words: [], phrases: [] });
  });
});

describe('one survey’s figures', () => {
  it('works out ratings per quarter, the change, choices and themes across versions', () => {
    const quarters = quartersEndingAt(new Date('2026-11-15T00:00:00Z'), 4);
    const figures = audienceFigures({
      audience: 'staff-certificate-process',
      versions: [staffV1, staffV2],
      quarters,
      responses: [
        staffAnswer(1, '2025-12-31T23:00:00.000Z', { q1: 5 }), // before the four quarters: left out
        staffAnswer(1, '2026-05-01T00:00:00.000Z', { q1: 1 }),
        staffAnswer(1, '2026-08-01T00:00:00.000Z', { q1: 2 }),
        staffAnswer(1, '2026-09-30T23:59:59.999Z', { q1: 4 }),
        staffAnswer(1, '2026-10-01T00:00:00.000Z', { q1: 5, q2: 'Name corrections take too long' }),
        staffAnswer(2, '2026-10-05T00:00:00.000Z', {
          q2: 4,
          q1: 'name corrections and the review queue',
          q3: 'Review',
        }),
        staffAnswer(2, '2026-11-05T00:00:00.000Z', {
          q2: 3,
          q1: 'The review queue is slow; name corrections again',
          q3: 'Review',
        }),
      ],
    });
    expect(figures.responses).toBe(3);
    expect(figures.responsesPerQuarter).toEqual([0, 1, 2, 3]);
    // The newest version's order: the comment, the rating, the choice.
    expect(figures.questions.map((q) => [q.type, q.prompt, q.answered])).toEqual([
      ['text', SLOWED, 3],
      ['rating', SMOOTH, 3],
      ['choice', 'Which step?', 2],
    ]);
    const rating = figures.questions[1]!;
    expect(rating.ratings).toEqual([
      { quarter: '2026 Q1', count: 0, average: undefined, distribution: [0, 0, 0, 0, 0] },
      { quarter: '2026 Q2', count: 1, average: 1, distribution: [1, 0, 0, 0, 0] },
      // (2 + 4) / 2
      { quarter: '2026 Q3', count: 2, average: 3, distribution: [0, 1, 0, 1, 0] },
      // (5 + 4 + 3) / 3
      { quarter: '2026 Q4', count: 3, average: 4, distribution: [0, 0, 1, 1, 1] },
    ]);
    expect(rating.change).toBe(1);
    expect(figures.questions[2]!.choices).toEqual([
      { text: 'Review', count: 2 },
      { text: 'Signing', count: 0 },
      { text: 'Email', count: 0 },
    ]);
    expect(figures.questions[0]!.themes!.phrases).toEqual([
      { text: 'name corrections', count: 3 },
      { text: 'review queue', count: 2 },
    ]);
  });
});

describe('the report from the stores', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp();
    t.clock.now = new Date('2026-11-15T09:00:00.000Z');
  });
  afterEach(async () => {
    await t.close();
  });

  it('counts older course ratings beside survey answers, each certificate once, and is for staff only', async () => {
    const s = t.deps.stores;
    await s.surveys.publishVersion({
      id: 'participant-after-issuance@1',
      audience: 'participant-after-issuance',
      version: 1,
      title: 'After your certificate',
      questions: [
        { id: 'q1', type: 'rating', prompt: 'How was the course?', required: true },
        { id: 'q2', type: 'text', prompt: 'What should we improve?', required: false },
      ],
      publishedAt: '2026-09-01T00:00:00.000Z',
      publishedBy: 'staff-1',
    });
    // A survey answer, and the course rating it wrote: counted once.
    await s.surveys.addResponse({
      id: 'a',
      surveyId: 'participant-after-issuance@1',
      audience: 'participant-after-issuance',
      subject: 'cred-a',
      userId: 'u-a',
      batchId: 'b',
      answers: { q1: 5, q2: 'more examples please' },
      at: '2026-10-02T00:00:00.000Z',
    });
    await s.feedback.addFeedback({
      credentialId: 'cred-a',
      batchId: 'b',
      userId: 'u-a',
      rating: 5,
      at: '2026-10-02T00:00:00.000Z',
    });
    // Ratings from the form before surveys: one this quarter, one last quarter.
    await s.feedback.addFeedback({
      credentialId: 'cred-b',
      batchId: 'b',
      userId: 'u-b',
      rating: 2,
      comment: 'More examples',
      at: '2026-10-03T00:00:00.000Z',
    });
    await s.feedback.addFeedback({
      credentialId: 'cred-c',
      batchId: 'b',
      userId: 'u-c',
      rating: 4,
      at: '2026-07-10T00:00:00.000Z',
    });

    const report = await improvementReport(t.deps.programs, FIXTURE_STAFF);
    expect(report.quarter.label).toBe('2026 Q4');
    const participants = report.audiences[0]!;
    expect(participants.audience).toBe('participant-after-issuance');
    expect(participants.responsesPerQuarter).toEqual([0, 0, 1, 2]);
    expect(participants.questions.map((q) => q.prompt)).toEqual([
      'How was the course?',
      'What should we improve?',
      'Comment',
    ]);
    const course = participants.questions[0]!;
    // This quarter (5 + 2) / 2 = 3.5; last quarter 4: a change of -0.5.
    expect(course.ratings!.slice(2)).toEqual([
      { quarter: '2026 Q3', count: 1, average: 4, distribution: [0, 0, 0, 1, 0] },
      { quarter: '2026 Q4', count: 2, average: 3.5, distribution: [0, 1, 0, 0, 1] },
    ]);
    expect(course.change).toBe(-0.5);
    expect(participants.questions[1]!.themes!.words).toEqual([
      { text: 'examples', count: 1 },
      { text: 'please', count: 1 },
    ]);
    expect(participants.questions[2]!.themes!.words).toEqual([{ text: 'examples', count: 1 }]);
    // The staff form has no version yet: no questions, no answers.
    expect(report.audiences[1]).toMatchObject({
      audience: 'staff-certificate-process',
      responses: 0,
      questions: [],
    });
    // An earlier quarter is chosen by its name.
    const earlier = await improvementReport(t.deps.programs, FIXTURE_STAFF, parseQuarter('2026-Q3'));
    expect(earlier.quarters.map((q) => q.label)).toEqual(['2025 Q4', '2026 Q1', '2026 Q2', '2026 Q3']);
    expect(earlier.audiences[0]!.questions[0]!.change).toBeUndefined();
    await expect(
      improvementReport(t.deps.programs, { id: 'p', label: 'p', role: 'participant' }),
    ).rejects.toMatchObject({ status: 403 });
  });
});
