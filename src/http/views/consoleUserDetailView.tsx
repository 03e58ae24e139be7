/**
 * The console's page about one person (/admin/users/:id): who they are as a summary list,
 * then each change an admin may make in a section of its own (role and organisation,
 * teams for staff, disable or enable). The list page links here, one link per row, so the
 * list stays a table people can scan. Staff, and admins on their own account, read the
 * page with a sentence saying why nothing (or less) can be changed.
 */
import type { Child } from 'hono/jsx';
import { CsrfField } from './layout.js';
import { ConsoleShell, type ConsoleProps } from './consoleViews.js';
import { ROLES, type OrganisationRecord, type UserRecord } from '../../storage/ports.js';
import type { PersonForConsole } from '../../accounts/administration.js';

const DAY = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  timeZone: 'UTC',
});

/** A moment in words ("7 December 2026 at 14:13 UTC"), machine-readable underneath. */
function WhenInWords({ at }: { at: string | undefined }) {
  const time = at ? Date.parse(at) : Number.NaN;
  if (!at || Number.isNaN(time)) return <span>—</span>;
  return <time datetime={at}>{`${DAY.format(time)} at ${at.slice(11, 16)} UTC`}</time>;
}

/** The day alone in words ("7 December 2026"), for lists where the hour is noise. */
export function DayInWords({ at }: { at: string | undefined }) {
  const time = at ? Date.parse(at) : Number.NaN;
  if (!at || Number.isNaN(time)) return <span>—</span>;
  return <time datetime={at}>{DAY.format(time)}</time>;
}

/** An account's status as a tag whose text is the status in words. */
export function StatusTag({ status }: { status: UserRecord['status'] }) {
  const kind = status === 'active' ? 'ok' : status === 'disabled' ? 'bad' : 'neutral';
  return <span class={`tag ${kind}`}>{status}</span>;
}

