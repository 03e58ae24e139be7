/**
 * Showing every problem of a submitted form at once (GOV.UK "error summary" pattern)
 * instead of one per attempt: a form check collects a problem per field and throws them
 * together as one invalid_request; attemptForm turns that, or any other expected failure,
 * into a list the view shows as a summary at the top (each linking to its field) and as a
 * message next to each field. A domain error that names its field (`extra.field`, e.g. the
 * password policy) lands next to that field too.
 */
import { AppError } from '../../errors.js';
import type { FormStatus } from './publicKit.js';

/** One problem: `field` is the input's name, absent for the form as a whole (a rate limit). */
export interface FieldProblem {
  field?: string | undefined;
  message: string;
}

const FORM_STATUSES = new Set<number>([400, 401, 403, 404, 409, 429]);

/** The AppError a form check throws when it found problems (one per field, in form order). */
export function formProblems(problems: FieldProblem[]): AppError {
  return new AppError('invalid_request', problems.map((p) => p.message).join('; '), { problems });
}

/** The problems an error carries: the check's list, or its one message tied to its field. */
function problemsOf(error: AppError): FieldProblem[] {
  const listed = error.extra?.problems;
  if (Array.isArray(listed)) return listed as FieldProblem[];
  const field = error.extra?.field;
  return [{ ...(typeof field === 'string' ? { field } : {}), message: error.detail }];
}

/**
 * Runs a form's action; an AppError with a form status becomes `{ problems, status }`,
 * anything else (a bug, an infrastructure fault, 413/415) propagates to onError.
 */
export async function attemptForm<T>(
  action: () => Promise<T>,
): Promise<
  { value: T; problems?: undefined } | { value?: undefined; problems: FieldProblem[]; status: FormStatus }
> {
  try {
    return { value: await action() };
  } catch (error) {
    if (error instanceof AppError && FORM_STATUSES.has(error.status))
      return { problems: problemsOf(error), status: error.status as FormStatus };
    throw error;
  }
}

/** Adds a problem for `field` unless it already has one (a field shows its first problem only). */
export function addProblem(problems: FieldProblem[], field: string, message: string | undefined): void {
  if (message && !problems.some((p) => p.field === field)) problems.push({ field, message });
}
