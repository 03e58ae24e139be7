/**
 * /admin/organisations and /admin/teams: staff and admins see the lists (and one
 * organisation's members); only admins create, which the domain enforces and audits.
 */
import { Hono, type Context } from 'hono';
import type { AppEnv } from '../env.js';
import { createOrganisation, createTeam } from '../../accounts/administration.js';
import { organisationWithMembers, organisationsFor, teamsFor } from '../../accounts/directory.js';
import { formFields, render } from './pageKit.js';
import {
  attempt,
  doneNotice,
  pageContext,
  redirectDone,
  type NoticeData,
  type PageStatus,
} from './consoleKit.js';
import { DirectoryPage, OrganisationPage, type DirectoryKind } from '../views/consoleDirectoryView.js';
import { organisationDetailsFor } from '../../accreditation/organisationDetails.js';

async function showDirectory(
  c: Context<AppEnv>,
  kind: DirectoryKind,
  options: { notice?: NoticeData | undefined; status?: PageStatus; name?: string } = {},
): Promise<Response> {
  const { user, actor, csrfToken, accounts } = pageContext(c);
  const entries =
    kind === 'organisations' ? await organisationsFor(accounts, actor) : await teamsFor(accounts, actor);
  return render(
    c,
    DirectoryPage({
      kind,
      entries,
      user,
      csrfToken,
      notice: options.notice,
      ...(options.name !== undefined ? { name: options.name } : {}),
    }),
    options.status ?? 200,
  );
}

async function create(c: Context<AppEnv>, kind: DirectoryKind): Promise<Response> {
  const fields = await formFields(c);
  const { actor, accounts } = pageContext(c);
  // The domain checks the actor before the name: staff are refused whatever they sent.
  const result = await attempt(() =>
    kind === 'organisations'
      ? createOrganisation(accounts, actor, fields.name)
      : createTeam(accounts, actor, fields.name),
  );
  if (!result.ok)
    return showDirectory(c, kind, { notice: result.notice, status: result.status, name: fields.name ?? '' });
  return redirectDone(
    c,
    `/admin/${kind}`,
    kind === 'organisations' ? 'organisation_created' : 'team_created',
  );
}

/** Routes mounted at /admin (behind the console's session, CSRF and role checks). */
export function consoleDirectoryRoutes(): Hono<AppEnv> {
  return new Hono<AppEnv>()
    .get('/organisations', (c) => showDirectory(c, 'organisations', { notice: doneNotice(c) }))
    .post('/organisations', (c) => create(c, 'organisations'))
    .get('/organisations/:id', async (c) => {
      const { user, actor, csrfToken, accounts } = pageContext(c);
      const { organisation, members } = await organisationWithMembers(accounts, actor, c.req.param('id'));
      const details = await organisationDetailsFor(c.var.deps.accreditation, actor, organisation.id);
      return render(c, OrganisationPage({ organisation, members, details, user, csrfToken }));
    })
    .get('/teams', (c) => showDirectory(c, 'teams', { notice: doneNotice(c) }))
    .post('/teams', (c) => create(c, 'teams'));
}
