/**
 * Reads and validates a JSON request body: 415 for a non-JSON content type, 400 for
 * malformed JSON, 400 with every zod issue spelled out for a body of the wrong shape.
 * The size limit is enforced before this by the body-limit middleware (413).
 */
import type { Context } from 'hono';
import type { z } from 'zod';
import { AppError } from '../errors.js';
import { parseJsonText } from '../jsonText.js';

// The LMS webhook checks its signature over the exact bytes before parsing anything.
export { parseJsonText } from '../jsonText.js';

const JSON_ONLY = 'Send the body as JSON with "Content-Type: application/json"';

/**
 * Parses the body as JSON and validates it with a zod schema. `unsupportedDetail` is the
 * 415 sentence, for a route that also takes other media types.
 */
export async function readJson<T extends z.ZodType>(
  c: Context,
  schema: T,
  unsupportedDetail = JSON_ONLY,
): Promise<z.output<T>> {
  return parseJsonText(await readJsonText(c, unsupportedDetail), schema);
}

/** The body of a JSON request as text, unparsed (415 for another media type): for bodies parsed off the event loop. */
export async function readJsonText(c: Context, unsupportedDetail = JSON_ONLY): Promise<string> {
  if (!/^application\/([a-z.+-]*\+)?json\b/i.test(c.req.header('content-type') ?? '')) {
    throw new AppError('unsupported_media_type', unsupportedDetail);
  }
  return c.req.text();
}
