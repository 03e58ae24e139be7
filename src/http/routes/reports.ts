/**
 * The reports API for BI tools: accreditation applications and key figures as JSON
 * (GET /reports/accreditation/applications, GET /reports/accreditation/kpis). Needs an
 * API key with the `reports:read` scope; the same data is a CSV download in the console
 * (/admin/reports). Surveys and their answers (GET /reports/surveys, GET
 * /reports/surveys/:audience/answers) need `surveys:read`; people are pseudonyms unless the
 * key also holds `surveys:identities` (src/surveys/surveyApi.ts).
 */
import { Hono } from 'hono';
import type { AppEnv } from '../env.js';
import { hasScope, requireScope } from '../middleware/auth.js';
import { accreditationExport } from '../../accreditation/accreditationExport.js';
import { apiActor } from './programs.js';
import { surveyAnswersForApi, surveysForApi } from '../../surveys/surveyApi.js';

/** The /reports sub-app. */
export function reportRoutes(): Hono<AppEnv> {
  const read = requireScope('reports:read');
  const surveys = requireScope('surveys:read');
  return new Hono<AppEnv>()
    .get('/accreditation/applications', read, async (c) => {
      const { generatedAt, applications } = await accreditationExport(c.var.deps.accreditation, apiActor(c));
      return c.json({ generatedAt, applications });
    })
    .get('/accreditation/kpis', read, async (c) => {
      const { generatedAt, kpis } = await accreditationExport(c.var.deps.accreditation, apiActor(c));
      return c.json({ generatedAt, kpis });
    })
    .get('/surveys', surveys, async (c) => c.json(await surveysForApi(c.var.deps.messaging, apiActor(c))))
    .get('/surveys/:audience/answers', surveys, async (c) =>
      c.json(
        await surveyAnswersForApi(c.var.deps.messaging, apiActor(c), c.req.param('audience'), {
          after: c.req.query('after'),
          limit: c.req.query('limit'),
          identities: hasScope(c.var.principal, 'surveys:identities'),
        }),
      ),
    );
}
