/**
 * The reports API for BI tools: accreditation applications and key figures as JSON
 * (GET /reports/accreditation/applications, GET /reports/accreditation/kpis). Needs an
 * API key with the `reports:read` scope; the same data is a CSV download in the console
 * (/admin/reports).
 */
import { Hono } from 'hono';
import type { AppEnv } from '../env.js';
import { requireScope } from '../middleware/auth.js';
import { accreditationExport } from '../../accreditation/accreditationExport.js';
import { apiActor } from './programs.js';

/** The /reports sub-app. */
export function reportRoutes(): Hono<AppEnv> {
  const read = requireScope('reports:read');
  return new Hono<AppEnv>()
    .get('/accreditation/applications', read, async (c) => {
      const { generatedAt, applications } = await accreditationExport(c.var.deps.accreditation, apiActor(c));
      return c.json({ generatedAt, applications });
    })
    .get('/accreditation/kpis', read, async (c) => {
      const { generatedAt, kpis } = await accreditationExport(c.var.deps.accreditation, apiActor(c));
      return c.json({ generatedAt, kpis });
    });
}
