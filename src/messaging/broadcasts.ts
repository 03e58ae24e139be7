/**
 * Group messages: staff write once to a segment (role, partner organisation, course,
 * batch; every criterion given must match) and each recipient gets their own
 * conversation, so they can answer privately, and their own notice through the outbox,
 * so each delivery is logged per person. Accounts hold no location, so location is not a
 * criterion. A broadcast is capped at 5,000 recipients per send.
 */
import { randomUUID } from 'node:crypto';
import { AppError } from '../errors.js';
import type { Actor } from '../accounts/accountDeps.js';
import { audit } from '../accounts/audit.js';
import type {
  BroadcastRecord,
  BroadcastSegment,
  ConversationCategory,
  OutboxMessage,
  UserRecord,
} from '../storage/ports.js';
import type { MessagingDeps } from './messagingDeps.js';
import { actorRecord, isStaff } from './conversationAccess.js';
import { startConversation } from './conversationWrites.js';

const MAX_RECIPIENTS = 5_000;

/** The active accounts (not staff) a segment names. */
async function segmentRecipients(deps: MessagingDeps, segment: BroadcastSegment): Promise<UserRecord[]> {
  if (!segment.role && !segment.organisationId && !segment.courseId && !segment.batchId)
    throw new AppError(
      'invalid_request',
      'Choose at least one criterion: role, organisation, course or batch',
    );
  let enrolled: Set<string> | undefined;
  if (segment.courseId || segment.batchId) {
    const batches = segment.batchId
      ? [segment.batchId]
      : (await deps.stores.courses.listBatches(segment.courseId)).map((b) => b.id);
    enrolled = new Set(
      (await Promise.all(batches.map((b) => deps.stores.enrolments.listEnrolments(b))))
        .flat()
        .map((e) => e.userId),
    );
  }
  const people: UserRecord[] = [];
  for (let offset = 0; ; offset += 500) {
    const page = await deps.stores.users.list({
      ...(segment.role ? { role: segment.role } : {}),
      ...(segment.organisationId ? { organisationId: segment.organisationId } : {}),
      limit: 500,
      offset,
    });
    people.push(
      ...page.filter((p) => p.status === 'active' && !isStaff(p) && (!enrolled || enrolled.has(p.id))),
    );
    if (page.length < 500) break;
  }
  return people;
}

/** Sends a broadcast: one conversation and one notice per recipient. */
export async function sendBroadcast(
  deps: MessagingDeps,
  actor: Actor,
  input: { segment: BroadcastSegment; category: ConversationCategory; subject: string; body: string },
): Promise<BroadcastRecord> {
  const me = await actorRecord(deps, actor);
  if (!isStaff(me)) throw new AppError('forbidden', 'Only staff send broadcasts');
  const recipients = await segmentRecipients(deps, input.segment);
  if (recipients.length === 0) throw new AppError('invalid_request', 'Nobody matches these criteria');
  if (recipients.length > MAX_RECIPIENTS)
    throw new AppError(
      'invalid_request',
      `${recipients.length} people match; send to at most ${MAX_RECIPIENTS.toLocaleString('en')} at a time (narrow the criteria)`,
    );
  const id = randomUUID();
  const sent: BroadcastRecord['recipients'] = [];
  for (const person of recipients) {
    const { conversation, message } = await startConversation(deps, me, person, input);
    sent.push({ userId: person.id, conversationId: conversation.id, messageId: message.id });
  }
  const broadcast: BroadcastRecord = {
    id,
    subject: deps.crypto.seal(input.subject.trim(), `broadcast:${id}:subject`),
    segment: input.segment,
    createdBy: me.id,
    createdAt: deps.now().toISOString(),
    recipients: sent,
  };
  await deps.stores.broadcasts.addBroadcast(broadcast);
  await audit(
    deps,
    actor,
    'messaging.broadcast_sent',
    { type: 'broadcast', id },
    { recipients: sent.length, segment: input.segment },
  );
  return broadcast;
}

/** One recipient's delivery: their account, conversation and the email and portal notices. */
export interface RecipientDelivery {
  person: UserRecord | undefined;
  conversationId: string;
  email: OutboxMessage | undefined;
  inApp: OutboxMessage | undefined;
}

/** A broadcast with each recipient's delivery record. */
export async function broadcastDetail(
  deps: MessagingDeps,
  actor: Actor,
  id: string,
): Promise<{ broadcast: BroadcastRecord; subject: string; deliveries: RecipientDelivery[] }> {
  const me = await actorRecord(deps, actor);
  if (!isStaff(me)) throw new AppError('forbidden', 'Only staff see broadcasts');
  const broadcast = await deps.stores.broadcasts.getBroadcast(id);
  if (!broadcast) throw new AppError('not_found', `No broadcast ${id}`);
  const outbox = deps.notifications.stores.outbox;
  const deliveries = await Promise.all(
    broadcast.recipients.map(async (r) => ({
      person: await deps.stores.users.get(r.userId),
      conversationId: r.conversationId,
      email: await outbox.getByDedupeKey(`admin_message:${r.messageId}`),
      inApp: await outbox.getByDedupeKey(`admin_message:${r.messageId}:in_app`),
    })),
  );
  return { broadcast, subject: deps.crypto.open(broadcast.subject, `broadcast:${id}:subject`), deliveries };
}
