/**
 * Runs a background task now and then every `intervalMs`, never two runs at once (a slow
 * run makes the next tick skip rather than pile up), logging a failure and trying again
 * at the next tick. The timer does not keep the process alive. Used by the issuance sweep,
 * the outbox delivery worker and the retention and accreditation sweeps. With a bell, a
 * ring runs the task at the next turn of the event loop (or right after the current run).
 */
import type { Logger } from '../logging/logger.js';
import type { Bell } from './bell.js';

/** Starts repeating `task`; returns the function that stops it. */
export function repeatEvery(
  name: string,
  intervalMs: number,
  task: () => Promise<void>,
  logger: Logger,
  bell?: Bell,
): () => void {
  let running = false;
  let stopped = false;
  // A ring while running, or one already scheduled: coalesces rings into one more run.
  let again = false;
  const tick = () => {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    running = true;
    task()
      .catch((error: unknown) =>
        logger.error({ job: name, err: error }, `${name} failed; trying again at the next tick`),
      )
      .finally(() => {
        running = false;
        if (again) {
          again = false;
          setImmediate(tick);
        }
      });
  };
  tick();
  const timer = setInterval(() => {
    // The interval's tick is not a ring: a slow run makes it skip rather than queue.
    if (!running) tick();
  }, intervalMs);
  timer.unref();
  bell?.listen(() => {
    if (running) again = true;
    else if (!again) {
      again = true;
      setImmediate(() => {
        again = false;
        tick();
      });
    }
  });
  return () => {
    stopped = true;
    clearInterval(timer);
  };
}
