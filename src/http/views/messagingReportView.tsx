/**
 * The monthly messaging report page (/admin/messages/reports): a month picker, the
 * response-time chart by hour of day, every section with its tables, and the PDF and CSV
 * downloads of the same month.
 */
import { raw } from 'hono/html';
import { ConsoleShell, type ConsoleProps } from './consoleViews.js';
import { barChartSvg } from '../../reports/svgCharts.js';
import type { MonthlyReport } from '../../messaging/monthlyReport.js';
import { MESSAGES } from './consoleMessagesView.js';
import { ReportSections } from './reportSectionsView.js';

/** GET /admin/messages/reports. */
export function MessagingReportPage(props: ConsoleProps & { report: MonthlyReport }) {
  const { report } = props;
  const hours = report.metrics.responses.byHour;
  const chart = barChartSvg({
    title: 'Median wait for an answer (hours) by the hour the person wrote (UTC)',
    labels: hours.map((_, h) => String(h).padStart(2, '0')),
    series: [
      {
        name: 'median hours',
        values: hours.map((d) => Math.round(((d.medianMs ?? 0) / 3600_000) * 10) / 10),
      },
    ],
  });
  const base = `${MESSAGES}/reports/${report.month}`;
  // Days before monitoring began have nothing to show (not 0% uptime).
  const days = report.availability.days.filter((d) => d.measuredMinutes > 0);
  const uptimeChart = barChartSvg({
    title: 'Service uptime per day (%), from its heartbeat (UTC)',
    labels: days.map((d) => d.start.slice(8, 10)),
    series: [{ name: 'uptime %', values: days.map((d) => d.uptimePct ?? 0) }],
  });
  return (
    <ConsoleShell title={report.title} current={MESSAGES} {...props}>
      <form method="get" action={`${MESSAGES}/reports`} class="filters">
        <label for="r-month">Month (YYYY-MM)</label>
        <input id="r-month" name="month" type="text" value={report.month} pattern="\d{4}-\d{2}" />
        <button type="submit">Show</button>
      </form>
      <p>
        <a href={`${base}.pdf`}>Download PDF</a> · <a href={`${base}.csv`}>Download the figures (CSV)</a>
      </p>
      <figure class="chart">{raw(chart)}</figure>
      <ReportSections sections={report.sections} />
      {days.length > 0 ? <figure class="chart">{raw(uptimeChart)}</figure> : null}
      <ReportSections sections={report.availabilitySections} />
    </ConsoleShell>
  );
}
