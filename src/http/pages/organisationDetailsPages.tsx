/**
 * /partner/organisation (partners only, under the partner portal's middleware): the
 * organisation's details with the form to change them and their change history. A failed
 * save shows the form again with what was typed and every problem beside its field.
 */
import { Hono, type Context } from 'hono';
import type { AppEnv } from '../env.js';
import { AppError } from '../../errors.js';
import { formFields, render } from './pageKit.js';
import { pageContext } from './consoleKit.js';
import { attemptForm, type FieldProblem } from './formProblems.js';
import type { FormStatus } from './publicKit.js';
import { Layout, Notice } from '../views/layout.js';
import { organisationDetailsFor, saveOrganisationDetails } from '../../accreditation/organisationDetails.js';
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
