/**
 * /admin/audit (admins only): the filtered log with a `before` cursor, and its exports
 * /admin/audit.csv (formula-looking cells neutralised by auditToCsv) and
 * /admin/audit.json, both downloads.
 */
import { Hono, type Context } from 'hono';
import type { AppEnv } from '../env.js';
import { requireRole } from '../middleware/roles.js';
import { auditToCsv } from '../../accounts/audit.js';
import {
  exportAuditRecords,
  listAuditPage,
  parseAuditQuery,
  type AuditQuery,
} from '../../accounts/auditLog.js';
import { render } from './pageKit.js';
import { attempt, pageContext } from './consoleKit.js';
import { AuditPage, type AuditData } from '../views/consoleAuditView.js';

function rawFilters(c: Context<AppEnv>): Record<string, string> {
  const names = ['action', 'actorId', 'from', 'to', 'before'] as const;
  return Object.fromEntries(names.map((n) => [n, (c.req.query(n) ?? '').slice(0, 200)]));
}

function download(c: Context<AppEnv>, body: string, type: string, extension: string): Response {
  const day = c.var.deps.now().toISOString().slice(0, 10);
  return c.body(body, 200, {
    'content-type': type,
    'content-disposition': `attachment; filename="audit-log-${day}.${extension}"`,
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
  });
}

async function exportFor(c: Context<AppEnv>, format: 'csv' | 'json') {
  const { actor, accounts } = pageContext(c);
  const query: AuditQuery = parseAuditQuery(rawFilters(c));
  return exportAuditRecords(accounts, actor, query, format);
}

/** Routes mounted at /admin (each one admin only, behind the console's checks). */
export function consoleAuditRoutes(): Hono<AppEnv> {
  const adminOnly = requireRole('admin');
  return new Hono<AppEnv>()
    .get('/audit', adminOnly, async (c) => {
      const { user, actor, csrfToken, accounts } = pageContext(c);
      const raw = rawFilters(c);
      const filters: AuditData['filters'] = {
        action: raw.action ?? '',
        actorId: raw.actorId ?? '',
        from: raw.from ?? '',
        to: raw.to ?? '',
      };
      const result = await attempt(async () => {
        const query = parseAuditQuery(raw);
        return { query, ...(await listAuditPage(accounts, actor, query)) };
      });
      if (!result.ok)
        return render(
          c,
          AuditPage({ records: [], filters, query: {}, user, csrfToken, notice: result.notice }),
          result.status,
        );
      const { query, records, nextBefore } = result.value;
      return render(c, AuditPage({ records, filters, query, nextBefore, user, csrfToken }));
    })
    .get('/audit.csv', adminOnly, async (c) =>
      download(c, auditToCsv(await exportFor(c, 'csv')), 'text/csv; charset=utf-8', 'csv'),
    )
    .get('/audit.json', adminOnly, async (c) =>
      download(
        c,
        `${JSON.stringify(await exportFor(c, 'json'), null, 2)}\n`,
        'application/json; charset=utf-8',
        'json',
      ),
    );
}
