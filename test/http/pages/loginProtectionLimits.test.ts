/**
 * The rest of login protection: the per-address limit on failed attempts (one address
 * spraying many accounts is stopped, others are not, successful sign-ins do not count),
 * the one warning email per throttle episode, password reset clearing the count and
 * trusting the browser that used the link, and the profile's password re-check feeding
 * the same count and delay.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../fixtures/testDeps.js';
import { createUser, signIn, TEST_PASSWORD } from '../../fixtures/sessions.js';
import { anonymous, expectRedirect, fromAddress, linkFromMail, postForm, setCookie } from './pageRequests.js';
import {
  advance,
  ownerBrowser,
  rightPassword,
  warnings,
  withDevice,
  WRONG_PASSWORD,
  wrongPasswords,
} from './loginAttacks.js';

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
});
afterEach(async () => {
  await t.close();
});

const NEW_PASSWORD = 'tangerine harbour 42';

describe('the per-address limit', () => {
  it('stops one address spraying many accounts, and no other address', async () => {
    const sprayer = fromAddress('203.0.113.50');
    const people = await Promise.all(Array.from({ length: 11 }, () => createUser(t, 'participant')));
    for (const person of people.slice(0, 10)) {
      expect(
        (
          await postForm(t, '/login', { email: person.email, password: WRONG_PASSWORD }, anonymous(), {
            env: sprayer,
          })
        ).status,
      ).toBe(401);
    }
    const limited = await postForm(
      t,
      '/login',
      { email: people[10]!.email, password: WRONG_PASSWORD },
      anonymous(),
      { env: sprayer },
    );
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await limited.text()).toContain('Too many attempts from your network');
    // Even the right password waits at that address; elsewhere it works, and no account was throttled.
    expect(
      (
        await postForm(t, '/login', { email: people[0]!.email, password: TEST_PASSWORD }, anonymous(), {
          env: sprayer,
        })
      ).status,
    ).toBe(429);
    expectRedirect(
      await postForm(t, '/login', { email: people[0]!.email, password: TEST_PASSWORD }, anonymous(), {
        env: fromAddress('198.51.100.2'),
      }),
      '/me',
    );
    expect(
      (
        await postForm(t, '/login', { email: people[10]!.email, password: WRONG_PASSWORD }, anonymous(), {
          env: fromAddress('198.51.100.2'),
        })
      ).status,
    ).toBe(401);
  });

  it('counts failures only: a class signing in from one address all get in', async () => {
    const classroom = fromAddress('192.0.2.10');
    for (let i = 0; i < 12; i++) {
      const person = await createUser(t, 'participant');
      expectRedirect(
        await postForm(t, '/login', { email: person.email, password: TEST_PASSWORD }, anonymous(), {
          env: classroom,
        }),
        '/me',
      );
    }
    for (let i = 0; i < 10; i++) {
      expect(
        (
          await postForm(
            t,
            '/login',
            { email: `nobody${i}@example.org`, password: WRONG_PASSWORD },
            anonymous(),
            { env: classroom },
          )
        ).status,
      ).toBe(401);
    }
    expect(
      (
        await postForm(t, '/login', { email: 'nobody@example.org', password: WRONG_PASSWORD }, anonymous(), {
          env: classroom,
        })
      ).status,
    ).toBe(429);
  });
});

describe('the warning email', () => {
  it('goes to the owner once per throttle episode, saying what happened and where to reset', async () => {
    const user = await createUser(t, 'participant');
    const owner = await ownerBrowser(t, user);
    await wrongPasswords(t, user.email, 4);
    expect(warnings(t, user)).toHaveLength(0);
    await wrongPasswords(t, user.email, 1);
    expect(warnings(t, user)).toHaveLength(1);
    const [mail] = warnings(t, user);
    expect(mail!.subject).toBe('Failed sign-in attempts on your SayPro account');
    expect(mail!.text).toContain('There were 5 failed attempts in a row');
    expect(mail!.text).toContain(
      'your password still works straight away in browsers where you have signed in before',
    );
    expect(linkFromMail(t, user.email, '/forgot-password')).toBe('/forgot-password');

    // More wrong passwords in the same episode: no more email.
    for (let i = 0; i < 4; i++) {
      advance(t, 15 * 60_000);
      await wrongPasswords(t, user.email, 1);
    }
    expect(warnings(t, user)).toHaveLength(1);

    // The owner signs in, which ends the episode; the next run of five starts another.
    expectRedirect(await rightPassword(t, user, owner), '/me');
    await wrongPasswords(t, user.email, 5);
    expect(warnings(t, user)).toHaveLength(2);
  });
});

describe('password reset', () => {
  it('clears the count and makes the browser that used the link a known one', async () => {
    const user = await createUser(t, 'participant');
    await wrongPasswords(t, user.email, 5);
    advance(t, 1000);
    await wrongPasswords(t, user.email, 1);
    await postForm(t, '/forgot-password', { email: user.email });
    const token = new URL(linkFromMail(t, user.email, '/reset-password'), 'http://x').searchParams.get(
      'token',
    )!;
    const done = await postForm(t, '/reset-password', {
      token,
      password: NEW_PASSWORD,
      confirm: NEW_PASSWORD,
    });
    expect(done.status).toBe(200);
    expect(await t.deps.stores.users.get(user.id)).toMatchObject({ failedLogins: 0 });

    // The attack resumes at once; the resetting browser is not delayed, a new one is.
    await wrongPasswords(t, user.email, 5);
    expect(
      (
        await postForm(t, '/login', { email: user.email, password: NEW_PASSWORD }, anonymous(), {
          env: fromAddress('198.51.100.3'),
        })
      ).status,
    ).toBe(429);
    const resetter = withDevice(setCookie(done, 'device')!);
    expectRedirect(
      await postForm(t, '/login', { email: user.email, password: NEW_PASSWORD }, resetter),
      '/me',
    );
  });
});

describe('the profile password re-check', () => {
  it('feeds the same count and delay, and a signed-in browser is not exempt', async () => {
    const here = await signIn(t, 'participant');
    const change = (currentPassword: string) =>
      postForm(
        t,
        '/me/password',
        { currentPassword, newPassword: NEW_PASSWORD, confirm: NEW_PASSWORD },
        here,
      );
    for (let i = 0; i < 5; i++) expect((await change('not my password')).status).toBe(400);
    expect(warnings(t, here.user)).toHaveLength(1);

    const throttled = await change(TEST_PASSWORD);
    expect(throttled.status).toBe(429);
    expect(await throttled.text()).toContain('Too many failed attempts for this account');
    expect((await rightPassword(t, here.user)).status).toBe(429);

    advance(t, 1000);
    expect((await change(TEST_PASSWORD)).status).toBe(200);
    expect(await t.deps.stores.users.get(here.user.id)).toMatchObject({ failedLogins: 0 });
  });
});
