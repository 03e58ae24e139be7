/**
 * /admin/reports: the kept monthly and quarterly programme reports (list, one report, its
 * CSV), the admin's choice of who receives them (recipients), and the accreditation CSV
 * exports for BI tools. Behind the console's session, CSRF and staff role; the domain
 * checks the role again (choosing recipients is for admins).
 */
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../env.js';
import { AppError } from '../../errors.js';
import { formFields, render } from './pageKit.js';
import { attempt, formValues, pageContext, type NoticeData, type PageStatus } from './consoleKit.js';
import { csvDownload } from '../routes/programs.js';
import {
  chooseReportRecipients,
  KEPT_REPORTS_PATH,
  keptReport,
  keptReportCsv,
  reportRecipients,
  reportsOverview,
} from '../../programs/scheduledReports.js';
import { accreditationExport, applicationsCsv, kpisCsv } from '../../accreditation/accreditationExport.js';
import { KeptReportPage, RecipientsPage, ReportsPage } from '../views/consoleReportsView.js';

/** The recipients form: the ticked staff, by id (none ticked: nobody). */
const recipientsForm = z.array(z.string().min(1).max(100)).max(500);

async function showRecipients(
  c: Context<AppEnv>,
  options: { notice?: NoticeData; status?: PageStatus } = {},
): Promise<Response> {
  const { user, actor, csrfToken } = pageContext(c);
  const { chosen, candidates } = await reportRecipients(c.var.deps.programs, actor);
  const notice =
    options.notice ??
    (c.req.query('done') === 'saved'
      ? { kind: 'success' as const, text: 'The recipients were saved.' }
      : undefined);
  return render(
    c,
    RecipientsPage({
      user,
      csrfToken,
      notice,
      candidates,
      chosen: chosen.userIds,
      updatedAt: chosen.updatedAt,
    }),
    options.status ?? 200,
  );
}

/** Routes mounted at /admin/reports. */
export function consoleReportRoutes(): Hono<AppEnv> {
  return new Hono<AppEnv>()
    .get('/', async (c) => {
      const { user, actor, csrfToken } = pageContext(c);
      const { reports, recipients } = await reportsOverview(c.var.deps.programs, actor);
      return render(c, ReportsPage({ user, csrfToken, reports, recipients }));
    })
    .get('/recipients', (c) => showRecipients(c))
    .post('/recipients', async (c) => {
      await formFields(c);
      const parsed = recipientsForm.safeParse(await formValues(c, 'recipient'));
      if (!parsed.success) throw new AppError('invalid_request', 'Choose recipients from the list');
      const result = await attempt(() =>
        chooseReportRecipients(c.var.deps.programs, pageContext(c).actor, parsed.data),
      );
      if (!result.ok) return showRecipients(c, { notice: result.notice, status: result.status });
      return c.redirect(`${KEPT_REPORTS_PATH}/recipients?done=saved`, 303);
    })
    .get('/kept/:id', async (c) => {
      const { user, actor, csrfToken } = pageContext(c);
      const record = await keptReport(c.var.deps.programs, actor, c.req.param('id'));
      return render(c, KeptReportPage({ user, csrfToken, record }));
    })
    .get('/kept/:id/report.csv', async (c) => {
      const { fileName, csv } = await keptReportCsv(
        c.var.deps.programs,
        pageContext(c).actor,
        c.req.param('id'),
      );
      return csvDownload(c, fileName, csv);
    })
    .get('/accreditation-applications.csv', async (c) =>
      csvDownload(
        c,
        'accreditation-applications.csv',
        applicationsCsv(await accreditationExport(c.var.deps.accreditation, pageContext(c).actor)),
      ),
    )
    .get('/accreditation-kpis.csv', async (c) =>
      csvDownload(
        c,
        'accreditation-kpis.csv',
        kpisCsv(await accreditationExport(c.var.deps.accreditation, pageContext(c).actor)),
      ),
    );
}
