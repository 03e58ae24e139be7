/**
 * The programme reports dashboard: charts (our own escaped SVG, inlined), the figures
 * beside them as tables (so the numbers are readable without the picture), a period
 * filter and the CSV download.
 */
import { raw } from 'hono/html';
import { ConsoleShell, FiguresTable, type ConsoleProps } from './consoleViews.js';
import { PROGRAMMES } from './consoleProgramsView.js';
import { barChartSvg } from '../../reports/svgCharts.js';
import type { ProgramReport } from '../../programs/reports.js';
import { plural } from '../../plural.js';

const FUNNEL = [
  ['Submitted', 'submitted'],
  ['Approved', 'approved'],
  ['Rejected', 'rejected'],
  ['Changes requested', 'changesRequested'],
  ['Pending', 'pending'],
] as const;

/**
 * An SVG chart; barChartSvg escapes every label, so its output is safe to inline. A chart of
 * nothing (no bars, or every bar zero) is left out: the sentence above it already says so,
 * and an empty axis reads as a broken page.
 */
function Chart(props: Parameters<typeof barChartSvg>[0]) {
  if (!props.series.some((series) => series.values.some((value) => value > 0))) return null;
  return <figure class="chart">{raw(barChartSvg(props))}</figure>;
}

/** GET /admin/programmes/reports. */
export function ProgrammeReportsPage(
  props: ConsoleProps & { report: ProgramReport; from?: string | undefined; to?: string | undefined },
) {
  const { report, from, to } = props;
  const query = new URLSearchParams({ ...(from ? { from } : {}), ...(to ? { to } : {}) }).toString();
  const f = report.funnel;
  return (
    <ConsoleShell title="Programme reports" current={PROGRAMMES} {...props}>
      {/* Each label sits above its input, so the pairs line up with the button on a wide screen and wrap as pairs on a phone. */}
      <form method="get" action={`${PROGRAMMES}/reports`} class="filters period">
        <div class="filter">
          <label for="r-from">From (YYYY-MM)</label>
          <input id="r-from" name="from" type="text" value={from ?? ''} />
        </div>
        <div class="filter">
          <label for="r-to">To (YYYY-MM)</label>
          <input id="r-to" name="to" type="text" value={to ?? ''} />
        </div>
        <button type="submit">Show</button>
      </form>
      <p>
        <a href={`${PROGRAMMES}/reports.csv${query ? `?${query}` : ''}`}>Download CSV</a>
      </p>
      <p>{`Certificates issued: ${report.totals.issued} (re-issues ${report.totals.reissued}, revoked ${report.totals.revoked}).`}</p>
      <Chart
        title="Certificates issued per month"
        labels={report.byMonth.map((m) => m.period)}
        series={[
          { name: 'issued', values: report.byMonth.map((m) => m.issued) },
          { name: 're-issued', values: report.byMonth.map((m) => m.reissued) },
        ]}
      />
      <FiguresTable
        caption="Issued per month"
        head={['Month', 'Issued', 'Re-issued']}
        rows={report.byMonth.map((m) => [m.period, m.issued, m.reissued])}
      />
      <Chart
        title="Certificates issued per quarter"
        labels={report.byQuarter.map((q) => q.period)}
        series={[{ name: 'issued', values: report.byQuarter.map((q) => q.issued) }]}
      />
      <FiguresTable
        caption="Issued per quarter"
        head={['Quarter', 'Issued', 'Re-issued']}
        rows={report.byQuarter.map((q) => [q.period, q.issued, q.reissued])}
      />
      <Chart
        title="Certificates per course"
        labels={report.byCourse.map((c) => c.title)}
        series={[{ name: 'issued', values: report.byCourse.map((c) => c.issued) }]}
      />
      <FiguresTable
        caption="Per course"
        head={['Course', 'Issued', 'Re-issued', 'Average rating']}
        rows={report.byCourse.map((c) => [c.title, c.issued, c.reissued, c.averageRating ?? '—'])}
      />
      <h2>From approval to certificate</h2>
      <p>
        {report.approvalToIssuance.count === 0
          ? 'No approved work has led to a certificate in this period.'
          : `${plural(report.approvalToIssuance.count, 'certificate')}: mean ${report.approvalToIssuance.meanHours} h, median ${report.approvalToIssuance.medianHours} h, 90th percentile ${report.approvalToIssuance.p90Hours} h.`}
      </p>
      <h2>Approval funnel</h2>
      <Chart
        title="Submissions"
        labels={['submitted', 'approved', 'rejected', 'changes requested', 'pending']}
        series={[
          {
            name: 'submissions',
            values: [f.submitted, f.approved, f.rejected, f.changesRequested, f.pending],
          },
        ]}
      />
      <FiguresTable
        caption="Submissions by outcome"
        head={['Stage', 'Submissions']}
        rows={FUNNEL.map(([label, key]) => [label, f[key]])}
      />
      <p>
        {f.submitted === 0
          ? 'First-pass approval rate: none yet, no work was submitted for review in this period.'
          : `First-pass approval rate: ${Math.round(f.firstPassApprovalRate * 100)}%.`}
      </p>
      <h2>Participant feedback</h2>
      <p>
        {report.feedback.count === 0
          ? 'No feedback yet.'
          : `${plural(report.feedback.count, 'rating')}, average ${report.feedback.averageRating} of 5.`}
      </p>
      <Chart
        title="Ratings"
        labels={['1', '2', '3', '4', '5']}
        series={[{ name: 'ratings', values: report.feedback.distribution }]}
        width={360}
      />
      {report.feedback.count > 0 ? (
        <FiguresTable
          caption="Ratings"
          head={['Rating', 'Answers']}
          rows={report.feedback.distribution.map((n, i) => [`${i + 1} of 5`, n])}
        />
      ) : null}
      {report.feedback.recent.length > 0 ? (
        <ul>
          {report.feedback.recent.map((r) => (
            <li>{`${r.rating}/5, ${r.courseTitle}: "${r.comment}"`}</li>
          ))}
        </ul>
      ) : null}
    </ConsoleShell>
  );
}
