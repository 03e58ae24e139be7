/**
 * The outbox's crash test: a delivery process is killed with SIGKILL part-way through 300
 * messages, and a second worker takes over once the dead one's leases run out. Every
 * message is delivered; at most the one in flight at the kill arrives twice, and then
 * with the same Message-ID, so the receiving server can tell; the log shows one "sent"
 * per message.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestSmtpServer, type TestSmtpServer } from '../fixtures/smtpServer.js';
import { createSqliteStores } from '../../src/storage/sqlite/sqliteStores.js';
import { createMailer } from '../../src/mail/mailer.js';
import { deliverDue, LEASE_MS, queueMessage } from '../../src/notifications/outbox.js';

const COUNT = 300;
const root = new URL('../../', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'saypro-outbox-'));
const file = join(dir, 'outbox.sqlite');
let smtp: TestSmtpServer;

beforeAll(async () => {
  smtp = await startTestSmtpServer();
  const stores = createSqliteStores(file);
  const deps = { stores, mailer: { send: async () => ({ messageId: '', accepted: [], rejected: [] }), close: async () => {} }, now: () => new Date(), workerId: 'setup' };
  for (let i = 0; i < COUNT; i++) await queueMessage(deps, { dedupeKey: `crash-${i}`, channel: 'email', trigger: 'crash_test', to: `p${i}@example.org`, subject: `Message ${i}`, text: 'Hello' });
  await stores.close();
});
afterAll(async () => {
  await smtp.close();
  rmSync(dir, { recursive: true, force: true });
});

describe(`a delivery worker killed part-way through ${COUNT} messages`, () => {
  it('loses nothing, and duplicates at most the message in flight, recognisably', { timeout: 120_000 }, async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/e2e/outboxWorker.ts', file, smtp.url], { cwd: root, stdio: 'ignore' });
    await smtp.waitForMessage(() => smtp.messages.length >= 100, 60_000);
    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('exit', resolve));
    const before = smtp.messages.length;
    expect(before).toBeLessThan(COUNT);

    // Another worker, once the dead one's leases have run out.
    const stores = createSqliteStores(file);
    const mailer = createMailer({ smtpUrl: smtp.url, from: 'SayPro <no-reply@saypro.example>', outboxDir: dir });
    const later = () => new Date(Date.now() + LEASE_MS + 1000);
    try {
      while ((await deliverDue({ stores, mailer, now: later, workerId: 'recovery' }, 100)).sent > 0);
      const ids = smtp.messages.map((m) => m.headers['message-id']);
      const distinct = new Set(ids);
      expect(distinct.size).toBe(COUNT);
      expect(ids.length - distinct.size).toBeLessThanOrEqual(1);
      const all = await stores.notifications.search({ trigger: 'crash_test', limit: COUNT + 10 });
      expect(all.filter((m) => m.status !== 'sent')).toEqual([]);
      for (const message of all.slice(0, 20)) {
        expect((await stores.notifications.listEvents(message.id)).filter((e) => e.type === 'sent')).toHaveLength(1);
      }
      expect(ids.every((id) => /^<[\w-]+@outbox\.saypro>$/.test(id ?? ''))).toBe(true);
    } finally {
      await mailer.close();
      await stores.close();
    }
  });
});
