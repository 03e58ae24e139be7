/**
 * CERTIFICATE_EMAIL_PDF: the "certificate issued" email carries the certificate's PDF,
 * made when the email is sent (the outbox stores only which certificate), drawn as its
 * download is; off (the default), the email only links to it. A certificate that can no
 * longer be shown is not attached: the attempt fails and is retried, and the log says why.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../fixtures/testDeps.js';
import { makeBatch, makeParticipant, passingEvents, recordAll } from '../fixtures/programs.js';
import { deliverDue } from '../../src/notifications/outbox.js';

let t: TestApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

async function issueOne(app: TestApp) {
  const { batch } = await makeBatch(app);
  const user = await makeParticipant(app);
  await recordAll(app, passingEvents(batch.id, user.id));
  const enrolment = (await app.deps.stores.enrolments.getEnrolment(batch.id, user.id))!;
  const record = (await app.deps.stores.credentials.get(enrolment.credentialId!))!;
  const [stored] = await app.deps.stores.outbox.search({
    userId: user.id,
    trigger: 'certificate_issued',
    channel: 'email',
    limit: 5,
  });
  return { user, record, stored: stored! };
}

describe('the certificate email', () => {
  it('with CERTIFICATE_EMAIL_PDF=on carries the PDF, made at sending and never stored with the message', async () => {
    t = await createTestApp({ env: { CERTIFICATE_EMAIL_PDF: 'on' } });
    const { user, record, stored } = await issueOne(t);
    expect(stored.attachment).toEqual({ kind: 'certificate_pdf', credentialId: record.id });
    expect(stored.status).toBe('sent');
    expect(JSON.stringify(stored)).not.toContain('%PDF');
    const mail = t.mail.lastTo(user.email)!;
    expect(mail.subject).toContain('Your certificate');
    expect(mail.attachments).toHaveLength(1);
    const [pdf] = mail.attachments!;
    expect(pdf).toMatchObject({
      filename: `certificate-${record.certificateNumber}.pdf`,
      contentType: 'application/pdf',
    });
    expect(Buffer.from(pdf!.content.subarray(0, 5)).toString('latin1')).toBe('%PDF-');
    // The same file as the holder's download.
    expect(pdf!.content.length).toBeGreaterThan(10_000);
  });

  it('by default only links to the certificate', async () => {
    t = await createTestApp();
    const { user, stored } = await issueOne(t);
    expect(stored.attachment).toBeUndefined();
    expect(t.mail.lastTo(user.email)?.attachments).toBeUndefined();
  });

  it('is retried, not sent without its file, when the certificate can no longer be shown', async () => {
    t = await createTestApp({ env: { CERTIFICATE_EMAIL_PDF: 'on' } });
    const { batch } = await makeBatch(t);
    const user = await makeParticipant(t);
    // Making the file fails at sending (as it does for a certificate erased in between).
    const failing = t.deps.notifications.attachments!;
    t.deps.notifications.attachments = async () => {
      throw new Error('the certificate can no longer be attached');
    };
    await recordAll(t, passingEvents(batch.id, user.id));
    t.deps.notifications.attachments = failing;
    const [stored] = await t.deps.stores.outbox.search({
      userId: user.id,
      trigger: 'certificate_issued',
      channel: 'email',
      limit: 5,
    });
    expect(stored!.status).toBe('queued');
    expect(stored!.lastError).toContain('can no longer be attached');
    expect(t.mail.lastTo(user.email)).toBeUndefined();
    // The worker's next try, when the file can be made, sends it with the file.
    t.clock.now = new Date(t.clock.now.getTime() + 2 * 60_000);
    await deliverDue(t.deps.notifications);
    expect(t.mail.lastTo(user.email)?.attachments?.[0]?.contentType).toBe('application/pdf');
  });
});
