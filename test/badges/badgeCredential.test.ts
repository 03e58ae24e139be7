/**
 * What a course's Open Badge carries since issue 20, part 4, issued through the real
 * programme flow and signed: the badge image (a URL serving those very bytes), the skills
 * as alignments, the score as a result against its description, the creator and
 * awardedDate, and the approved work as evidence only with the holder's consent. Every
 * credential validates against the 1EdTech OB 3.0 schema and verifies.
 */
import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../fixtures/testDeps.js';
import { verifyVia } from '../fixtures/http.js';
import { makeBatch, makeCourse, makeParticipant, passingEvents, recordAll } from '../fixtures/programs.js';
import { approvedWorkOf, makeBadgeCourse, participantActor, solidPng } from '../fixtures/badges.js';
import { createSchemaValidator, OB3_ACHIEVEMENT_SCHEMA_ID } from '../../src/credentials/schemaValidator.js';
import { setEvidenceConsent } from '../../src/badges/evidenceConsent.js';
import type { UserRecord } from '../../src/storage/ports.js';

type Json = Record<string, any>;

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp({
    env: { ISSUER_EMAIL: 'certificates@saypro.example', ISSUER_IMAGE: 'https://saypro.example/logo.png' },
  });
  t.clock.now = new Date('2026-11-25T08:00:00.000Z');
});
afterEach(async () => {
  await t.close();
});

const schemas = createSchemaValidator();

async function issuedCredential(user: UserRecord, batchId: string): Promise<Json> {
  const enrolment = await t.deps.stores.enrolments.getEnrolment(batchId, user.id);
  expect(enrolment?.status).toBe('issued');
  return (await t.deps.stores.credentials.get(enrolment!.credentialId!))!.credential as Json;
}

/** The credential matches the 1EdTech schema and verifies over HTTP. */
async function expectValid(vc: Json): Promise<void> {
  expect(schemas.validate(OB3_ACHIEVEMENT_SCHEMA_ID, vc)).toEqual([]);
  const verified = await verifyVia(t, vc);
  expect(verified.body.verified, JSON.stringify(verified.body.checks)).toBe(true);
}

describe('a course badge', () => {
  it('carries the image, skills, score, creator and awardedDate, and validates and verifies', async () => {
    const course = await makeBadgeCourse(t);
    const { batch } = await makeBatch(t, { course });
    const user = await makeParticipant(t);
    await recordAll(t, passingEvents(batch.id, user.id));
    const vc = await issuedCredential(user, batch.id);
    const achievement = vc.credentialSubject.achievement;

    const sha = createHash('sha256').update(solidPng()).digest('hex');
    expect(achievement.image).toEqual({
      id: `http://localhost:3000/badges/images/${sha}.png`,
      type: 'Image',
      caption: 'Web Development 101 badge',
    });
    const served = await t.app.request(`/badges/images/${sha}.png`);
    expect(served.status).toBe(200);
    expect(served.headers.get('content-type')).toBe('image/png');
    expect(new Uint8Array(await served.arrayBuffer())).toEqual(solidPng());

    expect(achievement.alignment).toEqual([
      {
        type: ['Alignment'],
        targetName: 'Semantic HTML',
        targetUrl: 'https://skills.example.org/html',
        targetFramework: 'SayPro Digital Skills',
        targetCode: 'WEB-1',
        targetType: 'ceasn:Competency',
      },
      {
        type: ['Alignment'],
        targetName: 'Accessible CSS layout',
        targetUrl: 'https://skills.example.org/css',
        targetFramework: 'SayPro Digital Skills',
        targetType: 'ceasn:Competency',
      },
    ]);
    const descriptionId = `${achievement.id}/results/final`;
    expect(achievement.resultDescription).toEqual([
      {
        id: descriptionId,
        type: ['ResultDescription'],
        name: 'Final assessment',
        resultType: 'RawScore',
        valueMin: '0',
        valueMax: '100',
        requiredValue: '70',
      },
    ]);
    expect(vc.credentialSubject.result).toEqual([
      { type: ['Result'], resultDescription: descriptionId, value: '85' },
    ]);
    expect(achievement.creator).toEqual(vc.issuer);
    expect(vc.issuer).toMatchObject({
      email: 'certificates@saypro.example',
      image: { id: 'https://saypro.example/logo.png', type: 'Image' },
    });
    expect(vc.awardedDate).toBe('2026-11-25T08:00:00Z');
    expect(vc.evidence).toBeUndefined();
    await expectValid(vc);
  });

  it('states a Completed outcome, said for what it is, when there is no score to give', async () => {
    const course = await makeCourse(t, { assessments: [] });
    const { batch } = await makeBatch(t, { course, criteria: { assessments: [], contentApproval: true } });
    const user = await makeParticipant(t);
    await approvedWorkOf(t, batch.id, user, { scored: false });
    const vc = await issuedCredential(user, batch.id);
    const [description] = vc.credentialSubject.achievement.resultDescription;
    expect(description).toMatchObject({
      resultType: 'Status',
      name: 'Completed: every requirement of the certificate was met and a reviewer approved the work',
    });
    expect(vc.credentialSubject.result).toEqual([
      { type: ['Result'], resultDescription: description.id, status: 'Completed' },
    ]);
    expect(vc.credentialSubject.achievement.image).toBeUndefined();
    await expectValid(vc);
  });
});

