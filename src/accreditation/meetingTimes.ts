/**
 * Meeting times in the time zone they were set in: a date and a wall-clock time in a named
 * IANA zone become one instant (stored in UTC), and an instant is shown back in its zone
 * with the zone and its UTC offset spelled out, so a partner in another zone is never left
 * guessing. Uses Intl only (Node ships the zone data), no library.
 */
import { AppError } from '../errors.js';

/** The zones the forms offer first; any IANA zone name is accepted. */
export const COMMON_TIME_ZONES = [
  'Africa/Johannesburg',
  'Africa/Lagos',
  'Africa/Nairobi',
  'Africa/Cairo',
  'Europe/London',
  'Europe/Berlin',
  'America/New_York',
  'Asia/Kolkata',
  'UTC',
] as const;

/** True when `timeZone` is a zone Intl knows. */
function isTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone });
    return timeZone.length > 0;
  } catch {
    return false;
  }
}

/** The wall-clock fields of `instant` in `timeZone`. */
function wallClock(
  instant: number,
  timeZone: string,
): Record<'year' | 'month' | 'day' | 'hour' | 'minute', number> {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  }).formatToParts(new Date(instant));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  return {
    year: get('year'),
    month: get('month'),
    day: get('day'),
    hour: get('hour'),
    minute: get('minute'),
  };
}

/** How far `timeZone` is ahead of UTC at `instant`, in minutes. */
function offsetMinutes(instant: number, timeZone: string): number {
  const w = wallClock(instant, timeZone);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute);
  return Math.round((asUtc - Math.floor(instant / 60_000) * 60_000) / 60_000);
}

/**
 * `2026-12-08` at `10:00` in `Africa/Johannesburg` as an instant. Checked: a real date, a
 * real time, a known zone. A time that a clock change skips lands an hour later.
 */
export function zonedInstant(date: string, time: string, timeZone: string): Date {
  const d = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const t = /^(\d{2}):(\d{2})$/.exec(time);
  if (!d) throw new AppError('invalid_request', 'Date: use the form 2026-12-08', { field: 'date' });
  if (!t || Number(t[1]) > 23 || Number(t[2]) > 59)
    throw new AppError('invalid_request', 'Time: use the form 14:30', { field: 'time' });
  if (!isTimeZone(timeZone))
    throw new AppError('invalid_request', 'Time zone: choose a time zone such as Africa/Johannesburg', {
      field: 'timeZone',
    });
  const wall = Date.UTC(Number(d[1]), Number(d[2]) - 1, Number(d[3]), Number(t[1]), Number(t[2]));
  if (new Date(wall).toISOString().slice(0, 10) !== date)
    throw new AppError('invalid_request', 'Date: that day does not exist', { field: 'date' });
  // The offset at the guess, then again at the result (it differs only across a clock change).
  const first = wall - offsetMinutes(wall, timeZone) * 60_000;
  return new Date(wall - offsetMinutes(first, timeZone) * 60_000);
}

const pad = (n: number) => String(n).padStart(2, '0');

/** An instant's date and time in a zone, as the form fields hold them. */
export function zonedFields(iso: string, timeZone: string): { date: string; time: string } {
  const w = wallClock(Date.parse(iso), timeZone);
  return { date: `${w.year}-${pad(w.month)}-${pad(w.day)}`, time: `${pad(w.hour)}:${pad(w.minute)}` };
}

/** "UTC+02:00" for `timeZone` at `iso`. */
function utcOffsetText(iso: string, timeZone: string): string {
  const minutes = offsetMinutes(Date.parse(iso), timeZone);
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `UTC${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/** "Tuesday 8 December 2026, 10:00 (Africa/Johannesburg, UTC+02:00)". */
export function meetingTimeText(iso: string, timeZone: string): string {
  const day = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
  }).format(new Date(iso));
  const { time } = zonedFields(iso, timeZone);
  return `${day.replace(/,/g, '')}, ${time} (${timeZone}, ${utcOffsetText(iso, timeZone)})`;
}
