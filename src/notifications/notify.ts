/**
 * Telling a person something: the trigger's template in their language, queued in the
 * outbox for email and for their portal's notifications. The dedupe key makes a repeat
 * of the same event a no-op on both channels; an essential message is tried at once (the
 * person may be waiting for it), a reminder waits for its time.
 */
import type { MessageAttachment, OutboxMessage, Stores, UserRecord } from '../storage/ports.js';
import { composeMessage } from './messageTemplates.js';
import { postInApp, queueMessage, sendMessage, type MessageInput, type NotificationDeps } from './outbox.js';

/** One message to one person. */
export interface Notice {
  trigger: string;
  /** Unique per event, e.g. `certificate_issued:<credential id>`. */
  dedupeKey: string;
  /** Placeholder values; `name` and `organisation` are filled in from the person and settings when absent. */
  values: Record<string, string>;
  /** Email only (reminders), or email and in-app (default). */
  channels?: readonly ('email' | 'in_app')[];
  dueAt?: Date;
  expiresAt?: Date;
  planKey?: string;
  /** A file the email carries (made when it is sent); the in-app notice has none. */
  attachment?: MessageAttachment;
  /** Extra email headers (a marketing message's List-Unsubscribe); stored with the message. */
  headers?: Record<string, string>;
  /**
   * Queue the email for the delivery worker (rung awake at once) instead of sending it
   * inline: for work done in bulk, where no one waits on this call (automatic issuance of
   * a whole cohort) and a slow mail server must not slow the work down.
   */
  background?: boolean;
}

/** What notify needs beyond the outbox: the organisation's name and public URL. */
export interface NotifyDeps extends NotificationDeps {
  /** The outbox and preferences, and the message templates notices are written from. */
  stores: Pick<Stores, 'outbox' | 'notificationSettings' | 'messageTemplates'>;
  settings: { organisationName: string; publicUrl: string };
}

/**
 * What a notice queued: its email message (when email is a channel) and whether this call
 * created it; false when the dedupe key was already taken, which the store decides
 * atomically, so of two concurrent identical notices exactly one is `created`.
 */
export interface NoticeOutcome {
  email?: OutboxMessage;
  created: boolean;
}

/** Queues (and, when due now, sends) a notice to an active person; returns the email message. */
export async function notifyWithOutcome(
  deps: NotifyDeps,
  user: Pick<UserRecord, 'id' | 'email' | 'name' | 'status'>,
  notice: Notice,
): Promise<NoticeOutcome | undefined> {
  if (user.status !== 'active') return undefined;
  const preferences = await deps.stores.notificationSettings.getPreferences(user.id);
  const values = {
    name: user.name,
    organisation: deps.settings.organisationName,
    portalUrl: `${deps.settings.publicUrl}/me`,
    ...notice.values,
  };
  const message = await composeMessage(deps, notice.trigger, preferences?.language, values);
  const base: Omit<MessageInput, 'dedupeKey' | 'channel'> = {
    trigger: notice.trigger,
    userId: user.id,
    subject: message.subject,
    text: message.text,
    templateRef: message.templateRef,
    essential: message.essential,
    ...(notice.dueAt ? { dueAt: notice.dueAt } : {}),
    ...(notice.expiresAt ? { expiresAt: notice.expiresAt } : {}),
    ...(notice.planKey ? { planKey: notice.planKey } : {}),
  };
  const channels = notice.channels ?? ['email', 'in_app'];
  // Reminders are planned ahead and bulk work is queued; everything else goes out now if it can.
  const put = notice.dueAt || notice.background ? queueMessage : sendMessage;
  let email: OutboxMessage | undefined;
  let created = false;
  if (channels.includes('email')) {
    ({ message: email, created } = await put(deps, {
      ...base,
      dedupeKey: notice.dedupeKey,
      channel: 'email',
      to: user.email,
      html: message.html,
      ...(notice.attachment ? { attachment: notice.attachment } : {}),
      ...(notice.headers ? { headers: notice.headers } : {}),
    }));
  }
  if (channels.includes('in_app')) {
    const input = { ...base, dedupeKey: `${notice.dedupeKey}:in_app`, channel: 'in_app' as const };
    // Due now, it is delivered by being stored; a planned one waits in the queue for its time.
    const inApp = await (notice.dueAt ? queueMessage(deps, input) : postInApp(deps, input));
    if (!channels.includes('email')) created = inApp.created;
  }
  return { ...(email ? { email } : {}), created };
}

/** notifyWithOutcome for callers that only want the email message. */
export async function notify(
  deps: NotifyDeps,
  user: Pick<UserRecord, 'id' | 'email' | 'name' | 'status'>,
  notice: Notice,
): Promise<OutboxMessage | undefined> {
  return (await notifyWithOutcome(deps, user, notice))?.email;
}

/** Where each role starts: the welcome email's link. */
const HOME_OF_ROLE: Record<UserRecord['role'], string> = {
  participant: '/me',
  partner: '/partner',
  reviewer: '/reviewer',
  staff: '/admin',
  admin: '/admin',
};

/** The welcome message, once per account: when its email is confirmed or an invitation accepted; its link leads to the person's own start page. */
export async function sendWelcome(
  deps: NotifyDeps,
  user: Pick<UserRecord, 'id' | 'email' | 'name' | 'status' | 'role'>,
): Promise<void> {
  await notify(deps, user, {
    trigger: 'welcome',
    dedupeKey: `welcome:${user.id}`,
    values: { portalUrl: `${deps.settings.publicUrl}${HOME_OF_ROLE[user.role]}` },
  });
}
