/**
 * The heartbeat: every running instance (each HTTP process, on every machine) records the
 * minute it is in, with the requests it answered since its last heartbeat, and flushes its
 * per-route counts into the hour's records. It runs every 30 seconds through the existing
 * scheduling (repeatEvery) rather than every 60: a timer that drifts a little could
 * otherwise step over a minute and show a running service as down for it. Two beats in a
 * minute add up in the same record.
 */
import type { Logger } from '../logging/logger.js';
import { repeatEvery } from '../scheduling/repeat.js';
import type { MonitoringDeps } from './monitoringDeps.js';

/** How often an instance records its heartbeat and flushes its counts. */
const HEARTBEAT_INTERVAL_MS = 30_000;

/** Start of the minute of `at`, as a full ISO string. */
function minuteOf(at: Date): string {
  return new Date(Math.floor(at.getTime() / 60_000) * 60_000).toISOString();
}

/** Start of the hour of `at`, as a full ISO string. */
function hourOf(at: Date): string {
  return new Date(Math.floor(at.getTime() / 3_600_000) * 3_600_000).toISOString();
}

/**
 * One heartbeat: records this minute for this instance with the counts taken from the
 * counter, and adds the per-route counts to the hour's records.
 */
export async function recordHeartbeat(
  deps: Pick<MonitoringDeps, 'stores' | 'counter' | 'instanceId' | 'now'>,
) {
  const now = deps.now();
  const { totals, routes } = deps.counter.take();
  await deps.stores.monitoring.recordHeartbeat({
    minute: minuteOf(now),
    instanceId: deps.instanceId,
    ...totals,
  });
  await deps.stores.monitoring.addRouteCounts(hourOf(now), routes);
}

/** Starts this instance's heartbeat (every process runs one); returns the function that stops it. */
export function startHeartbeat(deps: MonitoringDeps, logger: Logger): () => void {
  return repeatEvery('monitoring heartbeat', HEARTBEAT_INTERVAL_MS, () => recordHeartbeat(deps), logger);
}
