/**
 * The programmes API for integrations (API keys): courses and batches
 * (`programs:manage`), enrolments and progress events (`programs:events`), and staff
 * actions on a participant's certificate (`programs:manage`). The console offers the
 * same through pages; both call the same domain functions.
 */
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../env.js';
import { readJson } from '../readJson.js';
import { acceptsUploads } from '../middleware/uploads.js';
import { requireScope } from '../middleware/auth.js';
import { AppError } from '../../errors.js';
import type { Actor } from '../../accounts/accountDeps.js';
import {
  batchInput,
  courseInput,
  progressEventInput,
  type ProgressEventInput,
} from '../../programs/programSchemas.js';
import { createBatch, createCourse, updateBatch, updateCourse } from '../../programs/courses.js';
import { batchEnrolments, batchFor, courseWithBatches, listCourses } from '../../programs/programReads.js';
import { recordProgress, resolveParticipant } from '../../programs/enrolments.js';
import { enrolAndTell } from '../../programs/enrolmentEmail.js';
import { issueManually, reissueCertificate, revokeCertificate } from '../../programs/staffIssuance.js';
import { importParticipants } from '../../programs/csvImportRun.js';
import { batchTracker, programReport } from '../../programs/tracking.js';
import { trackerCsv } from '../../programs/issuanceTracker.js';
import { programReportCsv } from '../../programs/reportCsv.js';
import type { ProgramDeps } from '../../programs/programDeps.js';
import type { EnrolmentRecord } from '../../storage/ports.js';

/** The audit actor of an API key (routes check its scope before the domain runs). */
export function apiActor(c: Context<AppEnv>): Actor {
  const principal = c.var.principal;
  if (!principal) throw new AppError('unauthorized', 'This endpoint needs an API key');
  return { id: `api_key:${principal.keyId}`, label: `API key "${principal.name}"`, role: 'api_key' };
}

const participantBody = z.object({
  participant: z.union([
    z.object({ userId: z.string().min(1).max(100) }),
    z.object({ email: z.email().max(320), name: z.string().trim().min(1).max(200).optional() }),
  ]),
});
const reasonBody = z.object({ reason: z.string().max(500).optional(), name: z.string().max(200).optional() });

/** The enrolment as the API shows it (no internal version counter). */
function enrolmentView(enrolment: EnrolmentRecord): Omit<EnrolmentRecord, 'version'> {
  const { version: _version, ...view } = enrolment;
  return view;
}

/** Records one event from the API or the webhook; returns what happened to it. */
export async function recordEventInput(
  deps: ProgramDeps,
  input: ProgressEventInput,
  source: string,
): Promise<{ id: string; recorded: boolean; enrolment: Omit<EnrolmentRecord, 'version'> }> {
  const user = await resolveParticipant(deps, input.participant);
  const { recorded, enrolment } = await recordProgress(deps, {
    id: input.id,
    batchId: input.batchId,
    userId: user.id,
    type: input.type,
    ...(input.moduleId ? { moduleId: input.moduleId } : {}),
    ...(input.assessmentId ? { assessmentId: input.assessmentId } : {}),
    ...(input.score !== undefined ? { score: input.score } : {}),
    occurredAt: input.occurredAt ? new Date(input.occurredAt).toISOString() : deps.now().toISOString(),
    source,
  });
  return { id: input.id, recorded, enrolment: enrolmentView(enrolment) };
}

const manage = requireScope('programs:manage');

const period = z.object({
  from: z
    .string()
    .regex(/^\d{4}-\d{2}(-\d{2})?$/, 'use YYYY-MM or YYYY-MM-DD')
    .optional(),
  to: z
    .string()
    .regex(/^\d{4}-\d{2}(-\d{2})?$/, 'use YYYY-MM or YYYY-MM-DD')
    .optional(),
});

