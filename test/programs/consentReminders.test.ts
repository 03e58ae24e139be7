/**
 * A participant waiting for consent to their name on the certificate, as the tracker
 * tells it: waiting since when and when the request and the last reminder went out, all
 * read from the enrolment and the outbox; staff sending the request again (an outbox
 * email, in the delivery log, audited), refused within 10 minutes of the last one, for
 * a wrong role, another batch or someone not waiting; and "Issue now" after a revocation
 * really asking again.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../fixtures/testDeps.js';
import { FIXTURE_STAFF, grantNameConsent, makeBatch, makeParticipant } from '../fixtures/programs.js';
import { recordConsents, CURRENT_TEXT_VERSIONS } from '../../src/accounts/consents.js';
import { reevaluateAfterConsent } from '../../src/programs/enrolments.js';
import { issueManually, revokeCertificate } from '../../src/programs/staffIssuance.js';
import {
  RESEND_GAP_MS,
  resendConsentRequest,
  trackerWithConsentRequests,
} from '../../src/programs/consentReminders.js';
import type { Actor } from '../../src/accounts/accountDeps.js';
import type { Mailer } from '../../src/mail/mailer.js';

let t: TestApp;
afterEach(async () => {
  await t?.close();
});

const DAY_MS = 24 * 3_600_000;
const later = (ms: number) => {
  t.clock.now = new Date(t.clock.now.getTime() + ms);
  return t.clock.now.toISOString();
};

/** A batch and a participant without consent whom staff pressed "Issue now" for. */
async function waitingParticipant() {
  const { batch } = await makeBatch(t);
  const user = await makeParticipant(t, { consent: false, name: 'Lerato Dube' });
  const askedAt = t.clock.now.toISOString();
  const enrolment = await issueManually(t.deps.programs, FIXTURE_STAFF, batch.id, user.id, 'Passed on paper');
  expect(enrolment).toMatchObject({ status: 'waiting', waitingOn: 'consent', consentRequestedAt: askedAt });
  return { batch, user, askedAt };
}

const stateOf = async (batchId: string, userId: string) =>
  (await trackerWithConsentRequests(t.deps.programs, FIXTURE_STAFF, batchId)).consent.get(userId);
const consentEmails = (userId: string) =>
  t.deps.stores.outbox.search({ userId, trigger: 'consent_request', channel: 'email', limit: 20 });

