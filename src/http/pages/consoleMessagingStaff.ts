/**
 * /admin/messages/preferences (each staff member's alerts and away message),
 * /admin/messages/supervisor (admins: queues, figures, template audit) and
 * /admin/messages/filter (the content filter beside the spam rules); mounted by
 * consoleMessages.ts before its /:id routes. Forms are read into the zod shapes the
 * domain validates; a malformed form is a 400, a refused save a notice. Post-redirect-get.
 */
import { Hono, type Context } from 'hono';
import type { AppEnv } from '../env.js';
import { AppError } from '../../errors.js';
import { formFields, render } from './pageKit.js';
import { attempt, pageContext, type NoticeData, type PageStatus } from './consoleKit.js';
import { STAFF_MESSAGING_ALERTS } from '../../storage/ports.js';
import {
  myMessagingPreferences,
  preferencesInput,
  saveMessagingPreferences,
} from '../../messaging/staffPreferences.js';
import { supervisorView } from '../../messaging/supervisorView.js';
import {
  contentFilterForStaff,
  contentFilterInput,
  saveContentFilter,
} from '../../messaging/contentFilter.js';
import { ContentFilterPage, MessagingPreferencesPage, SupervisorPage } from '../views/messagingStaffView.js';
import { MESSAGES } from '../views/consoleMessagesView.js';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A form date (YYYY-MM-DD, UTC) as the instant it starts, or the next day's start (`end`). */
function dayInstant(value: string | undefined, field: string, end: boolean): string | undefined {
  if (!value) return undefined;
  const day = Date.parse(`${value}T00:00:00.000Z`);
  if (!DATE.test(value) || Number.isNaN(day)) throw new AppError('invalid_request', `${field}: a date`);
  return new Date(day + (end ? 86_400_000 : 0)).toISOString();
}

function invalid(issues: { path: PropertyKey[]; message: string }[]): AppError {
  return new AppError('invalid_request', issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
}

/** The preferences form as the domain's input; "until" is inclusive, so it ends the next day. */
function preferencesFromForm(fields: Record<string, string>) {
  const body = (fields.awayBody ?? '').trim();
  const from = dayInstant(fields.awayFrom, 'From', false);
  const until = dayInstant(fields.awayUntil, 'Until', true);
  const parsed = preferencesInput.safeParse({
    alerts: STAFF_MESSAGING_ALERTS.filter((a) => fields[`alert_${a}`] === 'on'),
    ...(body ? { away: { body, ...(from ? { from } : {}), ...(until ? { until } : {}) } } : {}),
  });
  if (!parsed.success) throw invalid(parsed.error.issues);
  return parsed.data;
}

const lines = (value: string | undefined) =>
  (value ?? '')
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);

function filterFromForm(fields: Record<string, string>) {
  const parsed = contentFilterInput.safeParse({
    keywords: lines(fields.keywords),
    domains: lines(fields.domains),
  });
  if (!parsed.success) throw invalid(parsed.error.issues);
  return parsed.data;
}

const baseVersion = (value: string | undefined) => {
  if (!/^\d{1,9}$/.test(value ?? '')) throw new AppError('invalid_request', 'baseVersion: a whole number');
  return Number(value);
};

async function preferencesPage(c: Context<AppEnv>, notice?: NoticeData, status: PageStatus = 200) {
  const { user, actor, csrfToken } = pageContext(c);
  const preferences = await myMessagingPreferences(c.var.deps.messaging, actor);
  const done = c.req.query('done')
    ? { kind: 'success' as const, text: 'Your preferences were saved.' }
    : undefined;
  return render(
    c,
    MessagingPreferencesPage({
      user,
      csrfToken,
      notice: notice ?? done,
      preferences,
      now: c.var.deps.now().toISOString(),
    }),
    status,
  );
}

async function filterPage(
  c: Context<AppEnv>,
  options: { notice?: NoticeData; status?: PageStatus; values?: { keywords: string; domains: string } } = {},
) {
  const { user, actor, csrfToken } = pageContext(c);
  const filter = await contentFilterForStaff(c.var.deps.messaging, actor);
  const done = c.req.query('done')
    ? { kind: 'success' as const, text: 'The content filter was saved.' }
    : undefined;
  return render(
    c,
    ContentFilterPage({
      user,
      csrfToken,
      notice: options.notice ?? done,
      filter,
      ...(options.values ? { values: options.values } : {}),
    }),
    options.status ?? 200,
  );
}

/** Routes mounted at /admin/messages (preferences, supervisor view, content filter). */
export function consoleMessagingStaffRoutes(): Hono<AppEnv> {
  return new Hono<AppEnv>()
    .get('/preferences', (c) => preferencesPage(c))
    .post('/preferences', async (c) => {
      const fields = await formFields(c);
      const input = preferencesFromForm(fields);
      const result = await attempt(() =>
        saveMessagingPreferences(c.var.deps.messaging, pageContext(c).actor, input),
      );
      if (!result.ok) return preferencesPage(c, result.notice, result.status);
      return c.redirect(`${MESSAGES}/preferences?done=1`, 303);
    })
    .get('/supervisor', async (c) => {
      const { user, actor, csrfToken } = pageContext(c);
      const view = await supervisorView(c.var.deps.messaging, actor);
      return render(c, SupervisorPage({ user, csrfToken, view }));
    })
    .get('/filter', (c) => filterPage(c))
    .post('/filter', async (c) => {
      const fields = await formFields(c);
      const version = baseVersion(fields.baseVersion);
      const input = filterFromForm(fields);
      const result = await attempt(() =>
        saveContentFilter(c.var.deps.messaging, pageContext(c).actor, input, version),
      );
      if (!result.ok)
        return filterPage(c, {
          notice: result.notice,
          status: result.status,
          values: { keywords: fields.keywords ?? '', domains: fields.domains ?? '' },
        });
      return c.redirect(`${MESSAGES}/filter?done=1`, 303);
    });
}
