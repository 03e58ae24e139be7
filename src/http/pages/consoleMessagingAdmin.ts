/**
 * /admin/messages/settings and /admin/messages/broadcasts (staff; mounted by
 * consoleMessages.ts before its /:id routes). The settings form is read into the same
 * zod shape the domain validates; a 409 when someone saved meanwhile. Post-redirect-get.
 */
import { Hono, type Context } from 'hono';
import type { AppEnv } from '../env.js';
import { AppError } from '../../errors.js';
import { formFields, render } from './pageKit.js';
import { attempt, pageContext, type NoticeData, type PageStatus } from './consoleKit.js';
import {
  BROADCAST_KINDS,
  BROADCAST_ROLES,
  CONVERSATION_CATEGORIES,
  type BroadcastKind,
  type BroadcastRole,
  type BroadcastSegment,
  type ConversationCategory,
} from '../../storage/ports.js';
import { saveMessagingSettings, settingsInput } from '../../messaging/messagingSettings.js';
import { broadcastOverview, settingsWithTeams } from '../../messaging/consoleMessagingReads.js';
import { broadcastDetail, sendBroadcast } from '../../messaging/broadcasts.js';
import { BroadcastDetailPage, BroadcastsPage, MessagingSettingsPage } from '../views/messagingAdminView.js';
import { MESSAGES } from '../views/consoleMessagesView.js';

/** Numbered form rows (`prefix_0_field`, `prefix_1_field`, ...) as objects. */
function rows(fields: Record<string, string>, prefix: string, names: string[]): Record<string, string>[] {
  const out: Record<string, string>[] = [];
  for (let i = 0; i < 200 && names.some((n) => `${prefix}_${i}_${n}` in fields); i++) {
    out.push(Object.fromEntries(names.map((n) => [n, (fields[`${prefix}_${i}_${n}`] ?? '').trim()])));
  }
  return out;
}

const wholeNumber = (value: string | undefined, field: string) => {
  if (!/^\d{1,5}$/.test(value ?? '')) throw new AppError('invalid_request', `${field}: a whole number`);
  return Number(value);
};

/** The settings form as the domain's input. */
function settingsFromForm(fields: Record<string, string>) {
  const parsed = settingsInput.safeParse({
    routes: Object.fromEntries(
      CONVERSATION_CATEGORIES.filter((c) => fields[`route_${c}`]).map((c) => [c, fields[`route_${c}`]]),
    ),
    slaHours: wholeNumber(fields.slaHours, 'First answer within'),
    retentionDays: wholeNumber(fields.retentionDays, 'Erase resolved conversations after'),
    officeHours: {
      days: [0, 1, 2, 3, 4, 5, 6].filter((d) => fields[`day_${d}`] === 'on'),
      startHour: wholeNumber(fields.startHour, 'From hour'),
      endHour: wholeNumber(fields.endHour, 'Until hour'),
      message: fields.officeMessage ?? '',
    },
    autoReplies: rows(fields, 'auto', ['id', 'category', 'keywords', 'body'])
      .filter((r) => r.body)
      .map((r) => ({
        ...(r.id ? { id: r.id } : {}),
        ...(r.category ? { category: r.category } : {}),
        keywords: (r.keywords ?? '')
          .split(',')
          .map((k) => k.trim())
          .filter(Boolean),
        body: r.body,
      })),
    responseTemplates: rows(fields, 'template', ['id', 'name', 'body'])
      .filter((r) => r.body)
      .map((r) => ({ ...(r.id ? { id: r.id } : {}), name: r.name || 'Untitled', body: r.body })),
  });
  if (!parsed.success)
    throw new AppError(
      'invalid_request',
      parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '),
    );
  return parsed.data;
}

async function settingsPage(
  c: Context<AppEnv>,
  notice?: NoticeData,
  status: PageStatus = 200,
): Promise<Response> {
  const { user, actor, csrfToken } = pageContext(c);
  const { settings, teams } = await settingsWithTeams(c.var.deps.messaging, actor);
  const done = c.req.query('done')
    ? { kind: 'success' as const, text: 'The messaging settings were saved.' }
    : undefined;
  return render(
    c,
    MessagingSettingsPage({ user, csrfToken, notice: notice ?? done, settings, teams }),
    status,
  );
}

async function broadcastsPage(
  c: Context<AppEnv>,
  values: Record<string, string> = {},
  notice?: NoticeData,
  status: PageStatus = 200,
): Promise<Response> {
  const { user, actor, csrfToken } = pageContext(c);
  const { broadcasts, organisations, courses, batches } = await broadcastOverview(
    c.var.deps.messaging,
    actor,
  );
  return render(
    c,
    BroadcastsPage({ user, csrfToken, notice, broadcasts, organisations, courses, batches, values }),
    status,
  );
}

/** Routes mounted at /admin/messages (settings and broadcasts). */
export function consoleMessagingAdminRoutes(): Hono<AppEnv> {
  return new Hono<AppEnv>()
    .get('/settings', (c) => settingsPage(c))
    .post('/settings', async (c) => {
      const fields = await formFields(c);
      const result = await attempt(async () =>
        saveMessagingSettings(
          c.var.deps.messaging,
          pageContext(c).actor,
          settingsFromForm(fields),
          wholeNumber(fields.baseVersion, 'baseVersion'),
        ),
      );
      if (!result.ok) return settingsPage(c, result.notice, result.status);
      return c.redirect(`${MESSAGES}/settings?done=1`, 303);
    })
    .get('/broadcasts', (c) => broadcastsPage(c))
    .post('/broadcasts', async (c) => {
      const fields = await formFields(c);
      const category = fields.category as ConversationCategory;
      if (!(CONVERSATION_CATEGORIES as readonly string[]).includes(category))
        throw new AppError(
          'invalid_request',
          `category: choose one of ${CONVERSATION_CATEGORIES.join(', ')}`,
        );
      const role = fields.role as BroadcastRole | undefined;
      if (role && !BROADCAST_ROLES.includes(role))
        throw new AppError('invalid_request', `role: choose ${BROADCAST_ROLES.join(', ')}`);
      const segment: BroadcastSegment = {
        ...(role ? { role } : {}),
        ...(fields.organisationId ? { organisationId: fields.organisationId } : {}),
        ...(fields.courseId ? { courseId: fields.courseId } : {}),
        ...(fields.batchId ? { batchId: fields.batchId } : {}),
        ...(fields.country?.trim() ? { country: fields.country.trim().toUpperCase() } : {}),
        ...(fields.region?.trim() ? { region: fields.region.trim() } : {}),
      };
      const kind = (fields.kind || 'service') as BroadcastKind;
      if (!BROADCAST_KINDS.includes(kind))
        throw new AppError('invalid_request', `kind: choose ${BROADCAST_KINDS.join(' or ')}`);
      const result = await attempt(() =>
        sendBroadcast(c.var.deps.messaging, pageContext(c).actor, {
          segment,
          category,
          subject: fields.subject ?? '',
          body: fields.body ?? '',
          kind,
        }),
      );
      if (!result.ok) return broadcastsPage(c, fields, result.notice, result.status);
      return c.redirect(`${MESSAGES}/broadcasts/${result.value.id}`, 303);
    })
    .get('/broadcasts/:id', async (c) => {
      const { user, actor, csrfToken } = pageContext(c);
      const detail = await broadcastDetail(c.var.deps.messaging, actor, c.req.param('id'));
      return render(c, BroadcastDetailPage({ user, csrfToken, ...detail }));
    });
}
