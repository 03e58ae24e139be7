/**
 * Repository interfaces for communications (src/notifications/): the durable outbox of
 * messages and their delivery log (OutboxStore), the reminder schedules and each person's
 * preferences (NotificationSettingsStore), and the message templates (MessageTemplateStore),
 * each its own port so a collaborator sees only the one it uses. Every message is queued
 * with a dedupe key (so an event handled twice queues one message), claimed for sending
 * under a time-limited lease (so several server processes never send the same message at
 * once, and a process that died mid-send releases it when the lease runs out), and every
 * step is logged. Same rules as ports.ts: plain JSON-able records, one contract suite for
 * every adapter.
 */

/** Where a message goes. */
export type Channel = 'email' | 'in_app';

/** A message's state in the outbox. */
export type OutboxStatus = 'queued' | 'sent' | 'failed' | 'cancelled';

/** A file an email carries, named by reference and made when it is sent. */
export type MessageAttachment =
  /** The certificate's PDF. */
  | { kind: 'certificate_pdf'; credentialId: string }
  /** A check-in meeting's calendar invitation (.ics), or its cancellation once it is cancelled. */
  | { kind: 'meeting_invitation'; meetingId: string };

/** One message to one person. */
export interface OutboxMessage {
  id: string;
  /** Unique: the same event handled twice queues one message. */
  dedupeKey: string;
  channel: Channel;
  /** What caused it, e.g. `certificate_issued`, `review_decision`. */
  trigger: string;
  userId?: string;
  /** The email address (email channel). */
  to?: string;
  subject: string;
  text: string;
  html?: string;
  headers?: Record<string, string>;
  /** A file made when the email is sent (never stored with it): the certificate's PDF. */
  attachment?: MessageAttachment;
  /** Not before this instant (ISO). */
  dueAt: string;
  /** Not after this instant either: a reminder delivered days late would mislead (ISO). */
  expiresAt?: string;
  status: OutboxStatus;
  attempts: number;
  /** When the next attempt may start (ISO); equals dueAt until a failure. */
  nextAttemptAt: string;
  /** Who holds the message while sending, and until when (ISO). */
  leaseOwner?: string;
  leaseUntil?: string;
  lastError?: string;
  sentAt?: string;
  /** What the SMTP server said when it accepted the message. */
  providerMessageId?: string;
  providerResponse?: string;
  /** In-app: when the person saw it. */
  viewedAt?: string;
  /**
   * The reminder plan it belongs to (e.g. one participant's deadline reminders), so a
   * moved deadline or an edited schedule can re-plan the queued ones at once.
   */
  planKey?: string;
  /**
   * False for what a person may turn off (reminders): checked against their preferences
   * when it is sent, not when it is queued, so turning reminders off (or on again) applies
   * to everything still to come. Absent means essential.
   */
  essential?: boolean;
  /** The message template it was written from, e.g. `certificate_issued/en@3` (`@0`: built-in). */
  templateRef?: string;
  createdAt: string;
}

/**
 * One version of a message template: the subject and Markdown body of one trigger in one
 * language. Versions are never edited: saving makes the next one, and the highest is used.
 */
export interface MessageTemplateVersion {
  trigger: string;
  /** A language tag such as `en`, `af`, `zu`. */
  language: string;
  /** 1, 2, ... per trigger and language. */
  version: number;
  subject: string;
  /** Markdown with `{{placeholder}}`s. */
  body: string;
  createdAt: string;
  createdBy: string;
}

/** The days before a deadline that reminders of one kind go out, as staff set them. */
export interface ReminderSchedule {
  /** The reminder kind, e.g. `batch_deadline`, `certificate_expiry`. */
  kind: string;
  /** Days before the deadline, e.g. [90, 60, 30, 7, 1]. */
  offsetsDays: number[];
  /** Days after the deadline for past-due warnings (empty: none). */
  pastDueDays: number[];
  updatedAt: string;
  updatedBy: string;
}

/** Steps in a message's life, for the delivery log. */
type DeliveryEventType =
  | 'queued'
  | 'attempt_failed'
  | 'sent'
  | 'failed'
  | 'cancelled'
  | 'viewed'
  | 'opened'
  | 'clicked';

/** What a person chose to receive; absent means the defaults (everything). */
export interface NotificationPreferences {
  userId: string;
  /** Reminders by email (deadlines, expiry); essential messages are always sent. */
  emailReminders: boolean;
  /** The language messages are written in, when a template exists in it (default English). */
  language?: string;
  updatedAt: string;
}

