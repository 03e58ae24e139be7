/**
 * POST /integrations/lms/events: completion and score events from an existing LMS.
 * Two locks on the door: an API key with the `programs:events` scope, and an HMAC-SHA256
 * signature over the exact body with a timestamp (`X-SayPro-Signature: t=...,v1=...`,
 * secret LMS_WEBHOOK_SECRET). A signature older than five minutes is refused, and one
 * already seen is a replay (409); events also carry ids, so an LMS retry that re-signs
 * the same events records nothing twice. Off (404) until the secret is configured.
 */
import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../env.js';
import { parseJsonText } from '../readJson.js';
import { requireScope } from '../middleware/auth.js';
import { AppError } from '../../errors.js';
import { progressEventInput } from '../../programs/programSchemas.js';
import { firstDelivery, verifyWebhookSignature } from '../../programs/webhookSignature.js';
import { recordEventInput } from './programs.js';

/** The header carrying the signature. */
const SIGNATURE_HEADER = 'x-saypro-signature';
/** How old a signature may be, and how long it is remembered against replays (seconds). */
const TOLERANCE_SECONDS = 300;
/** Events per delivery: enough for a class, small enough to answer within a request. */
const MAX_EVENTS = 500;

const deliveryBody = z.union([
  progressEventInput,
  z.object({ events: z.array(progressEventInput).min(1).max(MAX_EVENTS) }),
]);

const REASONS: Record<string, string> = {
  missing: `Sign the body: send "${SIGNATURE_HEADER}: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">"`,
  malformed: `The ${SIGNATURE_HEADER} header is malformed: expected t=<unix seconds>,v1=<64 hex digits>`,
  too_old: `The signature's timestamp is more than ${TOLERANCE_SECONDS} seconds old: sign each delivery when you send it`,
  in_future: `The signature's timestamp is more than ${TOLERANCE_SECONDS} seconds in the future: check the sender's clock`,
  mismatch: 'The signature does not match the body: sign the exact bytes you send with the shared secret',
};

/** The /integrations/lms sub-app. */
export function lmsWebhookRoutes(): Hono<AppEnv> {
  return new Hono<AppEnv>().post('/events', requireScope('programs:events'), async (c) => {
    const deps = c.var.deps;
    const secret = deps.config.lmsWebhookSecret;
    if (!secret)
      throw new AppError(
        'not_found',
        'The LMS webhook is not enabled on this server (LMS_WEBHOOK_SECRET is not set)',
      );
    const type = c.req.header('content-type') ?? '';
    if (!/^application\/json\b/i.test(type))
      throw new AppError(
        'unsupported_media_type',
        'Send the events as JSON with "Content-Type: application/json"',
      );
    const rawBody = await c.req.text();
    const header = c.req.header(SIGNATURE_HEADER);
    const check = verifyWebhookSignature({
      secret,
      rawBody,
      header,
      now: deps.now(),
      toleranceSeconds: TOLERANCE_SECONDS,
    });
    if (!check.ok) throw new AppError('unauthorized', REASONS[check.reason] ?? 'The signature is invalid');
    const expiresAt = new Date((check.timestamp + TOLERANCE_SECONDS) * 1000).toISOString();
    if (!(await firstDelivery(deps, header!, expiresAt))) {
      throw new AppError(
        'conflict',
        'This delivery was received already (same signature): a retry must be signed again',
      );
    }
    const body = parseJsonText(rawBody, deliveryBody);
    const events = 'events' in body ? body.events : [body];
    const results = [];
    for (const event of events) {
      try {
        results.push(await recordEventInput(deps.programs, event, 'lms'));
      } catch (error) {
        // One bad event (an unknown module, say) must not lose the others in the delivery.
        if (!(error instanceof AppError) || error.status >= 500) throw error;
        results.push({ id: event.id, error: { code: error.code, detail: error.detail } });
      }
    }
    const failed = results.filter((r) => 'error' in r).length;
    if (failed === events.length) {
      const first = results[0] as { error: { detail: string } };
      throw new AppError(
        'invalid_request',
        `No event was recorded: ${first.error.detail}${failed > 1 ? ` (and ${failed - 1} more problems)` : ''}`,
        { results },
      );
    }
    return c.json({ received: events.length, failed, results });
  });
}
