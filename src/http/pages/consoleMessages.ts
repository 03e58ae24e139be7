/**
 * /admin/messages (staff, behind the console's session, CSRF and role): the inbox, one
 * conversation (read is audit-logged by the domain), reply, note, state, response
 * templates, the live stream, the review queue and blocks. A conversation of another
 * team is a 404. Post-redirect-get after every change.
 */
import { Hono, type Context } from 'hono';
import type { AppEnv } from '../env.js';
import { AppError } from '../../errors.js';
import { formFields, render } from './pageKit.js';
import { attempt, pageContext, type NoticeData, type PageStatus } from './consoleKit.js';
import {
  CONVERSATION_CATEGORIES,
  CONVERSATION_STATUSES,
  type ConversationCategory,
  type ConversationStatus,
} from '../../storage/ports.js';
import { readConversation, staffInbox, type InboxQuery } from '../../messaging/conversationReads.js';
import { addNote, replyToConversation } from '../../messaging/conversationWrites.js';
import {
  changeConversationState,
  decideHeldMessage,
  fillResponseTemplate,
  resolveReport,
  reviewQueue,
  setMessagingBlock,
} from '../../messaging/staffActions.js';
import { messagingSettings } from '../../messaging/messagingSettings.js';
import { conversationTools, inboxTeams } from '../../messaging/consoleMessagingReads.js';
import { InboxPage, MESSAGES, ReviewQueuePage, StaffConversationPage } from '../views/consoleMessagesView.js';
import { conversationEvents } from './conversationStream.js';
import { consoleMessagingAdminRoutes } from './consoleMessagingAdmin.js';
import { consoleMessagingStaffRoutes } from './consoleMessagingStaff.js';
import { consoleMessagingFeedbackRoutes } from './consoleMessagingFeedback.js';
import { monthlyReport, monthlyReportCsv } from '../../messaging/monthlyReport.js';
import { MessagingReportPage } from '../views/messagingReportView.js';
import { textReportPdf } from '../../reports/textReportPdf.js';
import { csvDownload } from '../routes/programs.js';

/** The report of a month (default: the current one) for the signed-in staff member. */
async function reportOf(c: Context<AppEnv>, month: string | undefined) {
  const chosen = month || c.var.deps.now().toISOString().slice(0, 7);
  return monthlyReport(
    c.var.deps.messaging,
    pageContext(c).actor,
    chosen,
    c.var.deps.notifications.settings.organisationName,
  );
}

const VIEWS = ['all', 'mine', 'unread', 'flagged', 'overdue', 'escalated'] as const;

function oneOf<T extends string>(
  value: string | undefined,
  allowed: readonly T[],
  field: string,
): T | undefined {
  if (!value) return undefined;
  if (!(allowed as readonly string[]).includes(value))
    throw new AppError('invalid_request', `${field}: choose one of ${allowed.join(', ')}`);
  return value as T;
}

async function inbox(c: Context<AppEnv>): Promise<Response> {
  const { user, actor, csrfToken } = pageContext(c);
  const raw = Object.fromEntries(
    ['view', 'status', 'category', 'team', 'q'].map((n) => [n, (c.req.query(n) ?? '').trim().slice(0, 200)]),
  );
  const view = oneOf(raw.view, VIEWS, 'view');
  const status = oneOf<ConversationStatus>(raw.status, CONVERSATION_STATUSES, 'status');
  const category = oneOf<ConversationCategory>(raw.category, CONVERSATION_CATEGORIES, 'category');
  const query: InboxQuery = {
    ...(view ? { view } : {}),
    ...(status ? { status } : {}),
    ...(category ? { category } : {}),
    ...(raw.team ? { teamId: raw.team } : {}),
    ...(raw.q ? { q: raw.q } : {}),
  };
  const { items, slaHours } = await staffInbox(c.var.deps.messaging, actor, query);
  const teams = await inboxTeams(c.var.deps.messaging, actor);
  return render(
    c,
    InboxPage({ user, csrfToken, items, filters: raw, teams, slaHours, now: c.var.deps.now().toISOString() }),
  );
}

async function conversationPage(
  c: Context<AppEnv>,
  id: string,
  options: { draft?: string; notice?: NoticeData; status?: PageStatus } = {},
): Promise<Response> {
  const { user, actor, csrfToken } = pageContext(c);
  const deps = c.var.deps.messaging;
  const { conversation, subject, messages, person } = await readConversation(deps, actor, id);
  const templateId = c.req.query('template');
  const draft = options.draft ?? (templateId ? await fillResponseTemplate(deps, actor, id, templateId) : '');
  const [{ staff, teams, block }, settings] = await Promise.all([
    conversationTools(deps, actor, person?.id),
    messagingSettings(deps),
  ]);
  const done = c.req.query('done') ? { kind: 'success' as const, text: 'Saved.' } : undefined;
  const data = {
    conversation,
    subject,
    messages,
    person,
    block,
    staff,
    teams,
    templates: settings.responseTemplates,
    draft,
  };
  return render(
    c,
    StaffConversationPage({ user, csrfToken, notice: options.notice ?? done, data }),
    options.status ?? 200,
  );
}

