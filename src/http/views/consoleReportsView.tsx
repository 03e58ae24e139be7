/**
 * The console's Reports section (/admin/reports): the monthly and quarterly programme
 * reports the scheduled job kept, one kept report with its figures and CSV, the admin's
 * choice of who receives them by email, and the accreditation exports for BI tools.
 */
import { ConsoleShell, FiguresTable, TableWrap, When, type ConsoleProps } from './consoleViews.js';
import { CsrfField } from './layout.js';
import type { ScheduledReportRecord, ScheduledReportSummary, UserRecord } from '../../storage/ports.js';
import { KEPT_REPORTS_PATH, periodLabel } from '../../programs/scheduledReports.js';
import { plural } from '../../plural.js';

const keptPath = (id: string) => `${KEPT_REPORTS_PATH}/kept/${id}`;
const KIND = { monthly: 'Monthly', quarterly: 'Quarterly' } as const;

/** GET /admin/reports: the kept reports and the exports. */
export function ReportsPage(
  props: ConsoleProps & { reports: ScheduledReportSummary[]; recipients: number | undefined },
) {
  const { reports, recipients, user } = props;
  return (
    <ConsoleShell title="Reports" current={KEPT_REPORTS_PATH} {...props}>
      <section aria-labelledby="kept-heading">
        <h2 id="kept-heading">Monthly and quarterly programme reports</h2>
        <p>
          After each month and each quarter ends, the programme report of that period (certificates issued,
          submissions pending, time from approval to certificate, by course) is made once, kept here as it
          was, and emailed to the staff an admin chose.
        </p>
        {user.role === 'admin' ? (
          <p>
            {recipients
              ? `${plural(recipients, 'staff member')} receive${recipients === 1 ? 's' : ''} the reports by email. `
              : 'Nobody receives the reports by email yet. '}
            <a href={`${KEPT_REPORTS_PATH}/recipients`}>Choose who receives them</a>
          </p>
        ) : null}
        {reports.length === 0 ? (
          <p class="empty">No report yet: the first is made after the current month ends.</p>
        ) : (
          <TableWrap label="Kept reports, newest first">
            <table>
              <caption>Kept reports, newest first</caption>
              <thead>
                <tr>
                  <th scope="col">Period</th>
                  <th scope="col">Kind</th>
                  <th scope="col">Issued</th>
                  <th scope="col">Pending</th>
                  <th scope="col">Made</th>
                  <th scope="col">CSV</th>
                </tr>
              </thead>
              <tbody>
                {reports.map((r) => (
                  <tr>
                    <th scope="row">
                      <a href={keptPath(r.id)}>{periodLabel(r)}</a>
                    </th>
                    <td>{KIND[r.kind]}</td>
                    <td>{String(r.issued)}</td>
                    <td>{String(r.pending)}</td>
                    <td>
                      <When at={r.generatedAt} />
                    </td>
                    <td>
                      <a href={`${keptPath(r.id)}/report.csv`}>{`CSV of ${periodLabel(r)}`}</a>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
        )}
      </section>
      <section aria-labelledby="exports-heading">
        <h2 id="exports-heading">Accreditation exports for BI tools</h2>
        <p>
          Every application with its status, type, organisation and dates, and the key figures as the
          Accreditation page computes them, as of now. The same data is available as JSON to an API key with
          the <code>reports:read</code> scope.
        </p>
        <ul>
          <li>
            <a href={`${KEPT_REPORTS_PATH}/accreditation-applications.csv`}>Applications (CSV)</a>
          </li>
          <li>
            <a href={`${KEPT_REPORTS_PATH}/accreditation-kpis.csv`}>Key figures (CSV)</a>
          </li>
        </ul>
      </section>
    </ConsoleShell>
  );
}

/** GET /admin/reports/kept/:id: one kept report. */
export function KeptReportPage(props: ConsoleProps & { record: ScheduledReportRecord }) {
  const { record } = props;
  const r = record.report;
  const d = r.approvalToIssuance;
  return (
    <ConsoleShell title={`Programme report: ${periodLabel(record)}`} current={KEPT_REPORTS_PATH} {...props}>
      <p>
        <a href={KEPT_REPORTS_PATH}>All reports</a>
      </p>
      <dl class="summary">
        <dt>Period</dt>
        <dd>{`${KIND[record.kind]}: ${record.from === record.to ? record.from : `${record.from} to ${record.to}`}`}</dd>
        <dt>Made</dt>
        <dd>
          <When at={record.generatedAt} />
        </dd>
        <dt>Emailed to</dt>
        <dd>{record.recipientIds.length ? plural(record.recipientIds.length, 'staff member') : 'nobody'}</dd>
      </dl>
      <p>
        <a href={`${keptPath(record.id)}/report.csv`}>Download CSV</a>
      </p>
      <ul class="stats">
        <li>
          <div>
            <strong>{String(r.totals.issued)}</strong> certificates issued
          </div>
        </li>
        <li>
          <div>
            <strong>{String(r.funnel.pending)}</strong> submissions pending
          </div>
        </li>
        <li>
          <div>
            <strong>{String(d.medianHours)}</strong> hours from approval to certificate (median)
          </div>
        </li>
      </ul>
      <FiguresTable
        caption="Certificates"
        head={['Figure', 'Count']}
        rows={[
          ['Issued', r.totals.issued],
          ['Of which re-issues', r.totals.reissued],
          ['Revoked', r.totals.revoked],
        ]}
      />
      <FiguresTable
        caption="Per course"
        head={['Course', 'Issued', 'Re-issued', 'Average rating']}
        rows={r.byCourse.map((c) => [c.title, c.issued, c.reissued, c.averageRating ?? '—'])}
      />
      <FiguresTable
        caption="Per month"
        head={['Month', 'Issued', 'Re-issued']}
        rows={r.byMonth.map((m) => [m.period, m.issued, m.reissued])}
      />
      <FiguresTable
        caption="From approval to certificate (hours)"
        head={['Measure', 'Hours']}
        rows={
          d.count === 0
            ? []
            : [
                ['Certificates measured', d.count],
                ['Mean', d.meanHours],
                ['Median', d.medianHours],
                ['90th percentile', d.p90Hours],
              ]
        }
      />
      <FiguresTable
        caption="Submissions in the period"
        head={['State', 'Count']}
        rows={[
          ['Submitted', r.funnel.submitted],
          ['Approved', r.funnel.approved],
          ['Rejected', r.funnel.rejected],
          ['Changes requested', r.funnel.changesRequested],
          ['Pending', r.funnel.pending],
        ]}
      />
    </ConsoleShell>
  );
}

/** GET/POST /admin/reports/recipients: whom the reports are emailed to (admins). */
export function RecipientsPage(
  props: ConsoleProps & { candidates: UserRecord[]; chosen: string[]; updatedAt?: string | undefined },
) {
  const { candidates, chosen, csrfToken, updatedAt } = props;
  return (
    <ConsoleShell title="Who receives the programme reports" current={KEPT_REPORTS_PATH} {...props}>
      <p>
        <a href={KEPT_REPORTS_PATH}>All reports</a>
      </p>
      <p>
        Each monthly and quarterly report is emailed to the staff chosen here when it is made, with its
        headline figures and a link to the kept report.
        {updatedAt ? (
          <>
            {' Last changed '}
            <When at={updatedAt} />.
          </>
        ) : null}
      </p>
      {candidates.length === 0 ? (
        <p class="empty">There are no active staff members or admins to choose from.</p>
      ) : (
        <form method="post" action={`${KEPT_REPORTS_PATH}/recipients`}>
          <CsrfField token={csrfToken} />
          <fieldset>
            <legend>Recipients</legend>
            {candidates.map((u) => (
              <div class="check">
                <input
                  id={`recipient-${u.id}`}
                  type="checkbox"
                  name="recipient"
                  value={u.id}
                  checked={chosen.includes(u.id)}
                />
                <label for={`recipient-${u.id}`}>{`${u.name} (${u.email}, ${u.role})`}</label>
              </div>
            ))}
          </fieldset>
          <button type="submit">Save recipients</button>
        </form>
      )}
    </ConsoleShell>
  );
}
