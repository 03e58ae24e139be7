/**
 * The availability part of the messaging monthly report (SCMR-5): the month's uptime
 * measured from the heartbeat, week by week and the days that fell short, the error
 * rates, and the slowest routes; with the same figures as CSV rows.
 */
import type { ReportSection } from '../messaging/monthlyReport.js';
import { plural } from '../plural.js';
import { latencyText, pctText, type Availability } from './availability.js';

/** Days below this uptime are named in the report. */
const GOOD_DAY_PCT = 99.9;

/** The report's "Availability" and "Slowest routes" sections. */
export function availabilitySections(a: Availability): ReportSection[] {
  const measured = a.days.filter((d) => d.uptimePct !== undefined);
  const shortDays = measured.filter((d) => d.uptimePct! < GOOD_DAY_PCT);
  const req = a.requests;
  return [
    {
      heading: 'Availability',
      paragraphs: [
        a.overall?.uptimePct === undefined
          ? 'The service recorded no heartbeat in this month, so its uptime cannot be measured.'
          : `Uptime ${pctText(a.overall.uptimePct)}: the service answered its heartbeat in ${plural(a.overall.upMinutes, 'minute')} of the ${plural(a.overall.measuredMinutes, 'minute')} measured.`,
        shortDays.length === 0
          ? measured.length > 0
            ? `Every day measured was above ${GOOD_DAY_PCT}%.`
            : 'No day was measured.'
          : `Days below ${GOOD_DAY_PCT}%: ${shortDays.map((d) => `${d.start} (${pctText(d.uptimePct)})`).join(', ')}.`,
        `${plural(req.requests, 'request')} answered; ${pctText(req.serverErrorRatePct)} were server errors (5xx) and ${pctText(req.clientErrorRatePct)} were refused as the client's error (4xx).`,
      ],
      table: {
        header: ['Week from', 'Uptime', 'Minutes down'],
        rows: a.weeks.map((w) => [w.start, pctText(w.uptimePct), String(w.measuredMinutes - w.upMinutes)]),
      },
    },
    {
      heading: 'Slowest routes',
      paragraphs: [
        a.slowest.length === 0
          ? 'Too few requests this month to rank the routes by speed.'
          : 'The routes with the longest answer times (95th percentile), among those with at least ten requests.',
      ],
      ...(a.slowest.length
        ? {
            table: {
              header: ['Route', 'Requests', 'Median', '95th percentile', 'Server errors'],
              rows: a.slowest.map((r) => [
                `${r.method} ${r.route}`,
                String(r.requests),
                latencyText(r.p50Ms),
                latencyText(r.p95Ms),
                String(r.serverErrors),
              ]),
            },
          }
        : {}),
    },
  ];
}

/** The availability figures as monthly-report CSV rows: [measure, key, value]. */
export function availabilityCsvRows(a: Availability): unknown[][] {
  return [
    ['uptime_pct', '', a.overall?.uptimePct ?? ''],
    ['requests', '', a.requests.requests],
    ['server_error_rate_pct', '', a.requests.serverErrorRatePct ?? ''],
    ['client_error_rate_pct', '', a.requests.clientErrorRatePct ?? ''],
    ...a.days.map((d) => ['uptime_pct_by_day', d.start, d.uptimePct ?? '']),
    ...a.days.map((d) => ['server_error_rate_pct_by_day', d.start, d.serverErrorRatePct ?? '']),
    ...a.slowest.map((r) => [
      'p95_ms_by_route',
      `${r.method} ${r.route}`,
      Number.isFinite(r.p95Ms) ? r.p95Ms : '',
    ]),
  ];
}
