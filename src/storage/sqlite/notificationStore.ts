/**
 * The SQLite OutboxStore: the outbox (each message whole as JSON in `doc`, beside the
 * columns the scheduler and the searches query) and the delivery log; beside it the
 * NotificationSettingsStore (schedules, preferences) and the MessageTemplateStore. Claiming and
 * finishing are IMMEDIATE transactions, so two processes sharing the file serialise: a
 * message is leased to one of them at a time, and only the lease holder's outcome counts.
 */
import { randomUUID } from 'node:crypto';
import {
  DuplicateRecordError,
  type DeliveryEvent,
  type MessageTemplateVersion,
  type MessageTemplateStore,
  type NotificationPreferences,
  type NotificationSettingsStore,
  type OutboxMessage,
  type OutboxStore,
  type ReminderSchedule,
} from '../ports.js';
import type { SqliteDb } from './schema.js';

/** The scheduler's query: due, queued and not leased (or the lease ran out), from the index. */
const CLAIM_DUE_SQL = `SELECT doc FROM notification_outbox
  WHERE status = 'queued' AND next_attempt_at <= @now AND (lease_until IS NULL OR lease_until <= @now)
  ORDER BY next_attempt_at LIMIT @limit`;

const parse = (row: { doc: string } | undefined): OutboxMessage | undefined =>
  row ? (JSON.parse(row.doc) as OutboxMessage) : undefined;

