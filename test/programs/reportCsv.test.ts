/**
 * The report and tracker CSVs: RFC 4180 (CRLF, quoting of commas, quotes and line breaks,
 * read back with a small parser), the section layout with hand-checked rows, and formula
 * injection neutralised in every text cell a participant or staff member can influence.
 */
import { describe, expect, it } from 'vitest';
import {
  programReportCsv,
  REPORT_CSV_HEADER,
  TRACKER_CSV_HEADER,
  trackerCsv,
} from '../../src/programs/reportCsv.js';
import { buildProgramReport } from '../../src/programs/reports.js';
import { trackBatch } from '../../src/programs/issuanceTracker.js';
import type { BatchRecord, CourseRecord, EnrolmentRecord, FeedbackRecord } from '../../src/storage/ports.js';
import { batchRecord, courseRecord, T0 } from '../fixtures/programRecords.js';

function course(id: string, title: string): CourseRecord {
  return courseRecord(id, title);
}

function batch(id: string, courseId: string): BatchRecord {
  return batchRecord(id, courseId);
}

function issued(batchId: string, userId: string, issuedAt: string): EnrolmentRecord {
  return {
    batchId,
    userId,
    enrolledAt: T0,
    status: 'issued',
    missing: [],
    generation: 1,
    version: 1,
    updatedAt: T0,
    credentialId: `urn:${userId}`,
    issuedAt,
    certificates: [{ credentialId: `urn:${userId}`, issuedAt }],
  };
}

function feedback(credentialId: string, rating: number, at: string, comment: string): FeedbackRecord {
  return { credentialId, batchId: 'b2', userId: `u-${credentialId}`, rating, at, comment };
}

/** RFC 4180 read back: fields, quoted fields with doubled quotes and line breaks, CRLF rows. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += c;
  }
  return rows;
}

/** A course whose title needs quoting and neutralising, a certificate in Feb and Apr, hostile comments. */
function report() {
  return buildProgramReport({
    courses: [course('c1', '=HYPERLINK("http://x","click")'), course('c2', 'Data, "advanced"')],
    batches: [batch('b1', 'c1'), batch('b2', 'c2')],
    enrolments: [issued('b1', 'u1', '2026-02-10T00:00:00Z'), issued('b2', 'u2', '2026-04-01T00:00:00Z')],
    submissions: [],
    feedback: [
      feedback('a', 5, '2026-04-03T00:00:00Z', '+cmd|calc'),
      feedback('b', 4, '2026-04-02T00:00:00Z', 'line one\nline two'),
      feedback('c', 3, '2026-04-01T00:00:00Z', '@SUM(A1)'),
    ],
  });
}

