/**
 * The partner's accreditation pages (/partner/applications): start an application,
 * upload documents (multipart, the upload size limit), confirm actions, withdraw, give
 * feedback on the cycle, download their own files; and the quarterly reports
 * (/partner/reports). The domain decides what each actor may see (another
 * organisation's application is a 404). The staff's side is staffApplicationPages.tsx.
 */
import { Hono } from 'hono';
import { acceptsUploads } from '../middleware/uploads.js';
import type { AppEnv } from '../env.js';
import { AppError } from '../../errors.js';
import { formFields, render } from './pageKit.js';
import { pageContext } from './consoleKit.js';
import { Layout } from '../views/layout.js';
import { confirmAction, startApplication, submitDocument } from '../../accreditation/applications.js';
import { endApplication } from '../../accreditation/applicationReview.js';
import { ApplicationDetail } from '../views/accreditationView.js';
import { giveCycleFeedback } from '../../accreditation/quarterlyReport.js';

import {
  PARTNER_APPLICATIONS,
  backTo,
  doneNotice,
  fileOf,
  pageData,
  reportResponse,
} from './accreditationPageKit.js';

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