/** Reads ?from=&to= (a 400 naming the field when malformed). */
export function readPeriod(query: Record<string, string>): { from?: string; to?: string } {
  const parsed = period.safeParse(query);
  if (!parsed.success)
    throw new AppError(
      'invalid_request',
      `The period is invalid: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    );
  return {
    ...(parsed.data.from ? { from: parsed.data.from } : {}),
    ...(parsed.data.to ? { to: parsed.data.to } : {}),
  };
}

/** A CSV download response (the API's and the console's). */
export function csvDownload(c: Context<AppEnv>, name: string, body: string): Response {
  return c.body(body, 200, {
    'content-type': 'text/csv; charset=utf-8',
    'content-disposition': `attachment; filename="${name}"`,
  });
}

/** The /programs sub-app. */
export function programRoutes(): Hono<AppEnv> {
  return new Hono<AppEnv>()
    .get('/courses', manage, async (c) =>
      c.json({ courses: await listCourses(c.var.deps.programs, apiActor(c)) }),
    )
    .post('/courses', manage, async (c) =>
      c.json(await createCourse(c.var.deps.programs, apiActor(c), await readJson(c, courseInput)), 201),
    )
    .get('/courses/:id', manage, async (c) => {
      return c.json(await courseWithBatches(c.var.deps.programs, apiActor(c), c.req.param('id')));
    })
    .put('/courses/:id', manage, async (c) =>
      c.json(
        await updateCourse(
          c.var.deps.programs,
          apiActor(c),
          c.req.param('id'),
          await readJson(c, courseInput),
        ),
      ),
    )
    .post('/batches', manage, async (c) =>
      c.json(await createBatch(c.var.deps.programs, apiActor(c), await readJson(c, batchInput)), 201),
    )
    .get('/batches/:id', manage, async (c) => {
      return c.json(await batchFor(c.var.deps.programs, apiActor(c), c.req.param('id')));
    })
    .put('/batches/:id', manage, async (c) =>
      c.json(
        await updateBatch(c.var.deps.programs, apiActor(c), c.req.param('id'), await readJson(c, batchInput)),
      ),
    )
    .post('/batches/:id/enrolments', requireScope('programs:events'), async (c) => {
      const { participant } = await readJson(c, participantBody);
      const enrolment = await enrolAndTell(c.var.deps.programs, c.req.param('id'), participant);
      return c.json(enrolmentView(enrolment), 201);
    })
    .get('/batches/:id/enrolments', manage, async (c) => {
      return c.json({
        enrolments: (await batchEnrolments(c.var.deps.programs, apiActor(c), c.req.param('id'))).map(
          enrolmentView,
        ),
      });
    })
    .get('/batches/:id/tracker', manage, async (c) => {
      const { batch, tracker } = await batchTracker(c.var.deps.programs, apiActor(c), c.req.param('id'));
      return c.json({ batchId: batch.id, ...tracker });
    })
    .get('/batches/:id/tracker.csv', manage, async (c) => {
      const { batch, tracker } = await batchTracker(c.var.deps.programs, apiActor(c), c.req.param('id'));
      return csvDownload(c, `tracker-${batch.id}.csv`, trackerCsv(tracker));
    })
    .get('/reports', manage, async (c) =>
      c.json(await programReport(c.var.deps.programs, apiActor(c), readPeriod(c.req.query()))),
    )
    .get('/reports.csv', manage, async (c) =>
      csvDownload(
        c,
        'programme-report.csv',
        programReportCsv(await programReport(c.var.deps.programs, apiActor(c), readPeriod(c.req.query()))),
      ),
    )
    .post('/events', requireScope('programs:events'), async (c) => {
      const result = await recordEventInput(
        c.var.deps.programs,
        await readJson(c, progressEventInput),
        'api',
      );
      return c.json(result, result.recorded ? 201 : 200);
    })
    .post('/batches/:id/import', manage, acceptsUploads, async (c) => {
      if (!/^text\/(csv|plain)\b/i.test(c.req.header('content-type') ?? '')) {
        throw new AppError(
          'unsupported_media_type',
          'Send the participants as CSV with "Content-Type: text/csv"',
        );
      }
      const dryRun = ['1', 'true'].includes(c.req.query('dryRun') ?? '');
      return c.json(
        await importParticipants(c.var.deps.programs, apiActor(c), c.req.param('id'), await c.req.text(), {
          dryRun,
        }),
      );
    })
    .post('/batches/:id/participants/:userId/issue', manage, async (c) => {
      const { reason } = await readJson(c, reasonBody);
      const enrolment = await issueManually(
        c.var.deps.programs,
        apiActor(c),
        c.req.param('id'),
        c.req.param('userId'),
        reason,
      );
      // 202 while it waits on the participant's consent: decided, not yet issued.
      return c.json(enrolmentView(enrolment), enrolment.status === 'issued' ? 200 : 202);
    })
    .post('/batches/:id/participants/:userId/revoke', manage, async (c) => {
      const { reason } = await readJson(c, reasonBody);
      return c.json(
        enrolmentView(
          await revokeCertificate(
            c.var.deps.programs,
            apiActor(c),
            c.req.param('id'),
            c.req.param('userId'),
            reason,
          ),
        ),
      );
    })
    .post('/batches/:id/participants/:userId/reissue', manage, async (c) => {
      const { reason, name } = await readJson(c, reasonBody);
      const input = { reason, ...(name !== undefined ? { name } : {}) };
      return c.json(
        enrolmentView(
          await reissueCertificate(
            c.var.deps.programs,
            apiActor(c),
            c.req.param('id'),
            c.req.param('userId'),
            input,
          ),
        ),
      );
    });
}
