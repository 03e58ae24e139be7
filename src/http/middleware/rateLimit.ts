/**
 * A fixed-window rate limiter in process memory, for login, reset and sign-up. It slows
 * guessing from one address across accounts; the per-account progressive delay (stored
 * with the user, so shared by every process: src/accounts/loginThrottle.ts) slows
 * guessing one account from many addresses. The login form forgives the hits of
 * successful sign-ins, so only failures add up (a classroom behind one address signs in
 * freely).
 */
import type { Context } from 'hono';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { AppEnv } from '../env.js';

/** The client address, or 'unknown' when there is no socket (in-process tests). */
export function clientAddress(c: Context<AppEnv>): string {
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

/** Counters for one limiter; exposed so tests and the bench can build their own. */
export class FixedWindowCounter {
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(
    readonly limit: number,
    readonly windowMs: number,
  ) {}

  /** Counts a hit; returns the seconds to wait if over the limit, else 0. */
  hit(key: string, now: number): number {
    const window = this.windows.get(key);
    if (!window || now - window.start >= this.windowMs) {
      if (this.windows.size > 10_000) this.windows.clear(); // bounded memory under a flood
      this.windows.set(key, { start: now, count: 1 });
      return 0;
    }
    window.count += 1;
    return window.count > this.limit ? Math.ceil((window.start + this.windowMs - now) / 1000) : 0;
  }

  /**
   * Takes back one hit of the current window (the attempt turned out fine). Counting
   * first and forgiving after, rather than counting failures afterwards, keeps a burst of
   * concurrent attempts from all passing before any of them is counted.
   */
  forgive(key: string, now: number): void {
    const window = this.windows.get(key);
    if (window && now - window.start < this.windowMs && window.count > 0) window.count -= 1;
  }
}
