/**
 * A small HTTP cache for the documents verification fetches (did:web documents, foreign
 * status lists), shared by the Node server and the Worker: a response is kept as long as
 * its own headers allow (`Cache-Control: max-age` or `s-maxage`, else `Expires` against
 * `Date`; `no-store`, `no-cache` and `private` keep nothing), never longer than a cap, and
 * concurrent requests for one URL share one fetch. Errors are never cached.
 */
import type { FetchJson } from './fetchPolicy.js';

/** A fetched document and how long its headers say it stays fresh. */
export interface FreshJson {
  json: unknown;
  freshForMs: number;
}

/** A fetch that reports freshness. */
export type FetchFreshJson = (url: string) => Promise<FreshJson>;

/** How long a response may be reused, from its headers (0: not at all). */
export function freshnessMs(headers: { get(name: string): string | null }, nowMs: number): number {
  const cacheControl = (headers.get('cache-control') ?? '').toLowerCase();
  if (/(^|,)\s*(no-store|no-cache|private)\b/.test(cacheControl)) return 0;
  const directive = (name: string) => {
    const match = new RegExp(`(?:^|,)\\s*${name}\\s*=\\s*"?(\\d+)`).exec(cacheControl);
    return match ? Number(match[1]) * 1000 : undefined;
  };
  const maxAge = directive('s-maxage') ?? directive('max-age');
  if (maxAge !== undefined) return maxAge;
  const expires = Date.parse(headers.get('expires') ?? '');
  if (Number.isNaN(expires)) return 0;
  const date = Date.parse(headers.get('date') ?? '');
  return Math.max(0, expires - (Number.isNaN(date) ? nowMs : date));
}

/** Options of the cache. */
export interface CacheOptions {
  /** Entries kept at most (the oldest goes first). */
  maxEntries?: number;
  /** Never reuse a response longer than this, whatever its headers say. */
  maxFreshMs?: number;
  now?: () => number;
}

/** Wraps a fetcher with the cache; returns a plain FetchJson (copies, so callers may mutate). */
export function createCachingFetchJson(
  fetchFresh: FetchFreshJson,
  { maxEntries = 500, maxFreshMs = 15 * 60_000, now = Date.now }: CacheOptions = {},
): FetchJson {
  const entries = new Map<string, { json: unknown; until: number }>();
  const inFlight = new Map<string, Promise<FreshJson>>();
  return async (url: string) => {
    const hit = entries.get(url);
    if (hit && hit.until > now()) return structuredClone(hit.json);
    if (hit) entries.delete(url);
    let pending = inFlight.get(url);
    if (!pending) {
      pending = fetchFresh(url).finally(() => inFlight.delete(url));
      inFlight.set(url, pending);
    }
    const { json, freshForMs } = await pending;
    const keep = Math.min(freshForMs, maxFreshMs);
    if (keep > 0 && !entries.has(url)) {
      if (entries.size >= maxEntries) entries.delete(entries.keys().next().value as string);
      entries.set(url, { json: structuredClone(json), until: now() + keep });
    }
    return structuredClone(json);
  };
}
