/**
 * /admin/users: the list (staff and admins), invitations (each role limited by
 * invitableRoles), one person's page (/admin/users/:id) and the admin's changes made
 * there: role, teams, disable, enable. Each change answers with a 303 back to the
 * person's page and its notice. Reads and changes go through the domain functions, which
 * check the actor (and audit the changes).
 */
import { Hono, type Context } from 'hono';
import type { AppEnv } from '../env.js';
import { AppError } from '../../errors.js';
import {
  changeRole,
  listUsers,
  personForConsole,
  setUserDisabled,
  setUserTeams,
} from '../../accounts/administration.js';
import { invitableRoles, inviteUser } from '../../accounts/invitations.js';
import { organisationsFor } from '../../accounts/directory.js';
import { ROLES, type Role } from '../../storage/ports.js';
import { formFields, render } from './pageKit.js';
import {
  attempt,
  doneNotice,
  formValues,
  pageContext,
  redirectDone,
  requireField,
  type DoneCode,
  type NoticeData,
  type PageContext,
  type PageStatus,
} from './consoleKit.js';
import { UsersPage, type UsersData } from '../views/consoleUsersView.js';
import { PersonPage, type PersonPageData } from '../views/consoleUserDetailView.js';
import { savePersonLocation, showPersonLocation } from './consoleUserLocation.js';

const PAGE_SIZE = 50;

function asRole(value: string | undefined, message: string): Role {
  if (!value || !(ROLES as readonly string[]).includes(value)) throw new AppError('invalid_request', message);
  return value as Role;
}

/** Renders the users page for a filter, with a notice and status. */
async function showUsers(
  c: Context<AppEnv>,
  options: {
    role?: Role;
    page?: number;
    notice?: NoticeData | undefined;
    status?: PageStatus;
    invite?: UsersData['invite'];
  } = {},
): Promise<Response> {
  const { user, actor, csrfToken, accounts } = pageContext(c);
  const page = options.page ?? 1;
  const [{ users, total }, organisations] = await Promise.all([
    listUsers(accounts, actor, { ...(options.role ? { role: options.role } : {}), page }),
    organisationsFor(accounts, actor),
  ]);
  const data: UsersData = {
    users,
    total,
    page,
    pageSize: PAGE_SIZE,
    roleFilter: options.role,
    organisations,
    invitable: invitableRoles(actor),
    invite: options.invite,
  };
  return render(c, UsersPage({ ...data, user, csrfToken, notice: options.notice }), options.status ?? 200);
}

/** Renders one person's page, with a notice and status. */
async function showPerson(
  c: Context<AppEnv>,
  userId: string,
  options: { notice?: NoticeData | undefined; status?: PageStatus; chosen?: PersonPageData['chosen'] } = {},
): Promise<Response> {
  const { user, actor, csrfToken, accounts } = pageContext(c);
  const data = await personForConsole(accounts, actor, userId);
  return render(
    c,
    PersonPage({ ...data, chosen: options.chosen, user, csrfToken, notice: options.notice }),
    options.status ?? 200,
  );
}

/**
 * Makes one change to a person and goes back to their page with its notice. Someone the
 * domain refuses (403: staff, or an admin on their own account) gets the 403 page: their
 * refusal must not depend on whether the person exists, which re-reading the person's page
 * would reveal (an unknown id would answer 404 first). An unknown person is the 404 page;
 * any other refusal (a partner without an organisation) shows their page again with the reason.
 */
async function changePerson(
  c: Context<AppEnv>,
  change: (ctx: PageContext, userId: string, fields: Record<string, string>) => Promise<unknown>,
  done: DoneCode,
  options: { fields?: Record<string, string>; keepRoleChoice?: boolean } = {},
): Promise<Response> {
  const fields = options.fields ?? (await formFields(c));
  const userId = c.req.param('id') ?? '';
  const result = await attempt(() => change(pageContext(c), userId, fields));
  if (!result.ok) {
    if (result.status === 403) throw new AppError('forbidden', result.notice.text);
    if (result.status === 404) throw new AppError('not_found', result.notice.text);
    const chosen = options.keepRoleChoice
      ? { role: fields.role ?? '', organisationId: fields.organisationId ?? '' }
      : undefined;
    return showPerson(c, userId, { notice: result.notice, status: result.status, chosen });
  }
  return redirectDone(c, `/admin/users/${encodeURIComponent(userId)}`, done);
}

/** Routes mounted at /admin/users (behind the console's session, CSRF and role checks). */
export function consoleUserRoutes(): Hono<AppEnv> {
  return new Hono<AppEnv>()
    .get('/', async (c) => {
      const roleParam = c.req.query('role') || undefined;
      const pageParam = Number.parseInt(c.req.query('page') ?? '1', 10);
      const page = Number.isFinite(pageParam) && pageParam >= 1 ? Math.min(pageParam, 100_000) : 1;
      if (roleParam && !(ROLES as readonly string[]).includes(roleParam)) {
        return showUsers(c, {
          notice: {
            kind: 'error',
            text: `There is no role "${roleParam.slice(0, 40)}"; choose one from the list`,
          },
          status: 400,
        });
      }
      return showUsers(c, { ...(roleParam ? { role: roleParam as Role } : {}), page, notice: doneNotice(c) });
    })
    .post('/invite', async (c) => {
      const fields = await formFields(c);
      const { actor, accounts } = pageContext(c);
      const invite = {
        email: fields.email ?? '',
        role: fields.role ?? '',
        organisationId: fields.organisationId ?? '',
      };
      const result = await attempt(async () => {
        const email = requireField(fields, 'email', 'Enter the email address of the person to invite');
        const role = asRole(fields.role, 'Choose the role the person will have');
        const organisationId = fields.organisationId?.trim();
        await inviteUser(accounts, actor, { email, role, ...(organisationId ? { organisationId } : {}) });
        return email.toLowerCase();
      });
      if (!result.ok) return showUsers(c, { notice: result.notice, status: result.status, invite });
      return showUsers(c, {
        notice: { kind: 'success', text: `Invitation sent to ${result.value}. The link works for 7 days.` },
      });
    })
    .get('/:id', (c) => showPerson(c, c.req.param('id'), { notice: doneNotice(c) }))
    .get('/:id/location', (c) => showPersonLocation(c))
    .post('/:id/location', (c) => savePersonLocation(c))
    .post('/:id/role', (c) =>
      changePerson(
        c,
        // The role is read by the domain, after its admin check.
        ({ accounts, actor }, userId, fields) =>
          changeRole(accounts, actor, userId, fields.role, fields.organisationId?.trim() || undefined),
        'role_changed',
        { keepRoleChoice: true },
      ),
    )
    .post('/:id/teams', async (c) => {
      // Checkboxes repeat the field name: formFields() checks the body's type and keeps
      // one value per name, formValues() reads every ticked box.
      const fields = await formFields(c);
      const teamIds = await formValues(c, 'teamId');
      return changePerson(
        c,
        ({ accounts, actor }, userId) => setUserTeams(accounts, actor, userId, teamIds),
        'teams_changed',
        { fields },
      );
    })
    .post('/:id/disable', (c) =>
      changePerson(
        c,
        ({ accounts, actor }, userId) => setUserDisabled(accounts, actor, userId, true),
        'disabled',
      ),
    )
    .post('/:id/enable', (c) =>
      changePerson(
        c,
        ({ accounts, actor }, userId) => setUserDisabled(accounts, actor, userId, false),
        'enabled',
      ),
    );
}
