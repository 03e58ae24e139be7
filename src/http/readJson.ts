/**
 * Reads and validates a JSON request body: 415 for a non-JSON content type, 400 for
 * malformed JSON, 400 with every zod issue spelled out for a body of the wrong shape.
 * The size limit is enforced before this by the body-limit middleware (413).
 */
import type { Context } from 'hono';
import type { z } from 'zod';
import { AppError } from '../errors.js';

/** Parses the body as JSON and validates it with a zod schema. */
export async function readJson<T extends z.ZodType>(c: Context, schema: T): Promise<z.output<T>> {
  const type = c.req.header('content-type') ?? '';
  if (!/^application\/([a-z.+-]*\+)?json\b/i.test(type)) {
    throw new AppError('unsupported_media_type', 'Send the body as JSON with "Content-Type: application/json"');
  }
  const text = await c.req.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (error) {
    throw new AppError('malformed_json', `The body is not valid JSON: ${(error as Error).message}`);
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.length ? i.path.join('.') : 'body'}: ${i.message}`);
    throw new AppError('invalid_request', `The request body is invalid: ${issues.join('; ')}`, { issues });
  }
  return parsed.data;
}
