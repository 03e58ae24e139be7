/** VC-API presentation verification (public). */
import { Hono } from 'hono';
import type { AppEnv } from '../env.js';
import { handleVerifyPresentation } from './verifyHandlers.js';

/** The /presentations sub-app. */
export function presentationRoutes(): Hono<AppEnv> {
  return new Hono<AppEnv>().post('/verify', (c) => handleVerifyPresentation(c, c.var.deps.verifier));
}
