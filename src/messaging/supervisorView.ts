/**
 * The supervisor view (admins): each active staff member's live queue (open conversations
 * assigned to them, how many wait for staff, since when the oldest waits) and figures for
 * the week so far (replies, and the median first-response time of the conversations they
 * answered first), beside the template audit: every response template, the placeholders it
 * uses (none: a canned text that never names the person) and how often staff inserted it.
 * Read from the conversations' timings and the staff messages; no message text is opened.
 */
import { AppError } from '../errors.js';
import type { Actor } from '../accounts/accountDeps.js';
import { audit } from '../accounts/audit.js';
import { activeStaffMembers } from '../accounts/staffMembers.js';
import type { ConversationRecord, ResponseTemplate, UserRecord } from '../storage/ports.js';
import type { MessagingDeps } from './messagingDeps.js';
import { messagingSettings } from './messagingSettings.js';

/** One staff member's row. */
interface StaffQueueRow {
  staff: Pick<UserRecord, 'id' | 'name' | 'role'>;
  /** Assigned and not resolved. */
  open: number;
  /** Of those, the ones whose person waits for a staff answer. */
  waitingForStaff: number;
  oldestWaitingSince?: string;
  repliesThisWeek: number;
  /** Conversations this staff member answered first this week, and the median time to it. */
  firstResponsesThisWeek: number;
  medianFirstResponseMs?: number;
}

/** One response template in the audit. */
interface TemplateAuditRow {
  template: ResponseTemplate;
  placeholders: string[];
  uses: number;
  lastUsedAt?: string;
}

export interface SupervisorView {
  /** Monday 00:00 UTC of the current week: "this week" starts here. */
  weekStart: string;
  staff: StaffQueueRow[];
  templates: TemplateAuditRow[];
}

/** Monday 00:00 UTC of the week holding `at`. */
function weekStartOf(at: Date): string {
  const day = (at.getUTCDay() + 6) % 7;
  return new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate() - day)).toISOString();
}

function median(values: number[]): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** The placeholders a template uses, in order of first use. */
function templatePlaceholders(body: string): string[] {
  return [...new Set([...body.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]!))];
}

async function queueOf(deps: Pick<MessagingDeps, 'stores'>, staffId: string) {
  const [open, waitingOnUser] = await Promise.all(
    (['open', 'waiting_on_user'] as const).map((status) =>
      deps.stores.conversations.listConversations({ assigneeId: staffId, status, limit: 1000 }),
    ),
  );
  const waiting = [...open!, ...waitingOnUser!]
    .map((c) => c.waitingSince)
    .filter((w): w is string => !!w)
    .sort();
  return {
    open: open!.length + waitingOnUser!.length,
    waitingForStaff: waiting.length,
    ...(waiting[0] ? { oldestWaitingSince: waiting[0] } : {}),
  };
}

/** The supervisor view; admins only, audit-logged. */
export async function supervisorView(deps: MessagingDeps, actor: Actor): Promise<SupervisorView> {
  if (actor.role !== 'admin') throw new AppError('forbidden', 'Only admins see the supervisor view');
  const now = deps.now();
  const weekStart = weekStartOf(now);
  const [members, settings, uses, messages] = await Promise.all([
    activeStaffMembers(deps, actor),
    messagingSettings(deps),
    deps.stores.messagingPreferences.listTemplateUses(),
    // The range is half-open: a reply written this very millisecond counts too.
    deps.stores.conversationMessages.listStaffMessagesBetween(
      weekStart,
      new Date(now.getTime() + 1).toISOString(),
    ),
  ]);
  const replies = messages.filter((m) => m.kind === 'message');
  // A reply is a first response when it is the conversation's first staff answer.
  const conversations = new Map<string, ConversationRecord | undefined>();
  for (const id of new Set(replies.map((m) => m.conversationId)))
    conversations.set(id, await deps.stores.conversations.getConversation(id));
  const staff: StaffQueueRow[] = [];
  for (const member of members) {
    const mine = replies.filter((m) => m.authorId === member.id);
    const firsts = mine.flatMap((m) => {
      const c = conversations.get(m.conversationId);
      return c?.firstResponseAt === m.createdAt
        ? [Date.parse(c.firstResponseAt) - Date.parse(c.createdAt)]
        : [];
    });
    const middle = median(firsts);
    staff.push({
      staff: { id: member.id, name: member.name, role: member.role },
      ...(await queueOf(deps, member.id)),
      repliesThisWeek: mine.length,
      firstResponsesThisWeek: firsts.length,
      ...(middle !== undefined ? { medianFirstResponseMs: middle } : {}),
    });
  }
  const useOf = new Map(uses.map((u) => [u.templateId, u]));
  const templates = settings.responseTemplates.map((template) => {
    const use = useOf.get(template.id);
    return {
      template,
      placeholders: templatePlaceholders(template.body),
      uses: use?.uses ?? 0,
      ...(use ? { lastUsedAt: use.lastUsedAt } : {}),
    };
  });
  await audit(deps, actor, 'messaging.supervisor_view_read', { type: 'messaging', id: 'supervisor' });
  return { weekStart, staff, templates };
}
