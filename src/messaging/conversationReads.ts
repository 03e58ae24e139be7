/**
 * Reading conversations: a person's list, the staff inbox with its filters and the blind
 * search, and one thread. Texts are opened only here, for the reader; a text sealed under
 * an older key is re-sealed under the current one as it is read (lazy rotation). A text
 * that does not open (tampered, or its key removed) shows as such instead of failing the
 * page. Staff reads are audit-logged.
 */
import { AppError } from '../errors.js';
import type { Actor } from '../accounts/accountDeps.js';
import { audit } from '../accounts/audit.js';
import type {
  ConversationCategory,
  ConversationFilter,
  ConversationMessage,
  ConversationRecord,
  ConversationStatus,
  SealedText,
  UserRecord,
} from '../storage/ports.js';
import type { MessagingDeps } from './messagingDeps.js';
import { actorRecord, isStaff, visibleConversation } from './conversationAccess.js';
import { changeConversation, sealContext } from './conversationRecords.js';
import { messagingSettings } from './messagingSettings.js';

const UNREADABLE = '[This text could not be decrypted]';

/** A conversation in a list: the record with its subject opened. */
export interface ConversationSummary {
  conversation: ConversationRecord;
  subject: string;
  /** New for the reader: the other side wrote after the reader last read it. */
  unread: boolean;
}

/** One message as its reader sees it. */
export interface ThreadMessage {
  id: string;
  kind: ConversationMessage['kind'];
  authorRole: ConversationMessage['authorRole'];
  authorName: string;
  text: string;
  createdAt: string;
  mine: boolean;
  /** Held for review (only its author sees it, with this reason). */
  heldReason?: string;
}

/** Opens a sealed text, or says it cannot be read. */
function openText(deps: Pick<MessagingDeps, 'crypto'>, sealed: SealedText, context: string): string {
  try {
    return deps.crypto.open(sealed, context);
  } catch {
    return UNREADABLE;
  }
}

/** The subject of a conversation, opened. */
export function subjectOf(deps: Pick<MessagingDeps, 'crypto'>, conversation: ConversationRecord): string {
  return conversation.erasedAt
    ? '(erased)'
    : openText(deps, conversation.subject, sealContext.subject(conversation.id));
}

function summary(
  deps: Pick<MessagingDeps, 'crypto'>,
  conversation: ConversationRecord,
  side: 'user' | 'staff',
): ConversationSummary {
  const unread =
    side === 'user'
      ? conversation.lastMessageBy === 'staff' &&
        (!conversation.userReadAt || conversation.userReadAt < conversation.lastMessageAt)
      : conversation.lastMessageBy === 'user' &&
        (!conversation.staffReadAt || conversation.staffReadAt < conversation.lastMessageAt);
  return { conversation, subject: subjectOf(deps, conversation), unread };
}

/** The person's own conversations, newest activity first. */
export async function myConversations(deps: MessagingDeps, actor: Actor): Promise<ConversationSummary[]> {
  const me = await actorRecord(deps, actor);
  const list = await deps.stores.conversations.listConversations({ userId: me.id, limit: 200 });
  return list.map((c) => summary(deps, c, 'user'));
}

/** The staff inbox's filters. */
export interface InboxQuery {
  view?: 'all' | 'mine' | 'unread' | 'flagged' | 'overdue' | 'escalated';
  status?: ConversationStatus;
  category?: ConversationCategory;
  teamId?: string;
  /** Words every listed conversation must contain (whole words). */
  q?: string;
  before?: string;
}

export const INBOX_PAGE = 50;

/** The staff inbox: what the reader's teams may see, filtered; newest activity first. */
export async function staffInbox(
  deps: MessagingDeps,
  actor: Actor,
  query: InboxQuery,
): Promise<{ items: ConversationSummary[]; slaHours: number }> {
  const me = await actorRecord(deps, actor);
  if (!isStaff(me)) throw new AppError('forbidden', 'The inbox is for staff');
  const settings = await messagingSettings(deps);
  const filter: ConversationFilter = { limit: INBOX_PAGE };
  if (me.role !== 'admin') filter.teams = { teamIds: me.teamIds, unrouted: true };
  if (query.teamId)
    filter.teams = {
      teamIds: me.role === 'admin' || me.teamIds.includes(query.teamId) ? [query.teamId] : [],
      unrouted: false,
    };
  if (query.view === 'mine') filter.assigneeId = me.id;
  if (query.view === 'unread') filter.unreadByStaff = true;
  if (query.view === 'flagged') filter.flagged = true;
  if (query.view === 'overdue')
    filter.waitingBefore = new Date(deps.now().getTime() - settings.slaHours * 3600_000).toISOString();
  if (query.status) filter.status = query.status;
  if (query.category) filter.category = query.category;
  if (query.before) filter.before = query.before;
  if (query.q?.trim()) {
    filter.terms = deps.crypto.terms(query.q);
  }
  let list = await deps.stores.conversations.listConversations(filter);
  if (query.view === 'escalated') list = list.filter((c) => c.escalated);
  return { items: list.map((c) => summary(deps, c, 'staff')), slaHours: settings.slaHours };
}

