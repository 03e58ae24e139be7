/**
 * POST /communications/notices end to end, over the mailer the configuration builds and a
 * real SMTP server in the test process: a payment receipt arrives DKIM-signed (verified
 * with mailauth against the published key), in the person's language, and in their portal;
 * a retry with the same dedupe key sends nothing more; a planned notice waits; the API
 * refuses platform triggers, missing or unknown values, unknown and disabled recipients.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { authenticate } from 'mailauth';
import { createTestApp, type TestApp } from '../fixtures/testDeps.js';
import { startTestSmtpServer, type TestSmtpServer } from '../fixtures/smtpServer.js';
import { makeParticipant } from '../fixtures/programs.js';
import { expectProblem, post, type Json } from '../fixtures/http.js';
import { saveMessageTemplate } from '../../src/notifications/messageTemplates.js';
import { setEmailReminders } from '../../src/notifications/deliveryLog.js';
import type { UserRecord } from '../../src/storage/ports.js';

let t: TestApp;
let smtp: TestSmtpServer;
let key: string;
let user: UserRecord;
let publicKeyDns: string;

const receipt = (overrides: Json = {}): Json => ({
  trigger: 'payment_receipt',
  to: { email: user.email },
  values: {
    amount: 'R 1,500.00',
    reference: 'INV-2026-0042',
    paidFor: 'Accreditation fee 2027',
    paidAt: '2026-11-25',
  },
  dedupeKey: `payment-${Math.random()}`,
  ...overrides,
});

beforeAll(async () => {
  smtp = await startTestSmtpServer();
  const keyDir = mkdtempSync(join(tmpdir(), 'dkim-'));
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  writeFileSync(join(keyDir, 'dkim.pem'), privateKey.export({ type: 'pkcs8', format: 'pem' }));
  publicKeyDns = `v=DKIM1; k=rsa; p=${publicKey.export({ type: 'spki', format: 'der' }).toString('base64')}`;
  t = await createTestApp({
    mailer: 'configured',
    env: {
      SMTP_URL: smtp.url,
      MAIL_FROM: 'SayPro <no-reply@saypro.example>',
      DKIM_DOMAIN: 'saypro.example',
      DKIM_SELECTOR: 'mail2026',
      DKIM_PRIVATE_KEY_FILE: join(keyDir, 'dkim.pem'),
    },
  });
  key = await t.keyWithScopes(['communications:send']);
  user = await makeParticipant(t, { name: 'Lerato Mokoena' });
});
afterAll(async () => {
  await t.close();
  await smtp.close();
});

describe('POST /communications/notices', () => {
  it('sends a payment receipt by email (DKIM-signed) and to the portal', async () => {
    const res = await post(t, '/communications/notices', receipt({ dedupeKey: 'payment-1' }), key);
    expect(res.status).toBe(202);
    const body = (await res.json()) as Json;
    expect(body).toMatchObject({ status: 'sent', duplicate: false });
    const mail = await smtp.waitForMessage((m) => m.to.includes(user.email));
    expect(mail.subject).toContain('INV-2026-0042');
    expect(mail.text).toContain('R 1,500.00');
    expect(mail.text).toContain('Lerato Mokoena');
    expect(mail.html).toContain('Accreditation fee 2027');

    const resolver = async (name: string, type: string) => {
      if (name === 'mail2026._domainkey.saypro.example' && type === 'TXT') return [[publicKeyDns]];
      throw Object.assign(new Error(`no ${type} record for ${name}`), { code: 'ENOTFOUND' });
    };
    const { dkim } = await authenticate(mail.raw, {
      ip: '127.0.0.1',
      helo: 'localhost',
      sender: 'no-reply@saypro.example',
      mta: 'mx.test',
      resolver,
      disableArc: true,
      disableBimi: true,
    } as never);
    expect(dkim.results[0]).toMatchObject({
      signingDomain: 'saypro.example',
      selector: 'mail2026',
      status: { result: 'pass' },
    });

    const inApp = await t.deps.stores.outbox.search({
      userId: user.id,
      channel: 'in_app',
      trigger: 'payment_receipt',
      limit: 5,
    });
    expect(inApp).toHaveLength(1);
    const audit = await t.deps.stores.audit.list({ action: 'notice.sent', objectId: user.id, limit: 5 });
    expect(audit).toHaveLength(1);
  });

  it('a tampered message fails DKIM verification', async () => {
    const mail = smtp.messages.find((m) => m.to.includes(user.email))!;
    const tampered = mail.raw.replace('R 1,500.00', 'R 9,500.00');
    expect(tampered).not.toBe(mail.raw);
    const resolver = async () => [[publicKeyDns]];
    const { dkim } = await authenticate(tampered, {
      ip: '127.0.0.1',
      helo: 'localhost',
      sender: 'no-reply@saypro.example',
      mta: 'mx.test',
      resolver,
      disableArc: true,
      disableBimi: true,
    } as never);
    // mailauth reports a body that no longer matches its hash as neutral, with the reason.
    expect(dkim.results[0]?.status).toMatchObject({ result: 'neutral', comment: 'body hash did not verify' });
  });

  it('sends nothing more for a retry with the same dedupe key', async () => {
    const before = smtp.messages.length;
    const again = await post(t, '/communications/notices', receipt({ dedupeKey: 'payment-1' }), key);
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ duplicate: true, status: 'sent' });
    expect(smtp.messages.length).toBe(before);
    expect(
      await t.deps.stores.audit.list({ action: 'notice.sent', objectId: user.id, limit: 5 }),
    ).toHaveLength(1);
  });

  it('answers one of two identical notices sent at the same moment as the duplicate, and sends and audits once', async () => {
    const other = await makeParticipant(t);
    const body = receipt({ to: { email: other.email }, dedupeKey: 'payment-at-once' });
    const answers = await Promise.all([
      post(t, '/communications/notices', body, key),
      post(t, '/communications/notices', body, key),
    ]);
    const bodies = (await Promise.all(answers.map((r) => r.json()))) as Json[];
    expect(answers.map((r) => r.status).sort()).toEqual([200, 202]);
    expect(bodies.map((b) => b.duplicate).sort()).toEqual([false, true]);
    expect(bodies[0]!.messageId).toBe(bodies[1]!.messageId);
    expect(
      await t.deps.stores.audit.list({ action: 'notice.sent', objectId: other.id, limit: 5 }),
    ).toHaveLength(1);
    expect(await t.deps.stores.outbox.search({ userId: other.id, channel: 'email', limit: 10 })).toHaveLength(
      1,
    );
  });

  it("writes in the person's language when a template exists in it", async () => {
    const staff = { id: 'staff-1', label: 'staff', role: 'staff' as const };
    await saveMessageTemplate({ stores: t.deps.stores, now: t.deps.now }, staff, {
      trigger: 'payment_receipt',
      language: 'af',
      subject: 'Kwitansie {{reference}}',
      body: 'Hallo {{name}}, ons het {{amount}} ontvang.',
      baseVersion: 0,
    });
    await setEmailReminders(t.deps, user.id, true, 'af');
    const res = await post(t, '/communications/notices', receipt({ to: { userId: user.id } }), key);
    expect(res.status).toBe(202);
    const mail = await smtp.waitForMessage((m) => m.subject === 'Kwitansie INV-2026-0042');
    expect(mail.text).toContain('Hallo Lerato Mokoena, ons het R 1,500.00 ontvang.');
    const message = await t.deps.stores.outbox.get(((await res.json()) as Json).messageId as string);
    expect(message?.templateRef).toBe('payment_receipt/af@1');
  });

  it('plans a notice for later with sendAt', async () => {
    const sendAt = new Date(t.clock.now.getTime() + 3 * 86_400_000).toISOString();
    const res = await post(
      t,
      '/communications/notices',
      receipt({
        trigger: 'accreditation_expiry',
        values: {
          application: 'Training partner',
          item: 'Renewal',
          deadline: '2027-01-31',
          daysLeft: '60',
          daysLeftText: '60 days',
        },
        sendAt,
      }),
      key,
    );
    expect(res.status).toBe(202);
    const message = await t.deps.stores.outbox.get(((await res.json()) as Json).messageId as string);
    expect(message).toMatchObject({ status: 'queued', dueAt: sendAt });
  });

  it('refuses what it cannot send, naming the reason', async () => {
    const platform = await expectProblem(
      await post(t, '/communications/notices', receipt({ trigger: 'certificate_issued', values: {} }), key),
      400,
      'invalid_request',
    );
    expect(platform.detail).toContain('the platform sends "certificate_issued" itself');
    const unknownTrigger = await expectProblem(
      await post(t, '/communications/notices', receipt({ trigger: 'birthday' }), key),
      400,
      'invalid_request',
    );
    expect(unknownTrigger.detail).toContain('no trigger "birthday"');
    const missing = await expectProblem(
      await post(t, '/communications/notices', receipt({ values: { amount: 'R 5' } }), key),
      400,
      'invalid_request',
    );
    expect(missing.detail).toContain('needs reference, paidFor, paidAt');
    const extra = await expectProblem(
      await post(
        t,
        '/communications/notices',
        receipt({ values: { ...(receipt().values as Json), discount: '10%' } }),
        key,
      ),
      400,
      'invalid_request',
    );
    expect(extra.detail).toContain('no placeholder discount');
    await expectProblem(
      await post(t, '/communications/notices', receipt({ to: { email: 'nobody@example.org' } }), key),
      404,
      'not_found',
    );
    await expectProblem(
      await post(t, '/communications/notices', receipt({ sendAt: 'tomorrow' }), key),
      400,
      'invalid_request',
    );
    const disabled = await makeParticipant(t);
    await t.deps.stores.users.update(disabled.id, { status: 'disabled' }, new Date().toISOString());
    await expectProblem(
      await post(t, '/communications/notices', receipt({ to: { userId: disabled.id } }), key),
      409,
      'conflict',
    );
  });

  it('needs the communications:send scope', async () => {
    await expectProblem(await post(t, '/communications/notices', receipt()), 401, 'unauthorized');
    const other = await t.keyWithScopes(['programs:events']);
    const res = await expectProblem(
      await post(t, '/communications/notices', receipt(), other),
      403,
      'forbidden',
    );
    expect(res.detail).toContain('communications:send');
  });
});
