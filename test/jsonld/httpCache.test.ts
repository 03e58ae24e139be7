/**
 * The fetch cache: freshness from Cache-Control (max-age, s-maxage first; no-store,
 * no-cache and private keep nothing) or Expires against Date; a fresh entry is served
 * without fetching, a stale one is fetched again, errors are not cached, the cap applies,
 * concurrent requests share one fetch, and callers get copies.
 */
import { describe, expect, it } from 'vitest';
import { createCachingFetchJson, freshnessMs, type FreshJson } from '../../src/jsonld/httpCache.js';

const headers = (h: Record<string, string>) => new Headers(h);

describe('freshness from headers', () => {
  it('reads max-age, s-maxage, Expires and the directives that forbid reuse', () => {
    expect(freshnessMs(headers({ 'cache-control': 'public, max-age=300' }), 0)).toBe(300_000);
    expect(freshnessMs(headers({ 'cache-control': 'max-age=60, s-maxage=600' }), 0)).toBe(600_000);
    expect(freshnessMs(headers({ 'cache-control': 'no-store, max-age=300' }), 0)).toBe(0);
    expect(freshnessMs(headers({ 'cache-control': 'private, max-age=300' }), 0)).toBe(0);
    expect(freshnessMs(headers({ 'cache-control': 'no-cache' }), 0)).toBe(0);
    expect(
      freshnessMs(
        headers({ expires: 'Wed, 25 Nov 2026 10:10:00 GMT', date: 'Wed, 25 Nov 2026 10:00:00 GMT' }),
        0,
      ),
    ).toBe(600_000);
    expect(
      freshnessMs(headers({ expires: 'Wed, 25 Nov 2026 10:00:00 GMT' }), Date.parse('2026-11-25T10:05:00Z')),
    ).toBe(0);
    expect(freshnessMs(headers({}), 0)).toBe(0);
  });
});

describe('the caching fetcher', () => {
  it('serves fresh entries, refetches stale ones, and does not cache errors or no-store', async () => {
    let clock = 0;
    const calls: string[] = [];
    const answers: Record<string, () => FreshJson> = {
      'https://a.example/list': () => ({ json: { n: calls.length }, freshForMs: 1000 }),
      'https://a.example/nostore': () => ({ json: { n: calls.length }, freshForMs: 0 }),
    };
    const fetchJson = createCachingFetchJson(
      async (url) => {
        calls.push(url);
        const answer = answers[url];
        if (!answer) throw new Error('down');
        return answer();
      },
      { now: () => clock, maxFreshMs: 60_000 },
    );
    expect(await fetchJson('https://a.example/list')).toEqual({ n: 1 });
    clock = 999;
    expect(await fetchJson('https://a.example/list')).toEqual({ n: 1 });
    clock = 1000;
    expect(await fetchJson('https://a.example/list')).toEqual({ n: 2 });
    await fetchJson('https://a.example/nostore');
    await fetchJson('https://a.example/nostore');
    await expect(fetchJson('https://a.example/down')).rejects.toThrow('down');
    await expect(fetchJson('https://a.example/down')).rejects.toThrow('down');
    expect(calls.filter((u) => u.endsWith('/nostore'))).toHaveLength(2);
    expect(calls.filter((u) => u.endsWith('/down'))).toHaveLength(2);
  });

  it('caps freshness, shares concurrent fetches and hands out copies', async () => {
    let clock = 0;
    let fetches = 0;
    const fetchJson = createCachingFetchJson(
      async () => {
        fetches++;
        await new Promise((resolve) => setTimeout(resolve, 10));
        return { json: { list: [1, 2] }, freshForMs: 3_600_000 };
      },
      { now: () => clock, maxFreshMs: 5_000 },
    );
    const [a, b] = (await Promise.all([
      fetchJson('https://b.example/x'),
      fetchJson('https://b.example/x'),
    ])) as { list: number[] }[];
    expect(fetches).toBe(1);
    a!.list.push(3);
    expect(b!.list).toEqual([1, 2]);
    expect(await fetchJson('https://b.example/x')).toEqual({ list: [1, 2] });
    clock = 5_000;
    await fetchJson('https://b.example/x');
    expect(fetches).toBe(2);
  });
});
