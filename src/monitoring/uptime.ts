/**
 * Uptime from the service's own heartbeat: every running instance records the minute it
 * is in (heartbeat.ts), so a minute with no heartbeat from any instance is a minute the
 * service was down. A day's uptime is its minutes with a heartbeat over its minutes
 * measured: from monitoring's first heartbeat (before it there is nothing to judge) up to
 * the current minute (which may not have had its heartbeat yet). Pure functions over the
 * minutes, UTC days, weeks starting on Monday.
 */

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

/** One day's (or week's) uptime. */
export interface UptimePeriod {
  /** The first day, `YYYY-MM-DD`. */
  start: string;
  /** Minutes with at least one heartbeat. */
  upMinutes: number;
  /** Minutes judged (after monitoring began, before now). */
  measuredMinutes: number;
  /** upMinutes / measuredMinutes as a percentage to one decimal; absent when nothing was measured. */
  uptimePct?: number;
}

const pctOf = (up: number, measured: number) =>
  measured === 0 ? undefined : Math.round((up / measured) * 1000) / 10;

const floorMinute = (ms: number) => Math.floor(ms / MINUTE_MS) * MINUTE_MS;

/** The period with its percentage (none when nothing was measured). */
function period(start: string, upMinutes: number, measuredMinutes: number): UptimePeriod {
  const uptimePct = pctOf(upMinutes, measuredMinutes);
  return { start, upMinutes, measuredMinutes, ...(uptimePct === undefined ? {} : { uptimePct }) };
}

/**
 * Uptime of each UTC day in [from, to) (both at midnight), from the minutes with a
 * heartbeat (`minutes`, ISO), the first heartbeat ever (`since`; none: nothing measured)
 * and the time now.
 */
export function uptimeByDay(
  minutes: readonly string[],
  range: { from: string; to: string },
  since: string | undefined,
  now: Date,
): UptimePeriod[] {
  const beats = new Set(minutes.map((m) => floorMinute(Date.parse(m))));
  const begin = since === undefined ? Number.POSITIVE_INFINITY : floorMinute(Date.parse(since));
  const end = floorMinute(now.getTime());
  const days: UptimePeriod[] = [];
  for (let day = Date.parse(range.from); day < Date.parse(range.to); day += DAY_MS) {
    const first = Math.max(day, begin);
    const last = Math.min(day + DAY_MS, end);
    let up = 0;
    let measured = 0;
    for (let minute = first; minute < last; minute += MINUTE_MS) {
      measured += 1;
      if (beats.has(minute)) up += 1;
    }
    days.push(period(new Date(day).toISOString().slice(0, 10), up, measured));
  }
  return days;
}

/** The days grouped into weeks starting on Monday (a partial first or last week as it is). */
export function uptimeByWeek(days: readonly UptimePeriod[]): UptimePeriod[] {
  const weeks = new Map<string, { up: number; measured: number }>();
  for (const day of days) {
    const date = new Date(`${day.start}T00:00:00.000Z`);
    const monday = new Date(date.getTime() - ((date.getUTCDay() + 6) % 7) * DAY_MS)
      .toISOString()
      .slice(0, 10);
    const week = weeks.get(monday) ?? { up: 0, measured: 0 };
    week.up += day.upMinutes;
    week.measured += day.measuredMinutes;
    weeks.set(monday, week);
  }
  return [...weeks].map(([start, w]) => period(start, w.up, w.measured));
}

/** The uptime of all the days together. */
export function overallUptime(days: readonly UptimePeriod[]): UptimePeriod | undefined {
  if (days.length === 0) return undefined;
  return period(
    days[0]!.start,
    days.reduce((n, d) => n + d.upMinutes, 0),
    days.reduce((n, d) => n + d.measuredMinutes, 0),
  );
}
