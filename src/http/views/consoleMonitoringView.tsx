/**
 * The monitoring page (/admin/monitoring, admins): uptime from the service's heartbeat over
 * the last 30 days (figures, a chart per day, tables by day and week), server errors over
 * the last 15 minutes against the alert threshold, and per route pattern the requests,
 * errors and p50/p95 answer times, the slowest first.
 */
import { raw } from 'hono/html';
import { ConsoleShell, TableWrap, type ConsoleProps } from './consoleViews.js';
import { barChartSvg } from '../../reports/svgCharts.js';
import {
  latencyText,
  pctText,
  type MonitoringOverview,
  type RouteSummary,
} from '../../monitoring/availability.js';
import { plural } from '../../plural.js';

/** Where the page lives. */
const MONITORING = '/admin/monitoring';
/** Routes listed in the table of all routes (the most requested). */
const ROUTES_SHOWN = 50;

function RouteTable({ id, caption, routes }: { id: string; caption: string; routes: RouteSummary[] }) {
  return (
    <TableWrap label={caption}>
      <table id={id}>
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Route</th>
            <th scope="col">Requests</th>
            <th scope="col">4xx</th>
            <th scope="col">5xx</th>
            <th scope="col">Median</th>
            <th scope="col">95th percentile</th>
          </tr>
        </thead>
        <tbody>
          {routes.map((r) => (
            <tr>
              <th scope="row">
                <code>{`${r.method} ${r.route}`}</code>
              </th>
              <td>{String(r.requests)}</td>
              <td>{String(r.clientErrors)}</td>
              <td>{String(r.serverErrors)}</td>
              <td>{latencyText(r.p50Ms)}</td>
              <td>{latencyText(r.p95Ms)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  );
}

/** GET /admin/monitoring. */
export function MonitoringPage(props: ConsoleProps & { overview: MonitoringOverview }) {
  const { availability: a, recent, thresholds } = props.overview;
  const overErrorThreshold =
    thresholds.errorRatePct > 0 &&
    recent.requests >= thresholds.errorMinRequests &&
    (recent.serverErrorRatePct ?? 0) >= thresholds.errorRatePct;
  // Days before monitoring began have nothing to show (not 0% uptime).
  const days = a.days.filter((d) => d.measuredMinutes > 0);
  const weeks = a.weeks.filter((w) => w.measuredMinutes > 0);
  const chart = barChartSvg({
    title: 'Uptime per day (%), last 30 days (UTC)',
    labels: days.map((d) => d.start.slice(5)),
    series: [{ name: 'uptime %', values: days.map((d) => d.uptimePct ?? 0) }],
  });
  const month = props.overview.at.slice(0, 7);
  return (
    <ConsoleShell title="Monitoring" current={MONITORING} {...props}>
      <p>
        Uptime is measured from the service's own heartbeat: every running instance records each minute it is
        up, so a minute without one is a minute down.{' '}
        {a.since ? `Measured since ${a.since.slice(0, 16).replace('T', ' ')} UTC.` : 'No heartbeat yet.'} The
        messaging <a href={`/admin/messages/reports?month=${month}`}>monthly report</a> shows the same figures
        by month.
      </p>
      <section aria-labelledby="availability-heading">
        <h2 id="availability-heading">Last 30 days</h2>
        <ul class="stats cards grid">
          <li>
            <strong>{pctText(a.overall?.uptimePct)}</strong> uptime
            <br />
            <span class="hint">
              {a.overall
                ? `${plural(a.overall.measuredMinutes - a.overall.upMinutes, 'minute')} down of ${plural(a.overall.measuredMinutes, 'minute')} measured`
                : 'Nothing measured yet'}
            </span>
          </li>
          <li>
            <strong>{String(a.requests.requests)}</strong> requests
            <br />
            <span class="hint">{`${pctText(a.requests.serverErrorRatePct)} server errors, ${pctText(a.requests.clientErrorRatePct)} client errors`}</span>
          </li>
          <li>
            <strong>{pctText(recent.serverErrorRatePct)}</strong> server errors in the last 15 minutes
            <br />
            {overErrorThreshold ? (
              <span class="tag bad">{`At or over the alert threshold of ${thresholds.errorRatePct}%`}</span>
            ) : (
              <span class="hint">{`${plural(recent.requests, 'request')}; alert at ${thresholds.errorRatePct > 0 ? `${thresholds.errorRatePct}%` : 'never (off)'}`}</span>
            )}
          </li>
        </ul>
        {days.length > 0 ? <figure class="chart">{raw(chart)}</figure> : null}
      </section>
      <section aria-labelledby="slowest-heading">
        <h2 id="slowest-heading">Slowest routes</h2>
        {a.slowest.length === 0 ? (
          <p class="empty">Too few requests yet to rank the routes by speed.</p>
        ) : (
          <RouteTable
            id="slowest-routes"
            caption="Slowest routes by 95th percentile, last 30 days"
            routes={a.slowest}
          />
        )}
      </section>
      <section aria-labelledby="days-heading">
        <h2 id="days-heading">By day and week</h2>
        <TableWrap label="Uptime and errors per day">
          <table id="uptime-days">
            <caption>Uptime and errors per day (UTC)</caption>
            <thead>
              <tr>
                <th scope="col">Day</th>
                <th scope="col">Uptime</th>
                <th scope="col">Minutes down</th>
                <th scope="col">Requests</th>
                <th scope="col">Server errors</th>
              </tr>
            </thead>
            <tbody>
              {[...days].reverse().map((d) => (
                <tr>
                  <th scope="row">{d.start}</th>
                  <td>{pctText(d.uptimePct)}</td>
                  <td>{String(d.measuredMinutes - d.upMinutes)}</td>
                  <td>{String(d.requests)}</td>
                  <td>{pctText(d.serverErrorRatePct)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
        <TableWrap label="Uptime per week">
          <table id="uptime-weeks">
            <caption>Uptime per week (from Monday)</caption>
            <thead>
              <tr>
                <th scope="col">Week from</th>
                <th scope="col">Uptime</th>
                <th scope="col">Minutes down</th>
              </tr>
            </thead>
            <tbody>
              {weeks.map((w) => (
                <tr>
                  <th scope="row">{w.start}</th>
                  <td>{pctText(w.uptimePct)}</td>
                  <td>{String(w.measuredMinutes - w.upMinutes)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      </section>
      <section aria-labelledby="routes-heading">
        <h2 id="routes-heading">Requests by route</h2>
        {a.routes.length === 0 ? (
          <p class="empty">No requests counted yet.</p>
        ) : (
          <RouteTable
            id="all-routes"
            caption={`The ${Math.min(ROUTES_SHOWN, a.routes.length)} most requested routes, last 30 days`}
            routes={a.routes.slice(0, ROUTES_SHOWN)}
          />
        )}
      </section>
    </ConsoleShell>
  );
}