/** Builds the outbox store over an open database whose schema has been applied. */
export function createSqliteOutboxStore(db: SqliteDb): OutboxStore {
  const s = {
    insert: db.prepare(
      `INSERT INTO notification_outbox (id, dedupe_key, channel, trigger, user_id, status, next_attempt_at, lease_until, created_at, doc)
       VALUES (@id, @dedupeKey, @channel, @trigger, @userId, @status, @nextAttemptAt, NULL, @createdAt, @doc) ON CONFLICT (dedupe_key) DO NOTHING`,
    ),
    byId: db.prepare<[string], { doc: string }>('SELECT doc FROM notification_outbox WHERE id = ?'),
    byKey: db.prepare<[string], { doc: string }>('SELECT doc FROM notification_outbox WHERE dedupe_key = ?'),
    due: db.prepare<{ now: string; limit: number }, { doc: string }>(CLAIM_DUE_SQL),
    dueOne: db.prepare<{ id: string; now: string }, { doc: string }>(
      "SELECT doc FROM notification_outbox WHERE id = @id AND status = 'queued' AND next_attempt_at <= @now AND (lease_until IS NULL OR lease_until <= @now)",
    ),
    write: db.prepare<{
      id: string;
      status: string;
      nextAttemptAt: string;
      leaseUntil: string | null;
      doc: string;
    }>(
      'UPDATE notification_outbox SET status = @status, next_attempt_at = @nextAttemptAt, lease_until = @leaseUntil, doc = @doc WHERE id = @id',
    ),
    insertPlan: db.prepare<[string, string]>(
      'INSERT INTO notification_plans (message_id, plan_key) VALUES (?, ?) ON CONFLICT DO NOTHING',
    ),
    plan: db.prepare<[string], { doc: string }>(
      'SELECT o.doc FROM notification_plans p JOIN notification_outbox o ON o.id = p.message_id WHERE p.plan_key = ? ORDER BY o.next_attempt_at, o.id',
    ),
    insertEvent: db.prepare<[string, string, string, string, string | null]>(
      'INSERT INTO notification_events (id, message_id, at, type, detail) VALUES (?, ?, ?, ?, ?)',
    ),
    events: db.prepare<
      [string],
      { id: string; message_id: string; at: string; type: string; detail: string | null }
    >('SELECT * FROM notification_events WHERE message_id = ? ORDER BY at, rowid'),
  };
  const save = (m: OutboxMessage) =>
    s.write.run({
      id: m.id,
      status: m.status,
      nextAttemptAt: m.nextAttemptAt,
      leaseUntil: m.leaseUntil ?? null,
      doc: JSON.stringify(m),
    });
  const log = (messageId: string, at: string, type: DeliveryEvent['type'], detail?: string) =>
    s.insertEvent.run(randomUUID(), messageId, at, type, detail ?? null);

  const enqueue = db.transaction((m: OutboxMessage): { message: OutboxMessage; created: boolean } => {
    const created = s.insert.run({ ...m, userId: m.userId ?? null, doc: JSON.stringify(m) }).changes === 1;
    if (created) log(m.id, m.createdAt, 'queued', m.dueAt > m.createdAt ? `due ${m.dueAt}` : undefined);
    if (created && m.status === 'sent') log(m.id, m.sentAt ?? m.createdAt, 'sent');
    if (created && m.planKey) s.insertPlan.run(m.id, m.planKey);
    return { message: parse(s.byKey.get(m.dedupeKey))!, created };
  });
  const claim = db.transaction(
    (now: string, owner: string, leaseUntil: string, limit: number): OutboxMessage[] => {
      const claimed = s.due
        .all({ now, limit })
        .map((row) => ({ ...(JSON.parse(row.doc) as OutboxMessage), leaseOwner: owner, leaseUntil }));
      for (const m of claimed) save(m);
      return claimed;
    },
  );
  const claimOne = db.transaction(
    (id: string, now: string, owner: string, leaseUntil: string): OutboxMessage | undefined => {
      const row = s.dueOne.get({ id, now });
      if (!row) return undefined;
      const claimed = { ...(JSON.parse(row.doc) as OutboxMessage), leaseOwner: owner, leaseUntil };
      save(claimed);
      return claimed;
    },
  );
  const finish = db.transaction(
    (
      id: string,
      owner: string,
      outcome: Parameters<OutboxStore['finishAttempt']>[2],
    ): OutboxMessage | undefined => {
      const current = parse(s.byId.get(id));
      if (current?.status !== 'queued' || current.leaseOwner !== owner) return undefined;
      const { leaseOwner: _o, leaseUntil: _u, ...rest } = current;
      const attempts = current.attempts + 1;
      let next: OutboxMessage;
      if (outcome.type === 'sent') {
        next = {
          ...rest,
          status: 'sent',
          attempts,
          sentAt: outcome.at,
          ...(outcome.providerMessageId ? { providerMessageId: outcome.providerMessageId } : {}),
          ...(outcome.providerResponse ? { providerResponse: outcome.providerResponse } : {}),
        };
        log(id, outcome.at, 'sent', outcome.providerResponse);
      } else if (outcome.type === 'cancelled') {
        next = { ...rest, status: 'cancelled' };
        log(id, outcome.at, 'cancelled', outcome.reason);
      } else if (outcome.type === 'retry') {
        next = { ...rest, attempts, lastError: outcome.error, nextAttemptAt: outcome.retryAt };
        log(id, outcome.at, 'attempt_failed', `${outcome.error}; retry at ${outcome.retryAt}`);
      } else {
        next = { ...rest, status: 'failed', attempts, lastError: outcome.error };
        log(id, outcome.at, 'failed', outcome.error);
      }
      save(next);
      return next;
    },
  );
  const cancel = db.transaction((id: string, at: string, reason: string): OutboxMessage | undefined => {
    const current = parse(s.byId.get(id));
    // A leased message is being sent right now: too late to cancel it.
    if (current?.status !== 'queued' || (current.leaseUntil !== undefined && current.leaseUntil > at))
      return undefined;
    const { leaseOwner: _o, leaseUntil: _u, ...rest } = current;
    const next: OutboxMessage = { ...rest, status: 'cancelled' };
    save(next);
    log(id, at, 'cancelled', reason);
    return next;
  });
  const view = db.transaction((id: string, userId: string, at: string): OutboxMessage | undefined => {
    const current = parse(s.byId.get(id));
    if (!current || current.userId !== userId) return undefined;
    if (current.viewedAt) return current;
    const next = { ...current, viewedAt: at };
    save(next);
    log(id, at, 'viewed');
    return next;
  });

  return {
    enqueue: async (message) => enqueue.immediate(message),
    get: async (id) => parse(s.byId.get(id)),
    getByDedupeKey: async (key) => parse(s.byKey.get(key)),
    claimDue: async (now, owner, leaseUntil, limit) => claim.immediate(now, owner, leaseUntil, limit),
    claimOne: async (id, now, owner, leaseUntil) => claimOne.immediate(id, now, owner, leaseUntil),
    finishAttempt: async (id, owner, outcome) => finish.immediate(id, owner, outcome),
    markViewed: async (id, userId, at) => view.immediate(id, userId, at),
    listPlan: async (planKey) => s.plan.all(planKey).map((r) => JSON.parse(r.doc) as OutboxMessage),
    cancel: async (id, at, reason) => cancel.immediate(id, at, reason),
    logEvent: async (event) => {
      s.insertEvent.run(event.id, event.messageId, event.at, event.type, event.detail ?? null);
    },
    listEvents: async (messageId) =>
      s.events.all(messageId).map((r) => ({
        id: r.id,
        messageId: r.message_id,
        at: r.at,
        type: r.type as DeliveryEvent['type'],
        ...(r.detail !== null ? { detail: r.detail } : {}),
      })),
    search: async (filter) => {
      // Built from fixed fragments; only the values are parameters.
      const where: string[] = [];
      const values: (string | number)[] = [];
      const add = (sql: string, value: string | undefined) => {
        if (value !== undefined) {
          where.push(sql);
          values.push(value);
        }
      };
      add('user_id = ?', filter.userId);
      add('trigger = ?', filter.trigger);
      add('channel = ?', filter.channel);
      add('status = ?', filter.status);
      add('created_at >= ?', filter.from);
      add('created_at <= ?', filter.to);
      const sql = `SELECT doc FROM notification_outbox ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY created_at DESC, rowid DESC LIMIT ?`;
      return db
        .prepare<(string | number)[], { doc: string }>(sql)
        .all(...values, filter.limit)
        .map((r) => JSON.parse(r.doc) as OutboxMessage);
    },
  };
}

