/**
 * /admin/trust (admins only): the trust list with add, edit and remove, the JSON export
 * (a download) and import (an upload, all or nothing). A problem a person can fix comes
 * back on the page with what they typed; the domain checks the actor and audits changes.
 */
import { Hono, type Context } from 'hono';
import type { AppEnv } from '../env.js';
import { AppError } from '../../errors.js';
import { requireRole } from '../middleware/roles.js';
import {
  addTrustedIssuer,
  removeTrustedIssuer,
  trustedIssuer,
  updateTrustedIssuer,
} from '../../trust/trustList.js';
import { exportTrustList, importTrustList } from '../../trust/trustListFile.js';
import { trustOverview } from '../../trust/trustOverview.js';
import type { TrustedIssuerInput } from '../../trust/trustedIssuerInput.js';
import { formFields, render } from './pageKit.js';
import { attempt, pageContext, type NoticeData, type PageStatus } from './consoleKit.js';
import {
  formValuesOf,
  TRUST,
  TrustEntryEditPage,
  TrustListPage,
  type EntryFormValues,
  type TrustListData,
} from '../views/consoleTrustView.js';

const DONE = {
  added: 'The issuer was added to the trust list.',
  updated: 'The entry was saved.',
  removed:
    'The issuer was removed from the trust list; its credentials show as from an unknown issuer from now on.',
} as const;

type Done = keyof typeof DONE;

function doneNotice(c: Context<AppEnv>): NoticeData | undefined {
  const done = c.req.query('done') ?? '';
  return Object.hasOwn(DONE, done) ? { kind: 'success', text: DONE[done as Done] } : undefined;
}

const redirectDone = (c: Context<AppEnv>, done: Done) => c.redirect(`${TRUST}?done=${done}`, 303);

/** The entry fields of a submitted form, as typed. */
function entryInput(fields: Record<string, string>): TrustedIssuerInput & EntryFormValues {
  return {
    did: fields.did ?? '',
    name: fields.name ?? '',
    url: fields.url ?? '',
    note: fields.note ?? '',
    validFrom: fields.validFrom ?? '',
    validUntil: fields.validUntil ?? '',
  };
}

async function showList(
  c: Context<AppEnv>,
  extra: Pick<TrustListData, 'form' | 'imported'> & {
    notice?: NoticeData | undefined;
    status?: PageStatus;
  } = {},
): Promise<Response> {
  const { user, actor, csrfToken } = pageContext(c);
  const overview = await trustOverview(c.var.deps, actor);
  return render(
    c,
    TrustListPage({
      ...overview,
      form: extra.form,
      imported: extra.imported,
      user,
      csrfToken,
      notice: extra.notice,
    }),
    extra.status ?? 200,
  );
}

function showEdit(
  c: Context<AppEnv>,
  values: EntryFormValues,
  notice?: NoticeData,
  status: PageStatus = 200,
): Response {
  const { user, csrfToken } = pageContext(c);
  return render(c, TrustEntryEditPage({ values, user, csrfToken, notice }), status);
}

/** The uploaded file's text: a 415 for a body that is no upload, a 400 when the form carries no file. */
async function uploadedText(c: Context<AppEnv>): Promise<string> {
  if (!/^multipart\/form-data/i.test(c.req.header('content-type') ?? ''))
    throw new AppError('unsupported_media_type', 'Send the trust list file as multipart/form-data');
  const file = (await c.req.parseBody()).file;
  if (!(file instanceof File) || file.size === 0)
    throw new AppError('invalid_request', 'Choose a trust list file (JSON) to import');
  return file.text();
}

/** Routes mounted at /admin/trust (behind the console's session, CSRF and staff checks; admins only). */
export function consoleTrustRoutes(): Hono<AppEnv> {
  return new Hono<AppEnv>()
    .use('*', requireRole('admin'))
    .get('/', (c) => showList(c, { notice: doneNotice(c) }))
    .post('/', async (c) => {
      const input = entryInput(await formFields(c));
      const result = await attempt(() => addTrustedIssuer(c.var.deps, pageContext(c).actor, input));
      if (!result.ok) return showList(c, { notice: result.notice, status: result.status, form: input });
      return redirectDone(c, 'added');
    })
    .get('/edit', async (c) =>
      showEdit(
        c,
        formValuesOf(await trustedIssuer(c.var.deps, pageContext(c).actor, c.req.query('did') ?? '')),
      ),
    )
    .post('/edit', async (c) => {
      const input = entryInput(await formFields(c));
      const result = await attempt(() => updateTrustedIssuer(c.var.deps, pageContext(c).actor, input));
      if (!result.ok) return showEdit(c, input, result.notice, result.status);
      return redirectDone(c, 'updated');
    })
    .post('/remove', async (c) => {
      const fields = await formFields(c);
      const result = await attempt(() =>
        removeTrustedIssuer(c.var.deps, pageContext(c).actor, fields.did ?? ''),
      );
      if (!result.ok) return showList(c, { notice: result.notice, status: result.status });
      return redirectDone(c, 'removed');
    })
    .get('/export', async (c) => {
      const document = await exportTrustList(c.var.deps, pageContext(c).actor);
      c.header('cache-control', 'no-store');
      c.header(
        'content-disposition',
        `attachment; filename="trust-list-${document.exportedAt.slice(0, 10)}.json"`,
      );
      return c.json(document);
    })
    .post('/import', async (c) => {
      const result = await attempt(async () =>
        importTrustList(c.var.deps, pageContext(c).actor, await uploadedText(c)),
      );
      if (!result.ok) return showList(c, { notice: result.notice, status: result.status });
      const { added, updated } = result.value;
      return showList(c, {
        imported: result.value,
        notice: {
          kind: 'success',
          text: `Imported the trust list: ${added.length} added, ${updated.length} updated.`,
        },
      });
    });
}
