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

export const communicationRoutes = new Hono<AppEnv>().post(
  '/notices',
  requireScope('communications:send'),
  async (c) => {
    const input = await readJson(c, noticeInput);
    const deps = c.var.deps;
    const result = await sendExternalNotice(
      { notifications: deps.notifications, stores: deps.stores, now: deps.now },
      apiActor(c),
      input,
    );
    return c.json(result, result.duplicate ? 200 : 202);
  },
);
