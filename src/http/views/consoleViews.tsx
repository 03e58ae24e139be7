/**
 * The console's shell (section navigation under the site header, the page's notice) and
 * its dashboard, plus small pieces the other console views share: a UTC timestamp and
 * the notice. No inline script or style (the CSP forbids them).
 */
import type { Child } from 'hono/jsx';
import { Layout, Notice } from './layout.js';
import type { AuditRecord, UserRecord } from '../../storage/ports.js';
import type { NoticeData } from '../pages/consoleKit.js';
import { plural, pluralWord } from '../../plural.js';
import { REVIEW_DAYS, STUCK_AFTER_HOURS, type StaffDashboard } from '../../reports/staffDashboard.js';
import { Sparkline } from './sparkline.js';

/** Where the dashboard's cards lead. */
const PROGRAMMES = '/admin/programmes';
const PROGRAMME_REPORTS = '/admin/programmes/reports';
/** The review queue: staff and admins review any course's work there. */
const REVIEW_QUEUE = '/reviewer';
const ACCREDITATION_IN_PROGRESS = '/admin/accreditation?status=in_progress';

/** The sections of the console; those marked adminOnly are for admins only. */
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
  { href: '/admin/reports', label: 'Reports', adminOnly: false },
  { href: '/admin/content', label: 'Site pages', adminOnly: true },
  { href: '/admin/trust', label: 'Trust list', adminOnly: true },
  { href: '/admin/api-keys', label: 'API keys', adminOnly: true },
  { href: '/admin/api-clients', label: 'Connected apps', adminOnly: true },
  { href: '/admin/audit', label: 'Audit log', adminOnly: true },
  { href: '/admin/monitoring', label: 'Monitoring', adminOnly: true },
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
    <section class="table-wrap" aria-label={label} tabindex={0}>
      {children}
    </section>
  );
}

