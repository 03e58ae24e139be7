/**
 * A bell that wakes a background job before its next tick: work queued in bulk (the
 * certificate emails of automatic issuance) rings it, and the job runs as soon as the
 * event loop is free instead of up to an interval later. Rings while the job runs make it
 * run once more afterwards; many rings in one turn of the event loop make one run.
 */

/** What callers ring and what repeatEvery listens to. */
export interface Bell {
  ring(): void;
  /** Sets the one listener (the job); a later call replaces it. */
  listen(onRing: () => void): void;
}

/** A bell with no listener yet: rings before the job starts are dropped (its first tick runs anyway). */
export function createBell(): Bell {
  let listener: (() => void) | undefined;
  return {
    ring: () => listener?.(),
    listen: (onRing) => {
      listener = onRing;
    },
  };
}
