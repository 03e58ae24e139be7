/**
 * Accreditation pages for both sides. Partners (/partner/applications): start an
 * application, upload documents (multipart, the upload size limit), confirm actions,
 * withdraw, download their own files. Staff (/admin/accreditation): every application,
 * overdue first (filtered by status and additional review), and the same page with review,
 * additional review, assignment, check-ins and lapse. The domain
 * decides what each actor may see (another organisation's application is a 404).
 */
import { Hono, type Context } from 'hono';
import { acceptsUploads } from '../middleware/uploads.js';
import { z } from 'zod';
import type { JSX } from 'hono/jsx/jsx-runtime';
import type { AppEnv } from '../env.js';
import { AppError } from '../../errors.js';
import { formFields, render } from './pageKit.js';
import { pageContext } from './consoleKit.js';
import { Layout } from '../views/layout.js';
import { ConsoleShell } from '../views/consoleViews.js';
import type { Actor } from '../../accounts/accountDeps.js';
import { APPLICATION_STATUSES, ITEM_DECISIONS, type ItemDecision } from '../../storage/ports.js';
import {
  assignStaff,
  confirmAction,
  recordCheckIn,
  startApplication,
  submitDocument,
} from '../../accreditation/applications.js';
import {
  applicationFile,
  applicationPage,
  REVIEW_FILTERS,
  staffApplicationOverview,
} from '../../accreditation/applicationOverview.js';
import { requestAdditionalReview } from '../../accreditation/additionalReview.js';
import { staffIrregularityRoutes } from './irregularityPages.js';
import { staffOrganisationDetailsRoutes } from './organisationDetailsPages.js';
import { endApplication, reviewItem, startItemReview } from '../../accreditation/applicationReview.js';
import {
  ApplicationDetail,
  ApplicationTable,
  STATUS_LABELS,
  type ApplicationPageData,
} from '../views/accreditationView.js';
import { accreditationTypeRoutes } from './accreditationTypePages.js';
import { staffCheckInRoutes } from './checkInPages.js';
import { giveCycleFeedback, quarterlyReport, quarterOf } from '../../accreditation/quarterlyReport.js';
import { ReportSections } from '../views/reportSectionsView.js';
import { textReportPdf } from '../../reports/textReportPdf.js';
import { KpiTable } from '../views/accreditationView.js';
import { partnerIssuerStanding } from '../../trust/partnerIssuers.js';
import { RegisteredIssuerDid } from '../views/consoleTrustView.js';
import { organisationDetailsFor } from '../../accreditation/organisationDetails.js';
import { OrganisationDetailsSection } from '../views/organisationDetailsView.js';

export const PARTNER_APPLICATIONS = '/partner/applications';
const REVIEW_FILTER_LABELS: Record<(typeof REVIEW_FILTERS)[number], string> = {
  additional: 'under additional review',
  additional_mine: 'waiting for my additional review',
};
const STAFF_APPLICATIONS = '/admin/accreditation';

/**
 * The staff list's ?status= and ?review= filters: empty means any; the values are the
 * domain's statuses and review filters (items in additional review, anyone's or mine).
 */
const statusFilter = z
  .object({
    status: z.union([z.literal(''), z.enum(APPLICATION_STATUSES)]).optional(),
    review: z.union([z.literal(''), z.enum(REVIEW_FILTERS)]).optional(),
  })
  .transform(({ status, review }) => ({ ...(status ? { status } : {}), ...(review ? { review } : {}) }));

async function pageData(
  c: Context<AppEnv>,
  actor: Actor,
  id: string,
  side: 'partner' | 'staff',
): Promise<ApplicationPageData> {
  const { summary, people, staff } = await applicationPage(c.var.deps.accreditation, actor, id);
  return {
    summary,
    side,
    base: side === 'partner' ? PARTNER_APPLICATIONS : STAFF_APPLICATIONS,
    people,
    staff,
    viewerId: actor.id,
  };
}

/** What each change did, in words, shown on the application page it leads back to (?done=<code>). */
const DONE: Record<string, string> = {
  uploaded:
    'The document was uploaded. It waits for review by our staff; if anything needs changing, you are emailed and the item says what.',
  confirmed:
    'Confirmed. It waits for review by our staff; if anything needs changing, you are emailed and the item says what.',
  withdrawn: 'The application was withdrawn.',
  feedback: 'Thank you for your feedback on this cycle.',
  under_review: 'You took the item up for review: approve it, or ask the partner for a change with guidance.',
  approved: 'The item was approved.',
  accredited:
    'Every item is approved: the organisation is accredited, and its accreditation credential was issued.',
  rejected: 'The item was rejected; the partner was emailed your guidance.',
  clarification: 'The partner was asked for clarification and emailed your guidance.',
  assigned: 'The assignment was saved.',
  check_in: 'The check-in meeting was recorded.',
  lapsed: 'The application was marked lapsed and its credential revoked.',
  additional_review:
    'Sent to additional review: the second reviewer was emailed, and the partner told when to expect the decision.',
};

