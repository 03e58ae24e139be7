/**
 * The console's users page: the invitation form (roles limited to what the viewer may
 * invite), a role filter, and the list with paging. Each row has one action, a link to
 * the person's page (consoleUserDetailView.tsx), where the changes are made. Every
 * control has a label.
 */
import { CsrfField } from './layout.js';
import { ConsoleShell, TableWrap, type ConsoleProps } from './consoleViews.js';
import { DayInWords, OrganisationOptions, StatusTag } from './consoleUserDetailView.js';
import { ROLES, type OrganisationRecord, type Role, type UserRecord } from '../../storage/ports.js';
import { plural } from '../../plural.js';

/** What the users page shows. */
export interface UsersData {
  users: UserRecord[];
  total: number;
  page: number;
  pageSize: number;
  roleFilter?: Role | undefined;
  organisations: OrganisationRecord[];
  invitable: Role[];
  /** The invitation form's values after a failed attempt. */
  invite?: { email?: string; role?: string; organisationId?: string } | undefined;
}

/**
 * The row's one action: a link to the person's page. Its text is "Manage" (or "View" for
 * whoever cannot change the person) and the person's name, which a screen reader's list
 * of links needs to tell the rows apart; the email joins it when two rows share a name.
 */
function PersonLink({
  person,
  verb,
  sharedName,
}: {
  person: UserRecord;
  verb: 'Manage' | 'View';
  sharedName: boolean;
}) {
  return (
    <a href={`/admin/users/${encodeURIComponent(person.id)}`}>
      {verb}
      <span class="visually-hidden">
        {sharedName ? ` ${person.name} (${person.email})` : ` ${person.name}`}
      </span>
    </a>
  );
}

function pageLink(page: number, role: Role | undefined): string {
  const query = new URLSearchParams({ ...(role ? { role } : {}), page: String(page) });
  return `/admin/users?${query.toString()}`;
}

/** GET /admin/users (and the pages its forms lead back to). */
export function UsersPage(props: ConsoleProps & UsersData) {
  const { users, total, page, pageSize, roleFilter, organisations, invitable, invite, user, csrfToken } =
    props;
  const isAdmin = user.role === 'admin';
  const names = users.map((u) => u.name);
  const shared = new Set(names.filter((name, i) => names.indexOf(name) !== i));
  const orgNames = new Map(organisations.map((o) => [o.id, o.name]));
  const pages = Math.max(1, Math.ceil(total / pageSize));
  return (
    <ConsoleShell title="Users" current="/admin/users" {...props}>
      <section aria-labelledby="invite-heading">
        <h2 id="invite-heading">Invite someone</h2>
        <form method="post" action="/admin/users/invite">
          <CsrfField token={csrfToken} />
          <label for="invite-email">Email address</label>
          <input
            id="invite-email"
            name="email"
            type="email"
            required
            autocomplete="off"
            value={invite?.email ?? ''}
          />
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
                <OrganisationOptions
                  organisations={organisations}
                  selected={invite?.organisationId}
                  none="None"
                />
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
          // On a phone each row becomes a card (styles.css, table.cards-on-phone), so the link stays on screen.
          <TableWrap label={`${plural(total, 'account')}, page ${page} of ${pages}`}>
            <table class="cards-on-phone">
              <caption>{`${plural(total, 'account')}, page ${page} of ${pages}`}</caption>
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Email</th>
                  <th scope="col">Role</th>
                  <th scope="col">Status</th>
                  <th scope="col">Verified</th>
                  <th scope="col">Created</th>
                  <th scope="col">Actions</th>
                </tr>
              </thead>
              <tbody>
                {users.map((person) => (
                  <tr>
                    <th scope="row">{person.name}</th>
                    <td data-label="Email">{person.email}</td>
                    <td data-label="Role">
                      {person.role}
                      {person.organisationId ? (
                        <small>{` (${orgNames.get(person.organisationId) ?? 'unknown organisation'})`}</small>
                      ) : null}
                    </td>
                    <td data-label="Status">
                      <StatusTag status={person.status} />
                    </td>
                    <td data-label="Verified">{person.emailVerifiedAt ? 'yes' : 'no'}</td>
                    <td data-label="Created">
                      <DayInWords at={person.createdAt} />
                    </td>
                    <td class="row-actions">
                      <PersonLink
                        person={person}
                        verb={isAdmin && person.status !== 'erased' ? 'Manage' : 'View'}
                        sharedName={shared.has(person.name)}
                      />
                    </td>
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
