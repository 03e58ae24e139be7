/**
 * /partner/organisation (partners only, under the partner portal's middleware): the
 * organisation's details with the form to change them and their change history; and the
 * same for staff at /admin/accreditation/organisations/:organisationId/details (the
 * console's middleware), where the history names the staff member. A failed save shows
 * the form again with what was typed and every problem beside its field.
 */
import { Hono, type Context } from 'hono';
import type { AppEnv } from '../env.js';
import { AppError } from '../../errors.js';
import { formFields, render } from './pageKit.js';
import { pageContext } from './consoleKit.js';
import { attemptForm, type FieldProblem } from './formProblems.js';
import type { FormStatus } from './publicKit.js';
import { Layout, Notice } from '../views/layout.js';
import {
  organisationDetailsFor,
  saveOrganisationDetails,
  saveOrganisationDetailsAsStaff,
} from '../../accreditation/organisationDetails.js';
import { ConsoleShell } from '../views/consoleViews.js';
import { OrganisationChangeHistory, OrganisationDetailsForm } from '../views/organisationDetailsView.js';

/** Where the partner edits the details. */
const PARTNER_ORGANISATION_DETAILS = '/partner/organisation';

const DONE: Record<string, string> = {
  saved: 'The details were saved. Our accreditation team sees the change in the history below.',
  unchanged: 'Nothing had changed, so nothing was saved.',
};

async function showDetails(
  c: Context<AppEnv>,
  failed?: { values: Record<string, string>; problems: FieldProblem[]; status: FormStatus },
): Promise<Response> {
  const { user, actor, csrfToken } = pageContext(c);
  if (!user.organisationId) throw new AppError('not_found', 'Your account is not linked to an organisation');
  const view = await organisationDetailsFor(c.var.deps.accreditation, actor, user.organisationId);
  const done = c.req.query('done') ?? '';
  return render(
    c,
    <Layout title="Organisation details" user={user} csrfToken={csrfToken}>
      {!failed && Object.hasOwn(DONE, done) ? <Notice kind="success">{DONE[done]!}</Notice> : null}
      <p>
        <a href="/partner">My organisation</a>
      </p>
      <p>
        Keep your organisation's details up to date: our accreditation team uses them to reach you, and sees
        every change with who made it and when.
      </p>
      <OrganisationDetailsForm
        view={view}
        csrfToken={csrfToken}
        action={PARTNER_ORGANISATION_DETAILS}
        values={failed?.values}
        problems={failed?.problems}
      />
      <h2>Changes to the details</h2>
      <OrganisationChangeHistory changes={view.changes} />
    </Layout>,
    failed?.status ?? 200,
  );
}

/** Routes mounted at /partner/organisation. */
export function partnerOrganisationRoutes(): Hono<AppEnv> {
  return new Hono<AppEnv>()
    .get('/', (c) => showDetails(c))
    .post('/', async (c) => {
      const fields = await formFields(c);
      const result = await attemptForm(() =>
        saveOrganisationDetails(c.var.deps.accreditation, pageContext(c).actor, fields),
      );
      if (result.problems)
        return showDetails(c, { values: fields, problems: result.problems, status: result.status });
      return c.redirect(`${PARTNER_ORGANISATION_DETAILS}?done=${result.value ? 'saved' : 'unchanged'}`, 303);
    });
}

/** The staff page of one organisation's details: the form, the history. */
async function showStaffDetails(
  c: Context<AppEnv>,
  failed?: { values: Record<string, string>; problems: FieldProblem[]; status: FormStatus },
): Promise<Response> {
  const { user, actor, csrfToken } = pageContext(c);
  const view = await organisationDetailsFor(c.var.deps.accreditation, actor, c.req.param('organisationId')!);
  const done = c.req.query('done') ?? '';
  const notice =
    !failed && Object.hasOwn(STAFF_DONE, done)
      ? { kind: 'success' as const, text: STAFF_DONE[done]! }
      : undefined;
  return render(
    c,
    <ConsoleShell
      title={`${view.organisation.name}: details`}
      current="/admin/accreditation"
      user={user}
      csrfToken={csrfToken}
      notice={notice}
    >
      <p>
        <a href="/admin/accreditation">Accreditation</a>
      </p>
      <p>
        Correct the partner's details here when they ask you to or cannot themselves. The partner sees your
        change in their history, with your name.
      </p>
      <OrganisationDetailsForm
        view={view}
        csrfToken={csrfToken}
        action={c.req.path}
        values={failed?.values}
        problems={failed?.problems}
      />
      <h2>Changes to the details</h2>
      <OrganisationChangeHistory changes={view.changes} />
    </ConsoleShell>,
    failed?.status ?? 200,
  );
}

const STAFF_DONE: Record<string, string> = {
  saved: 'The details were saved; the history below names you as the editor.',
  unchanged: 'Nothing had changed, so nothing was saved.',
};

/** Routes mounted at /admin/accreditation/organisations (staff and admins). */
export function staffOrganisationDetailsRoutes(): Hono<AppEnv> {
  return new Hono<AppEnv>()
    .get('/:organisationId/details', (c) => showStaffDetails(c))
    .post('/:organisationId/details', async (c) => {
      const fields = await formFields(c);
      const result = await attemptForm(() =>
        saveOrganisationDetailsAsStaff(
          c.var.deps.accreditation,
          pageContext(c).actor,
          c.req.param('organisationId'),
          fields,
        ),
      );
      if (result.problems)
        return showStaffDetails(c, { values: fields, problems: result.problems, status: result.status });
      return c.redirect(`${c.req.path}?done=${result.value ? 'saved' : 'unchanged'}`, 303);
    });
}
