/**
 * Staff actions on certificates: re-issue with a corrected name (old revoked as
 * "superseded", new links to it, both in the history), revoke, and manual issuance, each
 * needing a reason and leaving an audit record; feedback once per certificate.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../fixtures/testDeps.js';
import { verifyVia } from '../fixtures/http.js';
import {
  FIXTURE_STAFF,
  grantNameConsent,
  makeBatch,
  makeParticipant,
  passingEvents,
  recordAll,
} from '../fixtures/programs.js';
import { reevaluateAfterConsent } from '../../src/programs/enrolments.js';
import {
  giveFeedback,
  issueManually,
  reissueCertificate,
  revokeCertificate,
} from '../../src/programs/staffIssuance.js';
import type { Actor } from '../../src/accounts/accountDeps.js';

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
});
afterEach(async () => {
  await t.close();
});

async function issuedParticipant(name = 'Zoe Ngcobo') {
  const { batch } = await makeBatch(t);
  const user = await makeParticipant(t, { name });
  await recordAll(t, passingEvents(batch.id, user.id));
  const enrolment = (await t.deps.stores.enrolments.getEnrolment(batch.id, user.id))!;
  expect(enrolment.status).toBe('issued');
  return { batch, user, enrolment };
}

const auditActions = async () => (await t.deps.stores.audit.list({ limit: 100 })).map((r) => r.action);

describe('re-issue', () => {
  it('corrects the name, issues a new credential linked to the old, and revokes the old as superseded', async () => {
    const { batch, user, enrolment } = await issuedParticipant('Zoe Ngcobo');
    const oldId = enrolment.credentialId!;
    const after = await reissueCertificate(t.deps.programs, FIXTURE_STAFF, batch.id, user.id, {
      reason: 'Name misspelt',
      name: 'Zoë Ngcobo-Müller',
    });

    expect(after.status).toBe('issued');
    expect(after.generation).toBe(2);
    expect(after.credentialId).not.toBe(oldId);
    expect(after.certificates).toEqual([
      {
        credentialId: oldId,
        issuedAt: enrolment.issuedAt,
        revokedAt: expect.any(String),
        revokedReason: 'superseded',
      },
      { credentialId: after.credentialId, issuedAt: after.issuedAt },
    ]);
    const old = (await t.deps.stores.credentials.get(oldId))!;
    const fresh = (await t.deps.stores.credentials.get(after.credentialId!))!;
    expect(old).toMatchObject({ revoked: true, statusReason: 'superseded' });
    expect(fresh.supersedes).toBe(oldId);
    expect((fresh.credential as any).credentialSubject.name).toBe('Zoë Ngcobo-Müller');
    expect((await t.deps.stores.users.get(user.id))?.name).toBe('Zoë Ngcobo-Müller');
    expect((await t.deps.stores.credentials.listByHolder(user.id)).map((r) => r.id).sort()).toEqual(
      [oldId, after.credentialId].sort(),
    );

    const oldVerdict = await verifyVia(t, old.credential);
    expect(oldVerdict.body.verified).toBe(false);
    expect(JSON.stringify(oldVerdict.body)).toContain('revoked');
    expect((await verifyVia(t, fresh.credential)).body.verified).toBe(true);
    expect(await auditActions()).toEqual(
      expect.arrayContaining(['user.name_corrected', 'certificate.reissued']),
    );
  });

  it('keeps the validity of the certificate it replaces', async () => {
    const { batch } = await makeBatch(t, { criteria: { validForDays: 30 } });
    const user = await makeParticipant(t, { name: 'Ayanda Khumalo' });
    await recordAll(t, passingEvents(batch.id, user.id));
    const first = (await t.deps.stores.enrolments.getEnrolment(batch.id, user.id))!;
    const firstUntil = (await t.deps.stores.credentials.get(first.credentialId!))?.credential?.validUntil;
    expect(typeof firstUntil).toBe('string');
    t.clock.now = new Date(t.clock.now.getTime() + 10 * 24 * 3_600_000);
    const after = await reissueCertificate(t.deps.programs, FIXTURE_STAFF, batch.id, user.id, {
      reason: 'Spelling',
      name: 'Ayanda Khumalo-Zulu',
    });
    expect((await t.deps.stores.credentials.get(after.credentialId!))?.credential?.validUntil).toBe(
      firstUntil,
    );
  });

  it('needs a reason and a current certificate', async () => {
    const { batch, user } = await issuedParticipant();
    await expect(
      reissueCertificate(t.deps.programs, FIXTURE_STAFF, batch.id, user.id, { reason: '  ' }),
    ).rejects.toMatchObject({ status: 400 });
    await revokeCertificate(t.deps.programs, FIXTURE_STAFF, batch.id, user.id, 'Plagiarism');
    await expect(
      reissueCertificate(t.deps.programs, FIXTURE_STAFF, batch.id, user.id, { reason: 'again' }),
    ).rejects.toMatchObject({ status: 409 });
  });
});

describe('revoke and manual issuance', () => {
  it('revokes with the reason, then a manual issue gives a new certificate', async () => {
    const { batch, user, enrolment } = await issuedParticipant();
    const revoked = await revokeCertificate(
      t.deps.programs,
      FIXTURE_STAFF,
      batch.id,
      user.id,
      'Plagiarism found',
    );
    expect(revoked.status).toBe('revoked');
    expect(await t.deps.stores.credentials.get(enrolment.credentialId!)).toMatchObject({
      revoked: true,
      statusReason: 'Plagiarism found',
    });
    expect(t.mail.lastTo(user.email)?.subject).toBe('Your certificate was revoked: Web Development 101');
    expect(t.mail.lastTo(user.email)?.text).toContain('Reason: Plagiarism found.');

    const again = await issueManually(t.deps.programs, FIXTURE_STAFF, batch.id, user.id, 'Appeal upheld');
    expect(again).toMatchObject({ status: 'issued', generation: 2 });
    expect(again.credentialId).not.toBe(enrolment.credentialId);
    expect(await auditActions()).toEqual(
      expect.arrayContaining(['certificate.revoked', 'certificate.issued_manually']),
    );
    await expect(
      issueManually(t.deps.programs, FIXTURE_STAFF, batch.id, user.id, 'twice'),
    ).rejects.toMatchObject({ status: 409 });
  });

  it('issues manually outside the criteria; without consent it asks and waits, issuing when consent comes; never by a non-staff actor', async () => {
    const { batch } = await makeBatch(t);
    const user = await makeParticipant(t);
    const issued = await issueManually(
      t.deps.programs,
      FIXTURE_STAFF,
      batch.id,
      user.id,
      'Completed at the partner site',
    );
    expect(issued.status).toBe('issued');
    const noConsent = await makeParticipant(t, { consent: false });
    const waiting = await issueManually(t.deps.programs, FIXTURE_STAFF, batch.id, noConsent.id, 'x');
    expect(waiting).toMatchObject({
      status: 'waiting',
      waitingOn: 'consent',
      consentRequestedAt: expect.any(String),
    });
    expect(waiting.credentialId).toBeUndefined();
    // The participant really was asked, by email and in their portal.
    const asked = await t.deps.stores.outbox.search({
      userId: noConsent.id,
      trigger: 'consent_request',
      limit: 5,
    });
    expect(asked.map((m) => m.channel).sort()).toEqual(['email', 'in_app']);
    // Pressing it again neither issues nor asks twice.
    expect((await issueManually(t.deps.programs, FIXTURE_STAFF, batch.id, noConsent.id, 'x')).status).toBe(
      'waiting',
    );
    expect(
      await t.deps.stores.outbox.search({
        userId: noConsent.id,
        trigger: 'consent_request',
        limit: 5,
      }),
    ).toHaveLength(2);
    await grantNameConsent(t, noConsent.id);
    const [after] = await reevaluateAfterConsent(t.deps.programs, noConsent.id);
    expect(after).toMatchObject({ status: 'issued', credentialId: expect.any(String) });
    await expect(
      issueManually(t.deps.programs, FIXTURE_STAFF, batch.id, 'no-such-user', 'x'),
    ).rejects.toMatchObject({ status: 404 });
    expect(await t.deps.stores.enrolments.getEnrolment(batch.id, 'no-such-user')).toBeUndefined();
    const reviewer: Actor = { id: 'r1', label: 'reviewer', role: 'reviewer' };
    await expect(issueManually(t.deps.programs, reviewer, batch.id, noConsent.id, 'x')).rejects.toMatchObject(
      { status: 403 },
    );
  });
});

describe('feedback', () => {
  it('is taken once per certificate, only from its holder', async () => {
    const { user, enrolment } = await issuedParticipant();
    const actor: Actor = { id: user.id, label: user.name, role: 'participant' };
    const feedback = await giveFeedback(t.deps.programs, actor, enrolment.credentialId!, {
      rating: 4,
      comment: ' Clear and useful ',
    });
    expect(feedback).toMatchObject({ rating: 4, comment: 'Clear and useful', batchId: enrolment.batchId });
    await expect(
      giveFeedback(t.deps.programs, actor, enrolment.credentialId!, { rating: 5 }),
    ).rejects.toMatchObject({ status: 409 });
    const other: Actor = { id: 'someone-else', label: 'x', role: 'participant' };
    await expect(
      giveFeedback(t.deps.programs, other, enrolment.credentialId!, { rating: 5 }),
    ).rejects.toMatchObject({ status: 404 });
    await expect(
      giveFeedback(t.deps.programs, actor, enrolment.credentialId!, { rating: 6 }),
    ).rejects.toMatchObject({ status: 400 });
    expect(await t.deps.stores.feedback.listFeedback()).toHaveLength(1);
  });
});
