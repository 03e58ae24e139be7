/**
 * The messaging alerts staff choose in their preferences (staffPreferences.ts), sent by
 * email through the outbox: a new conversation in one of their teams (or routed to no
 * team), and, once a day while it lasts, the conversations they can answer that wait past
 * the first-answer target. The reply-on-assigned alert is sent where replies are written
 * (conversationWrites.ts). Alerts carry no message text.
 */
import type { Logger } from '../logging/logger.js';
import { notify } from '../notifications/notify.js';
import { repeatEvery } from '../scheduling/repeat.js';
import type { ConversationRecord, ConversationFilter } from '../storage/ports.js';
import type { MessagingDeps } from './messagingDeps.js';
import { isStaff } from './conversationAccess.js';
import { messagingSettings } from './messagingSettings.js';

const CATEGORY_NAMES: Record<ConversationRecord['category'], string> = {
  account: 'your account',
  payment: 'payments',
  content_moderation: 'content moderation',
  ad_placement: 'ad placement',
  certificates: 'certificates',
  accreditation: 'accreditation',
  other: 'something else',
};

/** Staff who chose an alert, as active staff accounts. */
async function staffWanting(deps: Pick<MessagingDeps, 'stores'>, alert: 'new_conversation' | 'sla_backlog') {
  const chosen = (await deps.stores.messagingPreferences.listPreferences()).filter((p) =>
    p.alerts.includes(alert),
  );
  const users = await Promise.all(chosen.map((p) => deps.stores.users.get(p.staffId)));
  return users.filter((u) => u?.status === 'active' && isStaff(u)).map((u) => u!);
}

/** Tells staff who chose it that a conversation was opened in their teams; `url` is the staff view. */
export async function alertNewConversation(
  deps: MessagingDeps,
  conversation: ConversationRecord,
  url: string,
): Promise<void> {
  for (const member of await staffWanting(deps, 'new_conversation')) {
    const inMyTeams = !conversation.teamId || member.teamIds.includes(conversation.teamId);
    if (!inMyTeams) continue;
    await notify(deps.notifications, member, {
      trigger: 'conversation_new_in_team',
      dedupeKey: `conversation_new_in_team:${conversation.id}:${member.id}`,
      values: {
        conversationNumber: String(conversation.number),
        category: CATEGORY_NAMES[conversation.category],
        conversationUrl: url,
      },
      channels: ['email'],
    });
  }
}

/**
 * Tells each staff member who chose it how many conversations they can answer wait past
 * the target: at most once per UTC day (the dedupe key), and only when there are some.
 * Returns how many were told.
 */
export async function sendSlaBacklogAlerts(deps: MessagingDeps): Promise<number> {
  const settings = await messagingSettings(deps);
  const now = deps.now();
  const waitingBefore = new Date(now.getTime() - settings.slaHours * 3600_000).toISOString();
  let told = 0;
  for (const member of await staffWanting(deps, 'sla_backlog')) {
    const filter: ConversationFilter = { waitingBefore, limit: 1000 };
    if (member.role !== 'admin') filter.teams = { teamIds: member.teamIds, unrouted: true };
    const overdue = await deps.stores.conversations.listConversations(filter);
    if (overdue.length === 0) continue;
    await notify(deps.notifications, member, {
      trigger: 'messaging_sla_backlog',
      dedupeKey: `messaging_sla_backlog:${member.id}:${now.toISOString().slice(0, 10)}`,
      values: {
        count: String(overdue.length),
        slaHours: String(settings.slaHours),
        inboxUrl: `${deps.publicUrl}/admin/messages?view=overdue`,
      },
      channels: ['email'],
    });
    told += 1;
  }
  return told;
}

/** Checks the SLA backlog hourly until stopped; returns the stop function. */
export function startSlaBacklogAlerts(
  deps: MessagingDeps,
  logger: Logger,
  intervalMs = 3600_000,
): () => void {
  return repeatEvery(
    'messaging SLA backlog alerts',
    intervalMs,
    async () => {
      await sendSlaBacklogAlerts(deps);
    },
    logger,
  );
}