/** Routes mounted at /admin/messages. */
export function consoleMessageRoutes(): Hono<AppEnv> {
  return new Hono<AppEnv>()
    .get('/', (c) => inbox(c))
    .route('/', consoleMessagingAdminRoutes())
    .route('/', consoleMessagingStaffRoutes())
    .route('/', consoleMessagingFeedbackRoutes())
    .get('/reports', async (c) => {
      const { user, csrfToken } = pageContext(c);
      return render(
        c,
        MessagingReportPage({ user, csrfToken, report: await reportOf(c, c.req.query('month')) }),
      );
    })
    .get('/reports/:file{\\d{4}-\\d{2}\\.(csv|pdf)}', async (c) => {
      const file = c.req.param('file');
      const report = await reportOf(c, file.slice(0, 7));
      if (file.endsWith('.csv'))
        return csvDownload(c, `messaging-report-${report.month}.csv`, monthlyReportCsv(report));
      const pdf = await textReportPdf({
        title: report.title,
        subtitle: c.var.deps.notifications.settings.organisationName,
        sections: [...report.sections, ...report.availabilitySections],
      });
      return c.body(pdf as Uint8Array<ArrayBuffer>, 200, {
        'content-type': 'application/pdf',
        'content-disposition': `attachment; filename="messaging-report-${report.month}.pdf"`,
      });
    })
    .get('/review', async (c) => {
      const { user, actor, csrfToken } = pageContext(c);
      const queue = await reviewQueue(c.var.deps.messaging, actor);
      const done = c.req.query('done') ? { kind: 'success' as const, text: 'Done.' } : undefined;
      return render(c, ReviewQueuePage({ user, csrfToken, notice: done, ...queue }));
    })
    .post('/review/held/:messageId', async (c) => {
      const fields = await formFields(c);
      const decision = oneOf(fields.decision, ['release', 'delete'] as const, 'decision');
      if (!decision) throw new AppError('invalid_request', 'decision: choose release or delete');
      await decideHeldMessage(c.var.deps.messaging, pageContext(c).actor, c.req.param('messageId'), decision);
      return c.redirect(`${MESSAGES}/review?done=1`, 303);
    })
    .post('/review/reports/:id', async (c) => {
      const fields = await formFields(c);
      const outcome = oneOf(fields.outcome, ['dismissed', 'actioned'] as const, 'outcome');
      if (!outcome) throw new AppError('invalid_request', 'outcome: choose dismissed or actioned');
      await resolveReport(c.var.deps.messaging, pageContext(c).actor, c.req.param('id'), outcome);
      return c.redirect(`${MESSAGES}/review?done=1`, 303);
    })
    .post('/blocks/:userId', async (c) => {
      const fields = await formFields(c);
      const mode = oneOf(fields.mode, ['none', 'muted', 'blocked'] as const, 'mode');
      if (!mode) throw new AppError('invalid_request', 'mode: choose none, muted or blocked');
      await setMessagingBlock(
        c.var.deps.messaging,
        pageContext(c).actor,
        c.req.param('userId'),
        mode === 'none' ? null : mode,
        fields.reason ?? '',
      );
      const back = fields.conversationId
        ? `${MESSAGES}/${encodeURIComponent(fields.conversationId)}?done=1`
        : `${MESSAGES}/review?done=1`;
      return c.redirect(back, 303);
    })
    .get('/:id', (c) => conversationPage(c, c.req.param('id')))
    .get('/:id/events', (c) => conversationEvents(c, pageContext(c).actor, c.req.param('id')))
    .post('/:id/replies', async (c) => {
      const id = c.req.param('id');
      const fields = await formFields(c);
      const status = oneOf<ConversationStatus>(fields.status, CONVERSATION_STATUSES, 'status');
      const result = await attempt(() =>
        replyToConversation(
          c.var.deps.messaging,
          pageContext(c).actor,
          id,
          fields.body ?? '',
          status ? { status } : {},
        ),
      );
      if (!result.ok)
        return conversationPage(c, id, {
          draft: fields.body ?? '',
          notice: result.notice,
          status: result.status,
        });
      return c.redirect(`${MESSAGES}/${id}?done=1`, 303);
    })
    .post('/:id/notes', async (c) => {
      const id = c.req.param('id');
      const fields = await formFields(c);
      const result = await attempt(() =>
        addNote(c.var.deps.messaging, pageContext(c).actor, id, fields.body ?? ''),
      );
      if (!result.ok) return conversationPage(c, id, { notice: result.notice, status: result.status });
      return c.redirect(`${MESSAGES}/${id}?done=1`, 303);
    })
    .post('/:id/state', async (c) => {
      const id = c.req.param('id');
      const fields = await formFields(c);
      const status = oneOf<ConversationStatus>(fields.status, CONVERSATION_STATUSES, 'status');
      const result = await attempt(() =>
        changeConversationState(c.var.deps.messaging, pageContext(c).actor, id, {
          assigneeId: fields.assigneeId || null,
          teamId: fields.teamId || null,
          flagged: fields.flagged === 'on',
          escalated: fields.escalated === 'on',
          ...(status ? { status } : {}),
        }),
      );
      if (!result.ok) return conversationPage(c, id, { notice: result.notice, status: result.status });
      return c.redirect(`${MESSAGES}/${id}?done=1`, 303);
    });
}
