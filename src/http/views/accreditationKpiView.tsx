import { TableWrap } from './consoleViews.js';
import type { AccreditationKpis } from '../../accreditation/accreditationKpis.js';

const fmt = (n: number | undefined, unit: string) => (n === undefined ? '—' : `${n}${unit}`);

/** KPIs per partner (and overall), with a link to each partner's quarterly report. */
export function KpiTable({ rows }: { rows: { name: string; kpis: AccreditationKpis; report?: string }[] }) {
  return (
    <TableWrap label="Timeliness, documentation quality, compliance, cycle time and feedback">
      <table>
        <caption>Timeliness, documentation quality, compliance, cycle time and feedback</caption>
        <thead>
          <tr>
            <th scope="col">Partner</th>
            <th scope="col">Applications</th>
            <th scope="col">On time</th>
            <th scope="col">Average delay</th>
            <th scope="col">First-pass approval</th>
            <th scope="col">Compliance</th>
            <th scope="col">Stage cycle time</th>
            <th scope="col">Feedback</th>
          </tr>
        </thead>
        <tbody>
          {rows.map(({ name, kpis, report }) => (
            <tr>
              <td>{report ? <a href={report}>{name}</a> : name}</td>
              <td>{`${kpis.applications} (${kpis.accredited} accredited)`}</td>
              <td>{fmt(kpis.submittedOnTimePct, '%')}</td>
              <td>{fmt(kpis.averageDelayDays, ' days')}</td>
              <td>{fmt(kpis.firstPassApprovalPct, '%')}</td>
              <td>{fmt(kpis.compliancePct, '%')}</td>
              <td>{kpis.stageCycleDays.map((s) => `${s.stage}: ${s.averageDays} d`).join('; ') || '—'}</td>
              <td>
                {kpis.feedback.averageScore === undefined
                  ? '—'
                  : `${kpis.feedback.averageScore}/5 (${kpis.feedback.count})`}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  );
}