describe('programReportCsv', () => {
  it('is CRLF-terminated, with the same five columns on every row', () => {
    const csv = programReportCsv(report());
    expect(csv.endsWith('\r\n')).toBe(true);
    expect(csv.replace(/\r\n/g, '').includes('\r')).toBe(false);
    const rows = parseCsv(csv);
    expect(rows[0]).toEqual(REPORT_CSV_HEADER);
    expect(rows.every((r) => r.length === 5)).toBe(true);
  });

  it('writes each section with the figures of the report', () => {
    const rows = parseCsv(programReportCsv(report()));
    const section = (name: string) => rows.filter((r) => r[0] === name).map((r) => r.slice(1));
    expect(section('totals')).toEqual([
      ['issued', '2', '', ''],
      ['reissued', '0', '', ''],
      ['revoked', '0', '', ''],
    ]);
    expect(section('issued_by_month')).toEqual([
      ['2026-02', '1', '0', ''],
      ['2026-03', '0', '0', ''],
      ['2026-04', '1', '0', ''],
    ]);
    expect(section('issued_by_quarter')).toEqual([
      ['2026-Q1', '1', '0', ''],
      ['2026-Q2', '1', '0', ''],
    ]);
    expect(section('issued_by_course_month').filter((r) => r[1] !== '0')).toEqual([
      ['2026-02', '1', '0', `'=HYPERLINK("http://x","click")`],
      ['2026-04', '1', '0', 'Data, "advanced"'],
    ]);
    expect(section('approval_funnel').map((r) => r[0])).toEqual([
      'submitted',
      'approved',
      'rejected',
      'changesRequested',
      'pending',
      'firstPassApprovalRate',
    ]);
    expect(section('feedback')).toEqual([
      ['count', '3', '', ''],
      ['average_rating', '4', '', ''],
    ]);
    expect(section('feedback_distribution').map((r) => r[1])).toEqual(['0', '0', '1', '1', '1']);
  });

  it('quotes commas, quotes and line breaks, and neutralises formulas', () => {
    const csv = programReportCsv(report());
    expect(csv).toContain(`issued_by_course,"'=HYPERLINK(""http://x"",""click"")",1,0,\r\n`);
    expect(csv).toContain('issued_by_course,"Data, ""advanced""",1,0,4\r\n');
    expect(csv).toContain(`feedback_comment,"Data, ""advanced""",5,2026-04-03T00:00:00Z,'+cmd|calc\r\n`);
    expect(csv).toContain(
      'feedback_comment,"Data, ""advanced""",4,2026-04-02T00:00:00Z,"line one\nline two"\r\n',
    );
    expect(csv).toContain(`feedback_comment,"Data, ""advanced""",3,2026-04-01T00:00:00Z,'@SUM(A1)\r\n`);
    const cells = parseCsv(csv).flat();
    expect(cells.filter((c) => /^[=+\-@\t\r]/.test(c))).toEqual([]);
  });

  it('is a header and zero rows for an empty report', () => {
    const rows = parseCsv(
      programReportCsv(
        buildProgramReport({ courses: [], batches: [], enrolments: [], submissions: [], feedback: [] }),
      ),
    );
    expect(rows[0]).toEqual(REPORT_CSV_HEADER);
    expect(rows.find((r) => r[0] === 'totals' && r[1] === 'issued')).toEqual([
      'totals',
      'issued',
      '0',
      '',
      '',
    ]);
    expect(rows.some((r) => r.join().includes('NaN'))).toBe(false);
  });
});

describe('trackerCsv', () => {
  it('writes one participant a line in tracker order, with names neutralised', () => {
    const enrolments: EnrolmentRecord[] = [
      issued('b1', 'u1', '2026-02-10T00:00:00Z'),
      {
        ...issued('b1', 'u2', T0),
        status: 'in_progress',
        missing: ['participation'],
        certificates: [],
        credentialId: undefined,
        issuedAt: undefined,
      },
      {
        ...issued('b1', 'u3', T0),
        status: 'waiting',
        waitingOn: 'hold',
        dueAt: '2026-03-01T00:00:00Z',
        certificates: [],
        credentialId: undefined,
        issuedAt: undefined,
      },
    ];
    const names = new Map([
      ['u1', '-2+3'],
      ['u2', '\tTabbed, "quoted"'],
      ['u3', 'Carriage\rreturn'],
    ]);
    const csv = trackerCsv(trackBatch(enrolments, names));
    const rows = parseCsv(csv);
    expect(rows[0]).toEqual(TRACKER_CSV_HEADER);
    expect(rows.slice(1).map((r) => [r[0], r[2], r[9]])).toEqual([
      ['Carriage\rreturn', 'waiting', 'hold'],
      [`'\tTabbed, "quoted"`, 'in_progress', ''],
      [`'-2+3`, 'issued', ''],
    ]);
    expect(rows[3]).toEqual([
      `'-2+3`,
      'u1',
      'issued',
      'issued',
      T0,
      '',
      '2026-02-10T00:00:00Z',
      'urn:u1',
      '0',
      '',
      '',
      '',
    ]);
    expect(csv).toContain(`"'\tTabbed, ""quoted"""`);
    expect(csv).toContain('"Carriage\rreturn"');
  });

  it('is the header alone for an empty batch', () => {
    expect(trackerCsv(trackBatch([], new Map()))).toBe(`${TRACKER_CSV_HEADER.join(',')}\r\n`);
  });
});
