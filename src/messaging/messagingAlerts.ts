/**
 * The messaging alert staff choose in their preferences (staffPreferences.ts) that is sent
 * from here, by email through the outbox: a new conversation in one of their teams (or
 * routed to no team). The reply-on-assigned alert is sent where replies are written
 * (conversationWrites.ts), and the backlog past the reply target is the monitoring alert
 * (src/monitoring/alerts.ts), to the admins who chose it. Alerts carry no message text.
 */
import { notify } from '../notifications/notify.js';
import type { ConversationRecord } from '../storage/ports.js';
import type { MessagingDeps } from './messagingDeps.js';
import { isStaff } from './conversationAccess.js';
import { alertsInForce } from './staffPreferences.js';

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
async function staffWanting(deps: Pick<MessagingDeps, 'stores'>, alert: 'new_conversation') {
  const saved = await deps.stores.messagingPreferences.listPreferences();
  const users = await Promise.all(saved.map((p) => deps.stores.users.get(p.staffId)));
  return users
    .filter(
      (u, i) =>
        u?.status === 'active' && isStaff(u) && alertsInForce(saved[i]!.alerts, u.role).includes(alert),
    )
    .map((u) => u!);
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
