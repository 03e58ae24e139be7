/**
 * The security cases of every message route: no session (pages redirect, posts 401), the
 * wrong role, someone else's conversation or message (404, nothing changed), a staff
 * member of another team, a missing CSRF token, an oversized body and malformed fields;
 * plus erasure with the account and the retention sweep.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../fixtures/testDeps.js';
import { signIn, TEST_PASSWORD, type SignedIn } from '../fixtures/sessions.js';
import { get, noSession, post } from '../http/pages/consoleFixtures.js';
import { configureMessaging, makeTeam, OFFICE_TIME } from '../fixtures/messaging.js';
import { applyRetention } from '../../src/messaging/messagingPrivacy.js';

let t: TestApp;
let owner: SignedIn;
let stranger: SignedIn;
let teamStaff: SignedIn;
let otherTeamStaff: SignedIn;
let id: string;
let staffMessageId: string;

const BIG = 'x'.repeat(1024 * 1024 + 10);

beforeAll(async () => {
  t = await createTestApp();
  t.clock.now = new Date(OFFICE_TIME);
  const desk = await makeTeam(t, 'Accounts');
  teamStaff = desk.member;
  otherTeamStaff = (await makeTeam(t, 'Ads')).member;
  await configureMessaging(t, { routes: { account: desk.team.id } });
  owner = await signIn(t, 'participant');
  stranger = await signIn(t, 'partner');
  const res = await post(t, '/me/messages', owner, {
    category: 'account',
    subject: 'Private matter',
    body: 'Only for the accounts desk',
  });
  id = res.headers.get('location')!.split('/').pop()!;
  await post(t, `/admin/messages/${id}/replies`, teamStaff, { body: 'We are on it' });
  staffMessageId = (await t.deps.stores.conversationMessages.listMessages(id)).find(
    (m) => m.authorRole === 'staff',
  )!.id;
});
afterAll(async () => {
  await t.close();
});

const count = async () =>
  (await t.deps.stores.conversationMessages.listMessages(id, { includeHeld: true })).length;

describe('message routes refuse', () => {
  it('visitors without a session', async () => {
    for (const path of [
      '/me/messages',
      `/me/messages/${id}`,
      '/admin/messages',
      `/admin/messages/${id}`,
      '/admin/messages/review',
      '/admin/messages/reports',
    ]) {
      expect((await get(t, path, noSession())).status, path).toBe(303);
    }
    for (const path of [
      '/me/messages',
      `/me/messages/${id}/replies`,
      `/me/messages/${id}/rating`,
      '/me/messages/reports',
      '/me/messages/erase',
      `/admin/messages/${id}/replies`,
      `/admin/messages/${id}/notes`,
      `/admin/messages/${id}/state`,
    ]) {
      expect((await post(t, path, noSession(), { body: 'x' })).status, path).toBe(401);
    }
    expect(await count()).toBe(2);
  });

  it('the wrong role on staff routes', async () => {
    for (const path of ['/admin/messages', `/admin/messages/${id}`, '/admin/messages/review'])
      expect((await get(t, path, owner)).status).toBe(403);
    for (const path of [
      `/admin/messages/${id}/replies`,
      `/admin/messages/${id}/notes`,
      `/admin/messages/${id}/state`,
      `/admin/messages/blocks/${stranger.user.id}`,
      `/admin/messages/review/held/x`,
    ]) {
      expect(
        (await post(t, path, owner, { body: 'x', mode: 'blocked', reason: 'x', decision: 'release' })).status,
        path,
      ).toBe(403);
    }
    expect(
      (await post(t, '/me/messages', teamStaff, { category: 'other', subject: 'x', body: 'y' })).status,
    ).toBe(403);
  });

  it("someone else's conversation or message, and staff of another team", async () => {
    expect((await get(t, `/me/messages/${id}`, stranger)).status).toBe(404);
    expect((await get(t, `/me/messages/${id}/events`, stranger)).status).toBe(404);
    expect((await post(t, `/me/messages/${id}/replies`, stranger, { body: 'Let me in' })).status).toBe(404);
    expect((await post(t, `/me/messages/${id}/rating`, stranger, { score: '1' })).status).toBe(404);
    expect(
      (await post(t, '/me/messages/reports', stranger, { messageId: staffMessageId, reason: 'x' })).status,
    ).toBe(404);
    expect((await get(t, `/admin/messages/${id}`, otherTeamStaff)).status).toBe(404);
    expect((await post(t, `/admin/messages/${id}/replies`, otherTeamStaff, { body: 'Hi' })).status).toBe(404);
    expect((await post(t, `/admin/messages/${id}/notes`, otherTeamStaff, { body: 'Hi' })).status).toBe(404);
    expect((await get(t, '/admin/messages?q=accounts%20desk', otherTeamStaff)).status).toBe(200);
    expect(await (await get(t, '/admin/messages?q=accounts%20desk', otherTeamStaff)).text()).not.toContain(
      'Private matter',
    );
    expect((await get(t, `/me/messages/${id}`, owner)).status).toBe(200);
    expect(await count()).toBe(2);
    // Erasing one's own history leaves others' conversations alone.
    await post(t, '/me/messages/erase', stranger, { confirmation: 'ERASE' });
    expect(await count()).toBe(2);
  });

  it('a missing CSRF token, an oversized body and malformed fields', async () => {
    expect((await post(t, `/me/messages/${id}/replies`, owner, { body: 'x' }, { csrf: null })).status).toBe(
      403,
    );
    expect(
      (await post(t, `/admin/messages/${id}/replies`, teamStaff, { body: 'x' }, { csrf: null })).status,
    ).toBe(403);
    expect((await post(t, `/me/messages/${id}/replies`, owner, { body: BIG })).status).toBe(413);
    expect(
      (await post(t, '/me/messages', owner, { category: 'weather', subject: 'x', body: 'y' })).status,
    ).toBe(400);
    expect((await post(t, '/me/messages', owner, { category: 'other', subject: '', body: 'y' })).status).toBe(
      400,
    );
    expect((await post(t, `/me/messages/${id}/replies`, owner, { body: 'z'.repeat(10_001) })).status).toBe(
      400,
    );
    expect((await post(t, `/me/messages/${id}/replies`, owner, { body: '   ' })).status).toBe(400);
    expect(
      (await post(t, `/admin/messages/${id}/replies`, teamStaff, { body: 'x', status: 'closed' })).status,
    ).toBe(400);
    expect((await post(t, `/admin/messages/${id}/state`, teamStaff, { status: 'closed' })).status).toBe(400);
    expect((await post(t, `/admin/messages/${id}/state`, teamStaff, { teamId: 'no-such-team' })).status).toBe(
      400,
    );
    expect((await post(t, `/admin/messages/review/held/x`, teamStaff, { decision: 'maybe' })).status).toBe(
      400,
    );
    expect(await count()).toBe(2);
  });
});

describe('erasure and retention', () => {
  it("erases a person's conversations with their account", async () => {
    const leaving = await signIn(t, 'participant');
    const res = await post(t, '/me/messages', leaving, {
      category: 'other',
      subject: 'Bye',
      body: 'Delete me soon',
    });
    const mine = res.headers.get('location')!.split('/').pop()!;
    const exported = (await (await get(t, '/me/export.json', leaving)).json()) as {
      conversations: { subject: string; messages: { text: string }[] }[];
    };
    expect(exported.conversations).toEqual([
      expect.objectContaining({
        subject: 'Bye',
        messages: [expect.objectContaining({ text: 'Delete me soon' })],
      }),
    ]);
    expect(
      (await post(t, '/me/erase', leaving, { password: TEST_PASSWORD, confirmation: 'ERASE' })).status,
    ).toBe(200);
    expect(await t.deps.stores.conversationMessages.listMessages(mine, { includeHeld: true })).toEqual([]);
    expect((await t.deps.stores.conversations.getConversation(mine))?.erasedAt).toBeDefined();
  });

  it('erases resolved conversations after the retention period, and only those', async () => {
    await configureMessaging(t, { retentionDays: 30 });
    const person = await signIn(t, 'participant');
    const a = (
      await post(t, '/me/messages', person, { category: 'other', subject: 'Old', body: 'Old question' })
    ).headers
      .get('location')!
      .split('/')
      .pop()!;
    const b = (
      await post(t, '/me/messages', person, {
        category: 'other',
        subject: 'Still open',
        body: 'Open question',
      })
    ).headers
      .get('location')!
      .split('/')
      .pop()!;
    await post(t, `/admin/messages/${a}/replies`, teamStaff, { body: 'Answered', status: 'resolved' });
    t.clock.now = new Date(OFFICE_TIME.getTime() + 29 * 86_400_000);
    expect(await applyRetention(t.deps.messaging)).toBe(0);
    t.clock.now = new Date(OFFICE_TIME.getTime() + 31 * 86_400_000);
    expect(await applyRetention(t.deps.messaging)).toBeGreaterThanOrEqual(1);
    expect((await t.deps.stores.conversations.getConversation(a))?.erasedAt).toBeDefined();
    expect((await t.deps.stores.conversations.getConversation(b))?.erasedAt).toBeUndefined();
    expect(await t.deps.stores.conversationMessages.listMessages(b)).toHaveLength(1);
    t.clock.now = new Date(OFFICE_TIME);
  });
});
