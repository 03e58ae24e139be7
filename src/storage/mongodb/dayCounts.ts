/**
 * Counts per UTC day for the staff dashboard's sparklines: one indexed countDocuments per
 * day of the range rather than an aggregation, because FerretDB v1 has no string operator
 * to group an ISO instant by its date ($substrBytes "is not implemented yet"). The range is
 * a month or two, so that is a few dozen small counts, and the answer one row per day.
 */
import type { Collection, Document, Filter } from 'mongodb';
import type { DayCount } from '../ports.js';

const DAY_MS = 86_400_000;
/** More days than any dashboard asks for: a larger range is a bug, not a slow query. */
const MAX_DAYS = 400;

/** Rows of `{ day, count }` in day order for [from, to), days with none left out. */
export async function countPerDay<T extends Document>(
  collection: Collection<T>,
  match: Filter<T>,
  field: string,
  range: { from: string; to: string },
): Promise<DayCount[]> {
  const start = Date.parse(range.from);
  const end = Date.parse(range.to);
  if (!Number.isFinite(start) || !Number.isFinite(end))
    throw new Error(`countPerDay: not an instant in ${JSON.stringify(range)}`);
  const windows: { day: string; from: string; to: string }[] = [];
  // Day boundaries are UTC midnights; the first and last windows are clipped to the range.
  for (let dayStart = Math.floor(start / DAY_MS) * DAY_MS; dayStart < end; dayStart += DAY_MS) {
    if (windows.length >= MAX_DAYS)
      throw new Error(`countPerDay: more than ${MAX_DAYS} days in ${JSON.stringify(range)}`);
    const from = new Date(Math.max(dayStart, start)).toISOString();
    const to = new Date(Math.min(dayStart + DAY_MS, end)).toISOString();
    windows.push({
      day: from.slice(0, 10),
      from: windows.length === 0 ? range.from : from,
      to: dayStart + DAY_MS >= end ? range.to : to,
    });
  }
  const counts = await Promise.all(
    windows.map((w) =>
      collection.countDocuments({ ...match, [field]: { $gte: w.from, $lt: w.to } } as Filter<T>),
    ),
  );
  return windows.flatMap((w, i) => (counts[i] ? [{ day: w.day, count: counts[i] }] : []));
}

/** A regular expression matching strings that start with `prefix` literally. */
export function startsWith(prefix: string): RegExp {
  return new RegExp(`^${prefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`);
}
