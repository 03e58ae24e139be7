/**
 * Writing to conversations: a person opens one with the team (routed to the team of its
 * category), either side replies, staff add internal notes. Every text is sealed before it
 * reaches the store and indexed as keyed hashes. A person's message passes the spam filter
 * first (held ones wait for review and change nothing else). Automatic replies answer
 * matching questions and messages outside office hours, marked as automatic, and the
 * assignee's personal away message answers once per conversation while it is active.
 * Someone who is away is told through the communications engine (the notice carries no
 * message text); staff alerts follow each staff member's preferences.
 */
import { randomUUID } from 'node:crypto';
import { AppError } from '../errors.js';
import type { Actor } from '../accounts/accountDeps.js';
import type {
  ConversationCategory,
  ConversationMessage,
  ConversationRecord,
  ConversationStatus,
  MessagingSettings,
  UserRecord,
} from '../storage/ports.js';
import { notify } from '../notifications/notify.js';
import type { MessagingDeps } from './messagingDeps.js';
import { actorRecord, isStaff, visibleConversation } from './conversationAccess.js';
import { screenMessage } from './spamFilter.js';
import { contentFilterReason } from './contentFilter.js';
import { messagingSettings } from './messagingSettings.js';
import { answerAutomatically, answerWhileAway } from './automaticAnswers.js';
import { changeConversation, sealContext, storeMessage } from './conversationRecords.js';
import { wantsAlert } from './staffPreferences.js';
import { alertNewConversation } from './messagingAlerts.js';
import { inviteToConversationSurvey } from '../surveys/conversationSurveyInvite.js';

const MESSAGE_LIMITS = { subjectChars: 200, bodyChars: 10_000 } as const;

/** How long after their last heartbeat a person counts as away (then they get an email). */
export const PRESENCE_MS = 60_000;

/** The person's and the staff view's address of a conversation. */
export const conversationUrl = (deps: Pick<MessagingDeps, 'publicUrl'>, id: string, side: 'user' | 'staff') =>
  `${deps.publicUrl}${side === 'user' ? '/me/messages' : '/admin/messages'}/${encodeURIComponent(id)}`;

function checkText(text: string, limit: number, what: string): string {
  const trimmed = text.trim();
  if (!trimmed) throw new AppError('invalid_request', `Write the ${what}`);
  if (trimmed.length > limit)
    throw new AppError(
      'invalid_request',
      `The ${what} may be at most ${limit.toLocaleString('en')} characters`,
    );
  return trimmed;
}

/** A new conversation record routed by its category; `state` says who wrote first. */
async function newConversation(
  deps: MessagingDeps,
  settings: MessagingSettings,
  userId: string,
  category: ConversationCategory,
  subject: string,
  now: string,
  state: Pick<ConversationRecord, 'status' | 'lastMessageBy' | 'messageCount'> & Partial<ConversationRecord>,
): Promise<ConversationRecord> {
  const id = randomUUID();
  const teamId = settings.routes[category];
  return {
    id,
    number: await deps.stores.conversations.nextConversationNumber(),
    userId,
    category,
    ...(teamId ? { teamId } : {}),
    flagged: false,
    escalated: false,
    subject: deps.crypto.seal(subject, sealContext.subject(id)),
    createdAt: now,
    updatedAt: now,
    lastMessageAt: now,
    autoReplyCount: 0,
    version: 1,
    ...state,
  };
}

