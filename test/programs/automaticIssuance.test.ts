/**
 * Automatic issuance end to end through the domain: criteria met -> one signed credential
 * that verifies, recorded on the enrolment, the participant emailed; consent and hold
 * periods make it wait (and say why); replays and concurrent duplicates never make two;
 * a crash between the steps is finished by the sweep with the same credential.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../fixtures/testDeps.js';
import { verifyVia } from '../fixtures/http.js';
import {
  grantNameConsent,
  makeBatch,
  makeParticipant,
  passingEvents,
  recordAll,
} from '../fixtures/programs.js';
import { evaluateEnrolment, issueDueEnrolments, issuanceKey } from '../../src/programs/automaticIssuance.js';
import { recordProgress, reevaluateAfterConsent } from '../../src/programs/enrolments.js';
import { issueCredential } from '../../src/credentials/issueCredential.js';
import { programCredential } from '../../src/programs/programCredential.js';

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
  t.clock.now = new Date('2026-11-25T08:00:00.000Z');
});
afterEach(async () => {
  await t.close();
});

const enrolment = (batchId: string, userId: string) => t.deps.stores.enrolments.getEnrolment(batchId, userId);

describe('automatic issuance', () => {
  it('issues one credential that verifies once the criteria are met, and emails the participant', async () => {
    const { batch } = await makeBatch(t);
    const user = await makeParticipant(t, { name: 'Zoë Ngcobo-Müller' });
    const [m1, m2, final] = passingEvents(batch.id, user.id);
    await recordAll(t, [m1!, m2!]);
    expect(await enrolment(batch.id, user.id)).toMatchObject({
      status: 'in_progress',
      missing: ['assessment:final'],
    });
    expect(await t.deps.stores.credentials.listByHolder(user.id)).toEqual([]);

    await recordAll(t, [final!]);
    const issued = await enrolment(batch.id, user.id);
    expect(issued).toMatchObject({ status: 'issued', missing: [], metAt: final!.occurredAt, generation: 1 });
    const records = await t.deps.stores.credentials.listByHolder(user.id);
    expect(records.map((r) => r.id)).toEqual([issued!.credentialId]);
    expect(issued!.certificates).toEqual([
      { credentialId: issued!.credentialId, issuedAt: issued!.issuedAt },
    ]);
    const vc = records[0]!.credential as Record<string, any>;
    expect(vc.credentialSubject.name).toBe('Zoë Ngcobo-Müller');
    expect(vc.credentialSubject.achievement.name).toBe('Web Development 101');
    expect(vc.credentialSubject.achievement.criteria.narrative).toMatch(/70%/);
    expect((await verifyVia(t, vc)).body.verified).toBe(true);
    const mail = t.mail.lastTo(user.email);
    expect(mail?.subject).toBe('Your certificate: Web Development 101');
    expect(mail?.text).toContain(records[0]!.certificateNumber);
  });

  it('records the batch template version and the validity period on the credential', async () => {
    const now = t.clock.now.toISOString();
    await t.deps.stores.templates.createTemplate(
      { id: 'tpl-a', name: 'A', createdAt: now, createdBy: 'staff' },
      (await import('../../src/rendering/templateDesign.js')).DEFAULT_DESIGN,
    );
    const { batch } = await makeBatch(t, {
      template: { templateId: 'tpl-a', version: 1 },
      criteria: { validForDays: 365 },
    });
    expect((await t.deps.stores.templates.getVersion('tpl-a', 1))?.lockedAt).toBeTruthy();
    const user = await makeParticipant(t);
    await recordAll(t, passingEvents(batch.id, user.id));
    const [record] = await t.deps.stores.credentials.listByHolder(user.id);
    expect(record?.templateRef).toEqual({ templateId: 'tpl-a', version: 1 });
    expect(record?.credential?.validUntil).toBe('2027-11-25T08:00:00Z');
  });

  it('waits for consent to the name on the certificate, asks once, and issues when given', async () => {
    const { batch } = await makeBatch(t);
    const user = await makeParticipant(t, { consent: false });
    await recordAll(t, passingEvents(batch.id, user.id));
    expect(await enrolment(batch.id, user.id)).toMatchObject({
      status: 'waiting',
      waitingOn: 'consent',
      consentRequestedAt: t.clock.now.toISOString(),
    });
    expect(t.mail.sent.filter((m) => m.to === user.email).map((m) => m.subject)).toEqual([
      'Your certificate for Web Development 101 is waiting for your consent',
    ]);
    await evaluateEnrolment(t.deps.programs, batch.id, user.id);
    expect(t.mail.sent.filter((m) => m.to === user.email)).toHaveLength(1);
    expect(await t.deps.stores.credentials.listByHolder(user.id)).toEqual([]);

    await grantNameConsent(t, user.id);
    const [after] = await reevaluateAfterConsent(t.deps.programs, user.id);
    expect(after).toMatchObject({ status: 'issued' });
    expect(await t.deps.stores.credentials.listByHolder(user.id)).toHaveLength(1);
  });

  it('holds issuance for the configured hours, then the sweep issues it', async () => {
    const { batch } = await makeBatch(t, { holdHours: 48 });
    const user = await makeParticipant(t);
    const at = '2026-11-25T07:00:00.000Z';
    await recordAll(t, passingEvents(batch.id, user.id, at));
    expect(await enrolment(batch.id, user.id)).toMatchObject({
      status: 'waiting',
      waitingOn: 'hold',
      dueAt: '2026-11-27T07:00:00.000Z',
    });
    expect(await issueDueEnrolments(t.deps.programs)).toBe(0);
    t.clock.now = new Date('2026-11-27T06:59:59.000Z');
    expect(await issueDueEnrolments(t.deps.programs)).toBe(0);
    t.clock.now = new Date('2026-11-27T07:00:00.000Z');
    expect(await issueDueEnrolments(t.deps.programs)).toBe(1);
    expect(await enrolment(batch.id, user.id)).toMatchObject({ status: 'issued' });
    expect(await issueDueEnrolments(t.deps.programs)).toBe(0);
  });

  it('never issues twice for replayed and concurrent duplicate events', async () => {
    const { batch } = await makeBatch(t);
    const user = await makeParticipant(t);
    const events = passingEvents(batch.id, user.id);
    const results = await Promise.all(
      [...events, ...events, ...events].map((e) => recordProgress(t.deps.programs, e)),
    );
    expect(results.filter((r) => r.recorded)).toHaveLength(3);
    await recordAll(t, events);
    const records = await t.deps.stores.credentials.listByHolder(user.id);
    expect(records).toHaveLength(1);
    expect(await enrolment(batch.id, user.id)).toMatchObject({
      status: 'issued',
      credentialId: records[0]!.id,
    });
    await t.deliver();
    expect(t.mail.sent.filter((m) => m.to === user.email)).toHaveLength(1);
  });

  it('a crash after signing but before the enrolment was updated is finished with the same credential', async () => {
    const { batch, course } = await makeBatch(t);
    const user = await makeParticipant(t);
    await recordAll(t, passingEvents(batch.id, user.id).slice(0, 2));
    const before = (await enrolment(batch.id, user.id))!;
    // The process got as far as "due" and signing, then died.
    const due = (await t.deps.stores.enrolments.updateEnrolment(
      batch.id,
      user.id,
      before.version,
      { status: 'due', dueAt: t.clock.now.toISOString() },
      t.clock.now.toISOString(),
    ))!;
    const credential = programCredential({
      batch,
      course,
      participantName: user.name,
      publicUrl: t.deps.config.publicUrl,
      now: t.clock.now,
    });
    const { record } = await issueCredential(t.deps.issue, credential, {
      idempotencyKey: issuanceKey(due),
      holderUserId: user.id,
    });

    expect(await issueDueEnrolments(t.deps.programs)).toBe(1);
    expect(await enrolment(batch.id, user.id)).toMatchObject({ status: 'issued', credentialId: record.id });
    expect(await t.deps.stores.credentials.listByHolder(user.id)).toHaveLength(1);
  });

  it('marks the enrolment missed when the deadline passes unmet, and says why while in progress', async () => {
    const { batch } = await makeBatch(t, { criteria: { deadline: '2026-11-30T00:00:00Z' } });
    const user = await makeParticipant(t);
    const [m1] = passingEvents(batch.id, user.id);
    await recordAll(t, [m1!]);
    expect(await enrolment(batch.id, user.id)).toMatchObject({
      status: 'in_progress',
      missing: ['module:m2', 'assessment:final'],
    });
    t.clock.now = new Date('2026-12-01T00:00:00.000Z');
    await evaluateEnrolment(t.deps.programs, batch.id, user.id);
    expect(await enrolment(batch.id, user.id)).toMatchObject({ status: 'missed' });
    // Late completions reported with their real (late) times do not count.
    await recordAll(t, passingEvents(batch.id, user.id, '2026-11-30T12:00:00.000Z').slice(1));
    expect(await enrolment(batch.id, user.id)).toMatchObject({ status: 'missed', missing: ['deadline'] });
    expect(await t.deps.stores.credentials.listByHolder(user.id)).toEqual([]);
  });

  it('refuses events that do not fit the course, recording nothing', async () => {
    const { batch } = await makeBatch(t);
    const user = await makeParticipant(t);
    const base = {
      batchId: batch.id,
      userId: user.id,
      occurredAt: t.clock.now.toISOString(),
      source: 'test',
    };
    await expect(
      recordProgress(t.deps.programs, { ...base, id: 'x1', type: 'module_completed', moduleId: 'nope' }),
    ).rejects.toThrow(/no module "nope"/);
    await expect(
      recordProgress(t.deps.programs, {
        ...base,
        id: 'x2',
        type: 'assessment_scored',
        assessmentId: 'final',
        score: 101,
      }),
    ).rejects.toThrow(/above the maximum/);
    await expect(
      recordProgress(t.deps.programs, { ...base, id: 'x3', batchId: 'no-batch', type: 'course_completed' }),
    ).rejects.toThrow(/No batch/);
    expect(await t.deps.stores.enrolments.listEvents(batch.id, user.id)).toEqual([]);
  });
});
