/**
 * The outbox against a real SMTP server started in the test process: a message arrives
 * with its headers and both parts, and the log says sent with the server's answer; a
 * refused recipient fails at once with the reason; a server that refuses connections
 * leads to retries with backoff (clock-controlled) and then delivery; a worker that dies
 * holding a message loses nothing and duplicates nothing: another takes it over when the
 * lease runs out, and the dead worker's late outcome is ignored.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestSmtpServer, type TestSmtpServer } from '../fixtures/smtpServer.js';
import { createMailer, type Mailer } from '../../src/mail/mailer.js';
import { createSqliteStores } from '../../src/storage/sqlite/sqliteStores.js';
import {
  deliverDue,
  LEASE_MS,
  RETRY_DELAYS_MS,
  sendMessage,
  type MessageInput,
  type NotificationDeps,
} from '../../src/notifications/outbox.js';
import type { Stores } from '../../src/storage/ports.js';

let refuse = false;
let smtp: TestSmtpServer;
let mailer: Mailer;
let stores: Stores;
const clock = { now: new Date('2026-11-25T08:00:00.000Z') };

beforeAll(async () => {
  smtp = await startTestSmtpServer({
    rejectRecipient: (address) => address.startsWith('nobody@'),
    refuseConnections: () => refuse,
  });
});
afterAll(async () => {
  await smtp.close();
});
beforeEach(async () => {
  // A fresh mailer per test: its connection pool must not carry a connection made while
  // the server was accepting into a test where it refuses.
  mailer = createMailer({
    smtpUrl: smtp.url,
    from: 'SayPro <no-reply@saypro.example>',
    outboxDir: mkdtempSync(join(tmpdir(), 'unused-')),
  });
  stores = createSqliteStores(':memory:');
  await stores.init();
  refuse = false;
  smtp.messages.length = 0;
});
afterEach(async () => {
  await mailer.close();
  await stores.close();
});

const deps = (workerId = 'worker-1'): NotificationDeps => ({
  stores,
  mailer,
  now: () => new Date(clock.now),
  workerId,
});
const input = (overrides: Partial<MessageInput> = {}): MessageInput => ({
  dedupeKey: `certificate_issued:${Math.random()}`,
  channel: 'email',
  trigger: 'certificate_issued',
  userId: 'u1',
  to: 'zoe@example.org',
  subject: 'Your certificate: Web Development 101',
  text: 'Hello Zoë,\nYour certificate is ready.',
  html: '<p>Hello Zoë,</p><p>Your certificate is ready.</p>',
  headers: { 'List-Unsubscribe': '<https://saypro.example/unsubscribe/abc>' },
  ...overrides,
});
const log = async (id: string) => (await stores.outbox.listEvents(id)).map((e) => e.type);

describe('the outbox over SMTP', () => {
  it("sends a message's attached file, made at sending, as a MIME part the receiving server gets", async () => {
    const pdf = new TextEncoder().encode('%PDF-1.7\n% a certificate\n');
    const withFile: NotificationDeps = {
      ...deps(),
      attachments: async (a) => ({
        filename: `certificate-${a.kind === 'certificate_pdf' ? a.credentialId : ''}.pdf`,
        contentType: 'application/pdf',
        content: pdf,
      }),
    };
    const { message } = await sendMessage(
      withFile,
      input({ attachment: { kind: 'certificate_pdf', credentialId: 'SP-1' } }),
    );
    expect(message.status).toBe('sent');
    const received = await smtp.waitForMessage();
    const part = received.parts.find((p) => p.contentType.startsWith('application/pdf'));
    expect(part, received.raw).toBeDefined();
    expect(part!.body).toContain('%PDF-1.7');
    expect(received.raw).toMatch(/filename="?certificate-SP-1\.pdf/);
    expect(received.text).toContain('Your certificate is ready.');
  });

  it('delivers a message with its headers and parts, and logs what the server said', async () => {
    const { message } = await sendMessage(deps(), input());
    const received = await smtp.waitForMessage();
    expect(received.to).toEqual(['zoe@example.org']);
    expect(received.subject).toBe('Your certificate: Web Development 101');
    expect(received.headers['list-unsubscribe']).toBe('<https://saypro.example/unsubscribe/abc>');
    expect(received.text).toContain('Your certificate is ready.');
    expect(received.html).toContain('<p>Hello Zoë,</p>');
    expect(message).toMatchObject({
      status: 'sent',
      attempts: 1,
      providerResponse: expect.stringMatching(/^250/),
    });
    expect(await log(message.id)).toEqual(['queued', 'sent']);
    // The same event again queues nothing and sends nothing.
    const again = await sendMessage(deps(), input({ dedupeKey: message.dedupeKey }));
    expect(again.created).toBe(false);
    expect(again.message.id).toBe(message.id);
    expect(smtp.messages).toHaveLength(1);
  });

  it('fails at once, with the reason, when the server refuses the recipient', async () => {
    const { message } = await sendMessage(deps(), input({ to: 'nobody@example.org' }));
    expect(message).toMatchObject({ status: 'failed', attempts: 1, lastError: expect.stringMatching(/550/) });
    expect(await log(message.id)).toEqual(['queued', 'failed']);
    expect(await deliverDue(deps())).toEqual({ sent: 0, retried: 0, failed: 0, expired: 0 });
  });

  it('retries with backoff while the server refuses connections, then delivers', async () => {
    refuse = true;
    const { message } = await sendMessage(deps(), input());
    const first = RETRY_DELAYS_MS[0]!;
    expect(message).toMatchObject({
      status: 'queued',
      attempts: 1,
      lastError: expect.stringMatching(/421|try again/i),
      nextAttemptAt: new Date(clock.now.getTime() + first).toISOString(),
    });
    expect(await deliverDue(deps())).toEqual({ sent: 0, retried: 0, failed: 0, expired: 0 });
    clock.now = new Date(clock.now.getTime() + first);
    expect(await deliverDue(deps())).toEqual({ sent: 0, retried: 1, failed: 0, expired: 0 });
    expect((await stores.outbox.get(message.id))?.nextAttemptAt).toBe(
      new Date(clock.now.getTime() + RETRY_DELAYS_MS[1]!).toISOString(),
    );
    refuse = false;
    clock.now = new Date(clock.now.getTime() + RETRY_DELAYS_MS[1]!);
    expect(await deliverDue(deps())).toEqual({ sent: 1, retried: 0, failed: 0, expired: 0 });
    expect(smtp.messages).toHaveLength(1);
    expect(await log(message.id)).toEqual(['queued', 'attempt_failed', 'attempt_failed', 'sent']);
  });

  it('gives up after the last retry, logging the final reason', async () => {
    refuse = true;
    const { message } = await sendMessage(deps(), input());
    for (const delay of RETRY_DELAYS_MS) {
      clock.now = new Date(clock.now.getTime() + delay);
      await deliverDue(deps());
    }
    expect(await stores.outbox.get(message.id)).toMatchObject({
      status: 'failed',
      attempts: RETRY_DELAYS_MS.length + 1,
    });
    expect((await log(message.id)).at(-1)).toBe('failed');
  });

  it('a worker that dies holding a message loses nothing and duplicates nothing', async () => {
    const { message } = await (await import('../../src/notifications/outbox.js')).queueMessage(
      deps(),
      input(),
    );
    // Worker 1 leases the message and dies before sending.
    const [held] = await stores.outbox.claimDue(
      clock.now.toISOString(),
      'worker-1',
      new Date(clock.now.getTime() + LEASE_MS).toISOString(),
      10,
    );
    expect(held?.id).toBe(message.id);
    expect(await deliverDue(deps('worker-2'))).toEqual({ sent: 0, retried: 0, failed: 0, expired: 0 });
    clock.now = new Date(clock.now.getTime() + LEASE_MS);
    expect(await deliverDue(deps('worker-2'))).toEqual({ sent: 1, retried: 0, failed: 0, expired: 0 });
    // Worker 1 comes back to life and reports: ignored.
    expect(
      await stores.outbox.finishAttempt(message.id, 'worker-1', {
        type: 'sent',
        at: clock.now.toISOString(),
      }),
    ).toBeUndefined();
    expect(smtp.messages).toHaveLength(1);
    expect(await log(message.id)).toEqual(['queued', 'sent']);
  });
});