/** Author names for a thread (a handful of people). */
async function namesOf(
  deps: Pick<MessagingDeps, 'stores'>,
  ids: string[],
): Promise<Map<string, UserRecord | undefined>> {
  const unique = [...new Set(ids)];
  const users = await Promise.all(unique.map((id) => deps.stores.users.get(id)));
  return new Map(unique.map((id, i) => [id, users[i]]));
}

/** Opens a message, re-sealing it under the current key when an older key sealed it. */
async function openMessage(deps: MessagingDeps, message: ConversationMessage): Promise<string> {
  const text = openText(deps, message.body, sealContext.message(message.id));
  if (text !== UNREADABLE && deps.crypto.isStale(message.body)) {
    await deps.stores.conversationMessages.updateMessage(message.id, {
      body: deps.crypto.seal(text, sealContext.message(message.id)),
    });
  }
  return text;
}

/** A thread as the reader may see it (people never see notes, nor others' held messages). */
export async function threadMessages(
  deps: MessagingDeps,
  conversation: ConversationRecord,
  me: UserRecord,
  side: 'user' | 'staff',
  after?: string,
): Promise<ThreadMessage[]> {
  const all = await deps.stores.conversationMessages.listMessages(conversation.id, {
    includeHeld: true,
    ...(after ? { after } : {}),
  });
  const shown = all.filter(
    (m) => (side === 'staff' || m.kind !== 'note') && (!m.held || m.authorId === me.id),
  );
  const names = await namesOf(
    deps,
    shown.flatMap((m) => (m.authorId ? [m.authorId] : [])),
  );
  return Promise.all(
    shown.map(async (m) => {
      const author = m.authorId ? names.get(m.authorId) : undefined;
      // People see "the team" with the staff member's first name; staff see full names.
      const staffName = author
        ? side === 'user'
          ? `${author.name.split(' ')[0]} (team)`
          : author.name
        : 'Former team member';
      const authorName =
        m.authorRole === 'system'
          ? 'Automatic reply'
          : m.authorRole === 'staff'
            ? staffName
            : (author?.name ?? 'Former user');
      return {
        id: m.id,
        kind: m.kind,
        authorRole: m.authorRole,
        authorName,
        text: await openMessage(deps, m),
        createdAt: m.createdAt,
        mine: m.authorId === me.id,
        ...(m.held ? { heldReason: m.held.reason } : {}),
      };
    }),
  );
}

/** One conversation for its reader; marks it read, and audit-logs a staff read. */
export async function readConversation(
  deps: MessagingDeps,
  actor: Actor,
  id: string,
): Promise<{
  conversation: ConversationRecord;
  subject: string;
  messages: ThreadMessage[];
  side: 'user' | 'staff';
  person: UserRecord | undefined;
}> {
  const { conversation, me, side } = await visibleConversation(deps, actor, id);
  const messages = await threadMessages(deps, conversation, me, side);
  if (conversation.subject && !conversation.erasedAt && deps.crypto.isStale(conversation.subject)) {
    const subject = subjectOf(deps, conversation);
    if (subject !== UNREADABLE)
      await changeConversation(deps, id, () => ({
        subject: deps.crypto.seal(subject, sealContext.subject(id)),
      }));
  }
  const now = deps.now().toISOString();
  const read = await changeConversation(deps, id, () =>
    side === 'user' ? { userReadAt: now } : { staffReadAt: now },
  );
  if (side === 'staff')
    await audit(
      deps,
      actor,
      'conversation.read',
      { type: 'conversation', id },
      { number: conversation.number },
    );
  const person = side === 'staff' ? await deps.stores.users.get(conversation.userId) : me;
  return { conversation: read, subject: subjectOf(deps, read), messages, side, person };
}
