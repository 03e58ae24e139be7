/**
 * The surveys API for BI tools (GET /reports/surveys, GET /reports/surveys/:audience/answers):
 * behind `surveys:read` (401 without a key, 403 without the scope); answers name people by
 * a stable pseudonym and carry no subject, name or email unless the key also holds
 * `surveys:identities`; pages follow a cursor to the end; the conversation survey's
 * sealed comment is opened; a bad cursor is a 400 and an unknown audience a 404.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../fixtures/testDeps.js';
import { signIn, type SignedIn } from '../fixtures/sessions.js';
import { post } from './pages/consoleFixtures.js';
import { configureMessaging, makeTeam, OFFICE_TIME } from '../fixtures/messaging.js';

let t: TestApp;
let person: SignedIn;
let staff: SignedIn;
let conversationId: string;

beforeAll(async () => {
  t = await createTestApp();
  t.clock.now = new Date(OFFICE_TIME);
  const team = await makeTeam(t, 'Support');
  staff = team.member;
  await configureMessaging(t, { routes: { account: team.team.id } });
  person = await signIn(t, 'participant');
  const opened = await post(t, '/me/messages', person, {
    category: 'account',
    subject: 'Login',
    body: 'Help',
  });
  conversationId = opened.headers.get('location')!.split('/').pop()!;
  await post(t, `/admin/messages/${conversationId}/replies`, staff, { body: 'Done', status: 'resolved' });
  const answered = await post(t, `/me/surveys/conversations/${conversationId}`, person, {
    q1: '5',
    q2: '4',
    q3: '3',
    q4: 'Quick and kind',
  });
  expect(answered.status).toBe(303);
  for (const [i, comment] of ['First', 'Second', 'Third'].entries()) {
    t.clock.now = new Date(OFFICE_TIME.getTime() + (i + 1) * 60_000);
    expect(
      (await post(t, '/admin/messages/feedback', staff, { q1: String(i + 2), q2: comment })).status,
    ).toBe(303);
  }
});
afterAll(async () => t.close());

const get = (path: string, key?: string) =>
  t.app.request(path, { headers: key ? { authorization: `Bearer ${key}` } : {} });

interface Page {
  answers: {
    respondent: Record<string, string>;
    staff?: Record<string, string>;
    subject?: string;
    answers: Record<string, unknown>;
  }[];
  next: string | null;
}

describe('the surveys API', () => {
  it('needs a key with surveys:read', async () => {
    expect((await get('/reports/surveys')).status).toBe(401);
    const reports = await t.keyWithScopes(['reports:read']);
    expect((await get('/reports/surveys', reports)).status).toBe(403);
    expect((await get('/reports/surveys/staff-messaging/answers', reports)).status).toBe(403);
  });

  it('lists every audience with its versions and answer counts', async () => {
    const res = await get('/reports/surveys', await t.keyWithScopes(['surveys:read']));
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      surveys: {
        audience: string;
        current: { id: string } | null;
        versions: { id: string; answers: number }[];
      }[];
    };
    const by = new Map(body.surveys.map((s) => [s.audience, s]));
    expect([...by.keys()].sort()).toEqual([
      'conversation-satisfaction',
      'participant-after-issuance',
      'staff-certificate-process',
      'staff-messaging',
    ]);
    expect(by.get('staff-messaging')!.versions).toEqual([
      expect.objectContaining({ id: 'staff-messaging@0', answers: 3 }),
    ]);
    expect(by.get('staff-certificate-process')!.current).toBeNull();
  });

  it('gives pseudonyms, not names, emails or subjects, by default; the comment opened', async () => {
    const key = await t.keyWithScopes(['surveys:read']);
    const res = await get('/reports/surveys/conversation-satisfaction/answers', key);
    expect(res.status).toBe(200);
    const text = await res.text();
    for (const secret of [
      person.user.email,
      person.user.name,
      person.user.id,
      staff.user.name,
      conversationId,
    ])
      expect(text).not.toContain(secret);
    const page = JSON.parse(text) as Page;
    expect(page.next).toBeNull();
    expect(page.answers[0]!.answers).toEqual({ q1: 5, q2: 4, q3: 3, q4: 'Quick and kind' });
    expect(page.answers[0]!.respondent.pseudonym).toMatch(/^p_[A-Za-z0-9_-]+$/);
    expect(page.answers[0]!.staff!.pseudonym).toMatch(/^p_/);
    // The same person has the same pseudonym in every audience (staff answered both).
    const staffForms = (await (await get('/reports/surveys/staff-messaging/answers', key)).json()) as Page;
    expect(staffForms.answers[0]!.respondent.pseudonym).toBe(page.answers[0]!.staff!.pseudonym);
  });

  it('names people with surveys:identities', async () => {
    const key = await t.keyWithScopes(['surveys:read', 'surveys:identities']);
    const page = (await (
      await get('/reports/surveys/conversation-satisfaction/answers', key)
    ).json()) as Page;
    expect(page.answers[0]).toMatchObject({
      respondent: { id: person.user.id, name: person.user.name, email: person.user.email },
      staff: { id: staff.user.id, name: staff.user.name },
      subject: conversationId,
    });
  });

  it('pages with a cursor to the end, oldest first; refuses a bad cursor, limit or audience', async () => {
    const key = await t.keyWithScopes(['surveys:read']);
    const comments: unknown[] = [];
    let next: string | null = '';
    let pages = 0;
    while (next !== null) {
      const res = await get(
        `/reports/surveys/staff-messaging/answers?limit=2${next ? `&after=${next}` : ''}`,
        key,
      );
      expect(res.status).toBe(200);
      const page = (await res.json()) as Page;
      comments.push(...page.answers.map((a) => a.answers.q2));
      next = page.next;
      pages += 1;
    }
    expect(comments).toEqual(['First', 'Second', 'Third']);
    expect(pages).toBe(2);
    expect((await get('/reports/surveys/staff-messaging/answers?after=not-a-cursor', key)).status).toBe(400);
    expect((await get('/reports/surveys/staff-messaging/answers?limit=0', key)).status).toBe(400);
    expect((await get('/reports/surveys/nope/answers', key)).status).toBe(404);
  });
});
