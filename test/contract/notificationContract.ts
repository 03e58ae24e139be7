/**
 * Contract cases for the outbox: one message per dedupe key; a due message is leased to
 * exactly one of several racing claimers and to nobody until it is due or while leased;
 * an expired lease can be taken over and then only the new holder's outcome counts;
 * retries move the next attempt; in-app views are logged once; the delivery log and the
 * searches read back in order.
 */
import { describe, expect, it } from 'vitest';
import { DuplicateRecordError, type OutboxMessage } from '../../src/storage/ports.js';
import { at } from './accountFixtures.js';
import { nextId } from './storeFixtures.js';
import type { GetStores } from './storeContract.js';

const message = (overrides: Partial<OutboxMessage> = {}): OutboxMessage => ({
  id: `msg-${nextId()}`,
  dedupeKey: `key-${nextId()}`,
  channel: 'email',
  trigger: 'certificate_issued',
  userId: 'u1',
  to: 'u1@example.org',
  subject: 'Subject',
  text: 'Body',
  dueAt: at(0),
  status: 'queued',
  attempts: 0,
  nextAttemptAt: at(0),
  createdAt: at(0),
  ...overrides,
});

/** Registers the outbox cases. */
export function describeNotificationContract(getStores: GetStores): void {
  describe('notifications outbox', () => {
    it('queues one message per dedupe key and logs it once', async () => {
      const { outbox } = getStores();
      const first = message();
      expect(await outbox.enqueue(first)).toEqual({ message: first, created: true });
      const again = await outbox.enqueue(message({ dedupeKey: first.dedupeKey, subject: 'Other' }));
      expect(again).toEqual({ message: first, created: false });
      expect(await outbox.get(first.id)).toEqual(first);
      expect(await outbox.getByDedupeKey(first.dedupeKey)).toEqual(first);
      expect((await outbox.listEvents(first.id)).map((e) => e.type)).toEqual(['queued']);
    });

    it('stores an in-app notice already shown in one write: logged queued then sent, never leased', async () => {
      const { outbox } = getStores();
      const shown = message({ channel: 'in_app', to: undefined, status: 'sent', attempts: 1, sentAt: at(0) });
      expect(await outbox.enqueue(shown)).toEqual({ message: shown, created: true });
      expect(await outbox.get(shown.id)).toEqual(shown);
      expect((await outbox.listEvents(shown.id)).map((e) => [e.type, e.at])).toEqual([
        ['queued', at(0)],
        ['sent', at(0)],
      ]);
      expect(await outbox.claimDue(at(5), 'worker', at(8), 10)).toEqual([]);
      expect(await outbox.search({ userId: 'u1', channel: 'in_app', status: 'sent', limit: 5 })).toEqual([
        shown,
      ]);
    });

    it('leases a due message to exactly one of several claimers, and none before it is due', async () => {
      const { outbox } = getStores();
      const due = message({ nextAttemptAt: at(5), dueAt: at(5) });
      await outbox.enqueue(due);
      expect(await outbox.claimDue(at(4), 'early', at(10), 10)).toEqual([]);
      const claims = await Promise.all(
        ['a', 'b', 'c', 'd'].map((owner) => outbox.claimDue(at(5), owner, at(8), 10)),
      );
      const winners = claims.filter((c) => c.length === 1);
      expect(winners).toHaveLength(1);
      expect(winners[0]![0]).toMatchObject({ id: due.id, leaseUntil: at(8) });
      expect(await outbox.claimDue(at(7), 'late', at(12), 10)).toEqual([]);
      expect(await outbox.claimOne(due.id, at(7), 'late', at(12))).toBeUndefined();
    });

    it('lets another worker take over an expired lease; only the holder finishes it', async () => {
      const { outbox } = getStores();
      const m = message();
      await outbox.enqueue(m);
      await outbox.claimDue(at(1), 'dead-worker', at(3), 10);
      const [taken] = await outbox.claimDue(at(3), 'new-worker', at(6), 10);
      expect(taken).toMatchObject({ id: m.id, leaseOwner: 'new-worker' });
      expect(await outbox.finishAttempt(m.id, 'dead-worker', { type: 'sent', at: at(4) })).toBeUndefined();
      const sent = await outbox.finishAttempt(m.id, 'new-worker', {
        type: 'sent',
        at: at(4),
        providerMessageId: '<id@x>',
        providerResponse: '250 OK',
      });
      expect(sent).toMatchObject({
        status: 'sent',
        attempts: 1,
        sentAt: at(4),
        providerMessageId: '<id@x>',
        providerResponse: '250 OK',
      });
      expect(Object.keys(sent!)).not.toContain('leaseOwner');
      expect(
        await outbox.finishAttempt(m.id, 'new-worker', { type: 'failed', at: at(5), error: 'x' }),
      ).toBeUndefined();
      expect((await outbox.listEvents(m.id)).map((e) => e.type)).toEqual(['queued', 'sent']);
      expect(await outbox.claimDue(at(100), 'any', at(101), 10)).toEqual([]);
    });

    it('schedules a retry, then fails for good, logging the reasons', async () => {
      const { outbox } = getStores();
      const m = message();
      await outbox.enqueue(m);
      await outbox.claimOne(m.id, at(1), 'w', at(3));
      const retried = await outbox.finishAttempt(m.id, 'w', {
        type: 'retry',
        at: at(1),
        error: 'connection refused',
        retryAt: at(10),
      });
      expect(retried).toMatchObject({
        status: 'queued',
        attempts: 1,
        lastError: 'connection refused',
        nextAttemptAt: at(10),
      });
      expect(await outbox.claimDue(at(9), 'w', at(12), 10)).toEqual([]);
      expect(await outbox.claimDue(at(10), 'w', at(12), 10)).toHaveLength(1);
      expect(
        await outbox.finishAttempt(m.id, 'w', {
          type: 'failed',
          at: at(10),
          error: '550 mailbox unavailable',
        }),
      ).toMatchObject({ status: 'failed', attempts: 2 });
      const log = await outbox.listEvents(m.id);
      expect(log.map((e) => [e.type, e.detail])).toEqual([
        ['queued', undefined],
        ['attempt_failed', `connection refused; retry at ${at(10)}`],
        ['failed', '550 mailbox unavailable'],
      ]);
    });

    it('marks an in-app message viewed once, only for its person', async () => {
      const { outbox } = getStores();
      const m = message({ channel: 'in_app', to: undefined });
      await outbox.enqueue(m);
      expect(await outbox.markViewed(m.id, 'someone-else', at(2))).toBeUndefined();
      expect(await outbox.markViewed(m.id, 'u1', at(2))).toMatchObject({ viewedAt: at(2) });
      expect(await outbox.markViewed(m.id, 'u1', at(3))).toMatchObject({ viewedAt: at(2) });
      expect((await outbox.listEvents(m.id)).filter((e) => e.type === 'viewed')).toHaveLength(1);
    });

    it('keeps reminder plans: lists a plan, cancels queued (not leased) ones, and stores schedules', async () => {
      const { outbox, notificationSettings } = getStores();
      const later = message({ planKey: 'plan-1', nextAttemptAt: at(20), dueAt: at(20) });
      const sooner = message({ planKey: 'plan-1', nextAttemptAt: at(10), dueAt: at(10) });
      await outbox.enqueue(later);
      await outbox.enqueue(sooner);
      await outbox.enqueue(message({ planKey: 'plan-2' }));
      expect((await outbox.listPlan('plan-1')).map((m) => m.id)).toEqual([sooner.id, later.id]);
      expect(await outbox.cancel(later.id, at(1), 'deadline moved')).toMatchObject({
        status: 'cancelled',
      });
      expect(await outbox.cancel(later.id, at(2), 'again')).toBeUndefined();
      await outbox.claimOne(sooner.id, at(10), 'w', at(12));
      expect(await outbox.cancel(sooner.id, at(11), 'too late, being sent')).toBeUndefined();
      expect(
        await outbox.finishAttempt(sooner.id, 'w', {
          type: 'cancelled',
          at: at(11),
          reason: 'expired',
        }),
      ).toMatchObject({ status: 'cancelled', attempts: 0 });
      expect((await outbox.listEvents(later.id)).map((e) => [e.type, e.detail])).toEqual([
        ['queued', `due ${at(20)}`],
        ['cancelled', 'deadline moved'],
      ]);

      expect(await notificationSettings.getSchedule('batch_deadline')).toBeUndefined();
      const schedule = {
        kind: 'batch_deadline',
        offsetsDays: [30, 7],
        pastDueDays: [1],
        updatedAt: at(0),
        updatedBy: 'staff',
      };
      await notificationSettings.putSchedule(schedule);
      await notificationSettings.putSchedule({ ...schedule, offsetsDays: [14] });
      expect(await notificationSettings.getSchedule('batch_deadline')).toEqual({
        ...schedule,
        offsetsDays: [14],
      });
    });

    it('searches by person, trigger, channel, status and date, newest first', async () => {
      const { outbox } = getStores();
      const a = message({ userId: 'ua', createdAt: at(1), trigger: 'welcome' });
      const b = message({ userId: 'ua', createdAt: at(2), trigger: 'certificate_issued' });
      const c = message({ userId: 'ub', createdAt: at(3), trigger: 'welcome', channel: 'in_app' });
      for (const m of [a, b, c]) await outbox.enqueue(m);
      expect((await outbox.search({ userId: 'ua', limit: 10 })).map((m) => m.id)).toEqual([b.id, a.id]);
      expect((await outbox.search({ trigger: 'welcome', limit: 10 })).map((m) => m.id)).toEqual([c.id, a.id]);
      expect((await outbox.search({ channel: 'in_app', limit: 10 })).map((m) => m.id)).toEqual([c.id]);
      expect((await outbox.search({ from: at(2), to: at(2), limit: 10 })).map((m) => m.id)).toEqual([b.id]);
      expect(await outbox.search({ status: 'sent', limit: 10 })).toEqual([]);
      expect(await outbox.search({ limit: 1 })).toHaveLength(1);
    });

    it('keeps message template versions per trigger and language; a taken version is refused', async () => {
      const { messageTemplates } = getStores();
      const trigger = `trigger-${nextId()}`;
      const v = (version: number, language = 'en') => ({
        trigger,
        language,
        version,
        subject: `S${version}`,
        body: `B${version} {{name}}`,
        createdAt: at(version),
        createdBy: 'staff',
      });
      expect(await messageTemplates.getMessageTemplate(trigger, 'en')).toBeUndefined();
      await messageTemplates.addMessageTemplate(v(1));
      await messageTemplates.addMessageTemplate(v(2));
      await messageTemplates.addMessageTemplate(v(1, 'zu'));
      await expect(
        messageTemplates.addMessageTemplate({ ...v(2), subject: 'lost update' }),
      ).rejects.toBeInstanceOf(DuplicateRecordError);
      expect(await messageTemplates.getMessageTemplate(trigger, 'en')).toEqual(v(2));
      expect(await messageTemplates.getMessageTemplate(trigger, 'en', 1)).toEqual(v(1));
      expect(await messageTemplates.getMessageTemplate(trigger, 'en', 3)).toBeUndefined();
      expect(await messageTemplates.getMessageTemplate(trigger, 'af')).toBeUndefined();
      expect(
        (await messageTemplates.listMessageTemplateVersions(trigger, 'en')).map((t) => t.version),
      ).toEqual([2, 1]);
      const latest = (await messageTemplates.listMessageTemplates()).filter((t) => t.trigger === trigger);
      expect(latest).toEqual([v(2), v(1, 'zu')]);
    });
  });
}