describe('the tracker of someone waiting for consent', () => {
  it('says since when, that the request email went, and when the last reminder was sent; from the records', async () => {
    t = await createTestApp();
    const { batch, user, askedAt } = await waitingParticipant();
    const [request] = await consentEmails(user.id);
    expect(request).toMatchObject({ status: 'sent', sentAt: askedAt, to: user.email });
    expect(await stateOf(batch.id, user.id)).toEqual({
      waitingSince: askedAt,
      request: { messageId: request!.id, queuedAt: askedAt, status: 'sent', sentAt: askedAt },
      reminders: 0,
      resendFrom: new Date(Date.parse(askedAt) + RESEND_GAP_MS).toISOString(),
    });

    // Two days on, staff send it again: a new outbox email, sent, logged and audited.
    const remindedAt = later(2 * DAY_MS);
    const sent = await resendConsentRequest(t.deps.programs, FIXTURE_STAFF, batch.id, user.id);
    expect(sent).toMatchObject({ to: user.email, email: { status: 'sent', sentAt: remindedAt } });
    const emails = await consentEmails(user.id);
    expect(emails).toHaveLength(2);
    const reminder = emails.find((m) => m.id === sent.email.messageId)!;
    expect(reminder).toMatchObject({
      trigger: 'consent_request',
      channel: 'email',
      status: 'sent',
      subject: 'Your certificate for Web Development 101 is waiting for your consent',
    });
    expect(reminder.dedupeKey.startsWith(`consent_request:${batch.id}:${user.id}:`)).toBe(true);
    expect((await t.deps.stores.outbox.listEvents(reminder.id)).map((e) => e.type)).toEqual([
      'queued',
      'sent',
    ]);
    expect(
      t.mail.sent.filter((m) => m.to === user.email && /waiting for your consent/.test(m.subject)),
    ).toHaveLength(2);
    expect(t.mail.lastTo(user.email)?.text).toContain('http://localhost:3000/me/programmes');
    const [record] = await t.deps.stores.audit.list({ limit: 1 });
    expect(record).toMatchObject({
      action: 'consent.request_resent',
      actorId: FIXTURE_STAFF.id,
      objectId: `${batch.id}/${user.id}`,
      details: { messageId: reminder.id, outcome: 'sent' },
    });

    const state = await stateOf(batch.id, user.id);
    expect(state).toMatchObject({
      waitingSince: askedAt,
      request: { sentAt: askedAt },
      lastReminder: { messageId: reminder.id, sentAt: remindedAt },
      reminders: 1,
    });
    expect(state?.resendFrom).toBe(new Date(Date.parse(remindedAt) + RESEND_GAP_MS).toISOString());
  });

  it('refuses to send again within 10 minutes of the last request, saying from when it may', async () => {
    t = await createTestApp();
    const { batch, user } = await waitingParticipant();
    later(9 * 60_000);
    await expect(
      resendConsentRequest(t.deps.programs, FIXTURE_STAFF, batch.id, user.id),
    ).rejects.toMatchObject({
      status: 429,
      detail: expect.stringMatching(/less than 10 minutes ago\. You can send it again from \d\d:\d\d UTC\./),
    });
    expect(await consentEmails(user.id)).toHaveLength(1);
    later(60_000);
    await resendConsentRequest(t.deps.programs, FIXTURE_STAFF, batch.id, user.id);
    // A double click: the second is refused, one email.
    await expect(
      resendConsentRequest(t.deps.programs, FIXTURE_STAFF, batch.id, user.id),
    ).rejects.toMatchObject({ status: 429 });
    expect(await consentEmails(user.id)).toHaveLength(2);
    expect(
      (await t.deps.stores.audit.list({ limit: 100 })).filter((r) => r.action === 'consent.request_resent'),
    ).toHaveLength(1);
  });

  it('says so when the mail server has not taken the reminder, and the outbox retries it', async () => {
    let down = false;
    const sent: string[] = [];
    const mailer: Mailer = {
      send: async (mail) => {
        if (down)
          throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:25'), { code: 'ECONNREFUSED' });
        sent.push(mail.to);
        return { messageId: `<${sent.length}@test>`, accepted: [mail.to], rejected: [] };
      },
      close: async () => {},
    };
    t = await createTestApp({ mailer });
    const { batch, user } = await waitingParticipant();
    later(DAY_MS);
    down = true;
    const result = await resendConsentRequest(t.deps.programs, FIXTURE_STAFF, batch.id, user.id);
    expect(result.email).toMatchObject({ status: 'queued', error: expect.stringContaining('ECONNREFUSED') });
    expect(result.email.sentAt).toBeUndefined();
    expect((await stateOf(batch.id, user.id))?.lastReminder).toMatchObject({
      status: 'queued',
      error: expect.stringContaining('ECONNREFUSED'),
    });
    expect(sent).toEqual([user.email]);
  });
});