/** The notice for the page's ?done= code, if it names one. */
function doneNotice(code: string | undefined): { kind: 'success'; text: string } | undefined {
  return code && Object.hasOwn(DONE, code) ? { kind: 'success', text: DONE[code]! } : undefined;
}

/** Back to the application page, saying what was done. */
const backTo = (base: string, id: string, done: string) => `${base}/${id}?done=${done}`;

/** Serves a file of the application (checked to belong to it). */
async function fileOf(c: Context<AppEnv>, actor: Actor): Promise<Response> {
  const document = await applicationFile(
    c.var.deps.accreditation,
    actor,
    c.req.param('id')!,
    c.req.param('sha256')!,
  );
  return c.body(document.bytes as Uint8Array<ArrayBuffer>, 200, {
    'content-type': document.mediaType,
    'content-disposition': `attachment; filename="${document.name.replace(/"/g, '')}"`,
    'x-content-type-options': 'nosniff',
  });
}

/** A quarterly report as a page or a PDF (`2026-Q4` or `2026-Q4.pdf`). */
async function reportResponse(
  c: Context<AppEnv>,
  actor: Actor,
  organisationId: string,
  file: string,
  shell: (title: string, body: JSX.Element) => JSX.Element,
): Promise<Response> {
  const match = /^(\d{4}-Q[1-4])(\.pdf)?$/.exec(file);
  if (!match) throw new AppError('not_found', 'No such report: use a quarter such as 2026-Q4');
  const report = await quarterlyReport(c.var.deps.accreditation, actor, organisationId, match[1]!);
  if (match[2]) {
    const pdf = await textReportPdf({ title: report.title, sections: report.sections });
    return c.body(pdf as Uint8Array<ArrayBuffer>, 200, {
      'content-type': 'application/pdf',
      'content-disposition': `attachment; filename="accreditation-${match[1]}.pdf"`,
    });
  }
  return render(
    c,
    shell(
      report.title,
      <>
        <p>
          <a href={`${c.req.path}.pdf`}>Download PDF</a>
        </p>
        <ReportSections sections={report.sections} />
      </>,
    ),
  );
}

/** Routes mounted at /partner/reports (the partner portal's middleware applies). */
export function partnerReportRoutes(): Hono<AppEnv> {
  return new Hono<AppEnv>().get('/:file', (c) => {
    const { user, actor, csrfToken } = pageContext(c);
    if (!user.organisationId)
      throw new AppError('not_found', 'Your account is not linked to an organisation');
    return reportResponse(c, actor, user.organisationId, c.req.param('file'), (title, body) => (
      <Layout title={title} user={user} csrfToken={csrfToken}>
        <p>
          <a href="/partner">My organisation</a>
        </p>
        {body}
      </Layout>
    ));
  });
}

/** Routes mounted at /partner/applications (the partner portal's middleware applies). */
export function partnerApplicationRoutes(): Hono<AppEnv> {
  return new Hono<AppEnv>()
    .post('/', async (c) => {
      const fields = await formFields(c);
      const application = await startApplication(c.var.deps.accreditation, pageContext(c).actor, {
        typeId: fields.typeId ?? '',
      });
      return c.redirect(`${PARTNER_APPLICATIONS}/${application.id}`, 303);
    })
    .get('/:id', async (c) => {
      const { user, actor, csrfToken } = pageContext(c);
      const data = await pageData(c, actor, c.req.param('id'), 'partner');
      const typeName = data.summary.application.type.name;
      // Types are often named "... accreditation" already; never "... accreditation accreditation".
      const title = /\baccreditation$/i.test(typeName.trim()) ? typeName : `${typeName} accreditation`;
      return render(
        c,
        <Layout title={title} user={user} csrfToken={csrfToken}>
          {(() => {
            const notice = doneNotice(c.req.query('done'));
            return notice ? (
              <p class="notice success" role="status">
                {notice.text}
              </p>
            ) : null;
          })()}
          <p>
            <a href="/partner">My organisation</a>
          </p>
          <ApplicationDetail data={data} csrfToken={csrfToken} />
        </Layout>,
      );
    })
    .get('/:id/files/:sha256', (c) => fileOf(c, pageContext(c).actor))
    .post('/:id/items/:itemId/documents', acceptsUploads, async (c) => {
      const body = await c.req.parseBody();
      const file = body.file;
      if (!(file instanceof File) || file.size === 0)
        throw new AppError('invalid_request', 'Choose a file to upload');
      const note = typeof body.note === 'string' ? body.note : '';
      await submitDocument(
        c.var.deps.accreditation,
        pageContext(c).actor,
        c.req.param('id'),
        c.req.param('itemId'),
        { name: file.name, bytes: new Uint8Array(await file.arrayBuffer()), note },
      );
      return c.redirect(backTo(PARTNER_APPLICATIONS, c.req.param('id'), 'uploaded'), 303);
    })
    .post('/:id/items/:itemId/confirm', async (c) => {
      const fields = await formFields(c);
      await confirmAction(
        c.var.deps.accreditation,
        pageContext(c).actor,
        c.req.param('id'),
        c.req.param('itemId'),
        fields.note ?? '',
      );
      return c.redirect(backTo(PARTNER_APPLICATIONS, c.req.param('id'), 'confirmed'), 303);
    })
    .post('/:id/withdraw', async (c) => {
      const fields = await formFields(c);
      await endApplication(
        c.var.deps.accreditation,
        pageContext(c).actor,
        c.req.param('id'),
        'withdrawn',
        fields.reason ?? '',
      );
      return c.redirect(backTo(PARTNER_APPLICATIONS, c.req.param('id'), 'withdrawn'), 303);
    })
    .post('/:id/feedback', async (c) => {
      const fields = await formFields(c);
      await giveCycleFeedback(
        c.var.deps.accreditation,
        pageContext(c).actor,
        c.req.param('id'),
        Number(fields.score),
        fields.comment,
      );
      return c.redirect(backTo(PARTNER_APPLICATIONS, c.req.param('id'), 'feedback'), 303);
    });
}

