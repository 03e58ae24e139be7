/**
 * The known-device cookie (src/accounts/knownDevices.ts): set on every successful sign-in
 * and password reset, read on the login form so the owner's own browsers skip the
 * per-account delay. HttpOnly, SameSite=Lax, Secure with the `__Host-` prefix when the
 * public URL is https, kept for a year; it survives logging out on purpose (it says
 * "this browser has signed in here before", not "is signed in").
 */
import type { Context } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import type { AppEnv } from '../env.js';
import { secureCookies } from './session.js';
import { KNOWN_DEVICE_DAYS, knownDeviceUserIds, rememberDeviceUser } from '../../accounts/knownDevices.js';

/** The device cookie's name. */
function deviceCookieName(c: Context<AppEnv>): string {
  return secureCookies(c) ? '__Host-device' : 'device';
}

/**
 * The server secret the tokens are signed with: the link-signing secret (LINK_SIGNING_SECRET
 * or keys/link-signing-secret), which every process sharing keys/ agrees on. The tokens'
 * HMAC input starts with its own purpose label, so no email link can pass for a token.
 */
function deviceSecret(c: Context<AppEnv>): Buffer {
  const secret = c.var.deps.notifications.links?.secret;
  // createDeps always sets it; without it no token could be trusted, so fail loudly.
  if (!secret)
    throw new Error('deps.notifications.links.secret is missing: the known-device cookie cannot be signed');
  return secret;
}

/** The accounts this browser has verifiably signed in to before. */
export function deviceUserIds(c: Context<AppEnv>): string[] {
  return knownDeviceUserIds(deviceSecret(c), getCookie(c, deviceCookieName(c)), c.var.deps.now());
}

/** Marks this browser as one `userId` has signed in from (a fresh token, kept for a year). */
export function rememberDevice(c: Context<AppEnv>, userId: string): void {
  const value = rememberDeviceUser(
    deviceSecret(c),
    getCookie(c, deviceCookieName(c)),
    userId,
    c.var.deps.now(),
  );
  setCookie(c, deviceCookieName(c), value, {
    path: '/',
    httpOnly: true,
    secure: secureCookies(c),
    sameSite: 'Lax',
    maxAge: KNOWN_DEVICE_DAYS * 24 * 3600,
  });
}
