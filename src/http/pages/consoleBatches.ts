/**
 * One batch in the console (/admin/programmes/batches/:id): the tracker and its CSV, staff
 * actions on a participant's certificate (and sending a consent request again), enrolling
 * someone, CSV import with a dry run; and the reports dashboard with its CSV (/admin/programmes/reports).
 */
import { Hono, type Context } from 'hono';
import { acceptsUploads } from '../middleware/uploads.js';
import type { AppEnv } from '../env.js';
import { AppError } from '../../errors.js';
import { formFields, render } from './pageKit.js';
import { attempt, pageContext, requireField, type NoticeData, type PageStatus } from './consoleKit.js';
import { batchTracker, programReport } from '../../programs/tracking.js';
import { resendConsentRequest, trackerWithConsentRequests } from '../../programs/consentReminders.js';
import { trackerCsv } from '../../programs/issuanceTracker.js';
import { programReportCsv } from '../../programs/reportCsv.js';
import { importParticipants, type ImportResult } from '../../programs/csvImportRun.js';
import { enrolAndTell } from '../../programs/enrolmentEmail.js';
import { issueManually, reissueCertificate, revokeCertificate } from '../../programs/staffIssuance.js';
import { csvDownload, readPeriod } from '../routes/programs.js';
import { BatchPage } from '../views/consoleBatchView.js';
import { batchPageExtras, requireKnownParticipant } from '../../programs/programReads.js';
import { batchPath } from '../views/consoleProgramsView.js';
import { ProgrammeReportsPage } from '../views/consoleProgramReportsView.js';

const DONE: Record<string, string> = {
  created: 'The batch was created.',
  enrolled: 'The participant was enrolled; their progress is evaluated as events arrive.',
  issue: 'The certificate was issued.',
  // Said the same whether or not an email could reach them: the tracker's row says which.
  issue_waiting:
    'Not issued yet: the participant has not agreed to their name on a certificate. The certificate is issued the moment they agree; the tracker shows them as waiting for consent, since when, and whether the request email went out.',
  issue_not_issued: 'Not issued: the tracker shows why.',
  resent: 'The consent request was sent again. The tracker shows the date of this reminder.',
  resent_queued:
    'The consent request is queued but has not gone yet: the mail server did not take it. The outbox retries it; the tracker shows when it goes.',
  revoke: 'The certificate was revoked.',
  reissue: 'A new certificate was issued and the previous one revoked as superseded.',
};

/** Outcomes that are not (yet) what was asked for: shown as information, not success. */
const NOT_DONE_YET = new Set([DONE.issue_waiting, DONE.issue_not_issued, DONE.resent_queued]);

async function showBatch(
  c: Context<AppEnv>,
  options: {
    notice?: NoticeData | undefined;
    status?: PageStatus;
    imported?: ImportResult;
    csv?: string;
  } = {},
): Promise<Response> {
  const { user, actor, csrfToken } = pageContext(c);
  const { batch, course, tracker, consent } = await trackerWithConsentRequests(
    c.var.deps.programs,
    actor,
    c.req.param('id') ?? '',
  );
  const { certificates, templateName } = await batchPageExtras(
    c.var.deps.programs,
    actor,
    batch,
    tracker.rows.flatMap((r) => (r.credentialId ? [r.credentialId] : [])),
  );
  const done = DONE[c.req.query('done') ?? ''];
  const notice =
    options.notice ??
    (done
      ? { kind: NOT_DONE_YET.has(done) ? ('info' as const) : ('success' as const), text: done }
      : undefined);
  return render(
    c,
    BatchPage({
      user,
      csrfToken,
      notice,
      batch,
      course,
      tracker,
      certificates,
      consent,
      templateName,
      imported: options.imported,
      ...(options.csv !== undefined ? { csv: options.csv } : {}),
    }),
    options.status ?? 200,
  );
}

const ACTIONS = ['issue', 'revoke', 'reissue'] as const;