/** The figures behind a chart, as a table (numbers readable without the picture, and copyable). */
export function FiguresTable({
  caption,
  head,
  rows,
}: {
  caption: string;
  head: string[];
  rows: (string | number)[][];
}) {
  if (rows.length === 0) return <p class="empty">{`${caption}: nothing in this period.`}</p>;
  return (
    <TableWrap label={caption}>
      <table>
        <caption>{caption}</caption>
        <thead>
          <tr>
            {head.map((h) => (
              <th scope="col">{h}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map(([first, ...rest]) => (
            <tr>
              <th scope="row">{String(first)}</th>
              {rest.map((cell) => (
                <td>{String(cell)}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  );
}

/** The page's notice, if any. */
function PageNotice({ notice }: { notice?: NoticeData | undefined }) {
  return notice ? <Notice kind={notice.kind}>{notice.text}</Notice> : null;
}

/** A console page: the layout, the section navigation and the notice. */
export function ConsoleShell({
  title,
  current,
  user,
  csrfToken,
  notice,
  head,
  children,
}: ConsoleProps & { title: string; current: string; head?: Child; children?: Child }) {
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

/** A date and time as people read it: "7 December 2026, 14:25 UTC". */
function inWords(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return `${d.getUTCDate()} ${d.toLocaleString('en-GB', { month: 'long', timeZone: 'UTC' })} ${d.getUTCFullYear()}, ${d.toISOString().slice(11, 16)} UTC`;
}

/** A detail's key in words: "batchId" is "batch id". */
function keyWords(key: string): string {
  return key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/_/g, ' ')
    .toLowerCase();
}

/** A detail's value as text: plain values as they are, lists joined, anything deeper as JSON. */
function valueText(value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value) && value.every((v) => typeof v !== 'object' || v === null))
    return value.map((v) => String(v)).join(', ');
  return JSON.stringify(value);
}

/** Text cut to `max` characters with an ellipsis (long ids and hashes on the dashboard). */
function shortened(text: string, max = 24): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** An audit entry's details as "key: value" lines, rather than one line of raw JSON; `cut` shortens long values. */
function AuditDetails({ details, cut = false }: { details: Record<string, unknown>; cut?: boolean }) {
  const entries = Object.entries(details);
  if (entries.length === 0) return null;
  return (
    <>
      {entries.map(([key, value], i) => (
        <>
          {i > 0 ? <br /> : null}
          <span class="hint">{`${keyWords(key)}: `}</span>
          {cut ? shortened(valueText(value)) : valueText(value)}
        </>
      ))}
    </>
  );
}

/** A person's label without the address in angle brackets: "Thandi Admin <t@example.org>" is "Thandi Admin". */
function nameOnly(label: string): string {
  return label.replace(/\s*<[^>]*>$/, '') || label;
}

/**
 * The audit entries as a table (dashboard and audit log). `compact` (the dashboard's few
 * latest entries, read at a glance): dates in words, names without addresses or ids, and
 * long ids and hashes shortened; the audit log shows everything in full.
 */
export function AuditTable({
  records,
  caption,
  compact = false,
}: {
  records: AuditRecord[];
  caption: string;
  compact?: boolean;
}) {
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
              <td>{compact ? <time datetime={r.at}>{inWords(r.at)}</time> : <When at={r.at} />}</td>
              {compact ? (
                <td>{nameOnly(r.actorLabel)}</td>
              ) : (
                <td>
                  {r.actorLabel}
                  <br />
                  <small>{r.actorId}</small>
                </td>
              )}
              <td>{r.action}</td>
              <td>
                {compact
                  ? r.objectId
                    ? `${keyWords(r.objectType)} ${shortened(r.objectId, 14)}`
                    : keyWords(r.objectType)
                  : r.objectId
                    ? `${r.objectType} ${r.objectId}`
                    : r.objectType}
              </td>
              <td>{r.details ? <AuditDetails details={r.details} cut={compact} /> : ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  );
}

/** The dashboard's figures (src/reports/staffDashboard.ts). */
export interface DashboardData {
  dashboard: StaffDashboard;
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
          To issue certificates: design one in <a href="/admin/templates">Templates</a>, then in{' '}
          <a href="/admin/programmes">Programmes</a> create a course, a batch that uses the template, and
          import the batch's participants from a CSV (a dry run shows what would happen first).
        </li>
        <li>
          To accredit partners: add their organisation in <a href="/admin/organisations">Organisations</a>,
          define the accreditation under <a href="/admin/accreditation/types">Accreditation types</a>, then
          invite their people from <a href="/admin/users">Users</a> with the partner role and their
          organisation.
        </li>
      </ol>
    </section>
  );
}

/** A count for a card: "1,234", or "50+" when read from a capped list. */
function figure(n: number, capped = false): string {
  return `${n.toLocaleString('en-GB')}${capped ? '+' : ''}`;
}

/** This month's certificates against the same days of last month, as a tag. */
function IssuedChange({ issued }: { issued: StaffDashboard['issued'] }) {
  const delta = issued.thisMonth - issued.lastMonthSoFar;
  if (delta === 0) return <span class="tag neutral">{`Same as ${issued.comparedWith}`}</span>;
  const n = Math.abs(delta);
  return delta > 0 ? (
    <span class="tag ok">{`${figure(n)} more than ${issued.comparedWith}`}</span>
  ) : (
    <span class="tag warn">{`${figure(n)} fewer than ${issued.comparedWith}`}</span>
  );
}

/** A card's status line: a warning when there is something, calm words when there is not. */
function Status({
  count,
  capped = false,
  some,
  none,
  kind = 'warn',
}: {
  count: number;
  capped?: boolean;
  some: string;
  none: string;
  kind?: 'warn' | 'bad';
}) {
  return count > 0 ? (
    <span class={`tag ${kind}`}>{`${figure(count, capped)} ${some}`}</span>
  ) : (
    <span class="tag ok">{none}</span>
  );
}

/** A 30-day trend, or words when nothing happened in it (a flat line says less). */
function Trend({ values, title, none }: { values: number[]; title: string; none: string }) {
  if (values.every((v) => v === 0)) {
    return (
      <>
        <br />
        <span class="hint">{none}</span>
      </>
    );
  }
  return <Sparkline values={values} title={title} period={`Last ${values.length} days`} />;
}

/**
 * The figures, each a card linking to where its items are listed. `stats cards grid`: the
 * stats look with the wider columns of a card grid, so a status tag and a sparkline fit.
 */
const FIGURE_LIST = 'stats cards grid';

/** Certificates: issued this month, waiting for consent, failing to issue. */
function IssuingFigures({ dashboard: d }: { dashboard: StaffDashboard }) {
  const { issued, certificates } = d;
  return (
    <section aria-labelledby="issuing-heading">
      <h2 id="issuing-heading">Issuing</h2>
      <ul class={FIGURE_LIST}>
        <li>
          <a href={`${PROGRAMME_REPORTS}?from=${issued.month}&to=${issued.month}`}>
            <strong>{figure(issued.thisMonth)}</strong>{' '}
            {`${pluralWord(issued.thisMonth, 'certificate')} issued in ${issued.monthName}`}
            <br />
            <IssuedChange issued={issued} />
            <Trend
              values={issued.trend.values}
              title="Certificates issued per day"
              none="None issued in the last 30 days"
            />
          </a>
        </li>
        <li>
          <a href={PROGRAMMES}>
            <strong>{figure(certificates.waitingForConsent)}</strong>{' '}
            {`${pluralWord(certificates.waitingForConsent, 'certificate')} waiting for consent`}
            <br />
            <span class="hint">Issued once the participant agrees to their name on it</span>
          </a>
        </li>
        <li>
          <a href={PROGRAMMES}>
            <strong>{figure(certificates.failing.count, certificates.failing.capped)}</strong>{' '}
            {`${pluralWord(certificates.failing.count, 'certificate')} failing to issue`}
            <br />
            <Status
              count={certificates.failing.count}
              capped={certificates.failing.capped}
              some={`due over ${plural(STUCK_AFTER_HOURS, 'hour')}`}
              none="None stuck"
              kind="bad"
            />
          </a>
        </li>
      </ul>
    </section>
  );
}

/** Work waiting for staff: submissions and accreditation items to review, what is overdue, messages over the SLA. */
function WaitingFigures({ dashboard: d }: { dashboard: StaffDashboard }) {
  const { review } = d;
  const overdue = review.overdueSubmissions + review.overdueAccreditationItems;
  // Overdue items live in two places; the card leads to the one that holds them (submissions first).
  const overdueHref =
    review.overdueSubmissions === 0 && review.overdueAccreditationItems > 0
      ? ACCREDITATION_IN_PROGRESS
      : REVIEW_QUEUE;
  return (
    <section aria-labelledby="waiting-heading">
      <h2 id="waiting-heading">Waiting for staff</h2>
      <ul class={FIGURE_LIST}>
        <li>
          <a href={REVIEW_QUEUE}>
            <strong>{figure(review.submissions)}</strong>{' '}
            {`${pluralWord(review.submissions, 'submission')} waiting for review`}
            <br />
            <Status count={review.overdueSubmissions} some={`over ${REVIEW_DAYS} days`} none="None overdue" />
            <Trend
              values={review.submissionsTrend.values}
              title="Submissions received per day"
              none="None received in the last 30 days"
            />
          </a>
        </li>
        <li>
          <a href={ACCREDITATION_IN_PROGRESS}>
            <strong>{figure(review.accreditationItems.count, review.accreditationItems.capped)}</strong>{' '}
            {`accreditation ${pluralWord(review.accreditationItems.count, 'item')} to review`}
            <br />
            <Status
              count={review.overdueAccreditationItems}
              some={`over ${REVIEW_DAYS} days`}
              none="None overdue"
            />
          </a>
        </li>
        <li>
          <a href={overdueHref}>
            <strong>{figure(overdue)}</strong>{' '}
            {`${pluralWord(overdue, 'review')} waiting over ${REVIEW_DAYS} days`}
            <br />
            {overdue > 0 ? (
              <span class="hint">{`${plural(review.overdueSubmissions, 'submission')}, ${plural(review.overdueAccreditationItems, 'accreditation item')}`}</span>
            ) : (
              <span class="tag ok">Nothing overdue</span>
            )}
          </a>
        </li>
        <li>
          <a href="/admin/messages?view=overdue">
            <strong>{figure(d.messagesOverSla.count, d.messagesOverSla.capped)}</strong>{' '}
            {`${pluralWord(d.messagesOverSla.count, 'conversation')} waiting over ${plural(d.messagesOverSla.slaHours, 'hour')}`}
            <br />
            {d.messagesOverSla.count > 0 ? (
              <span class="tag bad">Past the reply target</span>
            ) : (
              <span class="tag ok">All within target</span>
            )}
          </a>
        </li>
      </ul>
    </section>
  );
}

/** GET /admin. */
export function DashboardPage(props: ConsoleProps & DashboardData) {
  const { dashboard } = props;
  const { usersByRole, organisations, teams } = dashboard.accounts;
  const recentAudit = dashboard.recentAudit;
  const isAdmin = props.user.role === 'admin';
  return (
    <ConsoleShell title="Console" current="/admin" {...props}>
      <p class="lead">What needs attention, and how issuing is going.</p>
      <p class="hint">{`Figures at ${inWords(dashboard.at)}; days and months in UTC.`}</p>
      <WaitingFigures dashboard={dashboard} />
      <IssuingFigures dashboard={dashboard} />
      {Object.entries(usersByRole).every(([role, count]) => role === 'admin' || count === 0) ? (
        <FirstSteps />
      ) : null}
      <section aria-labelledby="accounts-heading">
        <h2 id="accounts-heading">Accounts</h2>
        <ul class="actions">
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
          {recentAudit.length === 0 ? (
            <p class="empty">Nothing has been audited yet.</p>
          ) : (
            <AuditTable records={recentAudit} caption="The latest audited actions" compact />
          )}
          <p>
            <a href="/admin/audit">The whole audit log</a>
          </p>
        </section>
      ) : null}
    </ConsoleShell>
  );
}