/** Routes mounted at /admin/accreditation (the console's middleware applies). */
export function staffApplicationRoutes(): Hono<AppEnv> {
  return new Hono<AppEnv>()
    .route('/types', accreditationTypeRoutes())
    .route('/check-ins', staffCheckInRoutes())
    .route('/irregularities', staffIrregularityRoutes())
    .route('/organisations', staffOrganisationDetailsRoutes())
    .get('/', async (c) => {
      const { user, actor, csrfToken } = pageContext(c);
      const parsed = statusFilter.safeParse({ status: c.req.query('status'), review: c.req.query('review') });
      if (!parsed.success)
        throw new AppError(
          'invalid_request',
          `status: choose ${APPLICATION_STATUSES.join(', ')}; review: choose ${REVIEW_FILTERS.join(', ')}`,
        );
      const status = parsed.data;
      const { items, anyTypeOpen, kpis } = await staffApplicationOverview(
        c.var.deps.accreditation,
        actor,
        status,
      );
      const quarter = quarterOf(c.var.deps.now());
      return render(
        c,
        <ConsoleShell title="Accreditation" current={STAFF_APPLICATIONS} user={user} csrfToken={csrfToken}>
          <p>
            <a href={`${STAFF_APPLICATIONS}/types`}>Accreditation types</a> ·{' '}
            <a href={`${STAFF_APPLICATIONS}/check-ins`}>Check-ins and coaching calls</a> ·{' '}
            <a href={`${STAFF_APPLICATIONS}/irregularities`}>Audit irregularities</a>
          </p>
          <form method="get" action={STAFF_APPLICATIONS} class="filters">
            <label for="a-status">Status</label>
            <select id="a-status" name="status">
              <option value="" selected={!status.status}>
                any
              </option>
              {APPLICATION_STATUSES.map((s) => (
                <option value={s} selected={status.status === s}>
                  {STATUS_LABELS[s]}
                </option>
              ))}
            </select>
            <label for="a-review">Review</label>
            <select id="a-review" name="review">
              <option value="" selected={!status.review}>
                any
              </option>
              {REVIEW_FILTERS.map((r) => (
                <option value={r} selected={status.review === r}>
                  {REVIEW_FILTER_LABELS[r]}
                </option>
              ))}
            </select>
            <button type="submit">Show</button>
          </form>
          {items.length > 0 ? (
            <ApplicationTable items={items} base={STAFF_APPLICATIONS} />
          ) : anyTypeOpen ? (
            <p class="empty">No applications match.</p>
          ) : (
            <p class="empty">
              No applications yet. Partners apply from their portal once an accreditation is open: define one
              under <a href={`${STAFF_APPLICATIONS}/types`}>Accreditation types</a>.
            </p>
          )}
          <h2>Key figures</h2>
          <KpiTable
            rows={kpis.map((row) => ({
              name: row.name,
              kpis: row.kpis,
              ...(row.organisationId
                ? { report: `${STAFF_APPLICATIONS}/organisations/${row.organisationId}/reports/${quarter}` }
                : {}),
            }))}
          />
        </ConsoleShell>,
      );
    })
    .get('/:id{[0-9a-f-]{36}}', async (c) => {
      const { user, actor, csrfToken } = pageContext(c);
      const data = await pageData(c, actor, c.req.param('id'), 'staff');
      const issuer = await partnerIssuerStanding(c.var.deps, actor, data.summary.application.organisationId);
      const organisation = await organisationDetailsFor(
        c.var.deps.accreditation,
        actor,
        data.summary.application.organisationId,
      );
      const done = doneNotice(c.req.query('done'));
      return render(
        c,
        <ConsoleShell
          title={`${data.summary.organisationName}: ${data.summary.application.type.name}`}
          current={STAFF_APPLICATIONS}
          user={user}
          csrfToken={csrfToken}
          notice={done}
        >
          <p>
            <a href={STAFF_APPLICATIONS}>All applications</a> ·{' '}
            <a href={`${STAFF_APPLICATIONS}/irregularities?applicationId=${data.summary.application.id}`}>
              Record an audit irregularity
            </a>{' '}
            ·{' '}
            <a
              href={`${STAFF_APPLICATIONS}/organisations/${data.summary.application.organisationId}/details`}
            >
              Edit the organisation’s details
            </a>
          </p>
          <ApplicationDetail data={data} csrfToken={csrfToken} />
          <RegisteredIssuerDid issuer={issuer} />
          <OrganisationDetailsSection view={organisation} />
        </ConsoleShell>,
      );
    })
    .get('/:id/files/:sha256', (c) => fileOf(c, pageContext(c).actor))
    .get('/organisations/:organisationId/reports/:file', (c) => {
      const { user, actor, csrfToken } = pageContext(c);
      return reportResponse(c, actor, c.req.param('organisationId'), c.req.param('file'), (title, body) => (
        <ConsoleShell title={title} current={STAFF_APPLICATIONS} user={user} csrfToken={csrfToken}>
          {body}
        </ConsoleShell>
      ));
    })
    .post('/:id/items/:itemId/review', async (c) => {
      const fields = await formFields(c);
      if (fields.decision === 'under_review') {
        await startItemReview(
          c.var.deps.accreditation,
          pageContext(c).actor,
          c.req.param('id'),
          c.req.param('itemId'),
        );
        return c.redirect(backTo(STAFF_APPLICATIONS, c.req.param('id'), 'under_review'), 303);
      }
      const decision = fields.decision as ItemDecision;
      if (!ITEM_DECISIONS.includes(decision))
        throw new AppError('invalid_request', `decision: choose ${ITEM_DECISIONS.join(', ')}`);
      const reviewed = await reviewItem(
        c.var.deps.accreditation,
        pageContext(c).actor,
        c.req.param('id'),
        c.req.param('itemId'),
        decision,
        fields.guidance,
      );
      return c.redirect(
        backTo(
          STAFF_APPLICATIONS,
          c.req.param('id'),
          reviewed.status === 'approved' ? 'accredited' : decision,
        ),
        303,
      );
    })
    .post('/:id/additional-review', async (c) => {
      const fields = await formFields(c);
      await requestAdditionalReview(c.var.deps.accreditation, pageContext(c).actor, c.req.param('id'), {
        itemId: fields.itemId || undefined,
        reviewerId: fields.reviewerId ?? '',
        reason: fields.reason ?? '',
      });
      return c.redirect(backTo(STAFF_APPLICATIONS, c.req.param('id'), 'additional_review'), 303);
    })
    .post('/:id/assign', async (c) => {
      const fields = await formFields(c);
      await assignStaff(
        c.var.deps.accreditation,
        pageContext(c).actor,
        c.req.param('id'),
        fields.staffId || undefined,
      );
      return c.redirect(backTo(STAFF_APPLICATIONS, c.req.param('id'), 'assigned'), 303);
    })
    .post('/:id/check-ins', async (c) => {
      const fields = await formFields(c);
      await recordCheckIn(
        c.var.deps.accreditation,
        pageContext(c).actor,
        c.req.param('id'),
        fields.notes ?? '',
      );
      return c.redirect(backTo(STAFF_APPLICATIONS, c.req.param('id'), 'check_in'), 303);
    })
    .post('/:id/end', async (c) => {
      const fields = await formFields(c);
      if (fields.outcome !== 'lapsed' && fields.outcome !== 'withdrawn')
        throw new AppError('invalid_request', 'outcome: choose lapsed or withdrawn');
      await endApplication(
        c.var.deps.accreditation,
        pageContext(c).actor,
        c.req.param('id'),
        fields.outcome,
        fields.reason ?? '',
      );
      return c.redirect(backTo(STAFF_APPLICATIONS, c.req.param('id'), fields.outcome), 303);
    });
}
