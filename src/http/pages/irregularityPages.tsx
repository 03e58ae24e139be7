/**
 * Audit irregularities. Staff (/admin/accreditation/irregularities, the console's
 * middleware): the open ones (or all), the form that records one (against an application
 * when reached from it), one irregularity with its history and the decision form, and the
 * documents of responses. Partners (/partner/irregularities, the partner portal's
 * middleware): their organisation's irregularities, one with the response form (text and a
 * document, multipart, the upload size limit), and their own documents. The domain decides
 * what each actor may see (another organisation's irregularity is a 404).
 */
import { Hono, type Context } from 'hono';
import type { JSX } from 'hono/jsx/jsx-runtime';
import type { AppEnv } from '../env.js';
import type { Actor } from '../../accounts/accountDeps.js';
import { acceptsUploads } from '../middleware/uploads.js';
import { formFields, render } from './pageKit.js';
import { attempt, pageContext, type NoticeData, type PageStatus } from './consoleKit.js';
import { Layout, Notice } from '../views/layout.js';
import { ConsoleShell } from '../views/consoleViews.js';
import {
  decideIrregularity,
  irregularityFile,
  recordIrregularity,
  respondToIrregularity,
} from '../../accreditation/irregularities.js';
import {
  irregularityPage,
  partnerIrregularityList,
  staffIrregularityList,
} from '../../accreditation/irregularityReads.js';
import {
  DecideIrregularityForm,
  IrregularityDetail,
  IrregularityTable,
  RecordIrregularityForm,
  RespondIrregularityForm,
} from '../views/irregularityViews.js';

const STAFF_BASE = '/admin/accreditation/irregularities';
const PARTNER_BASE = '/partner/irregularities';

const DONE: Record<string, string> = {
  recorded: 'The irregularity was recorded and the partner’s members emailed.',
  decided: 'The decision was recorded and the partner’s members emailed.',
  responded: 'Your response was sent; our accreditation team was emailed.',
};

const doneOf = (c: Context<AppEnv>): NoticeData | undefined => {
  const done = c.req.query('done') ?? '';
  return Object.hasOwn(DONE, done) ? { kind: 'success', text: DONE[done]! } : undefined;
};

