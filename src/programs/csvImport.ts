/**
 * The participant CSV of a batch, read into typed rows and turned into progress events.
 * Columns (header row required, any order, case-insensitive): `email` (required), `name`,
 * `modules` (`all` or `m1;m2`), `score:<assessment id>`, `participation` (a count),
 * `approved` (yes/no), `completed_at` (ISO date or date-time). Event ids are derived from
 * the batch, the email and the fact (`csv:<batch>:<email>:module:m1`), never from the
 * time of import, so importing the same file twice records nothing twice, and a larger
 * participation count adds only the difference.
 */
import type { CourseRecord, ProgressEvent } from '../storage/ports.js';
import { parseCsv } from './csvParse.js';

/** One participant line of the CSV. */
export interface ParticipantRow {
  /** The line it is on (header = 1). */
  line: number;
  email: string;
  name?: string;
  modules?: 'all' | string[];
  scores: Record<string, number>;
  participation?: number;
  approved?: boolean;
  completedAt?: string;
}

/** Parsed rows and the problems found (the rows with problems are left out). */
export interface ParsedCsv {
  rows: ParticipantRow[];
  errors: { line: number; message: string }[];
}

const KNOWN = new Set(['email', 'name', 'modules', 'participation', 'approved', 'completed_at']);
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const YES = new Set(['yes', 'y', 'true', '1']);
const NO = new Set(['no', 'n', 'false', '0']);

/** Reads one cell into the row; returns a problem or undefined. */
function readCell(row: ParticipantRow, column: string, raw: string): string | undefined {
  const value = raw.trim();
  if (column.startsWith('score:')) {
    if (value === '') return undefined;
    const score = Number(value);
    if (!Number.isFinite(score) || score < 0) return `${column}: "${value}" is not a score`;
    row.scores[column.slice('score:'.length)] = score;
    return undefined;
  }
  if (value === '') return column === 'email' ? 'email is empty' : undefined;
  switch (column) {
    case 'email':
      if (!EMAIL.test(value)) return `email "${value}" is not an email address`;
      row.email = value.toLowerCase();
      return undefined;
    case 'name':
      row.name = value;
      return undefined;
    case 'modules':
      row.modules =
        value.toLowerCase() === 'all'
          ? 'all'
          : value
              .split(';')
              .map((m) => m.trim())
              .filter(Boolean);
      return undefined;
    case 'participation':
      if (!/^\d{1,4}$/.test(value)) return `participation: "${value}" is not a whole number`;
      row.participation = Number(value);
      return undefined;
    case 'approved':
      if (YES.has(value.toLowerCase())) row.approved = true;
      else if (NO.has(value.toLowerCase())) row.approved = false;
      else return `approved: "${value}" should be yes or no`;
      return undefined;
    case 'completed_at': {
      const at = Date.parse(value);
      if (!/^\d{4}-\d{2}-\d{2}/.test(value) || Number.isNaN(at))
        return `completed_at: "${value}" is not an ISO date`;
      row.completedAt = new Date(at).toISOString();
      return undefined;
    }
  }
  return undefined;
}

/** Parses a participant CSV. */
export function parseParticipantCsv(text: string, options: { maxRows?: number } = {}): ParsedCsv {
  const maxRows = options.maxRows ?? 20_000;
  let records: ReturnType<typeof parseCsv>;
  try {
    records = parseCsv(text);
  } catch (error) {
    return { rows: [], errors: [{ line: 1, message: (error as Error).message }] };
  }
  const [header, ...body] = records;
  if (!header)
    return {
      rows: [],
      errors: [{ line: 1, message: 'The file is empty: it needs a header row with an "email" column' }],
    };
  // Column names are case-insensitive; the assessment id inside score:<id> keeps its case.
  const columns = header.fields.map((c) =>
    /^score:/i.test(c.trim()) ? `score:${c.trim().slice(6)}` : c.trim().toLowerCase(),
  );
  const errors: ParsedCsv['errors'] = [];
  if (!columns.includes('email')) errors.push({ line: 1, message: 'The header has no "email" column' });
  const unknown = columns.filter((c) => !KNOWN.has(c) && !/^score:[A-Za-z0-9][A-Za-z0-9._-]*$/.test(c));
  if (unknown.length > 0)
    errors.push({
      line: 1,
      message: `Unknown columns: ${unknown.join(', ')} (expected email, name, modules, score:<assessment>, participation, approved, completed_at)`,
    });
  if (errors.length > 0) return { rows: [], errors };
  if (body.length > maxRows)
    return {
      rows: [],
      errors: [{ line: 1, message: `The file has ${body.length} rows; import at most ${maxRows} at a time` }],
    };
  const rows: ParticipantRow[] = [];
  const seen = new Map<string, number>();
  for (const record of body) {
    const row: ParticipantRow = { line: record.line, email: '', scores: {} };
    const problems = columns
      .map((column, i) => readCell(row, column, record.fields[i] ?? ''))
      .filter((p): p is string => p !== undefined);
    if (record.fields.length > columns.length)
      problems.push(`${record.fields.length} cells but the header has ${columns.length}`);
    const first = seen.get(row.email);
    if (problems.length === 0 && first !== undefined)
      problems.push(`${row.email} already appears on line ${first}`);
    if (problems.length > 0) {
      errors.push({ line: record.line, message: problems.join('; ') });
      continue;
    }
    seen.set(row.email, record.line);
    rows.push(row);
  }
  return { rows, errors };
}

/** Problems of a row against the batch's course (unknown module or assessment, score over the maximum). */
export function validateRowAgainstCourse(row: ParticipantRow, course: CourseRecord): string[] {
  const problems: string[] = [];
  const modules = new Set(course.modules.map((m) => m.id));
  for (const id of row.modules === 'all' ? [] : (row.modules ?? []))
    if (!modules.has(id)) problems.push(`the course has no module "${id}"`);
  for (const [id, score] of Object.entries(row.scores)) {
    const assessment = course.assessments.find((a) => a.id === id);
    if (!assessment) problems.push(`the course has no assessment "${id}"`);
    else if (score > assessment.maxScore)
      problems.push(`score ${score} for "${id}" is above its maximum of ${assessment.maxScore}`);
  }
  return problems;
}

/** The progress events a row stands for, with ids that are the same on every import. */
export function rowToEvents(
  row: ParticipantRow,
  context: { batchId: string; userId: string; course: CourseRecord; now: Date },
): ProgressEvent[] {
  const { batchId, userId, course } = context;
  const occurredAt = row.completedAt ?? context.now.toISOString();
  const prefix = `csv:${batchId}:${row.email}`;
  const base = { batchId, userId, occurredAt, source: 'csv', recordedAt: context.now.toISOString() };
  const events: ProgressEvent[] = [];
  // "all" becomes one event per module, so a module added to the course later is not implied.
  const modules = row.modules === 'all' ? course.modules.map((m) => m.id) : (row.modules ?? []);
  for (const moduleId of modules)
    events.push({ ...base, id: `${prefix}:module:${moduleId}`, type: 'module_completed', moduleId });
  for (const [assessmentId, score] of Object.entries(row.scores)) {
    events.push({
      ...base,
      id: `${prefix}:score:${assessmentId}:${score}`,
      type: 'assessment_scored',
      assessmentId,
      score,
    });
  }
  for (let n = 1; n <= (row.participation ?? 0); n++)
    events.push({ ...base, id: `${prefix}:participation:${n}`, type: 'participation' });
  if (row.approved) events.push({ ...base, id: `${prefix}:approved`, type: 'content_approved' });
  return events;
}
