/**
 * The checks of the sign-up and new-password forms, collecting every problem at once (one
 * per field, in the order the fields appear) before the domain call, so a person fixes
 * everything in one go instead of meeting the rules one refusal at a time. The domain
 * functions check again (they are the authority, and other callers use them); these checks
 * only decide what to say next to which field.
 */
import { z } from 'zod';
import { normaliseEmail } from '../../accounts/users.js';
import { passwordProblem } from '../../accounts/passwords.js';
import { cleanDisplayName, OWN_NAME } from '../../accounts/displayNames.js';
import { addProblem, formProblems, type FieldProblem } from './formProblems.js';

const signupForm = z.object({
  email: z.string().trim().min(1, { error: 'Enter your email address' }),
  password: z.string().min(1, { error: 'Choose a password' }),
  acceptedTerms: z.literal('yes', {
    error: 'Accept the terms of use and the privacy notice to create an account',
  }),
});

const SIGNUP_ORDER = ['name', 'email', 'password', 'acceptedTerms'];

/** The first zod issue of each field, as problems. */
function issuesOf(result: z.ZodSafeParseResult<unknown>): FieldProblem[] {
  const problems: FieldProblem[] = [];
  for (const issue of result.error?.issues ?? []) addProblem(problems, String(issue.path[0]), issue.message);
  return problems;
}

function inOrder(problems: FieldProblem[], order: string[]): FieldProblem[] {
  return [...problems].sort((a, b) => order.indexOf(a.field ?? '') - order.indexOf(b.field ?? ''));
}

/**
 * The sentence a domain check refuses a value with (displayNames.ts for the name,
 * normaliseEmail for the address), or undefined when it passes: the form says exactly what
 * the domain would.
 */
function refusalOf(check: () => unknown, fallback: string): string | undefined {
  try {
    check();
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : fallback;
  }
}

/** The sign-up form, checked whole; throws every problem at once (formProblems). */
export function checkSignupForm(fields: Record<string, string>): {
  name: string;
  email: string;
  password: string;
  acceptedTerms: boolean;
} {
  const input = {
    name: fields.name ?? '',
    email: fields.email ?? '',
    password: fields.password ?? '',
    acceptedTerms: fields.acceptedTerms ?? '',
  };
  const problems = issuesOf(signupForm.safeParse(input));
  addProblem(
    problems,
    'name',
    refusalOf(() => cleanDisplayName(input.name, OWN_NAME), OWN_NAME.missing),
  );
  if (input.email.trim())
    addProblem(
      problems,
      'email',
      refusalOf(() => normaliseEmail(input.email), 'Enter a valid email address'),
    );
  if (input.password)
    addProblem(
      problems,
      'password',
      passwordProblem(input.password, { email: input.email, name: input.name }),
    );
  if (problems.length > 0) throw formProblems(inOrder(problems, SIGNUP_ORDER));
  return { name: input.name, email: input.email, password: input.password, acceptedTerms: true };
}

/**
 * The reset-password form (a new password typed twice), checked whole. Only the rules that
 * need no account are checked here: the account is known to the domain call, which adds
 * "not your email address" next to the password. A missing token belongs to the form.
 */
export function checkResetPasswordForm(fields: Record<string, string>): { token: string; password: string } {
  const password = fields.password ?? '';
  const problems: FieldProblem[] = [];
  if (!fields.token?.trim())
    problems.push({ message: 'This reset link is incomplete; open the link from the email again' });
  addProblem(
    problems,
    'password',
    password ? passwordProblem(password, { email: '' }) : 'Choose a new password',
  );
  if (password && (fields.confirm ?? '') !== password)
    addProblem(problems, 'confirm', 'The two passwords differ; type the same new password twice');
  if (problems.length > 0) throw formProblems(problems);
  return { token: fields.token!, password };
}
