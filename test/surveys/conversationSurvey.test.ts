/**
 * The satisfaction survey after a resolved conversation, through the pages: resolving
 * records who resolved it and invites the person (email and thread, once; no email when
 * they turned reminders off); only the conversation's person answers, once; the comment
 * is sealed at rest; the answer counts for the staff member who resolved it in the
 * monthly report's trend; the person's export carries the answer and erasing their
 * messages (or their account) removes it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../fixtures/testDeps.js';
import { signIn, type SignedIn } from '../fixtures/sessions.js';
import { get, post } from '../http/pages/consoleFixtures.js';
import { configureMessaging, makeTeam, OFFICE_TIME } from '../fixtures/messaging.js';
import { monthlyReport } from '../../src/messaging/monthlyReport.js';
import { eraseAccount } from '../../src/accounts/privacy.js';

let t: TestApp;
let support: SignedIn;
let other: SignedIn;

beforeAll(async () => {
  t = await createTestApp();
  t.clock.now = new Date(OFFICE_TIME);
  const team = await makeTeam(t, 'Support');
  support = team.member;
  other = (await makeTeam(t, 'Other')).member;
  await configureMessaging(t, { routes: { account: team.team.id } });
});
afterAll(async () => {
  await t.close();
});

/** A person's conversation, answered and resolved by support with the status form. */
async function resolvedConversation(person: SignedIn): Promise<string> {
  const opened = await post(t, '/me/messages', person, {
    category: 'account',
    subject: 'Cannot change my email',
    body: 'The form refuses my new address.',
  });
  expect(opened.status).toBe(303);
  const id = opened.headers.get('location')!.split('/').pop()!;
  expect(
    (await post(t, `/admin/messages/${id}/replies`, support, { body: 'Fixed, try again.' })).status,
  ).toBe(303);
  expect((await post(t, `/admin/messages/${id}/state`, support, { status: 'resolved' })).status).toBe(303);
  return id;
}

const ANSWERS = { q1: '4', q2: '5', q3: '2', q4: 'Took two days for a typo fix' };