/** Builds the notification settings store over an open database whose schema has been applied. */
export function createSqliteNotificationSettingsStore(db: SqliteDb): NotificationSettingsStore {
  const s = {
    getSchedule: db.prepare<[string], { doc: string }>('SELECT doc FROM reminder_schedules WHERE kind = ?'),
    getPreferences: db.prepare<[string], { doc: string }>(
      'SELECT doc FROM notification_preferences WHERE user_id = ?',
    ),
    putPreferences: db.prepare<[string, string]>(
      'INSERT INTO notification_preferences (user_id, doc) VALUES (?, ?) ON CONFLICT (user_id) DO UPDATE SET doc = excluded.doc',
    ),
    putSchedule: db.prepare<[string, string]>(
      'INSERT INTO reminder_schedules (kind, doc) VALUES (?, ?) ON CONFLICT (kind) DO UPDATE SET doc = excluded.doc',
    ),
  };
  return {
    getSchedule: async (kind) => {
      const row = s.getSchedule.get(kind);
      return row ? (JSON.parse(row.doc) as ReminderSchedule) : undefined;
    },
    putSchedule: async (schedule) => {
      s.putSchedule.run(schedule.kind, JSON.stringify(schedule));
    },
    getPreferences: async (userId) => {
      const row = s.getPreferences.get(userId);
      return row ? (JSON.parse(row.doc) as NotificationPreferences) : undefined;
    },
    setPreferences: async (preferences) => {
      s.putPreferences.run(preferences.userId, JSON.stringify(preferences));
    },
  };
}

/** Builds the message template store over an open database whose schema has been applied. */
export function createSqliteMessageTemplateStore(db: SqliteDb): MessageTemplateStore {
  const s = {
    addTemplate: db.prepare<[string, string, number, string]>(
      'INSERT INTO message_templates (trigger, language, version, doc) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING',
    ),
    template: db.prepare<[string, string], { doc: string }>(
      'SELECT doc FROM message_templates WHERE trigger = ? AND language = ? ORDER BY version DESC LIMIT 1',
    ),
    templateVersion: db.prepare<[string, string, number], { doc: string }>(
      'SELECT doc FROM message_templates WHERE trigger = ? AND language = ? AND version = ?',
    ),
    templateVersions: db.prepare<[string, string], { doc: string }>(
      'SELECT doc FROM message_templates WHERE trigger = ? AND language = ? ORDER BY version DESC',
    ),
    latestTemplates: db.prepare<[], { doc: string }>(
      'SELECT t.doc FROM message_templates t WHERE t.version = (SELECT MAX(version) FROM message_templates l WHERE l.trigger = t.trigger AND l.language = t.language) ORDER BY t.trigger, t.language',
    ),
  };
  return {
    addMessageTemplate: async (template) => {
      if (
        s.addTemplate.run(template.trigger, template.language, template.version, JSON.stringify(template))
          .changes === 0
      ) {
        throw new DuplicateRecordError(
          `Version ${template.version} of the ${template.trigger} template (${template.language})`,
        );
      }
    },
    getMessageTemplate: async (trigger, language, version) => {
      const row =
        version === undefined
          ? s.template.get(trigger, language)
          : s.templateVersion.get(trigger, language, version);
      return row ? (JSON.parse(row.doc) as MessageTemplateVersion) : undefined;
    },
    listMessageTemplateVersions: async (trigger, language) =>
      s.templateVersions.all(trigger, language).map((r) => JSON.parse(r.doc) as MessageTemplateVersion),
    listMessageTemplates: async () =>
      s.latestTemplates.all().map((r) => JSON.parse(r.doc) as MessageTemplateVersion),
  };
}
