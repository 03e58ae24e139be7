/**
 * The staff's accreditation pages (/admin/accreditation): every application, overdue first
 * (filtered by status and additional review), and each application's page with review,
 * additional review, assignment, check-ins and lapse; the accreditation types, check-ins,
 * audit irregularities and organisation details mount here too. The domain decides what
 * each actor may see.
 */
import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../env.js';
import { AppError } from '../../errors.js';
import { formFields, render } from './pageKit.js';
import { pageContext } from './consoleKit.js';
import { ConsoleShell } from '../views/consoleViews.js';
import { APPLICATION_STATUSES, ITEM_DECISIONS, type ItemDecision } from '../../storage/ports.js';
import { assignStaff, recordCheckIn } from '../../accreditation/applications.js';
import { REVIEW_FILTERS, staffApplicationOverview } from '../../accreditation/applicationOverview.js';
import { requestAdditionalReview } from '../../accreditation/additionalReview.js';
import { staffIrregularityRoutes } from './irregularityPages.js';
import { staffOrganisationDetailsRoutes } from './organisationDetailsPages.js';
import { endApplication, reviewItem, startItemReview } from '../../accreditation/applicationReview.js';
import { ApplicationDetail, ApplicationTable, STATUS_LABELS } from '../views/accreditationView.js';
import { accreditationTypeRoutes } from './accreditationTypePages.js';
import { staffCheckInRoutes } from './checkInPages.js';
import { quarterOf } from '../../accreditation/quarterlyReport.js';
import { KpiTable } from '../views/accreditationKpiView.js';
import { partnerIssuerStanding } from '../../trust/partnerIssuers.js';
import { RegisteredIssuerDid } from '../views/consoleTrustView.js';
import { organisationDetailsFor } from '../../accreditation/organisationDetails.js';
import { OrganisationDetailsSection } from '../views/organisationDetailsView.js';

import {
  STAFF_APPLICATIONS,
  backTo,
  doneNotice,
  fileOf,
  pageData,
  reportResponse,
} from './accreditationPageKit.js';

const REVIEW_FILTER_LABELS: Record<(typeof REVIEW_FILTERS)[number], string> = {
  additional: 'under additional review',
  additional_mine: 'waiting for my additional review',
};
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
