/**
 * Reads and validates a JSON request body: 415 for a non-JSON content type, 400 for
 * malformed JSON, 400 with every zod issue spelled out for a body of the wrong shape.
 * The size limit is enforced before this by the body-limit middleware (413).
 */
import type { Context } from 'hono';
import type { z } from 'zod';
import { AppError } from '../errors.js';

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

const JSON_ONLY = 'Send the body as JSON with "Content-Type: application/json"';

/**
 * Parses the body as JSON and validates it with a zod schema. `unsupportedDetail` is the
 * 415 sentence, for a route that also takes other media types.
 */
export async function readJson<T extends z.ZodType>(c: Context, schema: T, unsupportedDetail = JSON_ONLY): Promise<z.output<T>> {
  const type = c.req.header('content-type') ?? '';
  if (!/^application\/([a-z.+-]*\+)?json\b/i.test(type)) {
    throw new AppError('unsupported_media_type', unsupportedDetail);
  }
  return parseJsonText(await c.req.text(), schema);
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
