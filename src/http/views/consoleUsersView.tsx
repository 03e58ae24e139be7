/**
 * The console's users page: a role filter, the list with paging, the invitation form
 * (roles limited to what the viewer may invite) and, for admins, a role form and a
 * disable/enable button per person. Every control has a label.
 */
import { CsrfField } from './layout.js';
import { ConsoleShell, TableWrap, When, type ConsoleProps } from './consoleViews.js';
import { ROLES, type OrganisationRecord, type Role, type TeamRecord, type UserRecord } from '../../storage/ports.js';
import { plural } from '../../plural.js';

/** What the users page shows. */
export interface UsersData {
  users: UserRecord[];
  total: number;
  page: number;
  pageSize: number;
  roleFilter?: Role | undefined;
  organisations: OrganisationRecord[];
  teams: TeamRecord[];
  invitable: Role[];
  /** The invitation form's values after a failed attempt. */
  invite?: { email?: string; role?: string; organisationId?: string } | undefined;
}

function OrganisationOptions({ organisations, selected, none }: { organisations: OrganisationRecord[]; selected?: string | undefined; none: string }) {
  return (
    <>
      <option value="">{none}</option>
      {organisations.map((o) => (
        <option value={o.id} selected={o.id === selected}>
          {o.name}
        </option>
      ))}
    </>
  );
}

function TeamsForm({ person, teams, csrfToken }: { person: UserRecord; teams: TeamRecord[]; csrfToken: string }) {
  if ((person.role !== 'staff' && person.role !== 'admin') || teams.length === 0) return null;
  return (
    <form method="post" action={`/admin/users/${person.id}/teams`} class="compact">
      <CsrfField token={csrfToken} />
      <fieldset>
        <legend>{`Teams of ${person.name}`}</legend>
        {teams.map((team) => (
          <label class="checkbox">
            <input type="checkbox" name="teamId" value={team.id} checked={person.teamIds.includes(team.id)} /> {team.name}
          </label>
        ))}
      </fieldset>
      <button type="submit">Save teams</button>
    </form>
  );
}

function UserActions({ person, organisations, teams, csrfToken }: { person: UserRecord; organisations: OrganisationRecord[]; teams: TeamRecord[]; csrfToken: string }) {
  const id = person.id;
  return (
    <div class="row-actions">
      <TeamsForm person={person} teams={teams} csrfToken={csrfToken} />
      <form method="post" action={`/admin/users/${id}/role`} class="compact">
        <CsrfField token={csrfToken} />
        <label for={`role-${id}`} class="visually-hidden">{`Role for ${person.name}`}</label>
        <select id={`role-${id}`} name="role">
          {ROLES.map((r) => (
            <option value={r} selected={r === person.role}>
              {r}
            </option>
          ))}
        </select>
        <label for={`org-${id}`} class="visually-hidden">{`Organisation for ${person.name} (partners only)`}</label>
        <select id={`org-${id}`} name="organisationId">
          <OrganisationOptions organisations={organisations} selected={person.organisationId} none="No organisation" />
        </select>
        <button type="submit">Change role</button>
      </form>
      <form method="post" action={`/admin/users/${id}/${person.status === 'disabled' ? 'enable' : 'disable'}`} class="compact">
        <CsrfField token={csrfToken} />
        <button type="submit" class={person.status === 'disabled' ? '' : 'danger'}>
          {person.status === 'disabled' ? `Enable ${person.name}` : `Disable ${person.name}`}
        </button>
      </form>
    </div>
  );
}

function pageLink(page: number, role: Role | undefined): string {
  const query = new URLSearchParams({ ...(role ? { role } : {}), page: String(page) });
  return `/admin/users?${query.toString()}`;
}

/** GET /admin/users (and the pages its forms lead back to). */
export function UsersPage(props: ConsoleProps & UsersData) {
  const { users, total, page, pageSize, roleFilter, organisations, teams, invitable, invite, user, csrfToken } = props;
  const isAdmin = user.role === 'admin';
  const orgNames = new Map(organisations.map((o) => [o.id, o.name]));
  const pages = Math.max(1, Math.ceil(total / pageSize));
  return (
    <ConsoleShell title="Users" current="/admin/users" {...props}>
      <section aria-labelledby="invite-heading">
        <h2 id="invite-heading">Invite someone</h2>
        <form method="post" action="/admin/users/invite">
          <CsrfField token={csrfToken} />
          <label for="invite-email">Email address</label>
          <input id="invite-email" name="email" type="email" required autocomplete="off" value={invite?.email ?? ''} />
          <label for="invite-role">Role</label>
          <select id="invite-role" name="role" required>
            {invitable.map((r) => (
              <option value={r} selected={r === invite?.role}>
                {r}
              </option>
            ))}
          </select>
          {invitable.includes('partner') ? (
            <>
              <label for="invite-org">Organisation (for partners)</label>
              <select id="invite-org" name="organisationId">
                <OrganisationOptions organisations={organisations} selected={invite?.organisationId} none="None" />
              </select>
            </>
          ) : null}
          <button type="submit">Send invitation</button>
        </form>
      </section>

      <section aria-labelledby="list-heading">
        <h2 id="list-heading">People</h2>
        <form method="get" action="/admin/users" class="filters">
          <label for="filter-role">Show role</label>
          <select id="filter-role" name="role">
            <option value="">All roles</option>
            {ROLES.map((r) => (
              <option value={r} selected={r === roleFilter}>
                {r}
              </option>
            ))}
          </select>
          <button type="submit">Filter</button>
        </form>
        {users.length === 0 ? (
          <p class="empty">No accounts match.</p>
        ) : (
          <TableWrap label={`${plural(total, 'account')}, page ${page} of ${pages}`}>
            <table>
              <caption>{`${plural(total, 'account')}, page ${page} of ${pages}`}</caption>
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Email</th>
                  <th scope="col">Role</th>
                  <th scope="col">Status</th>
                  <th scope="col">Verified</th>
                  <th scope="col">Created</th>
                  {isAdmin ? <th scope="col">Actions</th> : null}
                </tr>
              </thead>
              <tbody>
                {users.map((person) => (
                  <tr>
                    <td>{person.name}</td>
                    <td>{person.email}</td>
                    <td>
                      {person.role}
                      {person.organisationId ? <small>{` (${orgNames.get(person.organisationId) ?? 'unknown organisation'})`}</small> : null}
                    </td>
                    <td>{person.status}</td>
                    <td>{person.emailVerifiedAt ? 'yes' : 'no'}</td>
                    <td>
                      <When at={person.createdAt} />
                    </td>
                    {isAdmin ? (
                      <td>{person.id === user.id ? 'You' : person.status === 'erased' ? '—' : <UserActions person={person} organisations={organisations} teams={teams} csrfToken={csrfToken} />}</td>
                    ) : null}
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
        )}
        <nav aria-label="Pages" class="pager">
          {page > 1 ? <a href={pageLink(page - 1, roleFilter)}>Previous page</a> : null}
          {page < pages ? <a href={pageLink(page + 1, roleFilter)}>Next page</a> : null}
        </nav>
      </section>
    </ConsoleShell>
  );
}
