/**
 * The console's shell (section navigation under the site header, the page's notice) and
 * its dashboard, plus small pieces the other console views share: a UTC timestamp and
 * the notice. No inline script or style (the CSP forbids them).
 */
import type { Child } from 'hono/jsx';
import { Layout, Notice } from './layout.js';
import type { AuditRecord, Role, UserRecord } from '../../storage/ports.js';
import type { NoticeData } from '../pages/consoleKit.js';
import { pluralWord } from '../../plural.js';

/** The sections of the console; the last four are for admins only. */
const SECTIONS = [
  { href: '/admin', label: 'Dashboard', adminOnly: false },
  { href: '/admin/users', label: 'Users', adminOnly: false },
  { href: '/admin/organisations', label: 'Organisations', adminOnly: false },
  { href: '/admin/teams', label: 'Teams', adminOnly: false },
  { href: '/admin/programmes', label: 'Programmes', adminOnly: false },
  { href: '/admin/corrections', label: 'Name corrections', adminOnly: false },
  { href: '/admin/templates', label: 'Templates', adminOnly: false },
  { href: '/admin/messages', label: 'Messages', adminOnly: false },
  { href: '/admin/accreditation', label: 'Accreditation', adminOnly: false },
  { href: '/admin/communications', label: 'Communications', adminOnly: false },
  { href: '/admin/content', label: 'Site pages', adminOnly: true },
  { href: '/admin/trust', label: 'Trust list', adminOnly: true },
  { href: '/admin/api-keys', label: 'API keys', adminOnly: true },
  { href: '/admin/audit', label: 'Audit log', adminOnly: true },
];

/** What every console page passes to the shell. */
export interface ConsoleProps {
  user: UserRecord;
  csrfToken: string;
  notice?: NoticeData | undefined;
}

/** A timestamp as people read it (UTC, to the minute), machine-readable underneath. */
export function When({ at }: { at: string | undefined }) {
  if (!at) return <span>—</span>;
  return <time datetime={at}>{`${at.slice(0, 10)} ${at.slice(11, 16)} UTC`}</time>;
}

/**
 * The box a wide table scrolls in (sideways, on a narrow screen). It takes the keyboard's
 * focus, so people without a pointer can scroll it too (WCAG 2.1.1, axe's
 * scrollable-region-focusable), and it is a region named like the table, so a screen
 * reader says what the focus landed on.
 */
export function TableWrap({ label, children }: { label: string; children?: Child }) {
  return (
    <div class="table-wrap" role="region" aria-label={label} tabindex={0}>
      {children}
    </div>
  );
}

/** The page's notice, if any. */
export function PageNotice({ notice }: { notice?: NoticeData | undefined }) {
  return notice ? <Notice kind={notice.kind}>{notice.text}</Notice> : null;
}

