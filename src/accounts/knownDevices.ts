/**
 * "Known device" tokens: proof that a browser has signed in to an account before, so a
 * flood of wrong passwords from elsewhere never delays the owner on their own browsers
 * (OWASP's device cookies:
 * https://owasp.org/www-community/Slow_Down_Online_Guessing_Attacks_with_Device_Cookies).
 * A token names the user and when it was issued and carries an HMAC under a server
 * secret, so it cannot be made for another account or altered; nothing is stored. One
 * cookie holds the tokens of the last few accounts used in that browser (a shared
 * computer), newest first. A token exempts only from the per-account delay: the password
 * is still checked and a wrong one still counts.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

/** How long a token (and its cookie) is honoured after the sign-in that issued it. */
export const KNOWN_DEVICE_DAYS = 365;

/** Accounts remembered per browser; more would only grow the cookie. */
export const MAX_ACCOUNTS_PER_DEVICE = 5;

const VERSION = 'v1';
const LIFETIME_MS = KNOWN_DEVICE_DAYS * 24 * 3600_000;

/** A parsed token: whose it is, and its exact text (kept as issued when the cookie is rewritten). */
interface DeviceToken {
  userId: string;
  text: string;
}

/** A 128-bit HMAC-SHA256 tag; the purpose label keeps it apart from other uses of the secret. */
function tag(secret: Buffer, encodedUserId: string, issued: string): string {
  return createHmac('sha256', secret)
    .update(`known-device\n${VERSION}\n${encodedUserId}\n${issued}`)
    .digest()
    .subarray(0, 16)
    .toString('base64url');
}

/** Reads one token; undefined unless it is well formed, correctly tagged and within its lifetime. */
function parseToken(secret: Buffer, text: string, now: number): DeviceToken | undefined {
  const [version, encodedUserId, issued, given, ...rest] = text.split('.');
  if (
    version !== VERSION ||
    !encodedUserId ||
    !issued ||
    !given ||
    rest.length > 0 ||
    !/^[0-9a-z]{1,12}$/.test(issued)
  )
    return undefined;
  const expected = Buffer.from(tag(secret, encodedUserId, issued));
  const actual = Buffer.from(given);
  if (actual.length !== expected.length || !timingSafeEqual(actual, expected)) return undefined;
  const age = now - parseInt(issued, 36) * 1000;
  // A token from the future was not issued by this clock; one past its lifetime is spent.
  if (age < -60_000 || age > LIFETIME_MS) return undefined;
  return { userId: Buffer.from(encodedUserId, 'base64url').toString('utf8'), text };
}

/** The valid tokens of a cookie value, at most MAX_ACCOUNTS_PER_DEVICE, in cookie order. */
function parseCookie(secret: Buffer, cookie: string | undefined, now: Date): DeviceToken[] {
  if (!cookie) return [];
  const tokens: DeviceToken[] = [];
  for (const text of cookie.split('~').slice(0, MAX_ACCOUNTS_PER_DEVICE)) {
    const token = parseToken(secret, text, now.getTime());
    if (token) tokens.push(token);
  }
  return tokens;
}

/** A new token saying this browser signed in to `userId` at `now`. */
export function issueDeviceToken(secret: Buffer, userId: string, now: Date): string {
  const encodedUserId = Buffer.from(userId, 'utf8').toString('base64url');
  const issued = Math.floor(now.getTime() / 1000).toString(36);
  return `${VERSION}.${encodedUserId}.${issued}.${tag(secret, encodedUserId, issued)}`;
}

/** The accounts a cookie value proves this browser has signed in to; forged or expired tokens count for nothing. */
export function knownDeviceUserIds(secret: Buffer, cookie: string | undefined, now: Date): string[] {
  return parseCookie(secret, cookie, now).map((t) => t.userId);
}

/**
 * The cookie value after a sign-in to `userId`: a fresh token for it first, then the
 * browser's other still-valid tokens, dropping the oldest beyond the maximum.
 */
export function rememberDeviceUser(
  secret: Buffer,
  cookie: string | undefined,
  userId: string,
  now: Date,
): string {
  const others = parseCookie(secret, cookie, now).filter((t) => t.userId !== userId);
  return [issueDeviceToken(secret, userId, now), ...others.map((t) => t.text)]
    .slice(0, MAX_ACCOUNTS_PER_DEVICE)
    .join('~');
}
