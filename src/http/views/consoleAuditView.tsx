/**
 * The console's audit log page (admins): filters (action, actor id, a range of days),
 * the entries newest first with a link to older ones, and the CSV and JSON exports of
 * the same filter.
 */
import { AuditTable, ConsoleShell, type ConsoleProps } from './consoleViews.js';
import type { AuditQuery } from '../../accounts/auditLog.js';
import type { AuditRecord } from '../../storage/ports.js';

/** What the audit page shows; `filters` are the submitted values, valid or not. */
export interface AuditData {
  records: AuditRecord[];
  filters: Record<'action' | 'actorId' | 'from' | 'to', string>;
  query: AuditQuery;
  nextBefore?: string | undefined;
}

function withQuery(path: string, query: AuditQuery, extra: Record<string, string> = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries({ ...query, ...extra })) if (value) params.set(key, value);
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

/** GET /admin/audit. */
export function AuditPage(props: ConsoleProps & AuditData) {
  const { records, filters, query, nextBefore } = props;
  const { before: _cursor, ...exportQuery } = query;
  return (
    <ConsoleShell title="Audit log" current="/admin/audit" {...props}>
      <form method="get" action="/admin/audit" class="filters">
        <div>
          <label for="audit-action">Action</label>
          <input
            id="audit-action"
            name="action"
            type="text"
            placeholder="user.role_changed"
            value={filters.action}
          />
        </div>
        <div>
          <label for="audit-actor">Actor id</label>
          <input id="audit-actor" name="actorId" type="text" value={filters.actorId} />
        </div>
        <div>
          <label for="audit-from">From (UTC day)</label>
          <input id="audit-from" name="from" type="date" value={filters.from} />
        </div>
        <div>
          <label for="audit-to">To (UTC day)</label>
          <input id="audit-to" name="to" type="date" value={filters.to} />
        </div>
        <button type="submit">Filter</button>
      </form>
      <p class="exports">
        Download these entries: <a href={withQuery('/admin/audit.csv', exportQuery)}>CSV</a> ·{' '}
        <a href={withQuery('/admin/audit.json', exportQuery)}>JSON</a>
      </p>
      {records.length === 0 ? (
        <p class="empty">No audited actions match.</p>
      ) : (
        <AuditTable records={records} caption={query.before ? 'Older entries' : 'Newest entries'} />
      )}
      <nav aria-label="Pages" class="pager">
        {query.before ? <a href={withQuery('/admin/audit', exportQuery)}>Newest entries</a> : null}
        {nextBefore ? (
          <a href={withQuery('/admin/audit', exportQuery, { before: nextBefore })}>Older entries</a>
        ) : null}
      </nav>
    </ConsoleShell>
  );
}
