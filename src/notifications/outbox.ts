/**
 * The durable outbox: every message is queued before anything is sent, with a dedupe key
 * so an event handled twice queues one message; delivery leases the message, sends it,
 * and records the outcome, so a crash mid-send leaves the message queued for the next
 * worker once the lease runs out (at least once; the dedupe key and the lease keep
 * duplicates out of the log). Failures are retried with backoff; a permanent refusal
 * (an SMTP 5xx such as "mailbox unavailable") fails at once with the server's reason.
 */
import { randomUUID } from 'node:crypto';
import type { MailFile, Mailer } from '../mail/mailer.js';
import type { MessageAttachment, OutboxMessage, Stores } from '../storage/ports.js';
import { repeatEvery } from '../scheduling/repeat.js';
import type { Bell } from '../scheduling/bell.js';
import type { Logger } from '../logging/logger.js';
import { needsOneTimeToken, withOneTimeToken, type OneTimeTokenMinter } from './oneTimeLinks.js';
import { trackHtml, unsubscribeHeaders, type MailLinkSettings } from './mailLinks.js';

/** What the outbox needs (DESIGN rule 1). */
export interface NotificationDeps {
  stores: Pick<Stores, 'outbox' | 'notificationSettings'>;
  mailer: Mailer;
  now: () => Date;
  /** This process's name in leases (host + pid in the server). */
  workerId: string;
  /** Tracking and unsubscribe links; without them mail goes out as composed. */
  links?: MailLinkSettings;
  /** Makes the secret of a message's one-time link when it is sent (oneTimeLinks.ts). */
  oneTimeTokens?: OneTimeTokenMinter;
  /** Makes a message's attached file when it is sent (messageAttachments.ts). */
  attachments?: (attachment: MessageAttachment) => Promise<MailFile>;
  /** Wakes the delivery worker when a message due now is queued (startDeliveryWorker listens). */
  bell?: Bell;
}

/** How long a sender holds a message: longer than any SMTP timeout. */
export const LEASE_MS = 2 * 60_000;
/** Waits before each retry; after the last, the message fails. */
export const RETRY_DELAYS_MS = [60_000, 5 * 60_000, 30 * 60_000, 2 * 3_600_000, 6 * 3_600_000];

/** A message to queue: the stored message's content fields, with times as Dates. */
export type MessageInput = Pick<
  OutboxMessage,
  | 'dedupeKey'
  | 'channel'
  | 'trigger'
  | 'userId'
  | 'to'
  | 'subject'
  | 'text'
  | 'html'
  | 'headers'
  | 'planKey'
  | 'templateRef'
  | 'attachment'
> & {
  /** Not before (default: now). */
  dueAt?: Date;
  /** Not after: past this the message is cancelled instead of sent late. */
  expiresAt?: Date;
  /**
   * False for what a person may turn off (reminders): their preference is read when it is
   * due, and if they turned reminder emails off it is cancelled with that reason, so the
   * log says why they did not get it. Default: essential.
   */
  essential?: boolean;
};

/** The stored form of a new message: queued for its due time, or already shown (in-app, due now). */
function newMessage(deps: NotificationDeps, input: MessageInput, shown: boolean): OutboxMessage {
  const now = deps.now().toISOString();
  const due = (input.dueAt ?? deps.now()).toISOString();
  const { dueAt: _due, expiresAt, essential = true, ...fields } = input;
  return {
    id: randomUUID(),
    ...fields,
    ...(essential ? {} : { essential: false }),
    dueAt: due,
    ...(expiresAt ? { expiresAt: expiresAt.toISOString() } : {}),
    nextAttemptAt: due,
    ...(shown ? { status: 'sent', attempts: 1, sentAt: now } : { status: 'queued', attempts: 0 }),
    createdAt: now,
  };
}

/**
 * Queues a message (idempotent by dedupe key); one due now rings the delivery worker's
 * bell, so it goes out within milliseconds without the caller waiting for the mail server.
 */
export async function queueMessage(
  deps: NotificationDeps,
  input: MessageInput,
): Promise<{ message: OutboxMessage; created: boolean }> {
  const queued = await deps.stores.outbox.enqueue(newMessage(deps, input, false));
  if (queued.created && queued.message.nextAttemptAt <= deps.now().toISOString()) deps.bell?.ring();
  return queued;
}

/**
 * Posts an in-app notice due now. It is delivered by being stored, so it is stored as
 * shown ("sent", logged queued then sent) in one write, instead of queued, leased and
 * finished in three.
 */
export async function postInApp(
  deps: NotificationDeps,
  input: MessageInput & { channel: 'in_app' },
): Promise<{ message: OutboxMessage; created: boolean }> {
  return deps.stores.outbox.enqueue(newMessage(deps, input, true));
}

/** Why a message the person may turn off is not to be sent now, if it is not. */
async function optedOut(deps: NotificationDeps, message: OutboxMessage): Promise<string | undefined> {
  if (message.essential !== false || message.channel !== 'email' || !message.userId) return undefined;
  const preferences = await deps.stores.notificationSettings.getPreferences(message.userId);
  return preferences?.emailReminders === false ? 'the person turned off reminder emails' : undefined;
}

