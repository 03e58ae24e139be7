/**
 * JSON text to a validated value: 400 malformed_json for text that is not JSON, 400
 * invalid_request with every zod issue spelled out for a value of the wrong shape. Shared
 * by the HTTP layer (readJson.ts) and the verification threads, which parse request bodies
 * off the event loop.
 */
import type { z } from 'zod';
import { AppError } from './errors.js';

type Issue = { path: PropertyKey[]; message: string; code?: string; errors?: Issue[][] };

/**
 * Spells out each issue with its field path. For a union (several accepted body shapes)
 * zod reports one top-level "Invalid input"; the branch with the fewest issues is the
 * shape the caller most likely meant, so its issues are the ones shown.
 */
function describeIssues(issues: readonly Issue[], prefix: PropertyKey[] = []): string[] {
  return issues.flatMap((issue) => {
    const path = [...prefix, ...issue.path];
    if (issue.code === 'invalid_union' && issue.errors?.length) {
      const closest = [...issue.errors].sort((a, b) => a.length - b.length)[0]!;
      if (closest.length) return describeIssues(closest, path);
    }
    return [`${path.length ? path.map(String).join('.') : 'body'}: ${issue.message}`];
  });
}

/**
 * Parses JSON text and validates it: for routes that need the raw text first (the LMS
 * webhook checks its signature over the exact bytes before parsing anything).
 */
export function parseJsonText<T extends z.ZodType>(text: string, schema: T): z.output<T> {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (error) {
    throw new AppError('malformed_json', `The body is not valid JSON: ${(error as Error).message}`);
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    const issues = describeIssues(parsed.error.issues);
    throw new AppError('invalid_request', `The request body is invalid: ${issues.join('; ')}`, { issues });
  }
  return parsed.data;
}
