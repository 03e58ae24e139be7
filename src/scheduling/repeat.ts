/**
 * Runs a background task now and then every `intervalMs`, never two runs at once (a slow
 * run makes the next tick skip rather than pile up), logging a failure and trying again
 * at the next tick. The timer does not keep the process alive. Used by the issuance sweep,
 * the outbox delivery worker and the retention and accreditation sweeps.
 */
import type { Logger } from '../logging/logger.js';

/** Starts repeating `task`; returns the function that stops it. */
export function repeatEvery(
  name: string,
  intervalMs: number,
  task: () => Promise<void>,
  logger: Logger,
): () => void {
  let running = false;
  const tick = () => {
    if (running) return;
    running = true;
    task()
      .catch((error: unknown) =>
        logger.error({ job: name, err: error }, `${name} failed; trying again at the next tick`),
      )
      .finally(() => {
        running = false;
      });
  };
  tick();
  const timer = setInterval(tick, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
