/**
 * People given an account by someone else (enrolled through the API, the LMS webhook or a
 * CSV import) are invited to choose a password: one email per new account, sent through
 * the outbox (so it is in the delivery log), whose link is made when it is sent and is
 * never stored: the log shows the marker, the email the secret. The link sets the
 * password once; existing accounts get no invitation.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../fixtures/testDeps.js';
import { jsonPost } from '../fixtures/http.js';
import { createUser } from '../fixtures/sessions.js';
import { deliverDue } from '../../src/notifications/outbox.js';
import { ONE_TIME_TOKEN } from '../../src/notifications/oneTimeLinks.js';
import { anonymous, expectRedirect, getPage, postForm } from '../http/pages/pageRequests.js';

let t: TestApp;
let eventsKey: string;
let manageKey: string;

const COURSE = {
  id: 'web-101',
  title: 'Web 101',
  description: 'Pages',
  modules: [{ id: 'm1', title: 'HTML' }],
  assessments: [],
};
const BATCH = {
  id: 'web-101-nov',
  courseId: 'web-101',
  name: 'November',
  achievement: { name: 'Web 101', criteriaNarrative: 'All modules' },
  criteria: {},
};

beforeEach(async () => {
  t = await createTestApp();
  eventsKey = await t.keyWithScopes(['programs:events']);
  manageKey = await t.keyWithScopes(['programs:manage']);
  for (const [path, body] of [
    ['/programs/courses', COURSE],
    ['/programs/batches', BATCH],
  ] as const) {
    expect((await t.app.request(path, jsonPost(body, manageKey))).status).toBe(201);
  }
});
afterEach(async () => {
  await t.close();
});

const enrol = (participant: unknown) =>
  t.app.request('/programs/batches/web-101-nov/enrolments', jsonPost({ participant }, eventsKey));
const invitations = async (email: string) => {
  const user = await t.deps.stores.users.getByEmail(email);
  return user ? t.deps.stores.outbox.search({ userId: user.id, trigger: 'account_created', limit: 10 }) : [];
};
const secretOf = (text: string) => /reset-password\?token=([\w-]+)/.exec(text)?.[1];

describe('accounts made for people', () => {
  it('invites a person enrolled through the API once; the link is made at sending, never stored, and sets the password once', async () => {
    expect((await enrol({ email: 'Thandi@Example.org', name: 'Thandi Nkosi' })).status).toBeLessThan(300);
    expect((await enrol({ email: 'thandi@example.org', name: 'Thandi Nkosi' })).status).toBeLessThan(300);
    const queued = await invitations('thandi@example.org');
    expect(queued.map((m) => [m.channel, m.status])).toEqual([['email', 'queued']]);

    await deliverDue(t.deps.notifications);
    const [logged] = await invitations('thandi@example.org');
    expect(logged!.status).toBe('sent');
    // What staff can read in the delivery log: the marker, not a secret.
    expect(secretOf(logged!.text)).toBe(ONE_TIME_TOKEN);
    // The invitation (the course's own email follows it: enrolmentEmail.test.ts).
    const mail = t.mail.sent.find(
      (m) => m.to === 'thandi@example.org' && m.subject.includes('choose a password'),
    )!;
    expect(mail).toBeDefined();
    const secret = secretOf(mail.text)!;
    expect(secret).not.toBe(ONE_TIME_TOKEN);
    expect(secret.length).toBeGreaterThanOrEqual(32);
    expect(mail.html).toContain(`reset-password?token=${secret}`);
    expect(JSON.stringify(await t.deps.stores.outbox.search({ limit: 100 }))).not.toContain(secret);

    const form = await getPage(t, `/reset-password?token=${secret}`, anonymous());
    expect(form.status).toBe(200);
    expect(await form.text()).toContain('<h1>Choose your password</h1>');
    const password = 'a long enough passphrase 42';
    const set = await postForm(t, '/reset-password', { token: secret, password, confirm: password });
    expect(set.status).toBe(200);
    const done = await set.text();
    expect(done).toContain('Password set');
    expect(done).not.toContain('signed out everywhere');
    expectRedirect(await postForm(t, '/login', { email: 'thandi@example.org', password }), '/me');
    expect(
      (
        await postForm(t, '/reset-password', {
          token: secret,
          password: `${password}!`,
          confirm: `${password}!`,
        })
      ).status,
    ).toBe(400);
  });

  it('invites each new person of a CSV import, and nobody who already had an account', async () => {
    const existing = await createUser(t, 'participant');
    const csv = `email,name,modules\nnew.person@example.org,New Person,\n${existing.email},${existing.name},\n`;
    const res = await t.app.request('/programs/batches/web-101-nov/import', {
      method: 'POST',
      headers: { authorization: `Bearer ${manageKey}`, 'content-type': 'text/csv' },
      body: csv,
    });
    expect(res.status, await res.clone().text()).toBeLessThan(300);
    expect(await invitations('new.person@example.org')).toHaveLength(1);
    expect(await invitations(existing.email)).toHaveLength(0);
  });

  it('keeps trying a message whose one-time link cannot be made, and never sends the marker', async () => {
    expect((await enrol({ email: 'sipho@example.org', name: 'Sipho' })).status).toBeLessThan(300);
    const { oneTimeTokens: _none, ...withoutMinter } = t.deps.notifications;
    await deliverDue(withoutMinter);
    const [message] = await invitations('sipho@example.org');
    expect(message!.status).toBe('queued');
    expect(message!.lastError).toContain('one-time link');
    expect(t.mail.sent.filter((m) => m.to === 'sipho@example.org' && m.subject.includes('password'))).toEqual(
      [],
    );
  });
});
