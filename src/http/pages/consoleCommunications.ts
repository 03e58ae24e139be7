/**
 * /admin/communications (staff): the delivery log. Search by person, trigger, status and
 * date; one message with where it stands in a sentence and every step of its life.
 */
import { Hono, type Context } from 'hono';
import type { AppEnv } from '../env.js';
import { AppError } from '../../errors.js';
import { render } from './pageKit.js';
import { pageContext } from './consoleKit.js';
import { deliveryDetail, searchDeliveries, type DeliverySearch } from '../../notifications/deliveryLog.js';
import type { OutboxStatus } from '../../storage/ports.js';
import { DeliveryDetailPage, DeliveryLogPage } from '../views/notificationsView.js';

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const STATUSES: OutboxStatus[] = ['queued', 'sent', 'failed', 'cancelled'];

function filtersOf(c: Context<AppEnv>): { raw: Record<string, string>; search: DeliverySearch } {
  const raw = Object.fromEntries(['email', 'trigger', 'status', 'from', 'to'].map((n) => [n, (c.req.query(n) ?? '').trim().slice(0, 200)]));
  for (const field of ['from', 'to'] as const) {
    if (raw[field] && !DAY.test(raw[field]!)) throw new AppError('invalid_request', `${field}: use a date such as 2026-11-25`);
  }
  if (raw.status && !STATUSES.includes(raw.status as OutboxStatus)) throw new AppError('invalid_request', `status: choose one of ${STATUSES.join(', ')}`);
  const search: DeliverySearch = {
    ...(raw.email ? { email: raw.email } : {}),
    ...(raw.trigger ? { trigger: raw.trigger } : {}),
    ...(raw.status ? { status: raw.status as OutboxStatus } : {}),
    ...(raw.from ? { from: raw.from } : {}),
    ...(raw.to ? { to: raw.to } : {}),
  };
  return { raw, search };
}

/** Routes mounted at /admin/communications. */
export function consoleCommunicationRoutes(): Hono<AppEnv> {
  return new Hono<AppEnv>()
    .get('/', async (c) => {
      const { user, actor, csrfToken } = pageContext(c);
      const { raw, search } = filtersOf(c);
      const { messages, note } = await searchDeliveries(c.var.deps, actor, search);
      return render(c, DeliveryLogPage({ user, csrfToken, messages, filters: raw, note }));
    })
    .get('/:id', async (c) => {
      const { user, actor, csrfToken } = pageContext(c);
      const detail = await deliveryDetail(c.var.deps, actor, c.req.param('id'));
      return render(c, DeliveryDetailPage({ user, csrfToken, ...detail }));
    });
}
