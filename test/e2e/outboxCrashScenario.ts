/**
 * The outbox's crash scenario, for either storage adapter: a delivery process
 * (outboxWorker.ts) leases messages ten at a time and sends them one by one to a real SMTP
 * server in this process; it is killed with SIGKILL part-way through (300 messages by
 * default, after 100 arrived), at a moment it holds leases on messages it has not sent.
 * Those cannot be claimed while the leases last; a second worker takes over once they run
 * out. Every message is delivered; at most the
 * one in flight at the kill arrives twice, and then with the same Message-ID, so the
 * receiving server can tell; the log shows one "sent" per message.
 *
 * Run by outboxCrash.test.ts (SQLite) and mongoOutboxCrash.test.ts (MongoDB mode).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { startTestSmtpServer, type TestSmtpServer } from '../fixtures/smtpServer.js';
import { createStores, type StoresConfig } from '../../src/storage/createStores.js';
import { createMailer } from '../../src/mail/mailer.js';
import { deliverDue, LEASE_MS, queueMessage } from '../../src/notifications/outbox.js';
import type { OutboxMessage, Stores } from '../../src/storage/ports.js';

/** How many messages the worker leases at a time (it sends them one by one). */
const WORKER_BATCH = 10;
const root = new URL('../../', import.meta.url).pathname;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Defines the scenario's suite over the stores `storage` opens (in this process and in the
 * worker, which gets it as JSON); `cleanup` runs after it (remove the folder, drop the
 * database). `size`: how many messages, and after how many arrived the worker is killed.
 */
export function describeOutboxCrash(
  label: string,
  storage: StoresConfig,
  cleanup: () => Promise<void>,
  size: { count: number; killAfter: number } = { count: 300, killAfter: 100 },
): void {
  const { count, killAfter } = size;
  let smtp: TestSmtpServer;
  let stores: Stores;

  beforeAll(async () => {
    smtp = await startTestSmtpServer();
    stores = await createStores(storage);
    const deps = {
      stores,
      mailer: { send: async () => ({ messageId: '', accepted: [], rejected: [] }), close: async () => {} },
      now: () => new Date(),
      workerId: 'setup',
    };
    for (let i = 0; i < count; i++)
      await queueMessage(deps, {
        dedupeKey: `crash-${i}`,
        channel: 'email',
        trigger: 'crash_test',
        to: `p${i}@example.org`,
        subject: `Message ${i}`,
        text: 'Hello',
      });
  }, 60_000);
  afterAll(async () => {
    await stores?.close();
    await smtp?.close();
    await cleanup();
  });

  /** The queued messages a worker process (not this one) holds a lease on. */
  const leasedByWorker = async (): Promise<OutboxMessage[]> =>
    (await stores.outbox.search({ trigger: 'crash_test', status: 'queued', limit: count + 10 })).filter((m) =>
      m.leaseOwner?.startsWith('child:'),
    );

  /**
   * Kills the worker at a moment it holds leases: stops it (SIGSTOP), looks, and lets it go
   * on for a moment if it holds none (between two batches); then SIGKILL. Returns its leases.
   */
  async function killHoldingLeases(child: ChildProcess): Promise<OutboxMessage[]> {
    for (let attempt = 0; attempt < 50; attempt++) {
      child.kill('SIGSTOP');
      const leased = await leasedByWorker();
      if (leased.length > 0) {
        child.kill('SIGKILL');
        return leased;
      }
      child.kill('SIGCONT');
      await sleep(5);
    }
    throw new Error('the worker never held a lease when stopped');
  }

  describe(`${label}: a delivery worker killed part-way through ${count} messages`, () => {
    it('loses nothing, duplicates at most the message in flight (recognisably), and its leases pass on only when they run out', {
      timeout: 120_000,
    }, async () => {
      const child = spawn(
        process.execPath,
        [
          '--import',
          'tsx',
          'test/e2e/outboxWorker.ts',
          JSON.stringify(storage),
          smtp.url,
          String(WORKER_BATCH),
        ],
        { cwd: root, stdio: 'ignore' },
      );
      const exited = new Promise((resolve) => child.once('exit', resolve));
      try {
        await smtp.waitForMessage(() => smtp.messages.length >= killAfter, 60_000);
      } catch (error) {
        child.kill('SIGKILL');
        throw error;
      }
      const orphaned = await killHoldingLeases(child);
      await exited;
      const before = smtp.messages.length;
      expect(before).toBeLessThan(count);
      expect(orphaned.length).toBeGreaterThan(0);
      expect(orphaned.length).toBeLessThanOrEqual(WORKER_BATCH);

      // While the dead worker's leases last, nobody may take those messages.
      const now = new Date();
      for (const message of orphaned) {
        expect(message.leaseUntil! > now.toISOString()).toBe(true);
        expect(
          await stores.outbox.claimOne(
            message.id,
            now.toISOString(),
            'too-early',
            new Date(now.getTime() + LEASE_MS).toISOString(),
          ),
        ).toBeUndefined();
      }
      // A worker's tick at this moment takes the oldest messages that are free, not those.
      const taken = await stores.outbox.claimDue(
        now.toISOString(),
        'too-early',
        new Date(now.getTime() + LEASE_MS).toISOString(),
        WORKER_BATCH,
      );
      expect(taken).toHaveLength(WORKER_BATCH);
      expect(taken.filter((m) => orphaned.some((o) => o.id === m.id))).toEqual([]);

      // Another worker, once all those leases have run out.
      const mailer = createMailer({
        smtpUrl: smtp.url,
        from: 'SayPro <no-reply@saypro.example>',
        outboxDir: storage.dataDir,
      });
      const later = () => new Date(Date.now() + LEASE_MS + 1000);
      try {
        while ((await deliverDue({ stores, mailer, now: later, workerId: 'recovery' }, 100)).sent > 0);
      } finally {
        await mailer.close();
      }
      const ids = smtp.messages.map((m) => m.headers['message-id']);
      const distinct = new Set(ids);
      expect(distinct.size).toBe(count);
      expect(ids.length - distinct.size).toBeLessThanOrEqual(1);
      expect(ids.every((id) => /^<[\w-]+@outbox\.saypro>$/.test(id ?? ''))).toBe(true);
      for (const message of orphaned)
        expect(
          ids.filter((id) => id === `<${message.id}@outbox.saypro>`).length,
          `${message.id}, leased by the dead worker`,
        ).toBeGreaterThanOrEqual(1);

      const all = await stores.outbox.search({ trigger: 'crash_test', limit: count + 10 });
      expect(all).toHaveLength(count);
      expect(all.filter((m) => m.status !== 'sent')).toEqual([]);
      expect(all.filter((m) => m.leaseOwner !== undefined || m.leaseUntil !== undefined)).toEqual([]);
      for (const message of all) {
        expect(
          (await stores.outbox.listEvents(message.id)).filter((e) => e.type === 'sent'),
          message.id,
        ).toHaveLength(1);
      }
    });
  });
}
