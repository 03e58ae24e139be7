/**
 * Repository interface for availability and error monitoring (src/monitoring/): each
 * running instance's heartbeat per minute (with the requests it answered in that minute),
 * request counts and latency histograms per route pattern and hour (added up across
 * instances), and the last time each kind of alert went out. Times are full ISO strings
 * (`2026-12-07T10:05:00.000Z`), so ranges compare as text. Same rules as ports.ts.
 */

/**
 * Upper bounds (ms) of the latency histogram's buckets; one more bucket holds everything
 * slower than the last bound. Fixed, so counts from every instance and hour add up.
 */
export const LATENCY_BOUNDS_MS = [10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000] as const;

/** How many buckets a latency histogram has (the bounds and the overflow). */
export const LATENCY_BUCKETS = LATENCY_BOUNDS_MS.length + 1;

/** Requests answered, and how many of them were client (4xx) and server (5xx) errors. */
export interface RequestCounts {
  requests: number;
  clientErrors: number;
  serverErrors: number;
}

/** One instance's heartbeat for one minute, with the requests it answered since its last one. */
interface HeartbeatSample extends RequestCounts {
  /** The minute's start, e.g. `2026-12-07T10:05:00.000Z`. */
  minute: string;
  instanceId: string;
}

/** Counts for one route pattern (`/admin/users/:id`, never the raw URL) and method. */
export interface RouteCounts extends RequestCounts {
  method: string;
  route: string;
  /** Requests per latency bucket (LATENCY_BUCKETS long, bounds in LATENCY_BOUNDS_MS). */
  latency: number[];
}

/** A route's counts over one hour, added up across instances. */
export interface RouteHourRecord extends RouteCounts {
  /** The hour's start, e.g. `2026-12-07T10:00:00.000Z`. */
  hour: string;
}

/** Heartbeats, request counts and alert times. */
export interface MonitoringStore {
  /** Records the instance's heartbeat for the minute, adding the counts to any it already has there. */
  recordHeartbeat(sample: HeartbeatSample): Promise<void>;
  /** Adds each route's counts to that route's record of the hour (created when absent). */
  addRouteCounts(hour: string, counts: RouteCounts[]): Promise<void>;
  /** The distinct minutes in [from, to) with at least one heartbeat, ascending. */
  heartbeatMinutes(from: string, to: string): Promise<string[]>;
  /** The earliest minute with a heartbeat, if any: monitoring began then. */
  firstHeartbeat(): Promise<string | undefined>;
  /** The requests of every heartbeat in [from, to), added up. */
  requestTotals(from: string, to: string): Promise<RequestCounts>;
  /** Route records of the hours in [from, to). */
  listRouteHours(from: string, to: string): Promise<RouteHourRecord[]>;
  /**
   * Records that an alert of `kind` goes out `at`, unless the last one went out after
   * `quietSince`; true when this call claimed it. Atomic: of two instances claiming at
   * once exactly one gets true.
   */
  claimAlert(kind: string, at: string, quietSince: string): Promise<boolean>;
  /** Deletes heartbeats and route records older than `before`. */
  deleteBefore(before: string): Promise<void>;
}
