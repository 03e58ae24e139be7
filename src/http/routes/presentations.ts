/** VC-API presentation verification (public). */
import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../env.js';
import { readJson } from '../readJson.js';
import { toProblem } from '../../errors.js';
import { verifyPresentation } from '../../verification/verifyPresentation.js';

const body = z.object({
  verifiablePresentation: z.unknown().refine((v) => v !== undefined, '"verifiablePresentation" is required'),
  options: z.object({ challenge: z.string().optional(), domain: z.string().optional() }).loose().optional(),
});

/** The /presentations sub-app. */
export const presentationRoutes = new Hono<AppEnv>().post('/verify', async (c) => {
  const { verifiablePresentation, options = {} } = await readJson(c, body);
  const result = await verifyPresentation(
    verifiablePresentation,
    { ...(options.challenge !== undefined ? { challenge: options.challenge } : {}), ...(options.domain !== undefined ? { domain: options.domain } : {}) },
    c.var.deps.verify,
  );
  if (result.verified) return c.json(result, 200);
  const problem = toProblem('verification_failed', result.errors[0]?.message ?? 'The presentation did not verify', c.var.requestId, { ...result });
  return c.json(problem, 400, { 'content-type': 'application/problem+json' });
});
