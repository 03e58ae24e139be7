/**
 * buildProgramReport over small data sets whose figures are worked out by hand: months and
 * quarters (with the boundaries and zero months), per course, re-issues, approval to
 * issuance (odd and even medians, p90), the funnel, feedback, the period filter, and an
 * empty input that must be all zeros.
 */
import { describe, expect, it } from 'vitest';
import { buildProgramReport, type ProgramReportInput } from '../../src/programs/reports.js';
import type {
  BatchRecord,
  CourseRecord,
  EnrolmentRecord,
  FeedbackRecord,
  IssuedCertificate,
  ReviewDecision,
  SubmissionRecord,
} from '../../src/storage/ports.js';
import { batchRecord, courseRecord, T0 } from '../fixtures/programRecords.js';

function course(id: string, title: string): CourseRecord {
  return courseRecord(id, title);
}

function batch(id: string, courseId: string): BatchRecord {
  return batchRecord(id, courseId, { name: `Batch ${id}`, contentApproval: true });
}

function cert(issuedAt: string, revokedReason?: string): IssuedCertificate {
  return {
    credentialId: `urn:uuid:${issuedAt}`,
    issuedAt,
    ...(revokedReason ? { revokedAt: '2026-06-01T00:00:00Z', revokedReason } : {}),
  };
}

function enrolment(
  batchId: string,
  userId: string,
  certificates: IssuedCertificate[],
  approvedAt?: string,
): EnrolmentRecord {
  const current = certificates.at(-1);
  return {
    batchId,
    userId,
    enrolledAt: T0,
    status: current ? 'issued' : 'in_progress',
    missing: [],
    certificates,
    generation: certificates.length || 1,
    version: 1,
    updatedAt: T0,
    ...(approvedAt ? { approvedAt } : {}),
    ...(current ? { credentialId: current.credentialId, issuedAt: current.issuedAt } : {}),
  };
}

function submission(
  id: string,
  decisions: ReviewDecision[],
  submittedAt = '2026-02-01T00:00:00Z',
): SubmissionRecord {
  return {
    id,
    batchId: 'b1',
    userId: `u-${id}`,
    kind: 'text',
    text: 'work',
    submittedAt,
    updatedAt: submittedAt,
    state: decisions.at(-1) ?? 'submitted',
    decisions: decisions.map((decision, i) => ({
      decision,
      by: 'reviewer',
      at: `2026-02-0${i + 2}T00:00:00Z`,
    })),
  };
}

function feedback(
  credentialId: string,
  batchId: string,
  rating: number,
  at: string,
  comment?: string,
): FeedbackRecord {
  return {
    credentialId,
    batchId,
    userId: `u-${credentialId}`,
    rating,
    at,
    ...(comment !== undefined ? { comment } : {}),
  };
}

/** Two courses, one batch each, and nothing else; tests add what they need. */
function input(extra: Partial<ProgramReportInput> = {}): ProgramReportInput {
  return {
    courses: [course('c1', 'Web 101'), course('c2', 'Data 201')],
    batches: [batch('b1', 'c1'), batch('b2', 'c2')],
    enrolments: [],
    submissions: [],
    feedback: [],
    ...extra,
  };
}

/** Three enrolments over January and February: 6 h, 288 h and 12 h from approval. */
function threeEnrolments(): EnrolmentRecord[] {
  return [
    enrolment('b1', 'u1', [cert('2026-01-10T06:00:00Z')], '2026-01-10T00:00:00Z'),
    enrolment('b1', 'u2', [cert('2026-02-01T00:00:00Z')], '2026-01-20T00:00:00Z'),
    enrolment('b2', 'u3', [cert('2026-02-03T12:00:00Z')], '2026-02-03T00:00:00Z'),
  ];
}

