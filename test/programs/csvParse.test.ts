/**
 * The participant CSV: RFC 4180 quoting with line numbers a person can find, the column
 * rules, and event ids that are the same on every import (so re-importing adds nothing).
 */
import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../src/programs/csvParse.js';
import { parseParticipantCsv, rowToEvents, validateRowAgainstCourse } from '../../src/programs/csvImport.js';
import type { CourseRecord } from '../../src/storage/ports.js';

const course: CourseRecord = {
  id: 'c',
  title: 'C',
  description: '',
  reviewerIds: [],
  createdAt: '',
  createdBy: '',
  updatedAt: '',
  modules: [
    { id: 'm1', title: 'One' },
    { id: 'm2', title: 'Two' },
  ],
  assessments: [{ id: 'Final', title: 'Final', maxScore: 50 }],
};

describe('parseCsv', () => {
  it('reads quoted commas, quotes and line breaks, CRLF and a BOM, counting lines as a person does', () => {
    const text = '\uFEFFa,b\r\n"x, y","say ""hi"""\r\n"multi\nline",z\n\nlast,row';
    expect(parseCsv(text)).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['x, y', 'say "hi"'] },
      { line: 3, fields: ['multi\nline', 'z'] },
      { line: 6, fields: ['last', 'row'] },
    ]);
  });

  it('refuses an unclosed quote', () => {
    expect(() => parseCsv('a\n"open')).toThrow('line 2: a quoted field is not closed');
  });
});

describe('parseParticipantCsv', () => {
  it('reads every column, in any order and case', () => {
    const { rows, errors } = parseParticipantCsv(
      'Name,EMAIL,modules,Score:Final,participation,approved,completed_at\n"Ngcobo-Müller, Zoë",Zoe@Example.org,m1;m2,42,3,yes,2026-11-20\n',
    );
    expect(errors).toEqual([]);
    expect(rows).toEqual([
      {
        line: 2,
        email: 'zoe@example.org',
        name: 'Ngcobo-Müller, Zoë',
        modules: ['m1', 'm2'],
        scores: { Final: 42 },
        participation: 3,
        approved: true,
        completedAt: '2026-11-20T00:00:00.000Z',
      },
    ]);
  });

  it('reports bad cells, duplicates and unknown columns with their line', () => {
    const text =
      'email,score:Final,approved\na@example.org,,no\nnot-an-email,10,yes\nb@example.org,-1,maybe\na@example.org,5,yes\n';
    const { rows, errors } = parseParticipantCsv(text);
    expect(rows.map((r) => r.email)).toEqual(['a@example.org']);
    expect(rows[0]).toMatchObject({ scores: {}, approved: false });
    expect(errors).toEqual([
      { line: 3, message: 'email "not-an-email" is not an email address' },
      { line: 4, message: 'score:Final: "-1" is not a score; approved: "maybe" should be yes or no' },
      { line: 5, message: 'a@example.org already appears on line 2' },
    ]);
    expect(parseParticipantCsv('email,colour\n').errors[0]).toEqual({
      line: 1,
      message: expect.stringMatching(/^Unknown columns: colour/),
    });
    expect(parseParticipantCsv('name\nx\n').errors).toEqual([
      { line: 1, message: 'The header has no "email" column' },
    ]);
    expect(parseParticipantCsv('').errors[0]?.message).toMatch(/empty/);
    expect(parseParticipantCsv('email\na@x.org\nb@x.org\n', { maxRows: 1 }).errors[0]?.message).toMatch(
      /at most 1/,
    );
  });

  it('checks rows against the course', () => {
    const [row] = parseParticipantCsv(
      'email,modules,score:Final,score:quiz\na@example.org,m1;m9,51,3\n',
    ).rows;
    expect(validateRowAgainstCourse(row!, course)).toEqual([
      'the course has no module "m9"',
      'score 51 for "Final" is above its maximum of 50',
      'the course has no assessment "quiz"',
    ]);
  });
});

describe('rowToEvents', () => {
  it('derives the same ids on every import; a higher count adds only the difference', () => {
    const now = new Date('2026-11-25T00:00:00Z');
    const [row] = parseParticipantCsv(
      'email,modules,score:Final,participation,approved\na@example.org,all,40,2,yes\n',
    ).rows;
    const first = rowToEvents(row!, { batchId: 'b', userId: 'u', course, now });
    expect(first.map((e) => e.id)).toEqual([
      'csv:b:a@example.org:module:m1',
      'csv:b:a@example.org:module:m2',
      'csv:b:a@example.org:score:Final:40',
      'csv:b:a@example.org:participation:1',
      'csv:b:a@example.org:participation:2',
      'csv:b:a@example.org:approved',
    ]);
    expect(first[2]).toMatchObject({
      type: 'assessment_scored',
      assessmentId: 'Final',
      score: 40,
      occurredAt: now.toISOString(),
      source: 'csv',
    });
    const later = rowToEvents(row!, {
      batchId: 'b',
      userId: 'u',
      course,
      now: new Date('2026-12-01T00:00:00Z'),
    });
    expect(later.map((e) => e.id)).toEqual(first.map((e) => e.id));
    const [more] = parseParticipantCsv('email,participation\na@example.org,3\n').rows;
    expect(
      rowToEvents(more!, { batchId: 'b', userId: 'u', course, now })
        .map((e) => e.id)
        .filter((id) => !first.some((e) => e.id === id)),
    ).toEqual(['csv:b:a@example.org:participation:3']);
  });
});