/** Serves a document of a response (checked to belong to the irregularity). */
async function fileOf(c: Context<AppEnv>, actor: Actor): Promise<Response> {
  const document = await irregularityFile(
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

/** The console list with the record form; `failed` re-shows the form's error. */
async function staffList(
  c: Context<AppEnv>,
  failed?: { notice: NoticeData; status: PageStatus },
): Promise<Response> {
  const { user, actor, csrfToken } = pageContext(c);
  const all = c.req.query('show') === 'all';
  const { rows, organisations, application } = await staffIrregularityList(c.var.deps.accreditation, actor, {
    open: !all,
    applicationId: c.req.query('applicationId') || undefined,
  });
  return render(
    c,
    <ConsoleShell
      title="Audit irregularities"
      current="/admin/accreditation"
      user={user}
      csrfToken={csrfToken}
      notice={failed?.notice}
    >
      <p>
        <a href="/admin/accreditation">Accreditation</a> ·{' '}
        {all ? (
          <a href={STAFF_BASE}>Open ones only</a>
        ) : (
          <a href={`${STAFF_BASE}?show=all`}>All, resolved too</a>
        )}
      </p>
      <h2>{all ? 'Every irregularity' : 'Open irregularities'}</h2>
      {rows.length ? (
        <IrregularityTable rows={rows} base={STAFF_BASE} />
      ) : (
        <p class="empty">{all ? 'No irregularity recorded yet.' : 'No open irregularity.'}</p>
      )}
      <h2>Record an irregularity</h2>
      <p class="hint">
        The partner’s members are emailed what was found and the evidence, and respond from their portal.
      </p>
      <RecordIrregularityForm
        action={STAFF_BASE}
        organisations={organisations}
        selected={application?.organisationId}
        applicationId={application?.id}
        csrfToken={csrfToken}
      />
    </ConsoleShell>,
    failed?.status ?? 200,
  );
}

/** One irregularity, on the reader's side. */
async function showOne(
  c: Context<AppEnv>,
  side: 'staff' | 'partner',
  failed?: { notice: NoticeData; status: PageStatus },
): Promise<Response> {
  const { user, actor, csrfToken } = pageContext(c);
  const { record, organisationName, names } = await irregularityPage(
    c.var.deps.accreditation,
    actor,
    c.req.param('id')!,
  );
  const base = side === 'staff' ? STAFF_BASE : PARTNER_BASE;
  const notice = failed?.notice ?? doneOf(c);
  const body: JSX.Element = (
    <>
      <IrregularityDetail
        record={record}
        organisationName={organisationName}
        names={names}
        base={base}
        applicationBase={side === 'staff' ? '/admin/accreditation' : '/partner/applications'}
      />
      {record.status === 'resolved' ? null : side === 'staff' ? (
        <>
          <h2>Decide</h2>
          <DecideIrregularityForm action={`${base}/${record.id}/decision`} csrfToken={csrfToken} />
        </>
      ) : (
        <>
          <h2>Respond</h2>
          <RespondIrregularityForm action={`${base}/${record.id}/responses`} csrfToken={csrfToken} />
        </>
      )}
    </>
  );
  const title = `Audit irregularity: ${record.what}`;
  return render(
    c,
    side === 'staff' ? (
      <ConsoleShell
        title={title}
        current="/admin/accreditation"
        user={user}
        csrfToken={csrfToken}
        notice={notice}
      >
        <p>
          <a href={STAFF_BASE}>Audit irregularities</a>
        </p>
        {body}
      </ConsoleShell>
    ) : (
      <Layout title={title} user={user} csrfToken={csrfToken}>
        {notice ? <Notice kind={notice.kind}>{notice.text}</Notice> : null}
        <p>
          <a href={PARTNER_BASE}>Audit irregularities</a> · <a href="/partner">My organisation</a>
        </p>
        {body}
      </Layout>
    ),
    failed?.status ?? 200,
  );
}

/** Routes mounted at /admin/accreditation/irregularities (staff and admins). */
export function staffIrregularityRoutes(): Hono<AppEnv> {
  return new Hono<AppEnv>()
    .get('/', (c) => staffList(c))
    .post('/', async (c) => {
      const fields = await formFields(c);
      const result = await attempt(() =>
        recordIrregularity(c.var.deps.accreditation, pageContext(c).actor, fields),
      );
      if (!result.ok) return staffList(c, result);
      return c.redirect(`${STAFF_BASE}/${result.value.id}?done=recorded`, 303);
    })
    .get('/:id', (c) => showOne(c, 'staff'))
    .get('/:id/files/:sha256', (c) => fileOf(c, pageContext(c).actor))
    .post('/:id/decision', async (c) => {
      const fields = await formFields(c);
      const result = await attempt(() =>
        decideIrregularity(c.var.deps.accreditation, pageContext(c).actor, c.req.param('id'), fields),
      );
      if (!result.ok) return showOne(c, 'staff', result);
      return c.redirect(`${STAFF_BASE}/${c.req.param('id')}?done=decided`, 303);
    });
}

/** Routes mounted at /partner/irregularities (partners). */
export function partnerIrregularityRoutes(): Hono<AppEnv> {
  return new Hono<AppEnv>()
    .get('/', async (c) => {
      const { user, actor, csrfToken } = pageContext(c);
      const records = await partnerIrregularityList(c.var.deps.accreditation, actor);
      return render(
        c,
        <Layout title="Audit irregularities" user={user} csrfToken={csrfToken}>
          <p>
            <a href="/partner">My organisation</a>
          </p>
          <p>
            What our accreditation team found in an audit of your organisation, and asks you to respond to.
          </p>
          {records.length ? (
            <IrregularityTable rows={records.map((record) => ({ record }))} base={PARTNER_BASE} />
          ) : (
            <p class="empty">No audit irregularity has been recorded for your organisation.</p>
          )}
        </Layout>,
      );
    })
    .get('/:id', (c) => showOne(c, 'partner'))
    .get('/:id/files/:sha256', (c) => fileOf(c, pageContext(c).actor))
    .post('/:id/responses', acceptsUploads, async (c) => {
      const body = await c.req.parseBody();
      const file = body.file instanceof File && body.file.size > 0 ? body.file : undefined;
      const result = await attempt(async () =>
        respondToIrregularity(c.var.deps.accreditation, pageContext(c).actor, c.req.param('id'), {
          text: typeof body.text === 'string' ? body.text : '',
          file: file ? { name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) } : undefined,
        }),
      );
      if (!result.ok) return showOne(c, 'partner', result);
      return c.redirect(`${PARTNER_BASE}/${c.req.param('id')}?done=responded`, 303);
    });
}