/** The organisation choices: `none` first (the empty value), then every organisation. */
export function OrganisationOptions({
  organisations,
  selected,
  none,
}: {
  organisations: OrganisationRecord[];
  selected?: string | undefined;
  none: string;
}) {
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

/** What the person's page shows. */
export interface PersonPageData extends PersonForConsole {
  /** The role form's values after a refused change, so the choice is not lost. */
  chosen?: { role?: string; organisationId?: string } | undefined;
}

function Summary({ person, lastSignInAt, organisations, teams }: PersonPageData) {
  const organisation = person.organisationId
    ? (organisations.find((o) => o.id === person.organisationId)?.name ??
      'An organisation that no longer exists')
    : 'None';
  const teamNames = teams.filter((t) => person.teamIds.includes(t.id)).map((t) => t.name);
  const rows: [string, Child][] = [
    ['Name', person.name],
    ['Email', person.email],
    ['Role', person.role],
    ['Organisation', organisation],
    ...(person.role === 'staff' || person.role === 'admin'
      ? ([['Teams', teamNames.length > 0 ? teamNames.join(', ') : 'None']] as [string, Child][])
      : []),
    ['Status', <StatusTag status={person.status} />],
    ['Email verified', person.emailVerifiedAt ? <WhenInWords at={person.emailVerifiedAt} /> : 'Not yet'],
    ['Created', <WhenInWords at={person.createdAt} />],
    ...(lastSignInAt ? ([['Last sign-in', <WhenInWords at={lastSignInAt} />]] as [string, Child][]) : []),
  ];
  return (
    <dl class="summary">
      {rows.map(([term, value]) => (
        <div>
          <dt>{term}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

/** Why some or all of the changes are missing, in a sentence; nothing when all are offered. */
function WhyNoChanges({ data, viewer }: { data: PersonPageData; viewer: UserRecord }) {
  const { person, may } = data;
  if (person.status === 'erased')
    return (
      <p class="empty">This account was erased at its owner's request; nothing about it can be changed.</p>
    );
  if (viewer.role !== 'admin')
    return <p class="empty">Only an admin can change the role, teams or access of an account.</p>;
  if (!may.changeRole && !may.disable)
    return <p class="empty">This is your own account: another admin can change your role or disable it.</p>;
  return null;
}

function RoleSection({ person, organisations, chosen, csrfToken }: PersonPageData & { csrfToken: string }) {
  const role = chosen?.role ?? person.role;
  const organisationId = chosen ? chosen.organisationId : person.organisationId;
  return (
    <section aria-labelledby="role-heading">
      <h2 id="role-heading">Role and organisation</h2>
      <form method="post" action={`/admin/users/${encodeURIComponent(person.id)}/role`}>
        <CsrfField token={csrfToken} />
        <label for="person-role">Role</label>
        <select id="person-role" name="role" required>
          {ROLES.map((r) => (
            <option value={r} selected={r === role}>
              {r}
            </option>
          ))}
        </select>
        <label for="person-org">Organisation (for partners)</label>
        <select id="person-org" name="organisationId" aria-describedby="person-org-hint">
          <OrganisationOptions
            organisations={organisations}
            selected={organisationId}
            none="No organisation"
          />
        </select>
        <p class="hint" id="person-org-hint">
          A partner must belong to an organisation; for any other role it is cleared.
        </p>
        <button type="submit">Change role</button>
      </form>
    </section>
  );
}

function TeamsSection({ person, teams, csrfToken }: PersonPageData & { csrfToken: string }) {
  return (
    <section aria-labelledby="teams-heading">
      <h2 id="teams-heading">Teams</h2>
      {teams.length === 0 ? (
        <p class="empty">
          There are no teams yet. <a href="/admin/teams">Create one on the Teams page</a>, then come back
          here.
        </p>
      ) : (
        <form method="post" action={`/admin/users/${encodeURIComponent(person.id)}/teams`}>
          <CsrfField token={csrfToken} />
          <fieldset>
            <legend>{`Teams of ${person.name}`}</legend>
            <p class="hint">
              Messages are routed to teams by category; tick every team this person works in.
            </p>
            {teams.map((team) => (
              <label class="checkbox">
                <input
                  type="checkbox"
                  name="teamId"
                  value={team.id}
                  checked={person.teamIds.includes(team.id)}
                />{' '}
                {team.name}
              </label>
            ))}
          </fieldset>
          <button type="submit">Save teams</button>
        </form>
      )}
    </section>
  );
}

function AccessSection({ person, csrfToken }: { person: UserRecord; csrfToken: string }) {
  const action = `/admin/users/${encodeURIComponent(person.id)}`;
  if (person.status === 'disabled') {
    return (
      <section aria-labelledby="access-heading">
        <h2 id="access-heading">Enable the account</h2>
        <p>{`${person.name} cannot sign in while the account is disabled. Enabling it lets them sign in again with their password.`}</p>
        <form method="post" action={`${action}/enable`}>
          <CsrfField token={csrfToken} />
          <button type="submit">{`Enable ${person.name}`}</button>
        </form>
      </section>
    );
  }
  return (
    <section aria-labelledby="access-heading">
      <h2 id="access-heading">Disable the account</h2>
      <p>
        {`Disabling signs ${person.name} out everywhere at once and stops them signing in. Nothing is deleted: you can enable the account again here.`}
      </p>
      <form method="post" action={`${action}/disable`}>
        <CsrfField token={csrfToken} />
        <button type="submit" class="danger">{`Disable ${person.name}`}</button>
      </form>
    </section>
  );
}

/** GET /admin/users/:id, and the page a refused change on it answers with. */
export function PersonPage(props: ConsoleProps & PersonPageData) {
  const { person, may, csrfToken, user } = props;
  return (
    <ConsoleShell title={person.name} current="/admin/users" {...props}>
      <p>
        <a href="/admin/users">All users</a>
      </p>
      <Summary {...props} />
      <p>
        <a href={`/admin/users/${encodeURIComponent(person.id)}/location`}>
          Location (for targeted broadcasts)
        </a>
      </p>
      <WhyNoChanges data={props} viewer={user} />
      {may.changeRole ? <RoleSection {...props} csrfToken={csrfToken} /> : null}
      {may.setTeams ? <TeamsSection {...props} csrfToken={csrfToken} /> : null}
      {may.disable ? <AccessSection person={person} csrfToken={csrfToken} /> : null}
    </ConsoleShell>
  );
}