describe('who may send it again, and for whom', () => {
  it('refuses a wrong role, another batch, an unknown batch or person, and someone not waiting for consent; writes nothing', async () => {
    t = await createTestApp();
    const { batch, user } = await waitingParticipant();
    later(DAY_MS);
    for (const role of ['participant', 'reviewer', 'partner'] as const) {
      const actor: Actor = { id: `someone-${role}`, label: role, role };
      await expect(resendConsentRequest(t.deps.programs, actor, batch.id, user.id)).rejects.toMatchObject({
        status: 403,
      });
    }
    // Another batch, where they are not enrolled: not found, and no enrolment is made.
    const { batch: other } = await makeBatch(t);
    await expect(
      resendConsentRequest(t.deps.programs, FIXTURE_STAFF, other.id, user.id),
    ).rejects.toMatchObject({ status: 404 });
    expect(await t.deps.stores.enrolments.getEnrolment(other.id, user.id)).toBeUndefined();
    await expect(
      resendConsentRequest(t.deps.programs, FIXTURE_STAFF, 'no-such-batch', user.id),
    ).rejects.toMatchObject({ status: 404 });
    await expect(
      resendConsentRequest(t.deps.programs, FIXTURE_STAFF, batch.id, 'no-such-user'),
    ).rejects.toMatchObject({ status: 404 });
    // Enrolled in the other batch but not waiting there: nothing to ask.
    const issued = await makeParticipant(t);
    await issueManually(t.deps.programs, FIXTURE_STAFF, other.id, issued.id, 'Assessed in person');
    await expect(
      resendConsentRequest(t.deps.programs, FIXTURE_STAFF, other.id, issued.id),
    ).rejects.toMatchObject({ status: 409, detail: expect.stringMatching(/not waiting for consent/) });
    expect(await consentEmails(user.id)).toHaveLength(1);
    expect(await consentEmails(issued.id)).toHaveLength(0);
    expect(
      (await t.deps.stores.audit.list({ limit: 100 })).filter((r) => r.action === 'consent.request_resent'),
    ).toEqual([]);
    // An admin may.
    await resendConsentRequest(
      t.deps.programs,
      { id: 'an-admin', label: 'admin', role: 'admin' },
      batch.id,
      user.id,
    );
    expect(await consentEmails(user.id)).toHaveLength(2);
  });

  it('does not pretend an email can reach a disabled account', async () => {
    t = await createTestApp();
    const { batch, user } = await waitingParticipant();
    later(DAY_MS);
    await t.deps.stores.users.update(user.id, { status: 'disabled' }, t.clock.now.toISOString());
    await expect(
      resendConsentRequest(t.deps.programs, FIXTURE_STAFF, batch.id, user.id),
    ).rejects.toMatchObject({ status: 409, detail: 'No email can be sent: their account is disabled.' });
    expect(await stateOf(batch.id, user.id)).toMatchObject({
      unreachable: 'their account is disabled',
      reminders: 0,
    });
    expect(await consentEmails(user.id)).toHaveLength(1);
  });
});

describe('"Issue now" after a revocation', () => {
  it('asks again for consent (the first request of the earlier round does not count) and the tracker dates start then', async () => {
    t = await createTestApp();
    const { batch, user, askedAt } = await waitingParticipant();
    later(DAY_MS);
    await grantNameConsent(t, user.id);
    const [issued] = await reevaluateAfterConsent(t.deps.programs, user.id);
    expect(issued?.status).toBe('issued');
    later(DAY_MS);
    await revokeCertificate(t.deps.programs, FIXTURE_STAFF, batch.id, user.id, 'Issued in error');
    await recordConsents(t.deps.accounts, user.id, [
      { kind: 'name_on_certificate', granted: false, textVersion: CURRENT_TEXT_VERSIONS.name_on_certificate },
    ]);
    const reaskedAt = later(DAY_MS);

    const again = await issueManually(t.deps.programs, FIXTURE_STAFF, batch.id, user.id, 'Appeal upheld');
    expect(again).toMatchObject({
      status: 'waiting',
      waitingOn: 'consent',
      generation: 2,
      consentRequestedAt: reaskedAt,
    });
    const emails = await consentEmails(user.id);
    expect(emails.map((m) => m.createdAt).sort()).toEqual([askedAt, reaskedAt]);
    expect(await stateOf(batch.id, user.id)).toMatchObject({
      waitingSince: reaskedAt,
      request: { status: 'sent', sentAt: reaskedAt },
      reminders: 0,
    });
  });
});