/** A person opens a conversation with the team. */
export async function openConversation(
  deps: MessagingDeps,
  actor: Actor,
  input: { category: ConversationCategory; subject: string; body: string },
): Promise<ConversationRecord> {
  const me = await actorRecord(deps, actor);
  if (isStaff(me)) throw new AppError('forbidden', 'Staff answer conversations; people open them');
  const subject = checkText(input.subject, MESSAGE_LIMITS.subjectChars, 'subject');
  const body = checkText(input.body, MESSAGE_LIMITS.bodyChars, 'message');
  // The content filter reads the subject too: fraud often sits in the subject line.
  const held = (await screenMessage(deps, me.id, body)) ?? (await contentFilterReason(deps, subject));
  const settings = await messagingSettings(deps);
  const now = deps.now().toISOString();
  const conversation = await newConversation(deps, settings, me.id, input.category, subject, now, {
    status: 'open',
    lastMessageBy: 'user',
    ...(held ? {} : { waitingSince: now }),
    userReadAt: now,
    messageCount: held ? 0 : 1,
  });
  const id = conversation.id;
  await deps.stores.conversations.createConversation(conversation);
  await storeMessage(
    deps,
    {
      conversationId: id,
      kind: 'message',
      authorId: me.id,
      authorRole: 'user',
      ...(held ? { held: { reason: held, at: now } } : {}),
    },
    body,
    now,
    subject,
  );
  if (!held) {
    await answerAutomatically(deps, conversation, settings, `${subject} ${body}`, true);
    await alertNewConversation(deps, conversation, conversationUrl(deps, id, 'staff'));
  }
  deps.signals.changed(id);
  return (await deps.stores.conversations.getConversation(id))!;
}

/**
 * Staff start a conversation with a person (a direct message, or one recipient of a
 * broadcast): the first message is the staff member's, the person is told as if away.
 */
export async function startConversation(
  deps: MessagingDeps,
  staff: UserRecord,
  person: UserRecord,
  input: { category: ConversationCategory; subject: string; body: string },
  options: { notice?: 'away' | 'caller' } = {},
): Promise<{ conversation: ConversationRecord; message: ConversationMessage }> {
  if (!isStaff(staff)) throw new AppError('forbidden', 'Only staff start conversations with people');
  if (isStaff(person) || person.status !== 'active')
    throw new AppError('invalid_request', 'Write to an active participant, partner or reviewer');
  const subject = checkText(input.subject, MESSAGE_LIMITS.subjectChars, 'subject');
  const body = checkText(input.body, MESSAGE_LIMITS.bodyChars, 'message');
  const settings = await messagingSettings(deps);
  const now = deps.now().toISOString();
  const conversation = await newConversation(deps, settings, person.id, input.category, subject, now, {
    assigneeId: staff.id,
    status: 'waiting_on_user',
    lastMessageBy: 'staff',
    staffReadAt: now,
    messageCount: 1,
  });
  const id = conversation.id;
  await deps.stores.conversations.createConversation(conversation);
  const message = await storeMessage(
    deps,
    { conversationId: id, kind: 'message', authorId: staff.id, authorRole: 'staff' },
    body,
    now,
    subject,
  );
  // A marketing broadcast sends its own notice (with the unsubscribe link): `caller`.
  if (options.notice !== 'caller') await tellRecipient(deps, conversation, staff, 'staff', message);
  return { conversation, message };
}

/** Tells the other side about a new message when they are away (no text in the notice). */
async function tellRecipient(
  deps: MessagingDeps,
  conversation: ConversationRecord,
  author: UserRecord,
  side: 'user' | 'staff',
  message: ConversationMessage,
): Promise<void> {
  if (side === 'staff') {
    const present =
      conversation.userPresentAt &&
      Date.parse(conversation.userPresentAt) > deps.now().getTime() - PRESENCE_MS;
    if (present) return;
    const person = await deps.stores.users.get(conversation.userId);
    if (!person) return;
    await notify(deps.notifications, person, {
      trigger: 'admin_message',
      dedupeKey: `admin_message:${message.id}`,
      values: {
        sender: `${author.name} (${deps.notifications.settings.organisationName})`,
        conversationUrl: conversationUrl(deps, conversation.id, 'user'),
      },
    });
    return;
  }
  // A person wrote: the assignee hears once per waiting spell, not per message.
  if (!conversation.assigneeId || !conversation.waitingSince) return;
  if (!(await wantsAlert(deps, conversation.assigneeId, 'assigned_reply'))) return;
  const assignee = await deps.stores.users.get(conversation.assigneeId);
  if (!assignee) return;
  await notify(deps.notifications, assignee, {
    trigger: 'conversation_waiting',
    dedupeKey: `conversation_waiting:${conversation.id}:${conversation.waitingSince}`,
    values: {
      conversationNumber: String(conversation.number),
      sender: author.name,
      conversationUrl: conversationUrl(deps, conversation.id, 'staff'),
    },
    channels: ['email'],
  });
}

