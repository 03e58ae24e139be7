/**
 * Password checks with a progressive delay instead of a lock-out: a lock that refuses the
 * right password lets anyone who knows an email address keep its owner out. After
 * THROTTLE_AFTER_FAILURES wrong passwords in a row, a browser the owner has not signed in
 * from must wait before the next check (1 s, doubling with each further wrong password,
 * at most 15 minutes), while browsers carrying the owner's known-device token
 * (knownDevices.ts) are not delayed at all. The per-address limit (authPages.tsx) slows a
 * guesser across accounts; this slows guessing one account from many addresses.
 *
 * Every check is counted as a failure *before* the password is verified, by a
 * compare-and-set on the stored counter, and cleared when it proves right: so a burst of
 * concurrent guesses gets one check per open window, not one each. The wrong password
 * that starts a throttle episode (the count reaching the threshold) emails the owner;
 * the count only passes that value once per episode, so the owner gets one email.
 */
import { AppError } from '../errors.js';
import type { AccountDeps } from './accountDeps.js';
import { verifyPassword } from './passwords.js';
import { failedSignInsEmail } from './emails.js';
import type { LoginFailureState, UserRecord } from '../storage/ports.js';

/** Wrong passwords in a row before unknown browsers have to wait. */
const THROTTLE_AFTER_FAILURES = 5;
/** The first wait; each further wrong password doubles it. */
const FIRST_DELAY_MS = 1000;
/** The longest wait between two checks from unknown browsers (so at most ~96 guesses a day). */
export const MAX_DELAY_MS = 15 * 60_000;
/** A run of failures this long over is forgotten: a typo the next day starts a fresh count. */
export const FORGET_FAILURES_AFTER_MS = 24 * 3600_000;
/** Compare-and-set attempts before a check that keeps losing the race is answered "wait". */
const CHARGE_TRIES = 3;

/** The minimum time between the last of `failures` wrong passwords and the next check. */
export function delayAfterFailures(failures: number): number {
  if (failures < THROTTLE_AFTER_FAILURES) return 0;
  // Past 2^20 s the cap has long applied; stopping there keeps the power finite.
  return Math.min(MAX_DELAY_MS, FIRST_DELAY_MS * 2 ** Math.min(failures - THROTTLE_AFTER_FAILURES, 20));
}

/** How long (ms) an unknown browser must still wait before checking this account's password; 0 when it may. */
export function throttleWaitMs(state: LoginFailureState, now: Date): number {
  if (!state.lastFailedLoginAt) return 0;
  // No separate forgetting is needed here: every delay is far shorter than that.
  return Math.max(
    0,
    Date.parse(state.lastFailedLoginAt) + delayAfterFailures(state.failedLogins) - now.getTime(),
  );
}

/** The 429 for a throttled account: when to try again (also as retryAfterSeconds), or reset. */
function throttled(waitMs: number): AppError {
  const seconds = Math.max(1, Math.ceil(waitMs / 1000));
  const minutes = Math.ceil(seconds / 60);
  const when =
    seconds < 60
      ? `${seconds} second${seconds === 1 ? '' : 's'}`
      : `${minutes} minute${minutes === 1 ? '' : 's'}`;
  return new AppError(
    'rate_limited',
    `Too many failed attempts for this account. Try again in ${when}, or reset your password.`,
    { retryAfterSeconds: seconds },
  );
}

/**
 * Counts the coming check as failed, first making an unknown browser respect the delay;
 * returns the count it was charged as. Throws rate_limited while the account is waiting.
 */
async function chargeCheck(
  deps: AccountDeps,
  user: UserRecord,
  knownDevice: boolean,
): Promise<number | undefined> {
  const now = deps.now();
  const options = {
    now: now.toISOString(),
    forgetBefore: new Date(now.getTime() - FORGET_FAILURES_AFTER_MS).toISOString(),
  };
  if (knownDevice) return (await deps.stores.users.recordLoginFailure(user.id, options))?.failedLogins;
  let current: UserRecord | undefined = user;
  for (let tries = 0; tries < CHARGE_TRIES && current; tries++) {
    const wait = throttleWaitMs(current, now);
    if (wait > 0) throw throttled(wait);
    const ifState = { failedLogins: current.failedLogins, lastFailedLoginAt: current.lastFailedLoginAt };
    const charged = await deps.stores.users.recordLoginFailure(user.id, { ...options, ifState });
    if (charged) return charged.failedLogins;
    // Another check moved the counter since we read it: read again and re-decide.
    current = await deps.stores.users.get(user.id);
  }
  if (!current) return undefined;
  // Checks of this account keep racing each other: a burst, so it waits like one.
  throw throttled(FIRST_DELAY_MS);
}

/**
 * Checks a person's password under the progressive delay and returns whether it is
 * right. `knownDevice`: the browser carries this person's known-device token, so it
 * skips the delay (a wrong password from it still counts). A right password clears the
 * count; the wrong one that starts a throttle episode emails the owner.
 */
export async function checkPasswordThrottled(
  deps: AccountDeps,
  user: UserRecord,
  password: string,
  options: { knownDevice: boolean },
): Promise<boolean> {
  const charged = await chargeCheck(deps, user, options.knownDevice);
  if (await verifyPassword(password, user.passwordHash)) {
    await deps.stores.users.clearLoginFailures(user.id, deps.now().toISOString());
    return true;
  }
  if (charged === THROTTLE_AFTER_FAILURES) {
    const resetUrl = `${deps.settings.publicUrl}/forgot-password`;
    await deps.mailer.send(
      failedSignInsEmail(
        user.email,
        user.name,
        THROTTLE_AFTER_FAILURES,
        resetUrl,
        deps.settings.organisationName,
      ),
    );
  }
  return false;
}
