/**
 * Uptime from heartbeats, worked by hand: monitoring began on Monday 2 November 2026 at
 * 06:00 UTC; that day lost 10:00-10:29 (30 minutes) and Tuesday lost 00:00-00:05 (6
 * minutes); it is now Tuesday 12:00:30, so Tuesday is measured up to 12:00. A second
 * instance beating in the same minutes counts once; Sunday, before monitoring began, is not
 * measured at all.
 */
import { describe, expect, it } from 'vitest';
import { overallUptime, uptimeByDay, uptimeByWeek } from '../../src/monitoring/uptime.js';

const MINUTE = 60_000;

/** Every minute in [from, to) as ISO strings, but those in the gaps. */
function minutes(from: string, to: string, gaps: [string, string][] = []): string[] {
  const out: string[] = [];
  for (let m = Date.parse(from); m < Date.parse(to); m += MINUTE) {
    if (gaps.some(([a, b]) => m >= Date.parse(a) && m < Date.parse(b))) continue;
    out.push(new Date(m).toISOString());
  }
  return out;
}

const beats = [
  ...minutes('2026-11-02T06:00:00.000Z', '2026-11-03T12:02:00.000Z', [
    ['2026-11-02T10:00:00.000Z', '2026-11-02T10:30:00.000Z'],
    ['2026-11-03T00:00:00.000Z', '2026-11-03T00:06:00.000Z'],
  ]),
  // A second instance in the same minutes: still one minute up each.
  ...minutes('2026-11-02T06:00:00.000Z', '2026-11-02T06:10:00.000Z'),
];
const range = { from: '2026-11-01T00:00:00.000Z', to: '2026-11-04T00:00:00.000Z' };
const since = '2026-11-02T06:00:00.000Z';
const now = new Date('2026-11-03T12:00:30.000Z');

describe('uptime from heartbeats', () => {
  it('counts minutes with a heartbeat over minutes measured, per day', () => {
    const days = uptimeByDay(beats, range, since, now);
    expect(days).toEqual([
      // Before the first heartbeat: nothing to judge.
      { start: '2026-11-01', upMinutes: 0, measuredMinutes: 0 },
      // 06:00-24:00 is 1080 minutes, 30 down: 1050 / 1080 = 97.22%.
      { start: '2026-11-02', upMinutes: 1050, measuredMinutes: 1080, uptimePct: 97.2 },
      // 00:00-12:00 is 720 minutes (12:00 itself not yet judged), 6 down: 714 / 720 = 99.17%.
      { start: '2026-11-03', upMinutes: 714, measuredMinutes: 720, uptimePct: 99.2 },
    ]);
  });

  it('adds days up into weeks from Monday, and over the whole period', () => {
    const days = uptimeByDay(beats, range, since, now);
    expect(uptimeByWeek(days)).toEqual([
      { start: '2026-10-26', upMinutes: 0, measuredMinutes: 0 },
      // 1764 / 1800 = 98%.
      { start: '2026-11-02', upMinutes: 1764, measuredMinutes: 1800, uptimePct: 98 },
    ]);
    expect(overallUptime(days)).toEqual({
      start: '2026-11-01',
      upMinutes: 1764,
      measuredMinutes: 1800,
      uptimePct: 98,
    });
  });

  it('measures nothing before any heartbeat, and a whole silent day as 0%', () => {
    expect(uptimeByDay([], range, undefined, now).every((d) => d.measuredMinutes === 0)).toBe(true);
    const silent = uptimeByDay([], range, '2026-10-01T00:00:00.000Z', now);
    expect(silent[0]).toEqual({ start: '2026-11-01', upMinutes: 0, measuredMinutes: 1440, uptimePct: 0 });
    // Days after now are not measured either.
    expect(uptimeByDay([], range, since, new Date('2026-11-01T12:00:00.000Z'))[2]).toEqual({
      start: '2026-11-03',
      upMinutes: 0,
      measuredMinutes: 0,
    });
  });
});