/** Routes of batches and reports under /admin/programmes. */
export function consoleBatchRoutes(): Hono<AppEnv> {
  return (
    new Hono<AppEnv>()
      .get('/batches/:id', (c) => showBatch(c))
      .get('/batches/:id/tracker.csv', async (c) => {
        const { batch, tracker } = await batchTracker(
          c.var.deps.programs,
          pageContext(c).actor,
          c.req.param('id'),
        );
        return csvDownload(c, `tracker-${batch.id}.csv`, trackerCsv(tracker));
      })
      .post('/batches/:id/enrol', async (c) => {
        const fields = await formFields(c);
        const batchId = c.req.param('id');
        const result = await attempt(async () => {
          const email = requireField(fields, 'email', "Enter the participant's email");
          const name = fields.name?.trim();
          return enrolAndTell(c.var.deps.programs, batchId, name ? { email, name } : { email });
        });
        if (!result.ok) return showBatch(c, { notice: result.notice, status: result.status });
        return c.redirect(`${batchPath(batchId)}?done=enrolled`, 303);
      })
      .post('/batches/:id/import', acceptsUploads, async (c) => {
        const body = await c.req.parseBody();
        const fields = await formFields(c);
        const file = body.file;
        const text = file instanceof File && file.size > 0 ? await file.text() : (fields.csv ?? '');
        const dryRun = fields.mode !== 'import';
        const result = await attempt(async () => {
          if (!text.trim()) throw new AppError('invalid_request', 'Choose a CSV file or paste its contents');
          return importParticipants(c.var.deps.programs, pageContext(c).actor, c.req.param('id'), text, {
            dryRun,
          });
        });
        if (!result.ok)
          return showBatch(c, { notice: result.notice, status: result.status, csv: fields.csv ?? '' });
        return showBatch(c, { imported: result.value, csv: dryRun ? text : '' });
      })
      // Before the per-action route below, which answers 404 for any action it does not know.
      .post('/batches/:id/participants/:userId/resend-consent', async (c) => {
        // A form POST like every tracker action (another content type is a 415); it has no fields but the CSRF token.
        await formFields(c);
        const batchId = c.req.param('id');
        const result = await attempt(() =>
          resendConsentRequest(c.var.deps.programs, pageContext(c).actor, batchId, c.req.param('userId')),
        );
        if (!result.ok) return showBatch(c, { notice: result.notice, status: result.status });
        return c.redirect(
          `${batchPath(batchId)}?done=${result.value.email.status === 'sent' ? 'resent' : 'resent_queued'}`,
          303,
        );
      })
      .post('/batches/:id/participants/:userId/:action', async (c) => {
        const action = c.req.param('action') as (typeof ACTIONS)[number];
        if (!ACTIONS.includes(action)) throw new AppError('not_found', 'No such action');
        const fields = await formFields(c);
        const { actor } = pageContext(c);
        const [batchId, userId, deps] = [c.req.param('id'), c.req.param('userId'), c.var.deps.programs];
        // issueManually enrols whoever it is given; an unknown id must not leave an enrolment behind.
        await requireKnownParticipant(deps, actor, userId);
        const result = await attempt(() =>
          action === 'issue'
            ? issueManually(deps, actor, batchId, userId, fields.reason)
            : action === 'revoke'
              ? revokeCertificate(deps, actor, batchId, userId, fields.reason)
              : reissueCertificate(deps, actor, batchId, userId, {
                  reason: fields.reason,
                  ...(fields.name?.trim() ? { name: fields.name } : {}),
                }),
        );
        if (!result.ok) return showBatch(c, { notice: result.notice, status: result.status });
        const done =
          action !== 'issue' || result.value.status === 'issued'
            ? action
            : result.value.status === 'waiting' && result.value.waitingOn === 'consent'
              ? 'issue_waiting'
              : 'issue_not_issued';
        return c.redirect(`${batchPath(batchId)}?done=${done}`, 303);
      })
      .get('/reports', async (c) => {
        const { user, actor, csrfToken } = pageContext(c);
        const period = readPeriod(c.req.query());
        const report = await programReport(c.var.deps.programs, actor, period);
        return render(c, ProgrammeReportsPage({ user, csrfToken, report, from: period.from, to: period.to }));
      })
      .get('/reports.csv', async (c) =>
        csvDownload(
          c,
          'programme-report.csv',
          programReportCsv(
            await programReport(c.var.deps.programs, pageContext(c).actor, readPeriod(c.req.query())),
          ),
        ),
      )
  );
}
