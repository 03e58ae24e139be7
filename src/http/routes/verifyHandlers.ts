/**
 * The VC-API verify handlers, shared by the Node app's /credentials and /presentations
 * sub-apps and by the Workers verifier: read the body, verify, answer the result (200)
 * or a problem+json `verification_failed` (400) that still carries every check.
 * /credentials/verify also takes an Open Badges baked image (image/png, image/svg+xml)
 * as the body and verifies the credential inside it the same way.
 */
import type { Context } from 'hono';
import { readJsonText } from '../readJson.js';
import { toProblem } from '../../errors.js';
import { bakedImageType } from '../../rendering/baking.js';
import type { Verifier } from '../../verification/verifier.js';
import type { VerificationResult } from '../../verification/result.js';

function answer(c: Context, result: VerificationResult, fallback: string): Response {
  if (result.verified) return c.json(result, 200);
  const problem = toProblem('verification_failed', result.errors[0]?.message ?? fallback, c.get('requestId'), { ...result });
  return c.json(problem, 400, { 'content-type': 'application/problem+json' });
}

const JSON_OR_BADGE =
  'Send the body as JSON with "Content-Type: application/json", or a baked Open Badges image as "image/png" or "image/svg+xml"';

/** POST /credentials/verify: `{verifiableCredential, options?}`, or a baked PNG or SVG badge. */
export async function handleVerifyCredential(c: Context, verifier: Verifier): Promise<Response> {
  const imageType = bakedImageType(c.req.header('content-type'));
  const result = imageType
    ? await verifier.bakedImage(await c.req.arrayBuffer(), imageType)
    : await verifier.credentialRequest(await readJsonText(c, JSON_OR_BADGE));
  return answer(c, result, 'The credential did not verify');
}

/** POST /presentations/verify: `{verifiablePresentation, options?: {challenge, domain}}`. */
export async function handleVerifyPresentation(c: Context, verifier: Verifier): Promise<Response> {
  const result = await verifier.presentationRequest(await readJsonText(c));
  return answer(c, result, 'The presentation did not verify');
}