describe('the survey after a resolved conversation', () => {
  let person: SignedIn;
  let id: string;

  it('records who resolved it and invites the person by email and in the thread, once', async () => {
    person = await signIn(t, 'participant');
    id = await resolvedConversation(person);
    expect(await t.deps.stores.conversations.getConversation(id)).toMatchObject({
      status: 'resolved',
      resolvedBy: support.user.id,
    });
    const email = await t.deps.stores.outbox.getByDedupeKey(`conversation_survey:${id}`);
    expect(email).toMatchObject({ trigger: 'conversation_survey', userId: person.user.id, channel: 'email' });
    expect(email!.status).toBe('sent');
    expect(email!.text).toContain(`/me/surveys/conversations/${id}`);
    // Reopened by the person and resolved again: still one invitation.
    await post(t, `/me/messages/${id}/replies`, person, { body: 'One more thing.' });
    await post(t, `/admin/messages/${id}/state`, support, { status: 'resolved' });
    const all = await t.deps.stores.outbox.search({
      userId: person.user.id,
      trigger: 'conversation_survey',
      channel: 'email',
      limit: 50,
    });
    expect(all).toHaveLength(1);
    const thread = await (await get(t, `/me/messages/${id}`, person)).text();
    expect(thread).toContain(`href="/me/surveys/conversations/${id}"`);
  });

  it('is the conversation person’s alone: others and staff get 404', async () => {
    const stranger = await signIn(t, 'participant');
    expect((await get(t, `/me/surveys/conversations/${id}`, stranger)).status).toBe(404);
    expect((await post(t, `/me/surveys/conversations/${id}`, stranger, ANSWERS)).status).toBe(404);
    expect((await get(t, `/me/surveys/conversations/${id}`, support)).status).toBe(404);
    expect((await get(t, '/me/surveys/conversations/no-such-id', person)).status).toBe(404);
    expect(await t.deps.stores.surveys.getResponse('conversation-satisfaction', id)).toBeUndefined();
  });

  it('takes one answer: ratings plain, the comment sealed, counted for the staff member who resolved it', async () => {
    const page = await get(t, `/me/surveys/conversations/${id}`, person);
    expect(page.status).toBe(200);
    const html = await page.text();
    for (const prompt of [
      'How helpful was the answer?',
      'How clear were our messages?',
      'How quickly did we answer?',
    ])
      expect(html).toContain(prompt);
    const refused = await post(t, `/me/surveys/conversations/${id}`, person, { q1: '4' });
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain('needs an answer');
    const sent = await post(t, `/me/surveys/conversations/${id}`, person, ANSWERS);
    expect(sent.status).toBe(303);
    expect(sent.headers.get('location')).toBe(`/me/messages/${id}?done=surveyed`);
    const stored = (await t.deps.stores.surveys.getResponse('conversation-satisfaction', id))!;
    expect(stored).toMatchObject({
      surveyId: 'conversation-satisfaction@0',
      userId: person.user.id,
      staffId: support.user.id,
      answers: { q1: 4, q2: 5, q3: 2 },
    });
    expect(JSON.stringify(stored)).not.toContain('typo');
    expect(Object.keys(stored.sealedAnswers ?? {})).toEqual(['q4']);
    // The first rating is the conversation's rating too (the older figures keep counting).
    expect((await t.deps.stores.conversations.getConversation(id))?.rating?.score).toBe(4);
    expect((await post(t, `/me/surveys/conversations/${id}`, person, ANSWERS)).status).toBe(409);
    expect((await post(t, `/me/messages/${id}/rating`, person, { score: '1' })).status).toBe(409);
    expect(await (await get(t, `/me/surveys/conversations/${id}`, person)).text()).toContain(
      'You have answered the survey',
    );
  });

  it('shows in the monthly report: the month’s averages and the figures per staff member', async () => {
    const report = await monthlyReport(
      t.deps.messaging,
      { id: 'admin', label: 'a', role: 'admin' },
      '2026-11',
      'SayPro',
    );
    const s = report.feedback.satisfaction;
    expect(s.months).toEqual(['2026-06', '2026-07', '2026-08', '2026-09', '2026-10', '2026-11']);
    expect(s.responsesPerMonth).toEqual([0, 0, 0, 0, 0, 1]);
    expect(s.questions.map((q) => [q.prompt, q.months.at(-1)])).toEqual([
      ['How helpful was the answer?', { average: 4, count: 1 }],
      ['How clear were our messages?', { average: 5, count: 1 }],
      ['How quickly did we answer?', { average: 2, count: 1 }],
    ]);
    expect(s.staff).toEqual([
      { staffId: support.user.id, name: support.user.name, responses: 1, averages: [4, 5, 2] },
    ]);
    const section = report.sections.find((x) => x.heading === 'Satisfaction by staff member')!;
    expect(section.table!.rows).toEqual([[support.user.name, '1', '4', '5', '2']]);
    expect(
      report.sections
        .find((x) => x.heading === 'Satisfaction after resolved conversations')!
        .table!.rows.at(-1),
    ).toEqual(['2026-11', '1', '4', '5', '2']);
    // Staff of another team see the report too, but the per-staff figures name the resolver only.
    expect(s.staff.some((m) => m.staffId === other.user.id)).toBe(false);
  });

  it('is in the person’s export with the comment opened; erasing their messages removes it', async () => {
    const exported = (await (await get(t, '/me/export.json', person)).json()) as {
      conversations: { survey?: { answers: { question: string; answer: unknown }[] } }[];
    };
    expect(exported.conversations[0]!.survey!.answers).toContainEqual({
      question: 'Anything else to tell us?',
      answer: 'Took two days for a typo fix',
    });
    const erased = await post(t, '/me/messages/erase', person, { confirmation: 'ERASE' });
    expect(erased.status).toBe(303);
    expect(await t.deps.stores.surveys.getResponse('conversation-satisfaction', id)).toBeUndefined();
  });
});

describe('who is not asked', () => {
  it('sends no email to a person who turned reminders off (the thread still offers it)', async () => {
    const person = await signIn(t, 'participant');
    await t.deps.stores.notificationSettings.setPreferences({
      userId: person.user.id,
      emailReminders: false,
      updatedAt: OFFICE_TIME.toISOString(),
    });
    const id = await resolvedConversation(person);
    const email = await t.deps.stores.outbox.getByDedupeKey(`conversation_survey:${id}`);
    expect(email?.status).toBe('cancelled');
    expect(await (await get(t, `/me/messages/${id}`, person)).text()).toContain('Answer the survey');
  });

  it('erasing the account removes every survey answer of the person', async () => {
    const person = await signIn(t, 'participant');
    const id = await resolvedConversation(person);
    expect((await post(t, `/me/surveys/conversations/${id}`, person, ANSWERS)).status).toBe(303);
    expect(await t.deps.stores.surveys.listResponsesOf(person.user.id)).toHaveLength(1);
    await eraseAccount(t.deps.accounts, person.user, {
      id: person.user.id,
      label: 'me',
      role: 'participant',
    });
    expect(await t.deps.stores.surveys.listResponsesOf(person.user.id)).toEqual([]);
  });
});