describe('certificates per month, quarter and course', () => {
  it('counts three enrolments over two months, overall and per course', () => {
    const report = buildProgramReport(input({ enrolments: threeEnrolments() }));
    expect(report.totals).toEqual({ issued: 3, reissued: 0, revoked: 0 });
    expect(report.byMonth).toEqual([
      { period: '2026-01', issued: 1, reissued: 0 },
      { period: '2026-02', issued: 2, reissued: 0 },
    ]);
    expect(report.byQuarter).toEqual([{ period: '2026-Q1', issued: 3, reissued: 0 }]);
    expect(report.byCourse).toEqual([
      { courseId: 'c1', title: 'Web 101', issued: 2, reissued: 0 },
      { courseId: 'c2', title: 'Data 201', issued: 1, reissued: 0 },
    ]);
    expect(report.byCourseOverTime[1]).toEqual({
      courseId: 'c2',
      title: 'Data 201',
      byMonth: [
        { period: '2026-01', issued: 0, reissued: 0 },
        { period: '2026-02', issued: 1, reissued: 0 },
      ],
      byQuarter: [{ period: '2026-Q1', issued: 1, reissued: 0 }],
    });
  });

  it('puts March 31 23:59Z in Q1 and April 1 00:00Z in Q2, judging offsets in UTC', () => {
    const report = buildProgramReport(
      input({
        enrolments: [
          enrolment('b1', 'u1', [cert('2026-03-31T23:59:59Z')]),
          enrolment('b1', 'u2', [cert('2026-04-01T00:00:00Z')]),
          // 01:30 on April 1 at +02:00 is 23:30 on March 31 in UTC.
          enrolment('b1', 'u3', [cert('2026-04-01T01:30:00+02:00')]),
        ],
      }),
    );
    expect(report.byMonth).toEqual([
      { period: '2026-03', issued: 2, reissued: 0 },
      { period: '2026-04', issued: 1, reissued: 0 },
    ]);
    expect(report.byQuarter).toEqual([
      { period: '2026-Q1', issued: 2, reissued: 0 },
      { period: '2026-Q2', issued: 1, reissued: 0 },
    ]);
  });

  it('shows empty months as zero, across a year end', () => {
    const report = buildProgramReport(
      input({
        enrolments: [
          enrolment('b1', 'u1', [cert('2025-11-15T00:00:00Z')]),
          enrolment('b1', 'u2', [cert('2026-02-28T23:59:59Z')]),
        ],
      }),
    );
    expect(report.byMonth.map((m) => [m.period, m.issued])).toEqual([
      ['2025-11', 1],
      ['2025-12', 0],
      ['2026-01', 0],
      ['2026-02', 1],
    ]);
    expect(report.byQuarter.map((q) => [q.period, q.issued])).toEqual([
      ['2025-Q4', 1],
      ['2026-Q1', 1],
    ]);
  });

  it('counts re-issues (after a superseded certificate) apart, and staff revocations as revoked', () => {
    const report = buildProgramReport(
      input({
        enrolments: [
          enrolment('b1', 'u1', [
            cert('2026-01-05T00:00:00Z', 'superseded'),
            cert('2026-02-05T00:00:00Z', 'superseded'),
            cert('2026-02-20T00:00:00Z'),
          ]),
          // Revoked for cause, then issued again: a new certificate, not a re-issue.
          enrolment('b2', 'u2', [cert('2026-01-07T00:00:00Z', 'Plagiarism'), cert('2026-03-01T00:00:00Z')]),
        ],
      }),
    );
    expect(report.totals).toEqual({ issued: 5, reissued: 2, revoked: 1 });
    expect(report.byMonth).toEqual([
      { period: '2026-01', issued: 2, reissued: 0 },
      { period: '2026-02', issued: 2, reissued: 2 },
      { period: '2026-03', issued: 1, reissued: 0 },
    ]);
    expect(report.byCourse.map((c) => [c.courseId, c.issued, c.reissued])).toEqual([
      ['c1', 3, 2],
      ['c2', 2, 0],
    ]);
  });
});

describe('time from approval to issuance', () => {
  it('takes the odd median, the mean and the nearest-rank p90 of 6 h, 288 h and 12 h', () => {
    expect(buildProgramReport(input({ enrolments: threeEnrolments() })).approvalToIssuance).toEqual({
      count: 3,
      meanHours: 102,
      medianHours: 12,
      p90Hours: 288,
    });
  });

  it('averages the middle two for an even count, and uses the first certificate only', () => {
    const approved = '2026-01-01T00:00:00Z';
    const report = buildProgramReport(
      input({
        enrolments: [
          enrolment('b1', 'u1', [cert('2026-01-01T01:00:00Z')], approved),
          enrolment(
            'b1',
            'u2',
            [cert('2026-01-01T02:00:00Z', 'superseded'), cert('2026-03-01T00:00:00Z')],
            approved,
          ),
          enrolment('b1', 'u3', [cert('2026-01-01T03:00:00Z')], approved),
          enrolment('b1', 'u4', [cert('2026-01-01T10:00:00Z')], approved),
        ],
      }),
    );
    // 1, 2, 3, 10 h: mean 4, median (2 + 3) / 2, p90 the 4th of 4.
    expect(report.approvalToIssuance).toEqual({ count: 4, meanHours: 4, medianHours: 2.5, p90Hours: 10 });
  });

  it('leaves out enrolments never approved, not issued, or issued before approval', () => {
    const report = buildProgramReport(
      input({
        enrolments: [
          enrolment('b1', 'u1', [cert('2026-01-02T00:00:00Z')]),
          enrolment('b1', 'u2', [], '2026-01-01T00:00:00Z'),
          enrolment('b1', 'u3', [cert('2026-01-01T00:00:00Z')], '2026-01-05T00:00:00Z'),
          enrolment('b1', 'u4', [cert('2026-01-01T00:30:00Z')], '2026-01-01T00:00:00Z'),
        ],
      }),
    );
    expect(report.approvalToIssuance).toEqual({ count: 1, meanHours: 0.5, medianHours: 0.5, p90Hours: 0.5 });
  });
});

