/**
 * Helpers for the login-protection tests: wrong passwords from many addresses (as an
 * attacker with a botnet would send them), the owner's browser with its known-device
 * cookie, and moving the injected clock. Every helper builds fresh objects.
 */
import { expect } from 'vitest';
import type { TestApp } from '../../fixtures/testDeps.js';
import { TEST_PASSWORD } from '../../fixtures/sessions.js';
import {
  anonymous,
  CSRF,
  expectRedirect,
  fromAddress,
  postForm,
  setCookie,
  type Browser,
} from './pageRequests.js';
import type { UserRecord } from '../../../src/storage/ports.js';

/** A password nobody has. */
export const WRONG_PASSWORD = 'wrong password here';

let addresses = 0;

/** A request env from an address no other request in the run has used. */
export function newAddress(): unknown {
  addresses += 1;
  return fromAddress(`10.${(addresses >> 16) & 255}.${(addresses >> 8) & 255}.${addresses & 255}`);
}

/** `count` wrong passwords for `email`, each from a new address (by default in a new browser); each must be a plain 401. */
export async function wrongPasswords(
  t: TestApp,
  email: string,
  count: number,
  browser: () => Browser = anonymous,
): Promise<void> {
  for (let i = 0; i < count; i++) {
    const res = await postForm(t, '/login', { email, password: WRONG_PASSWORD }, browser(), {
      env: newAddress(),
    });
    expect(res.status, `wrong password ${i + 1}`).toBe(401);
  }
}

/** A browser (no session) that carries this device cookie value. */
export function withDevice(device: string): Browser {
  return { cookie: `csrf=${CSRF}; device=${device}`, csrf: CSRF };
}

/** The owner signs in once with the right password; returns their browser, which now carries the device cookie. */
export async function ownerBrowser(t: TestApp, user: UserRecord): Promise<Browser> {
  const res = await postForm(t, '/login', { email: user.email, password: TEST_PASSWORD }, anonymous(), {
    env: newAddress(),
  });
  expectRedirect(res, '/me');
  const device = setCookie(res, 'device');
  expect(device, 'a device cookie').toBeTruthy();
  const header = res.headers.getSetCookie().find((h) => h.startsWith('device='))!;
  expect(header).toMatch(/HttpOnly/i);
  expect(header).toMatch(/SameSite=Lax/i);
  expect(header).toMatch(/Max-Age=31536000/);
  return withDevice(device!);
}

/** The right password from `browser` (a new address); the response. */
export function rightPassword(
  t: TestApp,
  user: UserRecord,
  browser: Browser = anonymous(),
): Promise<Response> {
  return postForm(t, '/login', { email: user.email, password: TEST_PASSWORD }, browser, {
    env: newAddress(),
  });
}

/** Moves the injected clock forward. */
export function advance(t: TestApp, ms: number): void {
  t.clock.now = new Date(t.clock.now.getTime() + ms);
}

/** The emails the owner got about failed sign-ins. */
export function warnings(t: TestApp, user: UserRecord): { subject: string; text: string }[] {
  return t.mail.sent.filter((m) => m.to === user.email && m.subject.startsWith('Failed sign-in attempts'));
}