/** The email as it goes out: tracked links and pixel, and unsubscribe headers for reminders. */
function outgoing(
  deps: NotificationDeps,
  message: OutboxMessage,
): { html?: string; headers?: Record<string, string> } {
  const links = deps.links;
  const html = message.html && links?.tracking ? trackHtml(links, message.id, message.html) : message.html;
  const headers = {
    ...message.headers,
    ...(links && message.essential === false && message.userId
      ? unsubscribeHeaders(links, message.userId)
      : {}),
  };
  return { ...(html ? { html } : {}), ...(Object.keys(headers).length > 0 ? { headers } : {}) };
}

/** Whether an error from the mail server is a permanent refusal (do not retry). */
function isPermanent(error: unknown): boolean {
  const code = (error as { responseCode?: number }).responseCode;
  return typeof code === 'number' && code >= 500 && code < 600;
}

/** Sends one leased message and records the outcome. */
async function deliver(deps: NotificationDeps, message: OutboxMessage): Promise<OutboxMessage | undefined> {
  const owner = deps.workerId;
  if (message.expiresAt && message.expiresAt <= deps.now().toISOString()) {
    return deps.stores.outbox.finishAttempt(message.id, owner, {
      type: 'cancelled',
      at: deps.now().toISOString(),
      reason: `expired at ${message.expiresAt}: too late to be useful`,
    });
  }
  if (message.channel === 'in_app') {
    // In-app messages are delivered by being in the store; "sent" means shown in the portal.
    return deps.stores.outbox.finishAttempt(message.id, owner, {
      type: 'sent',
      at: deps.now().toISOString(),
    });
  }
  if (!message.to)
    return deps.stores.outbox.finishAttempt(message.id, owner, {
      type: 'failed',
      at: deps.now().toISOString(),
      error: 'no email address',
    });
  const declined = await optedOut(deps, message);
  if (declined)
    return deps.stores.outbox.finishAttempt(message.id, owner, {
      type: 'cancelled',
      at: deps.now().toISOString(),
      reason: declined,
    });
  try {
    let content: { text: string; html?: string; headers?: Record<string, string>; attachments?: MailFile[] } =
      { text: message.text, ...outgoing(deps, message) };
    if (needsOneTimeToken(message)) {
      if (!deps.oneTimeTokens) throw new Error('this server cannot make the one-time link the message needs');
      content = withOneTimeToken(content, await deps.oneTimeTokens(message));
    }
    if (message.attachment) {
      if (!deps.attachments) throw new Error('this server cannot make the file the message carries');
      content = { ...content, attachments: [await deps.attachments(message.attachment)] };
    }
    const result = await deps.mailer.send({
      to: message.to,
      subject: message.subject,
      ...content,
      messageId: `<${message.id}@outbox.saypro>`,
    });
    return deps.stores.outbox.finishAttempt(message.id, owner, {
      type: 'sent',
      at: deps.now().toISOString(),
      providerMessageId: result.messageId,
      ...(result.response ? { providerResponse: result.response } : {}),
    });
  } catch (error) {
    const reason = (error as Error).message.slice(0, 500);
    const at = deps.now().toISOString();
    const delay = RETRY_DELAYS_MS[message.attempts];
    if (isPermanent(error) || delay === undefined)
      return deps.stores.outbox.finishAttempt(message.id, owner, {
        type: 'failed',
        at,
        error: reason,
      });
    return deps.stores.outbox.finishAttempt(message.id, owner, {
      type: 'retry',
      at,
      error: reason,
      retryAt: new Date(deps.now().getTime() + delay).toISOString(),
    });
  }
}

/**
 * Queues a message and, if it is due now and new, tries to send it at once, so a person
 * gets it while they wait; whatever fails is left to the worker's retries. `created` says
 * whether this call queued it (false: the dedupe key was taken, by this process or another).
 */
export async function sendMessage(
  deps: NotificationDeps,
  input: MessageInput,
): Promise<{ message: OutboxMessage; created: boolean }> {
  const { message, created } = await queueMessage(deps, input);
  if (!created || message.nextAttemptAt > deps.now().toISOString()) return { message, created };
  const now = deps.now();
  const leased = await deps.stores.outbox.claimOne(
    message.id,
    now.toISOString(),
    deps.workerId,
    new Date(now.getTime() + LEASE_MS).toISOString(),
  );
  return { message: (leased && (await deliver(deps, leased))) ?? message, created };
}

/** One worker tick: leases what is due and sends it, `limit` at a time. */
export async function deliverDue(
  deps: NotificationDeps,
  limit = 50,
): Promise<{ sent: number; retried: number; failed: number; expired: number }> {
  const now = deps.now();
  const leased = await deps.stores.outbox.claimDue(
    now.toISOString(),
    deps.workerId,
    new Date(now.getTime() + LEASE_MS).toISOString(),
    limit,
  );
  const counts = { sent: 0, retried: 0, failed: 0, expired: 0 };
  for (const message of leased) {
    const done = await deliver(deps, message);
    if (done?.status === 'sent') counts.sent++;
    else if (done?.status === 'failed') counts.failed++;
    else if (done?.status === 'cancelled') counts.expired++;
    else if (done) counts.retried++;
  }
  return counts;
}

/** Runs delivery every `intervalMs` (5 s by default) until stopped; returns the stop function. */
export function startDeliveryWorker(deps: NotificationDeps, logger: Logger, intervalMs = 5_000): () => void {
  return repeatEvery(
    'outbox delivery',
    intervalMs,
    async () => {
      // Drain in batches while there is work, so a backlog does not wait a tick per 50.
      for (
        let round = await deliverDue(deps);
        round.sent + round.expired > 0;
        round = await deliverDue(deps)
      );
    },
    logger,
    deps.bell,
  );
}
