/**
 * Known-device tokens: a token names exactly the account it was issued for, only under
 * the secret that signed it, for a year; a cookie keeps the last few accounts of a
 * browser, newest first; anything malformed counts for nothing.
 */
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  issueDeviceToken,
  KNOWN_DEVICE_DAYS,
  knownDeviceUserIds,
  MAX_ACCOUNTS_PER_DEVICE,
  rememberDeviceUser,
} from '../../src/accounts/knownDevices.js';

const secret = randomBytes(32);
const now = new Date('2025-06-01T12:00:00Z');
const days = (n: number) => new Date(now.getTime() + n * 24 * 3600_000);

describe('known-device tokens', () => {
  it('prove the account they were issued for, under their secret, for a year', () => {
    const token = issueDeviceToken(secret, 'user_1', now);
    expect(knownDeviceUserIds(secret, token, now)).toEqual(['user_1']);
    expect(knownDeviceUserIds(secret, token, days(KNOWN_DEVICE_DAYS - 1))).toEqual(['user_1']);
    expect(knownDeviceUserIds(secret, token, days(KNOWN_DEVICE_DAYS + 1))).toEqual([]);
    expect(knownDeviceUserIds(randomBytes(32), token, now)).toEqual([]);
    // Issued "tomorrow" by someone else's clock: not ours.
    expect(knownDeviceUserIds(secret, issueDeviceToken(secret, 'user_1', days(1)), now)).toEqual([]);
  });

  it('cannot be re-pointed at another account or altered', () => {
    const [version, , issued, tag] = issueDeviceToken(secret, 'user_1', now).split('.');
    const otherId = Buffer.from('user_2').toString('base64url');
    expect(knownDeviceUserIds(secret, `${version}.${otherId}.${issued}.${tag}`, now)).toEqual([]);
    const later = (parseInt(issued!, 36) + 1).toString(36);
    expect(
      knownDeviceUserIds(
        secret,
        `${version}.${Buffer.from('user_1').toString('base64url')}.${later}.${tag}`,
        now,
      ),
    ).toEqual([]);
    for (const junk of [
      '',
      '~',
      'v1',
      'v2.a.b.c',
      'v1.a.b.c.d',
      `${version}..${issued}.${tag}`,
      'v1.dXNlcl8x.zzzzzzzzzzzzz.x',
    ]) {
      expect(knownDeviceUserIds(secret, junk, now), junk).toEqual([]);
    }
    expect(knownDeviceUserIds(secret, undefined, now)).toEqual([]);
  });

  it('keep the last accounts of a browser, newest first, one token each', () => {
    let cookie: string | undefined;
    for (let i = 1; i <= MAX_ACCOUNTS_PER_DEVICE + 2; i++)
      cookie = rememberDeviceUser(secret, cookie, `user_${i}`, now);
    expect(knownDeviceUserIds(secret, cookie, now)).toEqual([
      'user_7',
      'user_6',
      'user_5',
      'user_4',
      'user_3',
    ]);
    // Signing in again moves the account to the front instead of adding a second token.
    cookie = rememberDeviceUser(secret, cookie, 'user_4', days(1));
    expect(knownDeviceUserIds(secret, cookie, days(1))).toEqual([
      'user_4',
      'user_7',
      'user_6',
      'user_5',
      'user_3',
    ]);
    // Forged entries are dropped when the cookie is rewritten.
    const mixed = rememberDeviceUser(
      secret,
      `${issueDeviceToken(randomBytes(32), 'user_9', now)}~garbage`,
      'user_1',
      now,
    );
    expect(mixed.split('~')).toHaveLength(1);
    expect(knownDeviceUserIds(secret, mixed, now)).toEqual(['user_1']);
  });

  it('handle ids with any characters', () => {
    const id = 'odd.id~with=chars/é';
    expect(knownDeviceUserIds(secret, rememberDeviceUser(secret, undefined, id, now), now)).toEqual([id]);
  });
});