/** Either side replies; staff may set the status with the reply (default: waiting on the person). */
export async function replyToConversation(
  deps: MessagingDeps,
  actor: Actor,
  id: string,
  text: string,
  options: { status?: ConversationStatus } = {},
): Promise<ConversationMessage> {
  const { conversation, me, side } = await visibleConversation(deps, actor, id);
  const body = checkText(text, MESSAGE_LIMITS.bodyChars, 'message');
  const held = side === 'user' ? await screenMessage(deps, me.id, body) : undefined;
  const now = deps.now().toISOString();
  // Both ways: staff answering a waiting person, and a person answering staff's last message.
  const responseMs =
    side === 'staff' && conversation.waitingSince
      ? Date.parse(now) - Date.parse(conversation.waitingSince)
      : side === 'user' && conversation.lastMessageBy === 'staff'
        ? Date.parse(now) - Date.parse(conversation.lastMessageAt)
        : undefined;
  const message = await storeMessage(
    deps,
    {
      conversationId: id,
      kind: 'message',
      authorId: me.id,
      authorRole: side,
      ...(held ? { held: { reason: held, at: now } } : {}),
      ...(responseMs !== undefined ? { responseMs } : {}),
    },
    body,
    now,
  );
  if (held) return message;
  const updated = await changeConversation(deps, id, (c) =>
    afterMessage(c, side, me.id, now, options.status),
  );
  await tellRecipient(deps, updated, me, side, message);
  if (updated.status === 'resolved') await inviteToConversationSurvey(deps, updated);
  if (side === 'user') {
    await answerAutomatically(deps, updated, await messagingSettings(deps), body, false);
    await answerWhileAway(deps, updated);
  }
  deps.signals.changed(id);
  return message;
}

/** The conversation's state after a visible message from one side. */
export function afterMessage(
  c: ConversationRecord,
  side: 'user' | 'staff',
  authorId: string,
  now: string,
  status?: ConversationStatus,
): Partial<ConversationRecord> {
  if (side === 'user') {
    return {
      lastMessageAt: now,
      lastMessageBy: 'user',
      waitingSince: c.waitingSince ?? now,
      status: 'open',
      resolvedAt: undefined,
      resolvedBy: undefined,
      userReadAt: now,
      messageCount: c.messageCount + 1,
      updatedAt: now,
    };
  }
  const next = status ?? 'waiting_on_user';
  return {
    lastMessageAt: now,
    lastMessageBy: 'staff',
    waitingSince: undefined,
    firstResponseAt: c.firstResponseAt ?? now,
    status: next,
    resolvedAt: next === 'resolved' ? now : undefined,
    resolvedBy: next === 'resolved' ? authorId : undefined,
    staffReadAt: now,
    assigneeId: c.assigneeId ?? authorId,
    messageCount: c.messageCount + 1,
    updatedAt: now,
  };
}

/** Staff add an internal note the person never sees. */
export async function addNote(
  deps: MessagingDeps,
  actor: Actor,
  id: string,
  text: string,
): Promise<ConversationMessage> {
  const { me, side } = await visibleConversation(deps, actor, id);
  if (side !== 'staff') throw new AppError('not_found', `No conversation ${id}`);
  const body = checkText(text, MESSAGE_LIMITS.bodyChars, 'note');
  const note = await storeMessage(
    deps,
    { conversationId: id, kind: 'note', authorId: me.id, authorRole: 'staff' },
    body,
    deps.now().toISOString(),
  );
  deps.signals.changed(id);
  return note;
}
