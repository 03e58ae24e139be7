/**
 * What staff do to a conversation besides answering: assign or reassign, move it to
 * another team, escalate, flag, set its status; and moderation: the review queue of held
 * messages (release or delete), reports (dismiss or act), blocking or muting a person.
 * Every change is audit-logged without any message text.
 */
import { randomUUID } from 'node:crypto';
import { AppError } from '../errors.js';
import type { Actor } from '../accounts/accountDeps.js';
import { audit } from '../accounts/audit.js';
import type {
  ConversationRecord,
  ConversationStatus,
  MessageReport,
  MessagingBlock,
  ResponseTemplate,
} from '../storage/ports.js';
import type { MessagingDeps } from './messagingDeps.js';
import { actorRecord, isStaff, staffMayRead, visibleConversation } from './conversationAccess.js';
import { afterMessage, conversationUrl } from './conversationWrites.js';
import { changeConversation, sealContext } from './conversationRecords.js';
import { messagingSettings } from './messagingSettings.js';
import { inviteToConversationSurvey } from '../surveys/conversationSurveyInvite.js';

/** A change staff make; absent fields stay as they are (null clears the assignee or team). */
export interface ConversationChange {
  assigneeId?: string | null;
  teamId?: string | null;
  status?: ConversationStatus;
  flagged?: boolean;
  escalated?: boolean;
}

async function requireStaff(deps: Pick<MessagingDeps, 'stores'>, actor: Actor) {
  const me = await actorRecord(deps, actor);
  if (!isStaff(me)) throw new AppError('forbidden', 'Only staff can do this');
  return me;
}

/** Applies a staff change to a conversation the actor may see. */
export async function changeConversationState(
  deps: MessagingDeps,
  actor: Actor,
  id: string,
  change: ConversationChange,
): Promise<ConversationRecord> {
  const { side } = await visibleConversation(deps, actor, id);
  if (side !== 'staff') throw new AppError('not_found', `No conversation ${id}`);
  if (change.assigneeId) {
    const assignee = await deps.stores.users.get(change.assigneeId);
    if (assignee?.status !== 'active' || !isStaff(assignee))
      throw new AppError('invalid_request', 'Assign the conversation to an active staff member');
  }
  if (change.teamId && !(await deps.stores.directory.listTeams()).some((t) => t.id === change.teamId))
    throw new AppError('invalid_request', `No team ${change.teamId}`);
  const now = deps.now().toISOString();
  const updated = await changeConversation(deps, id, (c) => ({
    ...(change.assigneeId !== undefined ? { assigneeId: change.assigneeId ?? undefined } : {}),
    ...(change.teamId !== undefined ? { teamId: change.teamId ?? undefined } : {}),
    ...(change.flagged !== undefined ? { flagged: change.flagged } : {}),
    ...(change.escalated !== undefined
      ? { escalated: change.escalated, ...(change.escalated ? { flagged: true } : {}) }
      : {}),
    ...(change.status
      ? {
          status: change.status,
          resolvedAt: change.status === 'resolved' ? (c.resolvedAt ?? now) : undefined,
          resolvedBy: change.status === 'resolved' ? (c.resolvedAt ? c.resolvedBy : actor.id) : undefined,
        }
      : {}),
    updatedAt: now,
  }));
  await audit(
    deps,
    actor,
    'conversation.changed',
    { type: 'conversation', id },
    { number: updated.number, ...change },
  );
  deps.signals.changed(id);
  if (updated.status === 'resolved') await inviteToConversationSurvey(deps, updated);
  return updated;
}

/** Fills a response template's placeholders for one conversation (plain text, not HTML). */
export async function fillResponseTemplate(
  deps: MessagingDeps,
  actor: Actor,
  id: string,
  templateId: string,
): Promise<string> {
  const { conversation, me, side } = await visibleConversation(deps, actor, id);
  if (side !== 'staff') throw new AppError('not_found', `No conversation ${id}`);
  const settings = await messagingSettings(deps);
  const template: ResponseTemplate | undefined = settings.responseTemplates.find((t) => t.id === templateId);
  if (!template) throw new AppError('not_found', 'No such response template');
  // Inserting a template into the reply box is a use (the template audit counts them).
  await deps.stores.messagingPreferences.recordTemplateUse(template.id, deps.now().toISOString());
  const person = await deps.stores.users.get(conversation.userId);
  const replyBy = new Date(deps.now().getTime() + settings.slaHours * 3600_000).toISOString().slice(0, 10);
  const values: Record<string, string> = {
    userName: person?.name ?? 'there',
    conversationNumber: String(conversation.number),
    conversationUrl: conversationUrl(deps, id, 'user'),
    staffName: me.name,
    today: deps.now().toISOString().slice(0, 10),
    replyBy,
  };
  return template.body.replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, name: string) => values[name] ?? whole);
}