/** One entry of the delivery log. */
export interface DeliveryEvent {
  id: string;
  messageId: string;
  at: string;
  type: DeliveryEventType;
  detail?: string;
}

/**
 * The outbox and its delivery log: every message queued, leased, sent or cancelled, and
 * each step of its life. The log sits here because the outbox writes it in the same step
 * as the message (a `queued` event with a new message, `sent` with the outcome).
 */
export interface OutboxStore {
  /**
   * Queues a message; if one with the same dedupe key exists, returns that one unchanged
   * with `created: false`. A `queued` event is logged with a new message, and a `sent` one
   * too when it is stored already delivered (an in-app notice due now).
   */
  enqueue(message: OutboxMessage): Promise<{ message: OutboxMessage; created: boolean }>;
  get(id: string): Promise<OutboxMessage | undefined>;
  getByDedupeKey(dedupeKey: string): Promise<OutboxMessage | undefined>;
  /**
   * Leases up to `limit` queued messages whose nextAttemptAt has come and whose lease (if
   * any) has run out, to `owner` until `leaseUntil`, oldest nextAttemptAt first. Two
   * callers never lease the same message at the same time. Uses an index, not a scan.
   */
  claimDue(now: string, owner: string, leaseUntil: string, limit: number): Promise<OutboxMessage[]>;
  /** Leases one message by id on the same terms (queued, due, not leased); undefined otherwise. */
  claimOne(id: string, now: string, owner: string, leaseUntil: string): Promise<OutboxMessage | undefined>;
  /**
   * Records the outcome of an attempt by the lease holder: `sent` (with the provider's
   * ids), a failure to retry at `retryAt`, or a final failure. Returns the updated
   * message, or undefined when `owner` no longer holds the lease (another process took
   * over after it expired; that process's outcome stands).
   */
  finishAttempt(
    id: string,
    owner: string,
    outcome:
      | { type: 'sent'; at: string; providerMessageId?: string; providerResponse?: string }
      | { type: 'retry'; at: string; error: string; retryAt: string }
      | { type: 'failed'; at: string; error: string }
      | { type: 'cancelled'; at: string; reason: string },
  ): Promise<OutboxMessage | undefined>;
  /** The messages of a reminder plan, oldest dueAt first. */
  listPlan(planKey: string): Promise<OutboxMessage[]>;
  /** Cancels a message still queued (not one being sent or done); logs why. Undefined if it was not queued. */
  cancel(id: string, at: string, reason: string): Promise<OutboxMessage | undefined>;
  /** Marks an in-app message seen (first time only); logs `viewed`. */
  markViewed(id: string, userId: string, at: string): Promise<OutboxMessage | undefined>;
  /** Appends to the delivery log (opened, clicked, ...). */
  logEvent(event: DeliveryEvent): Promise<void>;
  /** A message's log, oldest first. */
  listEvents(messageId: string): Promise<DeliveryEvent[]>;
  /** Messages, newest first, filtered for the staff search and a person's inbox. */
  search(filter: {
    userId?: string;
    trigger?: string;
    channel?: Channel;
    status?: OutboxStatus;
    from?: string;
    to?: string;
    limit: number;
  }): Promise<OutboxMessage[]>;
}

/** The reminder schedules staff set and the choices each person made about their messages. */
export interface NotificationSettingsStore {
  /** The days a kind of reminder goes out, as staff last saved them; undefined: the built-in ones. */
  getSchedule(kind: string): Promise<ReminderSchedule | undefined>;
  /** Saves a kind's schedule, replacing the one before. */
  putSchedule(schedule: ReminderSchedule): Promise<void>;
  /** A person's choices; undefined: the defaults (everything, in English). */
  getPreferences(userId: string): Promise<NotificationPreferences | undefined>;
  /** Saves a person's choices, replacing the ones before. */
  setPreferences(preferences: NotificationPreferences): Promise<void>;
}

/** The versions of the message templates staff edit (subject and body per trigger and language). */
export interface MessageTemplateStore {
  /** Stores a template version; throws DuplicateRecordError if that version exists (someone saved first). */
  addMessageTemplate(template: MessageTemplateVersion): Promise<void>;
  /** The given version, or the highest one, of a trigger's template in a language. */
  getMessageTemplate(
    trigger: string,
    language: string,
    version?: number,
  ): Promise<MessageTemplateVersion | undefined>;
  /** A trigger's versions in one language, newest first. */
  listMessageTemplateVersions(trigger: string, language: string): Promise<MessageTemplateVersion[]>;
  /** The highest version of every (trigger, language) saved, by trigger then language. */
  listMessageTemplates(): Promise<MessageTemplateVersion[]>;
}
