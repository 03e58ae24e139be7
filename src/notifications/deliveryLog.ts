/**
 * Answers to "why didn't I receive this?": staff search messages by person, trigger,
 * status and date, see each message's log, and read in one sentence where it stands; a
 * participant reads their in-app notifications (which marks them seen).
 */
import { AppError } from '../errors.js';
import type { Actor } from '../accounts/accountDeps.js';
import type { Channel, DeliveryEvent, OutboxMessage, OutboxStatus, Stores } from '../storage/ports.js';
import { DEFAULT_LANGUAGE, MESSAGE_LANGUAGES } from './messageTriggers.js';

/** What the log functions need. */
export interface DeliveryLogDeps {
  stores: Pick<Stores, 'outbox' | 'notificationSettings' | 'users'>;
  now: () => Date;
}

/** A staff search of the outbox. */
export interface DeliverySearch {
  email?: string;
  trigger?: string;
  status?: OutboxStatus;
  channel?: Channel;
  from?: string;
  to?: string;
}

/** Where a message stands, in a sentence a person can act on. */
export function explainMessage(
  message: OutboxMessage,
  now: Date,
  events: readonly DeliveryEvent[] = [],
): string {
  const where = message.channel === 'in_app' ? 'in the portal' : `to ${message.to ?? 'no address'}`;
  const first = (type: DeliveryEvent['type']) => events.find((e) => e.type === type);
  switch (message.status) {
    case 'sent': {
      if (message.channel === 'in_app')
        return message.viewedAt
          ? `Shown in the portal and seen on ${message.viewedAt}.`
          : 'Shown in the portal; not opened yet.';
      const opened = first('opened');
      const clicked = first('clicked');
      const reading = clicked
        ? ` A link in it was followed on ${clicked.at}.`
        : opened
          ? ` It was opened on ${opened.at}.`
          : '';
      return `Sent ${where} on ${message.sentAt}; the mail server answered "${message.providerResponse ?? 'accepted'}".${reading || ' If it did not arrive, look in spam or at the receiving server.'}`;
    }
    case 'failed':
      return `Not delivered ${where}: ${message.lastError ?? 'failed'} (after ${message.attempts} attempt${message.attempts === 1 ? '' : 's'}).`;
    case 'cancelled': {
      const why = [...events].reverse().find((e) => e.type === 'cancelled')?.detail;
      return why ? `Not sent: ${why}.` : 'Cancelled before it was sent.';
    }
    case 'queued':
      if (message.attempts > 0)
        return `Attempt ${message.attempts} failed (${message.lastError ?? 'unknown error'}); the next try is at ${message.nextAttemptAt}.`;
      return message.nextAttemptAt > now.toISOString()
        ? `Not due yet: it will be sent at ${message.nextAttemptAt}.`
        : 'Waiting to be sent (within seconds).';
  }
}

function requireStaff(actor: Actor): void {
  if (actor.role !== 'staff' && actor.role !== 'admin')
    throw new AppError('forbidden', 'Only staff can read the delivery log');
}

/** Staff search; a person unknown by email finds nothing (and says so). */
export async function searchDeliveries(
  deps: DeliveryLogDeps,
  actor: Actor,
  search: DeliverySearch,
): Promise<{ messages: OutboxMessage[]; note?: string }> {
  requireStaff(actor);
  let userId: string | undefined;
  if (search.email?.trim()) {
    const user = await deps.stores.users.getByEmail(search.email.trim().toLowerCase());
    if (!user)
      return {
        messages: [],
        note: `No account has the email ${search.email.trim()}, so nothing can have been sent to it.`,
      };
    userId = user.id;
  }
  const messages = await deps.stores.outbox.search({
    ...(userId ? { userId } : {}),
    ...(search.trigger ? { trigger: search.trigger } : {}),
    ...(search.status ? { status: search.status } : {}),
    ...(search.channel ? { channel: search.channel } : {}),
    ...(search.from ? { from: search.from } : {}),
    ...(search.to ? { to: `${search.to}\uffff` } : {}),
    limit: 200,
  });
  const note =
    messages.length === 0 && userId && search.trigger
      ? 'Nothing was queued for this person and trigger: the event has not happened for them (or happened before the outbox existed).'
      : undefined;
  return { messages, ...(note ? { note } : {}) };
}

/** One message with its log (staff). */
export async function deliveryDetail(
  deps: DeliveryLogDeps,
  actor: Actor,
  id: string,
): Promise<{ message: OutboxMessage; events: DeliveryEvent[]; explanation: string }> {
  requireStaff(actor);
  const message = await deps.stores.outbox.get(id);
  if (!message) throw new AppError('not_found', `No message ${id}`);
  const events = await deps.stores.outbox.listEvents(id);
  return { message, events, explanation: explainMessage(message, deps.now(), events) };
}

/** A person's in-app notifications, newest first; showing them marks them seen. */
export async function readInbox(deps: DeliveryLogDeps, userId: string): Promise<OutboxMessage[]> {
  const messages = await deps.stores.outbox.search({ userId, channel: 'in_app', limit: 100 });
  const at = deps.now().toISOString();
  const shown = messages.filter((m) => m.status === 'sent');
  for (const m of shown) if (!m.viewedAt) await deps.stores.outbox.markViewed(m.id, userId, at);
  return shown;
}

/** Whether the person gets reminder emails (the default is yes). */
export async function emailRemindersOn(deps: DeliveryLogDeps, userId: string): Promise<boolean> {
  return (await deps.stores.notificationSettings.getPreferences(userId))?.emailReminders !== false;
}

/** The person's message language (English unless they chose another). */
export async function messageLanguage(deps: DeliveryLogDeps, userId: string): Promise<string> {
  return (await deps.stores.notificationSettings.getPreferences(userId))?.language ?? DEFAULT_LANGUAGE;
}

/**
 * Saves the person's choices: reminder emails on or off (essential messages are
 * unaffected; reminders already planned follow the new choice when they fall due) and,
 * when given, the language of their messages.
 */
export async function setEmailReminders(
  deps: DeliveryLogDeps,
  userId: string,
  on: boolean,
  language?: string,
): Promise<void> {
  const current = await deps.stores.notificationSettings.getPreferences(userId);
  if (language !== undefined && !MESSAGE_LANGUAGES[language])
    throw new AppError(
      'invalid_request',
      `Language must be one of ${Object.keys(MESSAGE_LANGUAGES).join(', ')}`,
    );
  const chosen = language ?? current?.language;
  await deps.stores.notificationSettings.setPreferences({
    userId,
    emailReminders: on,
    ...(chosen && chosen !== DEFAULT_LANGUAGE ? { language: chosen } : {}),
    updatedAt: deps.now().toISOString(),
  });
}