/** Someone reports a message they can see. */
export async function reportMessage(
  deps: MessagingDeps,
  actor: Actor,
  messageId: string,
  reason: string,
): Promise<MessageReport> {
  const message = await deps.stores.conversationMessages.getMessage(messageId);
  if (!message) throw new AppError('not_found', 'No such message');
  const { side } = await visibleConversation(deps, actor, message.conversationId);
  if ((side === 'user' && message.kind === 'note') || (message.held && message.authorId !== actor.id))
    throw new AppError('not_found', 'No such message');
  const text = reason.trim();
  if (!text || text.length > 500)
    throw new AppError('invalid_request', 'Say in up to 500 characters what is wrong with the message');
  const report: MessageReport = {
    id: randomUUID(),
    messageId,
    conversationId: message.conversationId,
    reporterId: actor.id,
    reason: text,
    state: 'open',
    createdAt: deps.now().toISOString(),
  };
  await deps.stores.moderation.addReport(report);
  return report;
}

/** The moderation queue: held messages and open reports, with the texts staff must judge. */
export async function reviewQueue(deps: MessagingDeps, actor: Actor) {
  const me = await requireStaff(deps, actor);
  const open = (sealedText: { body: Parameters<MessagingDeps['crypto']['open']>[0]; id: string }) => {
    try {
      return deps.crypto.open(sealedText.body, sealContext.message(sealedText.id));
    } catch {
      return '[This text could not be decrypted]';
    }
  };
  const visible = async (conversationId: string) => {
    const conversation = await deps.stores.conversations.getConversation(conversationId);
    return conversation && !conversation.erasedAt && staffMayRead(me, conversation)
      ? conversation
      : undefined;
  };
  const held = [];
  for (const message of await deps.stores.conversationMessages.listHeldMessages(100)) {
    const conversation = await visible(message.conversationId);
    if (conversation)
      held.push({
        message,
        conversation,
        text: open(message),
        author: await deps.stores.users.get(message.authorId ?? ''),
      });
  }
  const reports = [];
  for (const report of await deps.stores.moderation.listReports('open', 100)) {
    const [message, conversation] = [
      await deps.stores.conversationMessages.getMessage(report.messageId),
      await visible(report.conversationId),
    ];
    if (conversation)
      reports.push({
        report,
        conversation,
        text: message ? open(message) : '(the message was deleted)',
        authorId: message?.authorId,
      });
  }
  const blocks = await deps.stores.moderation.listBlocks();
  await audit(
    deps,
    actor,
    'messaging.review_queue_read',
    { type: 'messaging', id: 'review' },
    { held: held.length, reports: reports.length },
  );
  return { held, reports, blocks };
}

/** Releases a held message into its conversation, or deletes it for good. */
export async function decideHeldMessage(
  deps: MessagingDeps,
  actor: Actor,
  messageId: string,
  decision: 'release' | 'delete',
): Promise<void> {
  const me = await requireStaff(deps, actor);
  const message = await deps.stores.conversationMessages.getMessage(messageId);
  const conversation = message
    ? await deps.stores.conversations.getConversation(message.conversationId)
    : undefined;
  if (!message?.held || !conversation || !staffMayRead(me, conversation))
    throw new AppError('not_found', 'No such held message');
  if (decision === 'delete') {
    await deps.stores.conversationMessages.deleteMessage(messageId);
  } else {
    await deps.stores.conversationMessages.updateMessage(messageId, { held: null });
    await changeConversation(deps, conversation.id, (c) =>
      afterMessage(c, 'user', message.authorId ?? c.userId, message.createdAt),
    );
  }
  await audit(
    deps,
    actor,
    `messaging.held_${decision === 'release' ? 'released' : 'deleted'}`,
    { type: 'conversation', id: conversation.id },
    { messageId },
  );
  deps.signals.changed(conversation.id);
}

/** Closes a report. */
export async function resolveReport(
  deps: MessagingDeps,
  actor: Actor,
  reportId: string,
  outcome: 'dismissed' | 'actioned',
): Promise<MessageReport> {
  await requireStaff(deps, actor);
  const resolved = await deps.stores.moderation.resolveReport(
    reportId,
    outcome,
    actor.id,
    deps.now().toISOString(),
  );
  if (!resolved) throw new AppError('not_found', 'No open report with that id');
  await audit(
    deps,
    actor,
    'messaging.report_resolved',
    { type: 'message_report', id: reportId },
    { outcome },
  );
  return resolved;
}

/** Blocks or mutes a person (null lifts it). Staff cannot be blocked. */
export async function setMessagingBlock(
  deps: MessagingDeps,
  actor: Actor,
  userId: string,
  mode: MessagingBlock['mode'] | null,
  reason: string,
): Promise<void> {
  await requireStaff(deps, actor);
  const person = await deps.stores.users.get(userId);
  if (!person || person.status === 'erased') throw new AppError('not_found', 'No such person');
  if (isStaff(person))
    throw new AppError('invalid_request', 'Staff accounts cannot be blocked from messaging');
  if (mode === null) {
    await deps.stores.moderation.deleteBlock(userId);
  } else {
    if (!reason.trim())
      throw new AppError('invalid_request', 'Give the reason (the person does not see it; the team does)');
    await deps.stores.moderation.putBlock({
      userId,
      mode,
      reason: reason.trim().slice(0, 500),
      by: actor.id,
      at: deps.now().toISOString(),
    });
  }
  await audit(deps, actor, 'messaging.block_changed', { type: 'user', id: userId }, { mode });
}
