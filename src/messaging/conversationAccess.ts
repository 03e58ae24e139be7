/**
 * Who may see a conversation: the person it is with, and staff of the team it is routed to
 * (any staff member when it is routed to no team, and its assignee). Admins oversee every
 * team. Anyone else gets a 404, so a conversation's existence is not revealed. Staff reads
 * are audit-logged by the caller.
 */
import { AppError } from '../errors.js';
import type { Actor } from '../accounts/accountDeps.js';
import type { ConversationRecord, UserRecord } from '../storage/ports.js';
import type { MessagingDeps } from './messagingDeps.js';

/** Whether the actor is on the staff side of conversations. */
export function isStaff(actor: Pick<Actor, 'role'>): boolean {
  return actor.role === 'staff' || actor.role === 'admin';
}

/** Whether a staff member may read a conversation. */
export function staffMayRead(
  staff: Pick<UserRecord, 'id' | 'role' | 'teamIds'>,
  conversation: ConversationRecord,
): boolean {
  if (staff.role === 'admin') return true;
  if (staff.role !== 'staff') return false;
  return (
    !conversation.teamId ||
    staff.teamIds.includes(conversation.teamId) ||
    conversation.assigneeId === staff.id
  );
}

/** The signed-in person's record (staff need their teams); 404 for a vanished account. */
export async function actorRecord(deps: Pick<MessagingDeps, 'stores'>, actor: Actor): Promise<UserRecord> {
  const user = await deps.stores.users.get(actor.id);
  if (user?.status !== 'active') throw new AppError('forbidden', 'Your account cannot use messages');
  return user;
}

/** A conversation the actor may see, and which side they are on; 404 otherwise. */
export async function visibleConversation(
  deps: Pick<MessagingDeps, 'stores'>,
  actor: Actor,
  id: string,
): Promise<{ conversation: ConversationRecord; me: UserRecord; side: 'user' | 'staff' }> {
  const me = await actorRecord(deps, actor);
  const conversation = await deps.stores.conversations.getConversation(id);
  const missing = new AppError('not_found', `No conversation ${id}`);
  if (!conversation || conversation.erasedAt) throw missing;
  if (conversation.userId === me.id) return { conversation, me, side: 'user' };
  if (isStaff(me) && staffMayRead(me, conversation)) return { conversation, me, side: 'staff' };
  throw missing;
}
