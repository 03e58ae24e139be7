/**
 * Group messages: staff write once to a segment (role, partner organisation, course,
 * batch; every criterion given must match) and each recipient gets their own
 * conversation, so they can answer privately, and their own notice through the outbox,
 * so each delivery is logged per person. People who gave a location can be chosen by
 * country and region. A marketing broadcast goes only to those whose marketing consent is
 * granted, and its notice carries the one-click unsubscribe link and List-Unsubscribe
 * headers (src/accounts/marketingConsent.ts). A broadcast is capped at 5,000 recipients per send.
 */
import { randomUUID } from 'node:crypto';
import { AppError } from '../errors.js';
import type { Actor } from '../accounts/accountDeps.js';
import { audit } from '../accounts/audit.js';
import type {
  BroadcastKind,
  BroadcastRecord,
  BroadcastSegment,
  ConversationCategory,
  OutboxMessage,
  UserRecord,
} from '../storage/ports.js';
import type { MessagingDeps } from './messagingDeps.js';
import { actorRecord, isStaff } from './conversationAccess.js';
import { conversationUrl, startConversation } from './conversationWrites.js';
import {
  consentedToMarketing,
  countryName,
  marketingUnsubscribeHeaders,
  marketingUnsubscribeUrl,
  peopleInPlace,
} from '../accounts/marketingConsent.js';
import { notify } from '../notifications/notify.js';

const MAX_RECIPIENTS = 5_000;

/** The active accounts (not staff) a segment names. */
async function segmentRecipients(deps: MessagingDeps, segment: BroadcastSegment): Promise<UserRecord[]> {
  if (!segment.role && !segment.organisationId && !segment.courseId && !segment.batchId && !segment.country)
    throw new AppError(
      'invalid_request',
      'Choose at least one criterion: role, organisation, course, batch or country',
    );
  if (segment.region && !segment.country)
    throw new AppError('invalid_request', 'Choose the country of the region too');
  if (segment.country && countryName(segment.country) === segment.country)
    throw new AppError('invalid_request', 'country: give the two-letter country code, e.g. ZA');
  const located = segment.country
    ? await peopleInPlace(deps, { country: segment.country, region: segment.region })
    : undefined;
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
      ...page.filter(
        (p) =>
          p.status === 'active' &&
          !isStaff(p) &&
          (!enrolled || enrolled.has(p.id)) &&
          (!located || located.has(p.id)),
      ),
    );
    if (page.length < 500) break;
  }
  return people;
}

/**
 * Who a broadcast goes to: the segment, and for marketing only those whose marketing
 * consent in force is granted (to any version of the text: see marketingAllowed).
 */
export async function broadcastRecipients(
  deps: MessagingDeps,
  segment: BroadcastSegment,
  kind: BroadcastKind,
): Promise<{ recipients: UserRecord[]; withoutConsent: number }> {
  const inSegment = await segmentRecipients(deps, segment);
  if (kind === 'service') return { recipients: inSegment, withoutConsent: 0 };
  const consented = await consentedToMarketing(
    deps,
    inSegment.map((p) => p.id),
  );
  const recipients = inSegment.filter((p) => consented.has(p.id));
  return { recipients, withoutConsent: inSegment.length - recipients.length };
}

/** The unsubscribe footer a marketing message carries in the portal conversation. */
function marketingFooter(url: string): string {
  return `\n\n---\nYou get news and offers because you agreed to them. To stop them, open this unsubscribe link (one click, no sign-in needed): ${url}`;
}

/** Sends a broadcast: one conversation and one notice per recipient. */
export async function sendBroadcast(
  deps: MessagingDeps,
  actor: Actor,
  input: {
    segment: BroadcastSegment;
    category: ConversationCategory;
    subject: string;
    body: string;
    /** Default: service. */
    kind?: BroadcastKind;
  },
): Promise<BroadcastRecord> {
  const me = await actorRecord(deps, actor);
  if (!isStaff(me)) throw new AppError('forbidden', 'Only staff send broadcasts');
  const kind = input.kind ?? 'service';
  const links = deps.notifications.links;
  if (kind === 'marketing' && !links)
    throw new AppError(
      'invalid_request',
      'Marketing needs signed unsubscribe links, and mail links are off on this server',
    );
  const { recipients, withoutConsent } = await broadcastRecipients(deps, input.segment, kind);
  if (recipients.length === 0)
    throw new AppError(
      'invalid_request',
      kind === 'marketing' && withoutConsent > 0
        ? `Nobody matching these criteria agreed to news and offers (${withoutConsent} without consent)`
        : 'Nobody matches these criteria',
    );
  if (recipients.length > MAX_RECIPIENTS)
    throw new AppError(
      'invalid_request',
      `${recipients.length} people match; send to at most ${MAX_RECIPIENTS.toLocaleString('en')} at a time (narrow the criteria)`,
    );
  const id = randomUUID();
  const sent: BroadcastRecord['recipients'] = [];
  for (const person of recipients) {
    if (kind === 'service') {
      const { conversation, message } = await startConversation(deps, me, person, input);
      sent.push({ userId: person.id, conversationId: conversation.id, messageId: message.id });
      continue;
    }
    // Marketing: the conversation and the notice (email and portal) both carry the link.
    const unsubscribeUrl = marketingUnsubscribeUrl(links!, person.id);
    const { conversation, message } = await startConversation(
      deps,
      me,
      person,
      { ...input, body: `${input.body.trim()}${marketingFooter(unsubscribeUrl)}` },
      { notice: 'caller' },
    );
    await notify(deps.notifications, person, {
      trigger: 'marketing_message',
      dedupeKey: `marketing_message:${message.id}`,
      values: {
        subject: input.subject.trim(),
        sender: `${me.name} (${deps.notifications.settings.organisationName})`,
        conversationUrl: conversationUrl(deps, conversation.id, 'user'),
        unsubscribeUrl,
      },
      headers: marketingUnsubscribeHeaders(links!, person.id),
    });
    sent.push({ userId: person.id, conversationId: conversation.id, messageId: message.id });
  }
  const broadcast: BroadcastRecord = {
    id,
    subject: deps.crypto.seal(input.subject.trim(), `broadcast:${id}:subject`),
    segment: input.segment,
    kind,
    ...(kind === 'marketing' ? { withoutConsent } : {}),
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
    { recipients: sent.length, segment: input.segment, kind },
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
  const trigger = broadcast.kind === 'marketing' ? 'marketing_message' : 'admin_message';
  const deliveries = await Promise.all(
    broadcast.recipients.map(async (r) => ({
      person: await deps.stores.users.get(r.userId),
      conversationId: r.conversationId,
      email: await outbox.getByDedupeKey(`${trigger}:${r.messageId}`),
      inApp: await outbox.getByDedupeKey(`${trigger}:${r.messageId}:in_app`),
    })),
  );
  return { broadcast, subject: deps.crypto.open(broadcast.subject, `broadcast:${id}:subject`), deliveries };
}
