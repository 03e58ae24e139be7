/**
 * Contract cases for users: unique emails on create and update, patches that set and
 * remove fields, listing and counting, and the atomic failed-login counter (with its
 * compare-and-set) that the progressive login delay is built on.
 */
import { describe, expect, it } from 'vitest';
import { DuplicateEmailError } from '../../src/storage/ports.js';
import { at, userRecord } from './accountFixtures.js';
import type { GetStores } from './storeContract.js';

/** Registers the user cases. */
export function describeAccountsContract(getStores: GetStores): void {
  describe('users', () => {
    it('creates a user, finds it by id and by exact email, and refuses a taken email', async () => {
      const { users } = getStores();
      const ada = userRecord({ email: 'ada@example.org' });
      await users.create(ada);
      expect(await users.get(ada.id)).toEqual(ada);
      expect(await users.getByEmail('ada@example.org')).toEqual(ada);
      expect(Object.keys((await users.get(ada.id))!)).not.toContain('passwordHash');
      expect(await users.get('user_missing')).toBeUndefined();
      expect(await users.getByEmail('nobody@example.org')).toBeUndefined();

      const clash = users.create(userRecord({ email: 'ada@example.org' }));
      await expect(clash).rejects.toBeInstanceOf(DuplicateEmailError);
      await expect(users.create(userRecord({ email: 'ada@example.org' }))).rejects.toMatchObject({
        email: 'ada@example.org',
      });
      expect(await users.count()).toBe(1);
      // The store compares emails as stored; lower-casing is the domain's job.
      expect(await users.getByEmail('ADA@example.org')).toBeUndefined();
      // A duplicate id is an error too, but not a DuplicateEmailError.
      const sameId = users.create(userRecord({ id: ada.id }));
      await expect(sameId).rejects.toThrow();
      await expect(users.create(userRecord({ id: ada.id }))).rejects.not.toBeInstanceOf(DuplicateEmailError);
    });

    it('round-trips every optional field', async () => {
      const { users } = getStores();
      const full = userRecord({
        role: 'staff',
        passwordHash: 'scrypt$16384$8$1$c2FsdA$aGFzaA',
        emailVerifiedAt: at(1),
        organisationId: 'org_1',
        teamIds: ['team_a', 'team_b'],
        status: 'disabled',
        failedLogins: 2,
        lastFailedLoginAt: at(29),
        lockedUntil: at(30),
      });
      await users.create(full);
      expect(await users.get(full.id)).toEqual(full);
    });

    it('update sets fields, removes an optional field set to undefined, and bumps updatedAt', async () => {
      const { users } = getStores();
      const user = userRecord({ lockedUntil: at(30), organisationId: 'org_1', passwordHash: 'old' });
      await users.create(user);
      const updated = await users.update(
        user.id,
        { name: 'Renamed', teamIds: ['team_x'], passwordHash: 'new', lockedUntil: undefined },
        at(5),
      );
      const expected = {
        ...user,
        name: 'Renamed',
        teamIds: ['team_x'],
        passwordHash: 'new',
        updatedAt: at(5),
      };
      delete expected.lockedUntil;
      expect(updated).toEqual(expected);
      expect(Object.keys(updated!)).not.toContain('lockedUntil');
      expect(await users.get(user.id)).toEqual(expected);

      // A required field set to undefined is left alone; absent keys are untouched.
      const again = await users.update(user.id, { name: undefined, organisationId: undefined }, at(6));
      const { organisationId: _dropped, ...withoutOrg } = expected;
      expect(again).toEqual({ ...withoutOrg, updatedAt: at(6) });
      expect(await users.update('user_missing', { name: 'x' }, at(7))).toBeUndefined();
    });

    it('update refuses an email another user has and leaves the record as it was', async () => {
      const { users } = getStores();
      const a = userRecord({ email: 'a@example.org' });
      const b = userRecord({ email: 'b@example.org' });
      await users.create(a);
      await users.create(b);
      await expect(users.update(b.id, { email: 'a@example.org' }, at(1))).rejects.toBeInstanceOf(
        DuplicateEmailError,
      );
      expect(await users.get(b.id)).toEqual(b);
      expect(await users.update(b.id, { email: 'b@example.org' }, at(2))).toEqual({ ...b, updatedAt: at(2) });
      expect(await users.update(b.id, { email: 'c@example.org' }, at(3))).toMatchObject({
        email: 'c@example.org',
      });
      expect(await users.getByEmail('b@example.org')).toBeUndefined();
      await users.create(userRecord({ email: 'b@example.org' }));
    });

    it('lists newest first with role and organisation filters and paging, and counts', async () => {
      const { users } = getStores();
      const made = [];
      for (let i = 0; i < 5; i++) {
        const role = i % 2 === 0 ? 'partner' : 'participant';
        const user = userRecord({ role, createdAt: at(i), organisationId: i < 3 ? 'org_1' : 'org_2' });
        await users.create(user);
        made.push(user);
      }
      const newestFirst = [...made].reverse();
      expect(await users.list({ limit: 10, offset: 0 })).toEqual(newestFirst);
      expect(await users.list({ limit: 2, offset: 1 })).toEqual(newestFirst.slice(1, 3));
      expect(await users.list({ limit: 10, offset: 5 })).toEqual([]);
      expect(await users.list({ role: 'partner', limit: 10, offset: 0 })).toEqual([
        made[4],
        made[2],
        made[0],
      ]);
      expect(await users.list({ role: 'partner', organisationId: 'org_1', limit: 1, offset: 1 })).toEqual([
        made[0],
      ]);
      expect(await users.list({ organisationId: 'org_2', limit: 10, offset: 0 })).toEqual([made[4], made[3]]);
      expect(await users.count()).toBe(5);
      expect(await users.count({ role: 'participant' })).toBe(2);
      expect(await users.count({ role: 'admin' })).toBe(0);
    });

    it('recordLoginFailure counts with the time, restarts after forgetBefore, and clear undoes it (and an old lock)', async () => {
      const { users } = getStores();
      const user = userRecord({ lockedUntil: at(30) });
      await users.create(user);
      const fail = (minute: number, forgetBefore = at(-1000)) =>
        users.recordLoginFailure(user.id, { now: at(minute), forgetBefore });
      expect(await fail(1)).toEqual({ ...user, failedLogins: 1, lastFailedLoginAt: at(1), updatedAt: at(1) });
      expect(await fail(2)).toEqual({ ...user, failedLogins: 2, lastFailedLoginAt: at(2), updatedAt: at(2) });
      // No maximum and no lock: the count goes on, and an old lockedUntil is left as it was.
      for (let minute = 3; minute <= 7; minute++) await fail(minute);
      expect(await users.get(user.id)).toEqual({
        ...user,
        failedLogins: 7,
        lastFailedLoginAt: at(7),
        updatedAt: at(7),
      });
      // A last failure earlier than forgetBefore starts a fresh count; one exactly at it does not.
      expect(await fail(8, at(7))).toMatchObject({ failedLogins: 8, lastFailedLoginAt: at(8) });
      expect(await fail(100, at(9))).toMatchObject({ failedLogins: 1, lastFailedLoginAt: at(100) });

      await users.clearLoginFailures(user.id, at(101));
      const cleared = await users.get(user.id);
      const expected = { ...user, failedLogins: 0, updatedAt: at(101) };
      delete expected.lockedUntil;
      expect(cleared).toEqual(expected);
      expect(Object.keys(cleared!)).not.toContain('lastFailedLoginAt');
      expect(await fail(102)).toMatchObject({ failedLogins: 1, lastFailedLoginAt: at(102) });
      expect(
        await users.recordLoginFailure('user_missing', { now: at(9), forgetBefore: at(0) }),
      ).toBeUndefined();
    });

    it('recordLoginFailure with ifState counts only while the counter is as the caller saw it', async () => {
      const { users } = getStores();
      const user = userRecord();
      await users.create(user);
      const options = { now: at(1), forgetBefore: at(-1000) };
      // A fresh user: no time stored, and ifState without one matches it.
      expect(
        await users.recordLoginFailure(user.id, { ...options, ifState: { failedLogins: 0 } }),
      ).toMatchObject({ failedLogins: 1, lastFailedLoginAt: at(1) });
      expect(
        await users.recordLoginFailure(user.id, { ...options, ifState: { failedLogins: 0 } }),
      ).toBeUndefined();
      expect(
        await users.recordLoginFailure(user.id, {
          ...options,
          ifState: { failedLogins: 1, lastFailedLoginAt: at(0) },
        }),
      ).toBeUndefined();
      expect(
        await users.recordLoginFailure(user.id, { ...options, ifState: { failedLogins: 1 } }),
      ).toBeUndefined();
      expect(await users.get(user.id)).toMatchObject({ failedLogins: 1, lastFailedLoginAt: at(1) });
      const next = await users.recordLoginFailure(user.id, {
        now: at(2),
        forgetBefore: at(-1000),
        ifState: { failedLogins: 1, lastFailedLoginAt: at(1) },
      });
      expect(next).toEqual({ ...user, failedLogins: 2, lastFailedLoginAt: at(2), updatedAt: at(2) });
      expect(
        await users.recordLoginFailure('user_missing', { ...options, ifState: { failedLogins: 0 } }),
      ).toBeUndefined();
    });

    it('recordLoginFailure loses no count under concurrency, and of concurrent compare-and-sets exactly one wins', async () => {
      const { users } = getStores();
      const ten = userRecord();
      const raced = userRecord();
      await users.create(ten);
      await users.create(raced);
      const options = { now: at(1), forgetBefore: at(-1000) };
      const results = await Promise.all(
        Array.from({ length: 10 }, () => users.recordLoginFailure(ten.id, options)),
      );
      expect(results.map((r) => r!.failedLogins).sort((a, b) => a - b)).toEqual([
        1, 2, 3, 4, 5, 6, 7, 8, 9, 10,
      ]);
      expect(await users.get(ten.id)).toMatchObject({ failedLogins: 10, lastFailedLoginAt: at(1) });

      const claims = await Promise.all(
        Array.from({ length: 10 }, () =>
          users.recordLoginFailure(raced.id, { ...options, ifState: { failedLogins: 0 } }),
        ),
      );
      expect(claims.filter((r) => r !== undefined)).toHaveLength(1);
      expect(await users.get(raced.id)).toMatchObject({ failedLogins: 1 });
    });
  });
}
