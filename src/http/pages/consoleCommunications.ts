/**
 * /admin/communications (staff): the delivery log. Search by person, trigger, status and
 * date; one message with where it stands in a sentence and every step of its life.
 */
import { Hono, type Context } from 'hono';
import type { AppEnv } from '../env.js';
import { AppError } from '../../errors.js';
import { formFields, render } from './pageKit.js';
import { attempt, pageContext, type NoticeData, type PageStatus } from './consoleKit.js';
import { reminderSchedule } from '../../notifications/reminders.js';
import {
  BATCH_DEADLINE,
  CERTIFICATE_EXPIRY,
  changeProgramReminderSchedule,
} from '../../programs/programReminders.js';
import { deliveryDetail, searchDeliveries, type DeliverySearch } from '../../notifications/deliveryLog.js';
import type { OutboxStatus } from '../../storage/ports.js';
import { DeliveryDetailPage, DeliveryLogPage } from '../views/notificationsView.js';
import { consoleMessageTemplateRoutes } from './consoleMessageTemplates.js';

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const STATUSES: OutboxStatus[] = ['queued', 'sent', 'failed', 'cancelled'];

function filtersOf(c: Context<AppEnv>): { raw: Record<string, string>; search: DeliverySearch } {
  const raw = Object.fromEntries(
    ['email', 'trigger', 'status', 'from', 'to'].map((n) => [n, (c.req.query(n) ?? '').trim().slice(0, 200)]),
  );
  for (const field of ['from', 'to'] as const) {
    if (raw[field] && !DAY.test(raw[field]!))
      throw new AppError('invalid_request', `${field}: use a date such as 2026-11-25`);
  }
  if (raw.status && !STATUSES.includes(raw.status as OutboxStatus))
    throw new AppError('invalid_request', `status: choose one of ${STATUSES.join(', ')}`);
  const search: DeliverySearch = {
    ...(raw.email ? { email: raw.email } : {}),
    ...(raw.trigger ? { trigger: raw.trigger } : {}),
    ...(raw.status ? { status: raw.status as OutboxStatus } : {}),
    ...(raw.from ? { from: raw.from } : {}),
    ...(raw.to ? { to: raw.to } : {}),
  };
  return { raw, search };
}

const KINDS = [
  { kind: BATCH_DEADLINE, label: 'Batch deadlines' },
  { kind: CERTIFICATE_EXPIRY, label: 'Certificate expiry' },
] as const;

/** "90, 60, 7" as numbers; a 400 naming the field otherwise. */
function days(value: string | undefined, field: string): number[] {
  const parts = (value ?? '')
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean);
  if (parts.some((p) => !/^\d{1,3}$/.test(p)))
    throw new AppError(
      'invalid_request',
      `${field}: whole numbers of days separated by commas, e.g. 90, 30, 7`,
    );
  return parts.map(Number);
}

async function logPage(c: Context<AppEnv>, notice?: NoticeData, status: PageStatus = 200): Promise<Response> {
  const { user, actor, csrfToken } = pageContext(c);
  const { raw, search } = filtersOf(c);
  const { messages, note } = await searchDeliveries(c.var.deps, actor, search);
  const schedules = await Promise.all(
    KINDS.map(async ({ kind, label }) => ({
      kind,
      label,
      ...(await reminderSchedule(c.var.deps.notifications, kind)),
    })),
  );
  const done =
    c.req.query('done') === 'schedule'
      ? {
          kind: 'success' as const,
          text: 'The schedule was saved and every reminder not sent yet was re-planned.',
        }
      : undefined;
  return render(
    c,
    DeliveryLogPage({ user, csrfToken, notice: notice ?? done, messages, filters: raw, note, schedules }),
    status,
  );
}

/** Routes mounted at /admin/communications. */
export function consoleCommunicationRoutes(): Hono<AppEnv> {
  return new Hono<AppEnv>()
    .get('/', (c) => logPage(c))
    .post('/schedules/:kind', async (c) => {
      const kind = KINDS.find((k) => k.kind === c.req.param('kind'))?.kind;
      if (!kind) throw new AppError('not_found', 'No such reminder schedule');
      const fields = await formFields(c);
      const result = await attempt(() =>
        changeProgramReminderSchedule(c.var.deps.programs, pageContext(c).actor, kind, {
          offsetsDays: days(fields.before, 'Days before'),
          pastDueDays: days(fields.after, 'Days after'),
        }),
      );
      if (!result.ok) return logPage(c, result.notice, result.status);
      return c.redirect('/admin/communications?done=schedule', 303);
    })
    .route('/templates', consoleMessageTemplateRoutes())
    .get('/:id', async (c) => {
      const { user, actor, csrfToken } = pageContext(c);
      const detail = await deliveryDetail(c.var.deps, actor, c.req.param('id'));
      return render(c, DeliveryDetailPage({ user, csrfToken, ...detail }));
    });
}