/** A console page: the layout, the section navigation and the notice. */
export function ConsoleShell({ title, current, user, csrfToken, notice, head, children }: ConsoleProps & { title: string; current: string; head?: Child; children?: Child }) {
  const sections = SECTIONS.filter((s) => !s.adminOnly || user.role === 'admin');
  return (
    <Layout title={title} user={user} csrfToken={csrfToken} head={head}>
      <nav aria-label="Console sections" class="subnav">
        <ul>
          {sections.map((s) => (
            <li>
              <a href={s.href} aria-current={s.href === current ? 'page' : undefined}>
                {s.label}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <PageNotice notice={notice} />
      {children}
    </Layout>
  );
}

/** The audit entries as a table (dashboard and audit log). */
export function AuditTable({ records, caption }: { records: AuditRecord[]; caption: string }) {
  return (
    <TableWrap label={caption}>
      <table>
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">When</th>
            <th scope="col">Who</th>
            <th scope="col">Action</th>
            <th scope="col">Object</th>
            <th scope="col">Details</th>
          </tr>
        </thead>
        <tbody>
          {records.map((r) => (
            <tr>
              <td>
                <When at={r.at} />
              </td>
              <td>
                {r.actorLabel}
                <br />
                <small>{r.actorId}</small>
              </td>
              <td>{r.action}</td>
              <td>{r.objectId ? `${r.objectType} ${r.objectId}` : r.objectType}</td>
              <td>{r.details ? <code>{JSON.stringify(r.details)}</code> : ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  );
}

/** The dashboard's numbers and, for admins, the latest audit entries. */
export interface DashboardData {
  usersByRole: Record<Role, number>;
  organisations: number;
  teams: number;
  recentAudit?: AuditRecord[];
}

/** What to do first on a new platform (nobody but admins yet), in the order it works. */
function FirstSteps() {
  return (
    <section aria-labelledby="first-steps-heading">
      <h2 id="first-steps-heading">First steps</h2>
      <ol>
        <li>
          <a href="/admin/users">Invite your staff</a> with the staff role; they get an email to accept.
        </li>
        <li>
          To issue certificates: design one in <a href="/admin/templates">Templates</a>, then in <a href="/admin/programmes">Programmes</a> create a course, a batch that uses
          the template, and import the batch's participants from a CSV (a dry run shows what would happen first).
        </li>
        <li>
          To accredit partners: add their organisation in <a href="/admin/organisations">Organisations</a>, define the accreditation under{' '}
          <a href="/admin/accreditation/types">Accreditation types</a>, then invite their people from <a href="/admin/users">Users</a> with the partner role and their
          organisation.
        </li>
      </ol>
    </section>
  );
}

/** GET /admin. */
export function DashboardPage(props: ConsoleProps & DashboardData) {
  const { usersByRole, organisations, teams, recentAudit } = props;
  const isAdmin = props.user.role === 'admin';
  return (
    <ConsoleShell title="Console" current="/admin" {...props}>
      <section aria-labelledby="accounts-heading">
        <h2 id="accounts-heading">Accounts</h2>
        <ul class="stats">
          {Object.entries(usersByRole).map(([role, count]) => (
            <li>
              <a href={`/admin/users?role=${role}`}>
                <strong>{count}</strong> {pluralWord(count, role, role === 'staff' ? 'staff' : `${role}s`)}
              </a>
            </li>
          ))}
          <li>
            <a href="/admin/organisations">
              <strong>{organisations}</strong> {pluralWord(organisations, 'organisation')}
            </a>
          </li>
          <li>
            <a href="/admin/teams">
              <strong>{teams}</strong> {pluralWord(teams, 'team')}
            </a>
          </li>
        </ul>
      </section>
      {Object.entries(usersByRole).every(([role, count]) => role === 'admin' || count === 0) ? <FirstSteps /> : null}
      <section aria-labelledby="sections-heading">
        <h2 id="sections-heading">Sections</h2>
        <ul>
          <li>
            <a href="/admin/users">Users and invitations</a>
          </li>
          <li>
            <a href="/admin/programmes">Programmes: courses, batches and issuing certificates</a>
          </li>
          <li>
            <a href="/admin/templates">Certificate templates</a>
          </li>
          <li>
            <a href="/admin/corrections">Name corrections asked for by participants</a>
          </li>
          <li>
            <a href="/admin/organisations">Partner organisations</a>
          </li>
          <li>
            <a href="/admin/accreditation">Partner accreditation: applications and accreditation types</a>
          </li>
          <li>
            <a href="/admin/messages">Messages from participants and partners</a>
          </li>
          <li>
            <a href="/admin/communications">Communications: every email and notification sent</a>
          </li>
          <li>
            <a href="/admin/teams">Staff teams</a>
          </li>
          {isAdmin ? (
            <>
              <li>
                <a href="/admin/content">Site pages: privacy notice, terms and help</a>
              </li>
              <li>
                <a href="/admin/trust">Trust list of other issuers</a>
              </li>
              <li>
                <a href="/admin/api-keys">API keys for integrations</a>
              </li>
              <li>
                <a href="/admin/audit">Audit log</a>
              </li>
            </>
          ) : null}
        </ul>
      </section>
      {recentAudit ? (
        <section aria-labelledby="recent-heading">
          <h2 id="recent-heading">Recent activity</h2>
          {recentAudit.length === 0 ? <p class="empty">Nothing has been audited yet.</p> : <AuditTable records={recentAudit} caption="The latest audited actions" />}
          <p>
            <a href="/admin/audit">The whole audit log</a>
          </p>
        </section>
      ) : null}
    </ConsoleShell>
  );
}
