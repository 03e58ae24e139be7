/**
 * The surveys domain: versions are numbered and never edited (answers keep the version
 * they answered); only staff publish and read; the participant survey is answered once
 * per certificate, only by its holder (someone else's certificate is "not found"); an
 * answer whose first question is a rating is also the course rating the programme report
 * counts; the invitation goes through the outbox once per certificate, and only while a
 * survey is published; the staff form takes answers as often as staff send them.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../fixtures/testDeps.js';
import { FIXTURE_STAFF, makeBatch, makeParticipant, passingEvents, recordAll } from '../fixtures/programs.js';
import type { Actor } from '../../src/accounts/accountDeps.js';
import { answerParticipantSurvey, participantSurveyFor } from '../../src/surveys/participantSurvey.js';
import { answerStaffSurvey } from '../../src/surveys/staffSurveys.js';
import { BUILT_IN_PARTICIPANT_SURVEY } from '../../src/surveys/surveyDefinitions.js';
import { publishSurvey, surveyOverview } from '../../src/surveys/surveyPublishing.js';
import { giveFeedback } from '../../src/programs/staffIssuance.js';
import { programReport } from '../../src/programs/tracking.js';
import { eraseAccount, exportUserData } from '../../src/accounts/privacy.js';

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
});
afterEach(async () => {
  await t.close();
});

const PARTICIPANT_INPUT = {
  title: 'After your certificate',
  questions: [
    { type: 'rating', prompt: 'How was the course?', required: true },
    { type: 'choice', prompt: 'How did you hear of us?', required: false, choices: ['A friend', 'Online'] },
    { type: 'text', prompt: 'What should we improve?', required: false },
  ],
};

async function issued() {
  const { batch } = await makeBatch(t);
  const user = await makeParticipant(t);
  await recordAll(t, passingEvents(batch.id, user.id));
  const enrolment = (await t.deps.stores.enrolments.getEnrolment(batch.id, user.id))!;
  expect(enrolment.status).toBe('issued');
  const actor: Actor = { id: user.id, label: user.name, role: 'participant' };
  return { batch, user, actor, credentialId: enrolment.credentialId! };
}

describe('publishing versions', () => {
  it('numbers versions per audience, keeps each as published and audits who published', async () => {
    const v1 = await publishSurvey(
      t.deps.programs,
      FIXTURE_STAFF,
      'participant-after-issuance',
      PARTICIPANT_INPUT,
    );
    expect(v1).toMatchObject({
      id: 'participant-after-issuance@1',
      version: 1,
      publishedBy: FIXTURE_STAFF.id,
    });
    expect(v1.questions.map((q) => q.id)).toEqual(['q1', 'q2', 'q3']);
    expect(v1.questions[1]!.choices).toEqual(['A friend', 'Online']);
    const v2 = await publishSurvey(t.deps.programs, FIXTURE_STAFF, 'participant-after-issuance', {
      title: 'Shorter',
      questions: [{ type: 'rating', prompt: 'How was the course?', required: true }],
    });
    expect(v2.version).toBe(2);
    const staff = await publishSurvey(t.deps.programs, FIXTURE_STAFF, 'staff-certificate-process', {
      title: 'Process',
      questions: [{ type: 'text', prompt: 'What slowed you down?', required: true }],
    });
    expect(staff.version).toBe(1);
    // Version 1 is unchanged by version 2.
    expect(await t.deps.stores.surveys.getVersion(v1.id)).toEqual(v1);
    const overview = await surveyOverview(t.deps.programs, FIXTURE_STAFF);
    expect(
      overview
        .find((s) => s.audience === 'participant-after-issuance')!
        .versions.map((v) => v.version.version),
    ).toEqual([2, 1]);
    const actions = (await t.deps.stores.audit.list({ limit: 10 })).map((r) => [r.action, r.objectId]);
    expect(actions).toContainEqual(['survey.published', 'participant-after-issuance@2']);
  });

  it('refuses what is not a short, well-formed survey, and anyone but staff', async () => {
    const publish = (input: unknown, actor: Actor = FIXTURE_STAFF) =>
      publishSurvey(t.deps.programs, actor, 'participant-after-issuance', input);
    await expect(publish({ title: 'x', questions: [] })).rejects.toMatchObject({ status: 400 });
    await expect(publish({ title: '', questions: PARTICIPANT_INPUT.questions })).rejects.toMatchObject({
      status: 400,
    });
    await expect(
      publish({
        title: 'x',
        questions: [{ type: 'choice', prompt: 'One?', required: true, choices: ['only'] }],
      }),
    ).rejects.toMatchObject({
      status: 400,
      detail: 'Question 1: A single-choice question needs at least two options',
    });
    await expect(
      publish({
        title: 'x',
        questions: Array.from({ length: 11 }, () => ({ type: 'text', prompt: 'Why?', required: false })),
      }),
    ).rejects.toMatchObject({ status: 400 });
    await expect(
      publish({ title: 'x', questions: [{ type: 'essay', prompt: 'Why?', required: false }] }),
    ).rejects.toMatchObject({ status: 400 });
    for (const role of ['participant', 'reviewer', 'partner', 'api_key'] as const)
      await expect(publish(PARTICIPANT_INPUT, { id: 'x', label: 'x', role })).rejects.toMatchObject({
        status: 403,
      });
    await expect(
      surveyOverview(t.deps.programs, { id: 'p', label: 'p', role: 'participant' }),
    ).rejects.toMatchObject({ status: 403 });
    expect(await t.deps.stores.surveys.listVersions('participant-after-issuance')).toEqual([]);
  });
});

describe('the participant survey', () => {
  it('asks the built-in course rating until one is published, and that answer is the course rating', async () => {
    const { actor, credentialId, batch } = await issued();
    const view = await participantSurveyFor(t.deps.programs, actor, credentialId);
    expect(view).toMatchObject({ answered: false, survey: BUILT_IN_PARTICIPANT_SURVEY });
    const response = await answerParticipantSurvey(t.deps.programs, actor, credentialId, {
      q1: '4',
      q2: ' Useful ',
    });
    expect(response).toMatchObject({
      surveyId: 'participant-after-issuance@0',
      answers: { q1: 4, q2: 'Useful' },
      batchId: batch.id,
    });
    expect(await t.deps.stores.feedback.getFeedback(credentialId)).toMatchObject({
      rating: 4,
      comment: 'Useful',
    });
    expect((await participantSurveyFor(t.deps.programs, actor, credentialId)).answered).toBe(true);
  });

  it('is answered once per certificate, only by its holder; the answer keeps its version and counts in the programme report', async () => {
    const { actor, credentialId } = await issued();
    const v1 = await publishSurvey(
      t.deps.programs,
      FIXTURE_STAFF,
      'participant-after-issuance',
      PARTICIPANT_INPUT,
    );
    const stranger: Actor = { id: 'someone-else', label: 'x', role: 'participant' };
    await expect(participantSurveyFor(t.deps.programs, stranger, credentialId)).rejects.toMatchObject({
      status: 404,
    });
    await expect(
      answerParticipantSurvey(t.deps.programs, stranger, credentialId, { q1: '5' }),
    ).rejects.toMatchObject({ status: 404 });
    await expect(
      answerParticipantSurvey(t.deps.programs, actor, 'urn:uuid:nope', { q1: '5' }),
    ).rejects.toMatchObject({ status: 404 });
    // Required missing, a rating out of range, an option not offered: refused, nothing kept.
    await expect(answerParticipantSurvey(t.deps.programs, actor, credentialId, {})).rejects.toMatchObject({
      status: 400,
    });
    await expect(
      answerParticipantSurvey(t.deps.programs, actor, credentialId, { q1: '6' }),
    ).rejects.toMatchObject({ status: 400 });
    await expect(
      answerParticipantSurvey(t.deps.programs, actor, credentialId, { q1: '3', q2: 'Radio' }),
    ).rejects.toMatchObject({ status: 400 });
    const response = await answerParticipantSurvey(t.deps.programs, actor, credentialId, {
      q1: '5',
      q2: 'Online',
      q3: 'More examples',
    });
    expect(response).toMatchObject({
      surveyId: v1.id,
      subject: credentialId,
      answers: { q1: 5, q2: 'Online', q3: 'More examples' },
    });
    await expect(
      answerParticipantSurvey(t.deps.programs, actor, credentialId, { q1: '1' }),
    ).rejects.toMatchObject({ status: 409 });
    // A new version does not reopen it, and the answer keeps the version it answered.
    await publishSurvey(t.deps.programs, FIXTURE_STAFF, 'participant-after-issuance', {
      ...PARTICIPANT_INPUT,
      title: 'v2',
    });
    await expect(
      answerParticipantSurvey(t.deps.programs, actor, credentialId, { q1: '1' }),
    ).rejects.toMatchObject({ status: 409 });
    expect(
      (await t.deps.stores.surveys.getResponse('participant-after-issuance', credentialId))!.surveyId,
    ).toBe(v1.id);
    // The old rating form is closed too, and the programme report counts the answer once.
    await expect(giveFeedback(t.deps.programs, actor, credentialId, { rating: 2 })).rejects.toMatchObject({
      status: 409,
    });
    const report = await programReport(t.deps.programs, FIXTURE_STAFF, {});
    expect(report.feedback).toMatchObject({ count: 1, averageRating: 5, distribution: [0, 0, 0, 0, 1] });
    expect(report.feedback.recent[0]).toMatchObject({ comment: 'More examples' });
  });

  it('is closed for a certificate rated with the older form', async () => {
    const { actor, credentialId } = await issued();
    await giveFeedback(t.deps.programs, actor, credentialId, { rating: 3 });
    await publishSurvey(t.deps.programs, FIXTURE_STAFF, 'participant-after-issuance', PARTICIPANT_INPUT);
    expect((await participantSurveyFor(t.deps.programs, actor, credentialId)).answered).toBe(true);
    await expect(
      answerParticipantSurvey(t.deps.programs, actor, credentialId, { q1: '5' }),
    ).rejects.toMatchObject({ status: 409 });
  });
});

describe('the invitation', () => {
  it('goes through the outbox once per issued certificate while a survey is published, never before', async () => {
    const before = await issued();
    expect(
      await t.deps.stores.outbox.getByDedupeKey(`survey_invitation:${before.credentialId}`),
    ).toBeUndefined();
    await publishSurvey(t.deps.programs, FIXTURE_STAFF, 'participant-after-issuance', PARTICIPANT_INPUT);
    const after = await issued();
    const email = await t.deps.stores.outbox.getByDedupeKey(`survey_invitation:${after.credentialId}`);
    expect(email).toMatchObject({ trigger: 'survey_invitation', userId: after.user.id, channel: 'email' });
    expect(email!.text).toContain(
      `http://localhost:3000/me/surveys/${encodeURIComponent(after.credentialId)}`,
    );
    expect(email!.subject).toContain('A minute of feedback on');
    expect(
      t.mail.sent.some((m) => m.to === after.user.email && m.subject.startsWith('A minute of feedback')),
    ).toBe(true);
  });
});

describe('the staff form', () => {
  it('is for staff, answered as often as they like, and refused before one is published', async () => {
    const staff: Actor = { id: 'staff-9', label: 'Staff', role: 'staff' };
    await expect(answerStaffSurvey(t.deps.programs, staff, { q1: 'x' })).rejects.toMatchObject({
      status: 404,
    });
    await publishSurvey(t.deps.programs, FIXTURE_STAFF, 'staff-certificate-process', {
      title: 'Certificate process',
      questions: [
        { type: 'rating', prompt: 'How smooth was issuing this month?', required: true },
        { type: 'text', prompt: 'What slowed you down?', required: false },
      ],
    });
    await answerStaffSurvey(t.deps.programs, staff, { q1: '2', q2: 'Name corrections' });
    t.clock.now = new Date(t.clock.now.getTime() + 60_000);
    await answerStaffSurvey(t.deps.programs, staff, { q1: '4' });
    await expect(
      answerStaffSurvey(t.deps.programs, { id: 'p', label: 'p', role: 'participant' }, { q1: '4' }),
    ).rejects.toMatchObject({ status: 403 });
    const responses = await t.deps.stores.surveys.listResponses({ audience: 'staff-certificate-process' });
    expect(responses.map((r) => r.answers)).toEqual([{ q1: 2, q2: 'Name corrections' }, { q1: 4 }]);
  });
});

describe("a person's survey answers and their data rights", () => {
  it('are in their export with each question beside its answer, and gone once the account is erased', async () => {
    const { user, actor, credentialId } = await issued();
    await answerParticipantSurvey(t.deps.programs, actor, credentialId, { q1: '5', q2: 'Loved the labs' });
    const exported = (await exportUserData(t.deps.accounts, user)) as { surveyAnswers: unknown[] };
    expect(exported.surveyAnswers).toEqual([
      {
        audience: 'participant-after-issuance',
        survey: 'Course feedback',
        version: 0,
        about: credentialId,
        at: t.clock.now.toISOString(),
        answers: [
          { question: 'How was the course?', answer: 5 },
          { question: 'Comment', answer: 'Loved the labs' },
        ],
      },
    ]);
    await eraseAccount(t.deps.accounts, user, actor);
    expect(await t.deps.stores.surveys.listResponsesOf(user.id)).toEqual([]);
    expect(
      await t.deps.stores.surveys.getResponse('participant-after-issuance', credentialId),
    ).toBeUndefined();
  });
});
