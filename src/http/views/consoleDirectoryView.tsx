/**
 * The console's organisations and teams pages (a list, and for admins a form to add
 * one) and one organisation with its members. Shared by staff (read) and admins.
 */
import { CsrfField } from './layout.js';
import { ConsoleShell, TableWrap, When, type ConsoleProps } from './consoleViews.js';
import type { OrganisationRecord, TeamRecord, UserRecord } from '../../storage/ports.js';
import { plural } from '../../plural.js';
import { OrganisationDetailsSection } from './organisationDetailsView.js';
import type { OrganisationDetailsView } from '../../accreditation/organisationDetails.js';

/** Which directory list a page shows. */
export type DirectoryKind = 'organisations' | 'teams';

const WORDS: Record<DirectoryKind, { title: string; one: string; empty: string; hint: string }> = {
  organisations: {
    title: 'Organisations',
    one: 'organisation',
    empty: 'No partner organisations yet.',
    hint: 'Partners belong to an organisation; create it before inviting them.',
  },
  teams: {
    title: 'Teams',
    one: 'team',
    empty: 'No staff teams yet.',
    hint: 'Teams group staff; messages are routed to them by category.',
  },
};

/** GET /admin/organisations and /admin/teams. */
export function DirectoryPage(
  props: ConsoleProps & { kind: DirectoryKind; entries: (OrganisationRecord | TeamRecord)[]; name?: string },
) {
  const { kind, entries, user, csrfToken, name } = props;
  const words = WORDS[kind];
  const path = `/admin/${kind}`;
  return (
    <ConsoleShell title={words.title} current={path} {...props}>
      <p>{words.hint}</p>
      {entries.length === 0 ? (
        <p class="empty">{words.empty}</p>
      ) : (
        <TableWrap label={plural(entries.length, words.one)}>
          <table>
            <caption>{plural(entries.length, words.one)}</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Created</th>
                <th scope="col">Id</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((e) => (
                <tr>
                  <td>{kind === 'organisations' ? <a href={`${path}/${e.id}`}>{e.name}</a> : e.name}</td>
                  <td>
                    <When at={e.createdAt} />
                  </td>
                  <td>
                    <code>{e.id}</code>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
      {user.role === 'admin' ? (
        <section aria-labelledby="create-heading">
          <h2 id="create-heading">{`Add a ${words.one}`}</h2>
          <form method="post" action={path}>
            <CsrfField token={csrfToken} />
            <label for="directory-name">Name</label>
            <input id="directory-name" name="name" type="text" required maxlength={200} value={name ?? ''} />
            <button type="submit">{`Create ${words.one}`}</button>
          </form>
        </section>
      ) : (
        <p class="empty">{`Only an admin can add a ${words.one}.`}</p>
      )}
    </ConsoleShell>
  );
}

/** The members of one organisation, as a table (console and partner portal). */
export function MembersTable({ members }: { members: UserRecord[] }) {
  if (members.length === 0) return <p class="empty">No one belongs to this organisation yet.</p>;
  return (
    <TableWrap label={plural(members.length, 'member')}>
      <table>
        <caption>{plural(members.length, 'member')}</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Email</th>
            <th scope="col">Status</th>
            <th scope="col">Joined</th>
          </tr>
        </thead>
        <tbody>
          {members.map((m) => (
            <tr>
              <td>{m.name}</td>
              <td>{m.email}</td>
              <td>{m.status}</td>
              <td>
                <When at={m.createdAt} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  );
}

/** GET /admin/organisations/:id. */
export function OrganisationPage(
  props: ConsoleProps & {
    organisation: OrganisationRecord;
    members: UserRecord[];
    /** Its details and their change history (issue 21). */
    details?: OrganisationDetailsView;
  },
) {
  return (
    <ConsoleShell title={props.organisation.name} current="/admin/organisations" {...props}>
      <p>
        Created <When at={props.organisation.createdAt} />.{' '}
        <a href="/admin/organisations">All organisations</a>
      </p>
      <h2>Members</h2>
      <MembersTable members={props.members} />
      {props.details ? <OrganisationDetailsSection view={props.details} /> : null}
    </ConsoleShell>
  );
}
