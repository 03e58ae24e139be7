/**
 * Signing up, confirming the email, logging in and out, the per-account delay (no
 * lock-out), the per-address rate limit, password reset, and the post-login redirect
 * that never leaves the site.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../fixtures/testDeps.js';
import { createUser, signIn, TEST_PASSWORD } from '../../fixtures/sessions.js';
import {
  anonymous,
  expectRedirect,
  fromAddress,
  getPage,
  linkFromMail,
  postForm,
  setCookie,
  signedInFrom,
} from './pageRequests.js';

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
});
afterEach(async () => {
  await t.close();
});

const NEW_PASSWORD = 'tangerine harbour 42';

describe('landing page', () => {
  it('links to verify, log in and sign up for visitors', async () => {
    const res = await getPage(t, '/', anonymous());
    expect(res.status).toBe(200);
    const html = await res.text();
    for (const href of ['/verify', '/login', '/signup']) expect(html).toContain(`href="${href}"`);
  });

  it('sends a signed-in person to their home', async () => {
    expectRedirect(await getPage(t, '/', await signIn(t, 'participant')), '/me');
    expectRedirect(await getPage(t, '/', await signIn(t, 'admin')), '/admin');
    expectRedirect(await getPage(t, '/login', await signIn(t, 'partner')), '/partner');
  });
});

describe('sign up, confirm, log in, log out', () => {
  it('runs the whole flow and the session dies on logout', async () => {
    const email = 'amara.new@example.org';
    const signup = await postForm(t, '/signup', {
      name: 'Amara Okafor',
      email,
      password: NEW_PASSWORD,
      acceptedTerms: 'yes',
    });
    expect(signup.status).toBe(200);
    expect(await signup.text()).toContain('Check your email');

    // Before confirming, logging in is refused (and a fresh link is sent).
    const early = await postForm(t, '/login', { email, password: NEW_PASSWORD });
    expect(early.status).toBe(403);
    expect(await early.text()).toContain('Confirm your email address first');

    const link = linkFromMail(t, email, '/verify-email');
    const confirmed = await getPage(t, link, anonymous());
    expect(confirmed.status).toBe(200);
    expect(await confirmed.text()).toContain('Email confirmed');
    expect((await getPage(t, link, anonymous())).status).toBe(400);
    // Confirming sends the welcome message, once, by email and to the portal.
    expect(t.mail.lastTo(email)?.subject).toMatch(/^Welcome to /);
    const account = await t.deps.stores.users.getByEmail(email);
    expect(
      (await t.deps.stores.outbox.search({ userId: account!.id, trigger: 'welcome', limit: 5 }))
        .map((m) => m.channel)
        .sort(),
    ).toEqual(['email', 'in_app']);

    const login = await postForm(t, '/login', { email, password: NEW_PASSWORD });
    expectRedirect(login, '/me');
    const browser = signedInFrom(login);
    const me = await getPage(t, '/me', browser);
    expect(me.status).toBe(200);
    expect(await me.text()).toContain('My certificates');

    const logout = await postForm(t, '/logout', {}, browser);
    expectRedirect(logout, '/');
    expect(setCookie(logout, 'sid')).toBe('');
    expectRedirect(await getPage(t, '/me', browser), '/login?next=%2Fme');
  });

  it('re-renders the sign-up form with the entered values (never the password) and a reason', async () => {
    const res = await postForm(t, '/signup', {
      name: 'Bongani Dube',
      email: 'bongani@example.org',
      password: NEW_PASSWORD,
    });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain('Accept the terms');
    expect(html).toContain('value="Bongani Dube"');
    expect(html).toContain('value="bongani@example.org"');
    expect(html).not.toContain(NEW_PASSWORD);
    expect(html).toMatch(/<label for="field-password">/);
  });

  it('rejects a missing or unknown confirmation token', async () => {
    expect((await getPage(t, '/verify-email', anonymous())).status).toBe(400);
    expect((await getPage(t, '/verify-email?token=nope', anonymous())).status).toBe(400);
  });
});

describe('invite-only mode', () => {
  it('explains instead of offering sign-up, and refuses the POST', async () => {
    const invite = await createTestApp({ env: { SIGNUP_MODE: 'invite' } });
    try {
      const page = await getPage(invite, '/signup', anonymous());
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('by invitation only');
      const landing = await (await getPage(invite, '/', anonymous())).text();
      expect(landing).not.toContain('href="/signup"');
      const post = await postForm(invite, '/signup', {
        name: 'X Y',
        email: 'xy@example.org',
        password: NEW_PASSWORD,
        acceptedTerms: 'yes',
      });
      expect(post.status).toBe(403);
      expect(invite.mail.sent).toHaveLength(0);
    } finally {
      await invite.close();
    }
  });
});

describe('log in', () => {
  it('after 5 wrong passwords a new browser waits a second (no 15-minute lock), then gets in', async () => {
    const user = await createUser(t, 'participant');
    for (let i = 0; i < 5; i++) {
      const res = await postForm(t, '/login', { email: user.email, password: 'wrong password here' });
      expect(res.status).toBe(401);
      const html = await res.text();
      expect(html).toContain('The email or password is incorrect');
      expect(html).toContain(`value="${user.email}"`);
    }
    const throttled = await postForm(t, '/login', { email: user.email, password: TEST_PASSWORD });
    expect(throttled.status).toBe(429);
    expect(throttled.headers.get('retry-after')).toBe('1');
    const html = await throttled.text();
    expect(html).toContain(
      'Too many failed attempts for this account. Try again in 1 second, or reset your password.',
    );
    expect(html).toContain(`value="${user.email}"`);

    // A second, not fifteen minutes (the rest is in loginProtection*.test.ts).
    t.clock.now = new Date(t.clock.now.getTime() + 1000);
    expectRedirect(await postForm(t, '/login', { email: user.email, password: TEST_PASSWORD }), '/me');
  });

  it('limits attempts per address: the 11th POST in 15 minutes is 429, other addresses are not affected', async () => {
    const env = fromAddress('203.0.113.7');
    for (let i = 0; i < 10; i++) {
      const res = await postForm(
        t,
        '/login',
        { email: `nobody${i}@example.org`, password: 'wrong password here' },
        anonymous(),
        { env },
      );
      expect(res.status).toBe(401);
    }
    const limited = await postForm(
      t,
      '/login',
      { email: 'nobody@example.org', password: 'wrong password here' },
      anonymous(),
      { env },
    );
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await limited.text()).toContain('Too many attempts from your network');

    const elsewhere = await postForm(
      t,
      '/login',
      { email: 'nobody@example.org', password: 'wrong password here' },
      anonymous(),
      { env: fromAddress('198.51.100.2') },
    );
    expect(elsewhere.status).toBe(401);
  });

  it('redirects only to a local path after login', async () => {
    const user = await createUser(t, 'participant');
    const page = await getPage(t, '/login?next=%2Fme%2Fprivacy', anonymous());
    expect(await page.text()).toContain('name="next" value="/me/privacy"');
    const login = (next: string) =>
      postForm(t, '/login', { email: user.email, password: TEST_PASSWORD, next });
    expectRedirect(await login('/me/privacy'), '/me/privacy');
    expectRedirect(await login('//evil.example'), '/me');
    expectRedirect(await login('https://evil.example'), '/me');
    expectRedirect(await login('/\\evil.example'), '/me');
  });
});

describe('password reset', () => {
  it('ends old sessions, retires the old password, and the link works once', async () => {
    const user = await createUser(t, 'participant');
    const first = await signIn(t, 'participant', user);
    const second = await signIn(t, 'participant', user);

    const asked = await postForm(t, '/forgot-password', { email: user.email });
    const unknown = await postForm(t, '/forgot-password', { email: 'nobody.here@example.org' });
    expect(asked.status).toBe(200);
    expect(unknown.status).toBe(200);
    const answer = await asked.text();
    expect(answer).toContain('If an account exists');
    expect(await unknown.text()).toBe(answer);
    expect(t.mail.lastTo('nobody.here@example.org')).toBeUndefined();

    const link = linkFromMail(t, user.email, '/reset-password');
    const token = new URL(link, 'http://x').searchParams.get('token')!;
    const form = await getPage(t, link, anonymous());
    expect(form.status).toBe(200);
    expect(await form.text()).toContain(`name="token" value="${token}"`);

    const mismatch = await postForm(t, '/reset-password', {
      token,
      password: NEW_PASSWORD,
      confirm: 'something else entirely',
    });
    expect(mismatch.status).toBe(400);
    expect(await mismatch.text()).toContain('The two passwords differ');

    const done = await postForm(t, '/reset-password', {
      token,
      password: NEW_PASSWORD,
      confirm: NEW_PASSWORD,
    });
    expect(done.status).toBe(200);
    expect(await done.text()).toContain('Password changed');

    for (const old of [first, second]) expectRedirect(await getPage(t, '/me', old), '/login?next=%2Fme');
    expect((await postForm(t, '/login', { email: user.email, password: TEST_PASSWORD })).status).toBe(401);
    expectRedirect(await postForm(t, '/login', { email: user.email, password: NEW_PASSWORD }), '/me');

    const again = await postForm(t, '/reset-password', {
      token,
      password: 'another fine password',
      confirm: 'another fine password',
    });
    expect(again.status).toBe(400);
    expect(await again.text()).toContain('invalid, used or expired');
  });

  it('asks for a token on the reset page', async () => {
    expect((await getPage(t, '/reset-password', anonymous())).status).toBe(400);
  });
});
