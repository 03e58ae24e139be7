/**
 * The issuance tracker of a batch: every status grouped and counted, what is missing in
 * words (with the course's titles, or the ids, or an unknown code verbatim), what a
 * waiting participant waits on and until when, re-issues, revocations and the order.
 */
import { describe, expect, it } from 'vitest';
import {
  describeMissing,
  STATUS_ORDER,
  trackBatch,
  trackerGroups,
} from '../../src/programs/issuanceTracker.js';
import type { CourseRecord, EnrolmentRecord, IssuedCertificate } from '../../src/storage/ports.js';

const T0 = '2026-01-01T00:00:00.000Z';

function course(): CourseRecord {
  return {
    id: 'c1',
    title: 'Web 101',
    description: '',
    reviewerIds: [],
    createdAt: T0,
    createdBy: 'staff',
    updatedAt: T0,
    modules: [
      { id: 'm1', title: 'HTML basics' },
      { id: 'm2', title: 'CSS layout' },
    ],
    assessments: [{ id: 'final', title: 'Final assessment', maxScore: 100 }],
  };
}

function cert(credentialId: string, issuedAt: string, revokedReason?: string): IssuedCertificate {
  return {
    credentialId,
    issuedAt,
    ...(revokedReason ? { revokedAt: '2026-03-01T00:00:00Z', revokedReason } : {}),
  };
}

function enrolment(userId: string, extra: Partial<EnrolmentRecord> = {}): EnrolmentRecord {
  return {
    batchId: 'b1',
    userId,
    enrolledAt: T0,
    status: 'in_progress',
    missing: [],
    certificates: [],
    generation: 1,
    version: 1,
    updatedAt: T0,
    ...extra,
  };
}

/** One participant at every status. */
function everyStatus(): EnrolmentRecord[] {
  return [
    enrolment('u-prog', { missing: ['module:m2', 'assessment:final', 'content_approval'] }),
    enrolment('u-consent', { status: 'waiting', waitingOn: 'consent', metAt: '2026-02-01T00:00:00Z' }),
    enrolment('u-hold', {
      status: 'waiting',
      waitingOn: 'hold',
      metAt: '2026-02-01T00:00:00Z',
      dueAt: '2026-02-02T00:00:00Z',
    }),
    enrolment('u-due', { status: 'due', dueAt: '2026-02-01T00:00:00Z' }),
    enrolment('u-issued', {
      status: 'issued',
      credentialId: 'urn:c3',
      issuedAt: '2026-02-10T00:00:00Z',
      generation: 3,
      certificates: [
        cert('urn:c1', '2026-02-01T00:00:00Z', 'superseded'),
        cert('urn:c2', '2026-02-05T00:00:00Z', 'superseded'),
        cert('urn:c3', '2026-02-10T00:00:00Z'),
      ],
    }),
    enrolment('u-revoked', {
      status: 'revoked',
      certificates: [cert('urn:r1', '2026-02-01T00:00:00Z', 'Plagiarism')],
    }),
    enrolment('u-missed', { status: 'missed', missing: ['deadline'] }),
  ];
}

function names(): Map<string, string> {
  return new Map([
    ['u-prog', 'Naledi'],
    ['u-consent', 'Bongani'],
    ['u-hold', 'Ama'],
    ['u-due', 'Zola'],
    ['u-issued', 'Sipho'],
    ['u-revoked', 'Thandi'],
    ['u-missed', 'Lerato'],
  ]);
}

describe('describeMissing', () => {
  it('uses the course titles when given, the ids otherwise', () => {
    expect(describeMissing('module:m2', course())).toBe('module "CSS layout"');
    expect(describeMissing('module:m2')).toBe('module "m2"');
    expect(describeMissing('module:gone', course())).toBe('module "gone"');
    expect(describeMissing('assessment:final', course())).toBe('a pass in "Final assessment"');
    expect(describeMissing('assessment:final')).toBe('a pass in "final"');
  });

  it('words the codes without an id, and returns unknown codes verbatim', () => {
    expect(describeMissing('modules')).toBe('the required modules');
    expect(describeMissing('participation')).toBe('peer reviews or discussion posts');
    expect(describeMissing('content_approval')).toBe('approval of their submitted work');
    expect(describeMissing('deadline')).toBe('meeting the criteria before the deadline');
    expect(describeMissing('survey:s1')).toBe('survey:s1');
    expect(describeMissing('module:a:b')).toBe('module "a:b"');
  });
});