describe('evidence of the approved work', () => {
  it('is left out without the holder consent, and its address shows nothing', async () => {
    const { batch } = await makeBatch(t, {
      course: await makeBadgeCourse(t),
      criteria: { contentApproval: true },
    });
    const user = await makeParticipant(t);
    const work = await approvedWorkOf(t, batch.id, user);
    const vc = await issuedCredential(user, batch.id);
    expect(vc.evidence).toBeUndefined();
    expect((await t.app.request(`/badges/evidence/${work.id}`)).status).toBe(404);
  });

  it('links the work with consent; withdrawing re-issues without it and the address stops answering', async () => {
    const { batch } = await makeBatch(t, {
      course: await makeBadgeCourse(t),
      criteria: { contentApproval: true },
    });
    const user = await makeParticipant(t);
    const work = await approvedWorkOf(t, batch.id, user, { consent: true });
    const first = await issuedCredential(user, batch.id);
    expect(first.evidence).toEqual([
      {
        id: `http://localhost:3000/badges/evidence/${work.id}`,
        type: ['Evidence'],
        name: 'Approved work',
        description:
          "Submitted on 2026-11-25 and approved by a reviewer on 2026-11-25; linked with the holder's consent.",
        genre: 'Text',
      },
    ]);
    await expectValid(first);
    const shown = await t.app.request(`/badges/evidence/${work.id}`);
    expect(shown.status).toBe(200);
    expect(shown.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(shown.headers.get('cache-control')).toBe('no-store');
    expect(await shown.text()).toContain('My accessible portfolio page');

    t.clock.now = new Date('2026-12-01T09:30:00.000Z');
    const outcome = await setEvidenceConsent(t.deps.programs, participantActor(user), batch.id, false);
    expect(outcome.reissued).toBe(true);
    const second = await issuedCredential(user, batch.id);
    expect(second.id).not.toBe(first.id);
    expect(second.evidence).toBeUndefined();
    // The award keeps its date; only the new credential's validFrom moves.
    expect(second.awardedDate).toBe(first.awardedDate);
    expect(second.validFrom).toBe('2026-12-01T09:30:00Z');
    await expectValid(second);
    expect(await t.deps.stores.credentials.get(first.id)).toMatchObject({
      revoked: true,
      statusReason: 'superseded',
    });
    expect((await t.app.request(`/badges/evidence/${work.id}`)).status).toBe(404);

    // Recording the same answer again changes nothing.
    expect(
      (await setEvidenceConsent(t.deps.programs, participantActor(user), batch.id, false)).reissued,
    ).toBe(false);
  });

  it("refuses a participant's consent for a batch they are not in", async () => {
    const { batch } = await makeBatch(t);
    const stranger = await makeParticipant(t);
    await expect(
      setEvidenceConsent(t.deps.programs, participantActor(stranger), batch.id, true),
    ).rejects.toMatchObject({
      status: 404,
    });
  });
});
