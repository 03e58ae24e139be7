/**
 * Login protection that cannot be turned against the owner: wrong passwords from many
 * addresses only delay browsers the owner never signed in from, by a wait that doubles
 * up to 15 minutes; the owner's own browser (its signed known-device cookie) gets in at
 * once; forged or someone else's cookies exempt nobody; a success resets the count; an
 * old 15-minute lock stored by the previous version locks nobody out.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { createTestApp, type TestApp } from '../../fixtures/testDeps.js';
import { createUser, TEST_PASSWORD } from '../../fixtures/sessions.js';
import { CSRF, expectRedirect, getPage, postForm, setCookie, signedInFrom } from './pageRequests.js';
import {
  advance,
  newAddress,
  ownerBrowser,
  rightPassword,
  withDevice,
  WRONG_PASSWORD,
  wrongPasswords,
} from './loginAttacks.js';
import { issueDeviceToken } from '../../../src/accounts/knownDevices.js';

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
});
afterEach(async () => {
  await t.close();
});

describe('an attacker who knows the email address', () => {
  it('cannot keep the owner out of a browser they signed in from before', async () => {
    const user = await createUser(t, 'participant');
    const owner = await ownerBrowser(t, user);
    await wrongPasswords(t, user.email, 5);

    const res = await rightPassword(t, user, owner);
    expectRedirect(res, '/me');
    expect((await getPage(t, '/me', signedInFrom(res))).status).toBe(200);
    // The sign-in renews the cookie for another year.
    expect(setCookie(res, 'device')).toBeTruthy();
  });

  it('only delays a new browser: 429 with Retry-After inside the wait, in after it', async () => {
    const user = await createUser(t, 'participant');
    await wrongPasswords(t, user.email, 5);

    const early = await rightPassword(t, user);
    expect(early.status).toBe(429);
    expect(early.headers.get('retry-after')).toBe('1');
    expect(await early.text()).toContain(
      'Too many failed attempts for this account. Try again in 1 second, or reset your password.',
    );
    expect(setCookie(early, 'sid')).toBeUndefined();

    advance(t, 1000);
    expectRedirect(await rightPassword(t, user), '/me');
  });

  it('doubles the wait with each further wrong password up to 15 minutes; the owner still gets in at once', async () => {
    const user = await createUser(t, 'participant');
    const owner = await ownerBrowser(t, user);
    await wrongPasswords(t, user.email, 5);
    const waits: number[] = [];
    for (let round = 0; round < 12; round++) {
      const refused = await postForm(
        t,
        '/login',
        { email: user.email, password: WRONG_PASSWORD },
        undefined,
        { env: newAddress() },
      );
      expect(refused.status).toBe(429);
      const wait = Number(refused.headers.get('retry-after'));
      waits.push(wait);
      advance(t, wait * 1000);
      await wrongPasswords(t, user.email, 1);
    }
    expect(waits).toEqual([1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 900, 900]);
    const capped = await rightPassword(t, user);
    expect(capped.status).toBe(429);
    expect(await capped.text()).toContain('Try again in 15 minutes');

    expectRedirect(await rightPassword(t, user, owner), '/me');
  });
});

describe('the known-device cookie', () => {
  it("exempts nobody when it is someone else's, forged, re-signed, spliced or expired", async () => {
    const user = await createUser(t, 'participant');
    const other = await createUser(t, 'participant');
    const othersBrowser = await ownerBrowser(t, other);
    const genuine = (await ownerBrowser(t, user)).cookie.split('device=')[1]!;
    await wrongPasswords(t, user.email, 5);

    const secret = t.deps.notifications.links!.secret;
    const now = t.clock.now;
    const [version, encodedId, issued, tag] = genuine.split('.');
    const othersTag = othersBrowser.cookie.split('device=')[1]!.split('.')[3];
    const forgeries = {
      "the other user's": othersBrowser,
      'tampered tag': withDevice(
        `${version}.${encodedId}.${issued}.${tag![0] === 'A' ? 'B' : 'A'}${tag!.slice(1)}`,
      ),
      'signed with another secret': withDevice(issueDeviceToken(randomBytes(32), user.id, now)),
      "the other user's tag on this user's id": withDevice(`${version}.${encodedId}.${issued}.${othersTag}`),
      'issued over a year ago': withDevice(
        issueDeviceToken(secret, user.id, new Date(now.getTime() - 366 * 24 * 3600_000)),
      ),
      garbage: withDevice('v1.x.y.z~~..'),
    };
    for (const [what, browser] of Object.entries(forgeries)) {
      expect((await rightPassword(t, user, browser)).status, what).toBe(429);
    }
    // The same secret and a current issue time do exempt: the refusals above were the cookie's fault.
    expectRedirect(await rightPassword(t, user, withDevice(issueDeviceToken(secret, user.id, now))), '/me');
  });

  it('is __Host- prefixed and Secure when the public URL is https, and honoured under that name', async () => {
    const secure = await createTestApp({ env: { PUBLIC_URL: 'https://certs.example.org' } });
    try {
      const user = await createUser(secure, 'participant');
      const browser = { cookie: `__Host-csrf=${CSRF}`, csrf: CSRF };
      const first = await postForm(
        secure,
        '/login',
        { email: user.email, password: TEST_PASSWORD },
        browser,
        { env: newAddress() },
      );
      expectRedirect(first, '/me');
      const header = first.headers.getSetCookie().find((h) => h.startsWith('__Host-device='))!;
      expect(header).toMatch(/; Secure/i);
      expect(header).toMatch(/; HttpOnly/i);
      expect(header).toMatch(/; Path=\//i);
      await wrongPasswords(secure, user.email, 5, () => browser);
      const known = {
        cookie: `__Host-csrf=${CSRF}; __Host-device=${setCookie(first, '__Host-device')}`,
        csrf: CSRF,
      };
      expect((await rightPassword(secure, user, browser)).status).toBe(429);
      expectRedirect(await rightPassword(secure, user, known), '/me');
    } finally {
      await secure.close();
    }
  });

  it('remembers several accounts in one browser, and a wrong password from it still counts', async () => {
    const user = await createUser(t, 'participant');
    const other = await createUser(t, 'participant');
    const first = await ownerBrowser(t, other);
    const both = withDevice(setCookie(await rightPassword(t, user, first), 'device')!);
    await wrongPasswords(t, user.email, 4);
    await wrongPasswords(t, other.email, 5);
    expect(
      (
        await postForm(t, '/login', { email: user.email, password: WRONG_PASSWORD }, both, {
          env: newAddress(),
        })
      ).status,
    ).toBe(401);
    expect(await t.deps.stores.users.get(user.id)).toMatchObject({ failedLogins: 5 });
    expectRedirect(await rightPassword(t, user, both), '/me');
    expectRedirect(await rightPassword(t, other, both), '/me');
  });
});

describe('the failure count', () => {
  it('is reset by a successful login', async () => {
    const user = await createUser(t, 'participant');
    await wrongPasswords(t, user.email, 4);
    expectRedirect(await rightPassword(t, user), '/me');
    const cleared = await t.deps.stores.users.get(user.id);
    expect(cleared?.failedLogins).toBe(0);
    expect(cleared?.lastFailedLoginAt).toBeUndefined();
    // Four more do not add up to five: a new browser is not delayed.
    await wrongPasswords(t, user.email, 4);
    expectRedirect(await rightPassword(t, user), '/me');
  });

  it('ignores a 15-minute lock stored by the previous version', async () => {
    const lockedUntil = new Date(t.clock.now.getTime() + 10 * 60_000).toISOString();
    const user = await createUser(t, 'participant', { lockedUntil });
    expectRedirect(await rightPassword(t, user), '/me');
    expect(await t.deps.stores.users.get(user.id)).not.toHaveProperty('lockedUntil');
  });
});