describe('trackBatch', () => {
  it('counts every status and puts what needs attention first', () => {
    const tracker = trackBatch(everyStatus(), names(), course());
    expect(tracker.counts).toEqual({ due: 1, waiting: 2, in_progress: 1, issued: 1, revoked: 1, missed: 1 });
    expect(tracker.rows.map((r) => [r.status, r.name])).toEqual([
      ['due', 'Zola'],
      ['waiting', 'Ama'],
      ['waiting', 'Bongani'],
      ['in_progress', 'Naledi'],
      ['issued', 'Sipho'],
      ['revoked', 'Thandi'],
      ['missed', 'Lerato'],
    ]);
  });

  it('says what is missing, what a participant waits on, and what was issued or revoked', () => {
    const rows = new Map(trackBatch(everyStatus(), names(), course()).rows.map((r) => [r.userId, r]));
    expect(rows.get('u-prog')).toMatchObject({
      missing: ['module "CSS layout"', 'a pass in "Final assessment"', 'approval of their submitted work'],
      detail: 'missing: module "CSS layout", a pass in "Final assessment", approval of their submitted work',
    });
    expect(rows.get('u-consent')).toMatchObject({
      waitingOn: 'consent',
      detail: 'criteria met; waiting for consent to their name on the certificate',
    });
    expect(rows.get('u-hold')).toMatchObject({
      waitingOn: 'hold',
      dueAt: '2026-02-02T00:00:00Z',
      detail: 'criteria met; held until 2026-02-02T00:00:00Z',
    });
    expect(rows.get('u-due')).toMatchObject({ detail: 'criteria met; being issued', missing: [] });
    expect(rows.get('u-issued')).toMatchObject({
      credentialId: 'urn:c3',
      issuedAt: '2026-02-10T00:00:00Z',
      earlier: 2,
      detail: 'issued (re-issued 2 times)',
    });
    expect(rows.get('u-revoked')).toMatchObject({
      revokedReason: 'Plagiarism',
      revokedAt: '2026-03-01T00:00:00Z',
      earlier: 0,
      detail: 'revoked: Plagiarism',
    });
    expect(rows.get('u-missed')).toMatchObject({
      missing: ['meeting the criteria before the deadline'],
      detail: 'deadline passed; missing: meeting the criteria before the deadline',
    });
    expect(rows.get('u-issued')).not.toHaveProperty('waitingOn');
  });

  it('shows someone without a name by id, and orders equal names by id', () => {
    const tracker = trackBatch(
      [enrolment('u2'), enrolment('u1'), enrolment('u3')],
      new Map([
        ['u1', 'Same'],
        ['u2', 'Same'],
      ]),
    );
    expect(tracker.rows.map((r) => [r.name, r.userId])).toEqual([
      ['Same', 'u1'],
      ['Same', 'u2'],
      ['u3', 'u3'],
    ]);
    expect(tracker.rows[0]!.detail).toBe('enrolled, nothing recorded yet');
  });

  it('is empty with zero counts for an empty batch', () => {
    const tracker = trackBatch([], new Map());
    expect(tracker).toEqual({
      counts: { due: 0, waiting: 0, in_progress: 0, issued: 0, revoked: 0, missed: 0 },
      rows: [],
    });
  });
});

describe('trackerGroups', () => {
  it('groups the rows by status in STATUS_ORDER, empty groups included', () => {
    const groups = trackerGroups(trackBatch(everyStatus().slice(0, 3), names(), course()));
    expect(groups.map((g) => g.status)).toEqual(STATUS_ORDER);
    expect(groups.map((g) => [g.label, g.rows.map((r) => r.name)])).toEqual([
      ['Due for issuance', []],
      ['Criteria met, waiting', ['Ama', 'Bongani']],
      ['In progress', ['Naledi']],
      ['Issued', []],
      ['Revoked', []],
      ['Missed the deadline', []],
    ]);
  });
});