describe('the approval funnel and feedback', () => {
  it('counts submissions by state and the first-pass approval rate', () => {
    const report = buildProgramReport(
      input({
        submissions: [
          submission('s1', ['approved']),
          submission('s2', ['changes_requested', 'approved']),
          submission('s3', ['rejected']),
          submission('s4', ['changes_requested']),
          submission('s5', []),
        ],
      }),
    );
    // Four decided, one of them approved at the first decision.
    expect(report.funnel).toEqual({
      submitted: 5,
      approved: 2,
      rejected: 1,
      changesRequested: 1,
      pending: 1,
      firstPassApprovalRate: 0.25,
    });
  });

  it('averages ratings overall and per course, ignores ratings outside 1..5, lists comments newest first', () => {
    const report = buildProgramReport(
      input({
        feedback: [
          feedback('a', 'b1', 5, '2026-02-01T00:00:00Z', 'Great'),
          feedback('b', 'b1', 4, '2026-02-03T00:00:00Z', '   '),
          feedback('c', 'b2', 4, '2026-02-02T00:00:00Z', 'Good, "mostly"'),
          feedback('d', 'b2', 1, '2026-02-04T00:00:00Z'),
          feedback('e', 'b2', 0, '2026-02-04T00:00:00Z', 'out of range'),
          feedback('f', 'b2', 3.5, '2026-02-04T00:00:00Z', 'not a whole rating'),
        ],
      }),
    );
    expect(report.feedback.count).toBe(4);
    expect(report.feedback.averageRating).toBe(3.5);
    expect(report.feedback.distribution).toEqual([1, 0, 0, 2, 1]);
    expect(report.feedback.recent).toEqual([
      { rating: 4, comment: 'Good, "mostly"', at: '2026-02-02T00:00:00Z', courseTitle: 'Data 201' },
      { rating: 5, comment: 'Great', at: '2026-02-01T00:00:00Z', courseTitle: 'Web 101' },
    ]);
    expect(report.byCourse.map((c) => c.averageRating)).toEqual([4.5, 2.5]);
  });

  it('keeps the 20 newest comments', () => {
    const many = Array.from({ length: 25 }, (_, i) =>
      feedback(`f${i}`, 'b1', 5, `2026-03-${String(i + 1).padStart(2, '0')}T00:00:00Z`, `comment ${i}`),
    );
    const recent = buildProgramReport(input({ feedback: many })).feedback.recent;
    expect(recent).toHaveLength(20);
    expect(recent[0]!.comment).toBe('comment 24');
    expect(recent.at(-1)!.comment).toBe('comment 5');
  });
});

describe('period and empty input', () => {
  it('limits every figure to the period, both ends inclusive', () => {
    const report = buildProgramReport(
      input({
        enrolments: threeEnrolments(),
        submissions: [
          submission('s1', ['approved'], '2026-01-15T00:00:00Z'),
          submission('s2', ['rejected'], '2026-02-28T23:59:59Z'),
        ],
        feedback: [
          feedback('a', 'b1', 2, '2026-01-31T23:59:59Z'),
          feedback('b', 'b1', 4, '2026-02-01T00:00:00Z'),
        ],
        from: '2026-02',
        to: '2026-02',
      }),
    );
    expect(report).toMatchObject({
      from: '2026-02',
      to: '2026-02',
      totals: { issued: 2 },
      byMonth: [{ period: '2026-02', issued: 2, reissued: 0 }],
    });
    expect(report.approvalToIssuance).toEqual({ count: 2, meanHours: 150, medianHours: 150, p90Hours: 288 });
    expect(report.funnel).toMatchObject({ submitted: 1, rejected: 1, firstPassApprovalRate: 0 });
    expect(report.feedback).toMatchObject({ count: 1, averageRating: 4 });
  });

  it('is all zeros with no data, and never NaN or null', () => {
    const report = buildProgramReport({
      courses: [course('c1', 'Web 101')],
      batches: [],
      enrolments: [],
      submissions: [],
      feedback: [],
    });
    expect(report).toEqual({
      totals: { issued: 0, reissued: 0, revoked: 0 },
      byMonth: [],
      byQuarter: [],
      byCourse: [{ courseId: 'c1', title: 'Web 101', issued: 0, reissued: 0 }],
      byCourseOverTime: [{ courseId: 'c1', title: 'Web 101', byMonth: [], byQuarter: [] }],
      approvalToIssuance: { count: 0, meanHours: 0, medianHours: 0, p90Hours: 0 },
      funnel: {
        submitted: 0,
        approved: 0,
        rejected: 0,
        changesRequested: 0,
        pending: 0,
        firstPassApprovalRate: 0,
      },
      feedback: { count: 0, averageRating: 0, distribution: [0, 0, 0, 0, 0], recent: [] },
    });
    expect(JSON.stringify(report)).not.toMatch(/NaN|null/);
  });

  it('leaves its input untouched and gives the same report twice', () => {
    const data = input({
      enrolments: threeEnrolments(),
      feedback: [feedback('a', 'b1', 5, '2026-02-01T00:00:00Z', 'ok')],
    });
    const before = structuredClone(data);
    expect(buildProgramReport(data)).toEqual(buildProgramReport(data));
    expect(data).toEqual(before);
  });
});
