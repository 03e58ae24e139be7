/**
 * Runs a background task now and then every `intervalMs`, never two runs at once (a slow
 * run makes the next tick skip rather than pile up), logging a failure and trying again
 * at the next tick. The timer does not keep the process alive. Used by the issuance sweep
 * and the outbox delivery worker.
 */

/** Starts repeating `task`; returns the function that stops it. */
export function repeatEvery(name: string, intervalMs: number, task: () => Promise<void>): () => void {
  let running = false;
  const tick = () => {
    if (running) return;
    running = true;
    task()
      .catch((error: unknown) => console.error(`${name} failed`, (error as Error).message))
      .finally(() => {
        running = false;
      });
  };
  tick();
  const timer = setInterval(tick, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
