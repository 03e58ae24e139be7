/**
 * Importing a batch's participants from CSV (console, API and `npm run issue`): each row
 * becomes progress events with deterministic ids, recorded and evaluated like any other,
 * so importing the same file twice issues nothing twice and a run killed half-way is
 * finished by running it again. A dry run writes nothing: it folds the row's events into
 * what is already recorded and says, per line, what would happen and why not.
 */
import { yieldToEventLoop } from '../scheduling/yieldToEventLoop.js';
import { AppError } from '../errors.js';
import type { Actor } from '../accounts/accountDeps.js';
import { audit } from '../accounts/audit.js';
import { currentConsents } from '../accounts/consents.js';
import { normaliseEmail } from '../accounts/users.js';
import type { BatchRecord, CourseRecord, EnrolmentRecord } from '../storage/ports.js';
import type { ProgramDeps } from './programDeps.js';
import { batchWithCourse } from './automaticIssuance.js';
import { requireProgramStaff } from './courses.js';
import { evaluateCriteria } from './criteria.js';
import { recordProgress, resolveParticipant } from './enrolments.js';
import { foldProgress } from './progress.js';
import {
  parseParticipantCsv,
  rowToEvents,
  validateRowAgainstCourse,
  type ParticipantRow,
} from './csvImport.js';

/** What happened (or, in a dry run, would happen) to one line. */
type ImportOutcomeKind =
  | 'issued'
  | 'already_issued'
  | 'would_issue'
  | 'waiting_consent'
  | 'waiting_hold'
  | 'not_met'
  | 'missed'
  | 'error';

/** One line's outcome. */
export interface ImportOutcome {
  line: number;
  email: string;
  outcome: ImportOutcomeKind;
  missing?: string[];
  message?: string;
  credentialId?: string;
}

/** The whole import's outcome. */
export interface ImportResult {
  dryRun: boolean;
  outcomes: ImportOutcome[];
  counts: Partial<Record<ImportOutcomeKind, number>>;
  /** Problems with the file itself (bad header, duplicate email, unreadable cell). */
  errors: { line: number; message: string }[];
}

/** The verdict for a row without writing anything. */
async function dryRunRow(
  deps: ProgramDeps,
  batch: BatchRecord,
  course: CourseRecord,
  row: ParticipantRow,
  line: number,
): Promise<ImportOutcome> {
  const email = normaliseEmail(row.email);
  const user = await deps.stores.users.getByEmail(email);
  if (!user && !row.name)
    return {
      line,
      email,
      outcome: 'error',
      message: 'No account with this email: add a "name" column so one can be created',
    };
  const enrolment = user ? await deps.stores.enrolments.getEnrolment(batch.id, user.id) : undefined;
  if (enrolment?.status === 'issued')
    return {
      line,
      email,
      outcome: 'already_issued',
      ...(enrolment.credentialId ? { credentialId: enrolment.credentialId } : {}),
    };
  const recorded = user ? await deps.stores.enrolments.listEvents(batch.id, user.id) : [];
  const known = new Set(recorded.map((e) => e.id));
  const incoming = rowToEvents(row, {
    batchId: batch.id,
    userId: user?.id ?? 'new',
    course,
    now: deps.now(),
  }).filter((e) => !known.has(e.id));
  const now = deps.now();
  const verdict = evaluateCriteria(
    batch,
    course,
    foldProgress([...recorded, ...incoming]),
    enrolment?.enrolledAt ?? now.toISOString(),
    now,
  );
  if (verdict.missed) return { line, email, outcome: 'missed', missing: verdict.missing };
  if (!verdict.met) return { line, email, outcome: 'not_met', missing: verdict.missing };
  const consented =
    user &&
    currentConsents(await deps.stores.consents.listForUser(user.id)).name_on_certificate?.granted === true;
  if (!consented) return { line, email, outcome: 'waiting_consent' };
  if (batch.holdHours > 0 && Date.parse(verdict.metAt!) + batch.holdHours * 3_600_000 > now.getTime())
    return { line, email, outcome: 'waiting_hold' };
  return { line, email, outcome: 'would_issue' };
}

