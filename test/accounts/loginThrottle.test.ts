/**
 * The progressive delay itself, through the domain function over a real (SQLite) store:
 * the schedule, a burst of concurrent guesses getting one check per open window,
 * known-device checks skipping the wait but still counting, and a run of failures
 * forgotten after a quiet day.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../fixtures/testDeps.js';
import { createUser, TEST_PASSWORD } from '../fixtures/sessions.js';
import {
  checkPasswordThrottled,
  delayAfterFailures,
  FORGET_FAILURES_AFTER_MS,
  MAX_DELAY_MS,
  throttleWaitMs,
} from '../../src/accounts/loginThrottle.js';
import { AppError } from '../../src/errors.js';

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
});
afterEach(async () => {
  await t.close();
});

/** One check of `password` for the stored user; 'throttled' for a rate_limited refusal. */
async function check(userId: string, password: string, knownDevice = false): Promise<boolean | 'throttled'> {
  const user = (await t.deps.stores.users.get(userId))!;
  try {
    return await checkPasswordThrottled(t.deps.accounts, user, password, { knownDevice });
  } catch (error) {
    if (error instanceof AppError && error.code === 'rate_limited') return 'throttled';
    throw error;
  }
}

describe('the delay schedule', () => {
  it('is nothing for four failures, 1 s after five, doubling, capped at 15 minutes', () => {
    expect([0, 1, 4].map(delayAfterFailures)).toEqual([0, 0, 0]);
    expect([5, 6, 7, 14].map(delayAfterFailures)).toEqual([1000, 2000, 4000, 512_000]);
    expect([15, 40, 10_000].map(delayAfterFailures)).toEqual([MAX_DELAY_MS, MAX_DELAY_MS, MAX_DELAY_MS]);
    const now = new Date('2025-06-01T12:00:00Z');
    expect(throttleWaitMs({ failedLogins: 6, lastFailedLoginAt: '2025-06-01T11:59:59.500Z' }, now)).toBe(
      1500,
    );
    expect(throttleWaitMs({ failedLogins: 6, lastFailedLoginAt: '2025-06-01T11:59:50.000Z' }, now)).toBe(0);
    expect(throttleWaitMs({ failedLogins: 9 }, now)).toBe(0);
  });
});

describe('checkPasswordThrottled', () => {
  it('gives a burst of concurrent guesses one check per open window', async () => {
    const user = await createUser(t, 'participant');
    // Every check is counted before it runs, so a burst never gets past the threshold (racers
    // that keep losing the compare-and-set are told to wait too).
    const burst = await Promise.all(Array.from({ length: 20 }, () => check(user.id, 'guess')));
    const checked = burst.filter((r) => r === false).length;
    expect(checked).toBeGreaterThan(0);
    expect(checked).toBeLessThanOrEqual(5);
    expect(burst.filter((r) => r === 'throttled')).toHaveLength(20 - checked);
    expect(await t.deps.stores.users.get(user.id)).toMatchObject({ failedLogins: checked });
    while ((await t.deps.stores.users.get(user.id))!.failedLogins < 5)
      expect(await check(user.id, 'guess')).toBe(false);
    expect(await check(user.id, 'guess')).toBe('throttled');

    // Once throttled, an open window admits exactly one of the burst.
    t.clock.now = new Date(t.clock.now.getTime() + 1000);
    const next = await Promise.all(Array.from({ length: 20 }, () => check(user.id, 'guess')));
    expect(next.filter((r) => r === false)).toHaveLength(1);
    expect(await t.deps.stores.users.get(user.id)).toMatchObject({ failedLogins: 6 });
    expect(t.mail.sent.filter((m) => m.to === user.email)).toHaveLength(1);
  });

  it('lets a known device skip the wait while its wrong passwords still count', async () => {
    const user = await createUser(t, 'participant');
    for (let i = 0; i < 5; i++) expect(await check(user.id, 'guess')).toBe(false);
    expect(await check(user.id, 'guess')).toBe('throttled');
    expect(await check(user.id, 'guess', true)).toBe(false);
    expect(await t.deps.stores.users.get(user.id)).toMatchObject({ failedLogins: 6 });
    expect(await check(user.id, TEST_PASSWORD, true)).toBe(true);
    expect(await t.deps.stores.users.get(user.id)).toMatchObject({ failedLogins: 0 });
  });

  it('forgets a run of failures after a quiet day, and starts a new episode', async () => {
    const user = await createUser(t, 'participant');
    for (let i = 0; i < 5; i++) await check(user.id, 'guess');
    t.clock.now = new Date(t.clock.now.getTime() + FORGET_FAILURES_AFTER_MS + 1);
    expect(await check(user.id, 'guess')).toBe(false);
    expect(await t.deps.stores.users.get(user.id)).toMatchObject({ failedLogins: 1 });
    for (let i = 0; i < 4; i++) await check(user.id, 'guess');
    expect(t.mail.sent.filter((m) => m.to === user.email)).toHaveLength(2);
  });
});
