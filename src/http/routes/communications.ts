/**
 * The communications API for integrations: POST /communications/notices sends (or plans)
 * one notice, such as a payment receipt, through the templates and the outbox. Needs an
 * API key with the `communications:send` scope.
 */
import { Hono } from 'hono';
import type { AppEnv } from '../env.js';
import { readJson } from '../readJson.js';
import { requireScope } from '../middleware/auth.js';
import { noticeInput, sendExternalNotice } from '../../notifications/externalNotices.js';
import { apiActor } from './programs.js';

/** The /communications sub-app. */
export function communicationRoutes(): Hono<AppEnv> {
  return new Hono<AppEnv>().post('/notices', requireScope('communications:send'), async (c) => {
    const input = await readJson(c, noticeInput);
    const result = await sendExternalNotice(c.var.deps, apiActor(c), input);
    return c.json(result, result.duplicate ? 200 : 202);
  });
}