/** Records a row's events and reports where the enrolment ended up. */
async function importRow(
  deps: ProgramDeps,
  batch: BatchRecord,
  course: CourseRecord,
  row: ParticipantRow,
  line: number,
): Promise<ImportOutcome> {
  const email = normaliseEmail(row.email);
  const before = await deps.stores.users.getByEmail(email);
  const wasIssued =
    before && (await deps.stores.enrolments.getEnrolment(batch.id, before.id))?.status === 'issued';
  const user = await resolveParticipant(deps, row.name ? { email, name: row.name } : { email });
  let enrolment: EnrolmentRecord | undefined;
  for (const event of rowToEvents(row, { batchId: batch.id, userId: user.id, course, now: deps.now() })) {
    ({ enrolment } = await recordProgress(deps, event));
  }
  enrolment ??= (await deps.stores.enrolments.getEnrolment(batch.id, user.id)) ?? undefined;
  const credential = enrolment?.credentialId ? { credentialId: enrolment.credentialId } : {};
  switch (enrolment?.status) {
    case 'issued':
      return { line, email, outcome: wasIssued ? 'already_issued' : 'issued', ...credential };
    case 'waiting':
      return { line, email, outcome: enrolment.waitingOn === 'consent' ? 'waiting_consent' : 'waiting_hold' };
    case 'missed':
      return { line, email, outcome: 'missed', missing: enrolment.missing };
    default:
      return { line, email, outcome: 'not_met', missing: enrolment?.missing ?? [] };
  }
}

/**
 * Imports (or dry-runs) a CSV for a batch. `onRow` reports each line as it is done (the
 * CLI's progress bar). A row that fails is reported and the rest go on.
 */
export async function importParticipants(
  deps: ProgramDeps,
  actor: Actor,
  batchId: string,
  csvText: string,
  options: { dryRun: boolean; onRow?: (outcome: ImportOutcome) => void },
): Promise<ImportResult> {
  requireProgramStaff(actor);
  const { batch, course } = await batchWithCourse(deps, batchId);
  const parsed = parseParticipantCsv(csvText);
  if (parsed.rows.length === 0 && parsed.errors.length > 0) {
    throw new AppError(
      'invalid_request',
      `The CSV cannot be imported: ${parsed.errors
        .slice(0, 3)
        .map((e) => `line ${e.line}: ${e.message}`)
        .join('; ')}`,
      { errors: parsed.errors },
    );
  }
  const outcomes: ImportOutcome[] = [];
  for (const row of parsed.rows) {
    // Each row may sign a certificate: other requests go on between rows.
    await yieldToEventLoop();
    const line = row.line;
    const problems = validateRowAgainstCourse(row, course);
    let outcome: ImportOutcome;
    try {
      if (problems.length > 0)
        outcome = { line, email: row.email, outcome: 'error', message: problems.join('; ') };
      else
        outcome = options.dryRun
          ? await dryRunRow(deps, batch, course, row, line)
          : await importRow(deps, batch, course, row, line);
    } catch (error) {
      if (!(error instanceof AppError) || error.status >= 500) throw error;
      outcome = { line, email: row.email, outcome: 'error', message: error.detail };
    }
    outcomes.push(outcome);
    options.onRow?.(outcome);
  }
  const counts: ImportResult['counts'] = {};
  for (const { outcome } of outcomes) counts[outcome] = (counts[outcome] ?? 0) + 1;
  if (!options.dryRun)
    await audit(
      deps,
      actor,
      'batch.imported',
      { type: 'batch', id: batchId },
      { rows: outcomes.length, counts },
    );
  return { dryRun: options.dryRun, outcomes, counts, errors: parsed.errors };
}
