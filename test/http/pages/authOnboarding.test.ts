/**
 * Accounts made by someone else: accepting an invitation (created by an admin through
 * the domain) signs the person in with the invited role; first-run setup creates the
 * first admin once.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../fixtures/testDeps.js';
import { createUser } from '../../fixtures/sessions.js';
import { anonymous, expectRedirect, getPage, postForm, signedInFrom } from './pageRequests.js';
import { createSetupLinkIfNeeded, inviteUser } from '../../../src/accounts/invitations.js';
import { actorOf } from '../../../src/http/pages/pageKit.js';

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
});
afterEach(async () => {
  await t.close();
});

const PASSWORD = 'tangerine harbour 42';

function tokenOf(url: string): string {
  return new URL(url).searchParams.get('token')!;
}

describe('accept an invitation', () => {
  it('shows the invited email and role, creates the account and signs in; the link works once', async () => {
    const admin = await createUser(t, 'admin');
    const url = await inviteUser(t.deps.accounts, actorOf(admin), {
      email: 'Lindiwe.Reviewer@Example.org',
      role: 'reviewer',
    });
    const token = tokenOf(url);

    const page = await getPage(t, `/accept-invitation?token=${token}`, anonymous());
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('lindiwe.reviewer@example.org');
    expect(html).toContain('reviewer');
    expect(html).toContain(`name="token" value="${token}"`);

    const missingName = await postForm(t, '/accept-invitation', { token, name: '', password: PASSWORD });
    expect(missingName.status).toBe(400);
    expect(await missingName.text()).toContain('Enter your name');

    const accepted = await postForm(t, '/accept-invitation', {
      token,
      name: 'Lindiwe Mokoena',
      password: PASSWORD,
    });
    expectRedirect(accepted, '/reviewer');
    const browser = signedInFrom(accepted);
    const me = await getPage(t, '/me/profile', browser);
    expect(me.status).toBe(200);
    expect(await me.text()).toContain('Lindiwe Mokoena');
    const stored = await t.deps.stores.users.getByEmail('lindiwe.reviewer@example.org');
    expect(stored?.role).toBe('reviewer');
    expect(t.mail.lastTo('lindiwe.reviewer@example.org')?.text).toContain('Hello Lindiwe Mokoena');
    expect(
      await t.deps.stores.outbox.search({
        userId: stored!.id,
        trigger: 'welcome',
        channel: 'email',
        limit: 5,
      }),
    ).toHaveLength(1);

    expect((await getPage(t, `/accept-invitation?token=${token}`, anonymous())).status).toBe(400);
    const reused = await postForm(t, '/accept-invitation', {
      token,
      name: 'Someone Else',
      password: PASSWORD,
    });
    expect(reused.status).toBe(400);
    expect(await reused.text()).toContain('invalid, used or expired');
  });

  it('refuses an unknown or missing token', async () => {
    expect((await getPage(t, '/accept-invitation?token=unknown', anonymous())).status).toBe(400);
    expect((await getPage(t, '/accept-invitation', anonymous())).status).toBe(400);
  });
});

describe('first-run setup', () => {
  it('creates the first admin, signs them in and sends them to /admin, once', async () => {
    const url = await createSetupLinkIfNeeded(t.deps.accounts);
    const token = tokenOf(url!);
    const page = await getPage(t, `/setup?token=${token}`, anonymous());
    expect(page.status).toBe(200);
    expect(await page.text()).toContain(`name="token" value="${token}"`);

    const weak = await postForm(t, '/setup', {
      token,
      name: 'Thabo Admin',
      email: 'thabo@example.org',
      password: 'short',
    });
    expect(weak.status).toBe(400);
    const weakHtml = await weak.text();
    expect(weakHtml).toContain('at least 10 characters');
    expect(weakHtml).toContain('value="thabo@example.org"');

    const done = await postForm(t, '/setup', {
      token,
      name: 'Thabo Admin',
      email: 'thabo@example.org',
      password: PASSWORD,
    });
    expectRedirect(done, '/admin');
    const browser = signedInFrom(done);
    expectRedirect(await getPage(t, '/', browser), '/admin');
    expect((await t.deps.stores.users.getByEmail('thabo@example.org'))?.role).toBe('admin');

    expect(await createSetupLinkIfNeeded(t.deps.accounts)).toBeUndefined();
    const again = await postForm(t, '/setup', {
      token,
      name: 'Intruder',
      email: 'intruder@example.org',
      password: PASSWORD,
    });
    expect(again.status).toBe(403);
    expect(await t.deps.stores.users.getByEmail('intruder@example.org')).toBeUndefined();
  });

  it('asks for the token', async () => {
    expect((await getPage(t, '/setup', anonymous())).status).toBe(400);
  });
});
