/**
 * /admin/users: the list (staff and admins), invitations (each role limited by
 * invitableRoles), and the admin's per-person changes: role, disable, enable. Changes go
 * through the domain functions, which check the actor and write the audit log.
 */
import { Hono, type Context } from 'hono';
import type { AppEnv } from '../env.js';
import { AppError } from '../../errors.js';
import { changeRole, listUsers, setUserDisabled, setUserTeams } from '../../accounts/administration.js';
import { invitableRoles, inviteUser } from '../../accounts/invitations.js';
import { organisationsFor, teamsFor } from '../../accounts/directory.js';
import { ROLES, type Role } from '../../storage/ports.js';
import { formFields, render } from './pageKit.js';
import { attempt, doneNotice, pageContext, redirectDone, requireField, type DoneCode, type NoticeData, type PageContext, type PageStatus } from './consoleKit.js';
import { UsersPage, type UsersData } from '../views/consoleUsersView.js';

const PAGE_SIZE = 50;

function asRole(value: string | undefined, message: string): Role {
  if (!value || !(ROLES as readonly string[]).includes(value)) throw new AppError('invalid_request', message);
  return value as Role;
}

/** Renders the users page for a filter, with a notice and status. */
async function showUsers(
  c: Context<AppEnv>,
  options: { role?: Role; page?: number; notice?: NoticeData | undefined; status?: PageStatus; invite?: UsersData['invite'] } = {},
): Promise<Response> {
  const { user, actor, csrfToken, accounts } = pageContext(c);
  const page = options.page ?? 1;
  const [{ users, total }, organisations, teams] = await Promise.all([
    listUsers(accounts, actor, { ...(options.role ? { role: options.role } : {}), page }),
    organisationsFor(accounts, actor),
    teamsFor(accounts, actor),
  ]);
  const data: UsersData = { users, total, page, pageSize: PAGE_SIZE, roleFilter: options.role, organisations, teams, invitable: invitableRoles(actor), invite: options.invite };
  return render(c, UsersPage({ ...data, user, csrfToken, notice: options.notice }), options.status ?? 200);
}

/** Changes one person (role, disable, enable) and goes back to the list. */
async function changePerson(
  c: Context<AppEnv>,
  change: (ctx: PageContext, userId: string, fields: Record<string, string>) => Promise<unknown>,
  done: DoneCode,
): Promise<Response> {
  const fields = await formFields(c);
  const result = await attempt(() => change(pageContext(c), c.req.param('id') ?? '', fields));
  if (!result.ok) return showUsers(c, { notice: result.notice, status: result.status });
  return redirectDone(c, '/admin/users', done);
}

/** Routes mounted at /admin/users (behind the console's session, CSRF and role checks). */
export function consoleUserRoutes(): Hono<AppEnv> {
  return new Hono<AppEnv>()
    .get('/', async (c) => {
      const roleParam = c.req.query('role') || undefined;
      const pageParam = Number.parseInt(c.req.query('page') ?? '1', 10);
      const page = Number.isFinite(pageParam) && pageParam >= 1 ? Math.min(pageParam, 100_000) : 1;
      if (roleParam && !(ROLES as readonly string[]).includes(roleParam)) {
        return showUsers(c, { notice: { kind: 'error', text: `There is no role "${roleParam.slice(0, 40)}"; choose one from the list` }, status: 400 });
      }
      return showUsers(c, { ...(roleParam ? { role: roleParam as Role } : {}), page, notice: doneNotice(c) });
    })
    .post('/invite', async (c) => {
      const fields = await formFields(c);
      const { actor, accounts } = pageContext(c);
      const invite = { email: fields.email ?? '', role: fields.role ?? '', organisationId: fields.organisationId ?? '' };
      const result = await attempt(async () => {
        const email = requireField(fields, 'email', 'Enter the email address of the person to invite');
        const role = asRole(fields.role, 'Choose the role the person will have');
        const organisationId = fields.organisationId?.trim();
        await inviteUser(accounts, actor, { email, role, ...(organisationId ? { organisationId } : {}) });
        return email.toLowerCase();
      });
      if (!result.ok) return showUsers(c, { notice: result.notice, status: result.status, invite });
      return showUsers(c, { notice: { kind: 'success', text: `Invitation sent to ${result.value}. The link works for 7 days.` } });
    })
    .post('/:id/role', (c) =>
      changePerson(
        c,
        ({ accounts, actor }, userId, fields) => {
          const role = asRole(fields.role, 'Choose the new role');
          return changeRole(accounts, actor, userId, role, fields.organisationId?.trim() || undefined);
        },
        'role_changed',
      ),
    )
    .post('/:id/teams', async (c) => {
      // Checkboxes repeat the field name, so the whole body is read, not formFields().
      await formFields(c);
      const body = await c.req.parseBody({ all: true });
      const raw = body.teamId;
      const teamIds = (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]).filter((v): v is string => typeof v === 'string');
      return changePerson(c, ({ accounts, actor }, userId) => setUserTeams(accounts, actor, userId, teamIds), 'teams_changed');
    })
    .post('/:id/disable', (c) => changePerson(c, ({ accounts, actor }, userId) => setUserDisabled(accounts, actor, userId, true), 'disabled'))
    .post('/:id/enable', (c) => changePerson(c, ({ accounts, actor }, userId) => setUserDisabled(accounts, actor, userId, false), 'enabled'));
}
