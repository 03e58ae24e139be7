/**
 * The render cache: least recently used first out, bounded by bytes; one render shared by
 * concurrent askers; a failed render not cached; hits in well under 2 ms.
 */
import { describe, expect, it } from 'vitest';
import { RenderCache, etagOf, renderKey } from '../../src/rendering/renderCache.js';

const bytes = (n: number, fill = 1) => new Uint8Array(n).fill(fill);

describe('RenderCache', () => {
  it('evicts the least recently used renders beyond its byte bound', () => {
    const cache = new RenderCache(1000);
    cache.set('a', bytes(240), 'image/png');
    cache.set('b', bytes(240), 'image/png');
    cache.set('c', bytes(240), 'image/png');
    expect(cache.get('a')).toBeDefined(); // a is now the most recently used
    cache.set('d', bytes(240), 'image/png');
    cache.set('e', bytes(240), 'image/png');
    expect(cache.get('b')).toBeUndefined();
    expect(['a', 'c', 'd', 'e'].map((k) => cache.get(k) !== undefined)).toEqual([true, true, true, true]);
    expect(cache.stats()).toMatchObject({ entries: 4, bytes: 960 });
  });

  it('does not keep a render larger than a quarter of its bound', () => {
    const cache = new RenderCache(1000);
    const entry = cache.set('big', bytes(300), 'application/pdf');
    expect(entry.etag).toBe(etagOf(bytes(300)));
    expect(cache.get('big')).toBeUndefined();
  });

  it('renders once for concurrent askers, and again only after a failure', async () => {
    const cache = new RenderCache();
    let calls = 0;
    const render = async () => {
      calls++;
      await new Promise((resolve) => setTimeout(resolve, 20));
      return bytes(10, calls);
    };
    const results = await Promise.all([1, 2, 3].map(() => cache.getOrRender('k', 'image/png', render)));
    expect(calls).toBe(1);
    expect(new Set(results.map((r) => r.etag)).size).toBe(1);
    await expect(
      cache.getOrRender('bad', 'image/png', async () => Promise.reject(new Error('boom'))),
    ).rejects.toThrow('boom');
    expect((await cache.getOrRender('bad', 'image/png', render)).bytes).toEqual(bytes(10, 2));
    expect(cache.stats()).toMatchObject({ hits: 2, misses: 3 });
  });

  it('keys by format, template version and credential, and forgets a credential on request', () => {
    const cache = new RenderCache();
    const id = 'urn:uuid:7f6f1c1e-2f5b-4a53-9d8e-1b2c3d4e5f60';
    cache.set(renderKey(id, 'default', 'valid', 'png'), bytes(5), 'image/png');
    cache.set(renderKey(id, 'default', 'valid', 'pdf'), bytes(6), 'application/pdf');
    cache.set(renderKey('urn:uuid:other', 'default', 'valid', 'png'), bytes(7), 'image/png');
    expect(cache.get(renderKey(id, 'tpl@2', 'valid', 'png'))).toBeUndefined();
    cache.deleteCredential(id);
    expect(cache.stats()).toMatchObject({ entries: 1, bytes: 7 });
  });

  it('answers a hit in well under 2 ms', async () => {
    const cache = new RenderCache();
    for (let i = 0; i < 500; i++)
      cache.set(renderKey(`urn:uuid:${i}`, 'default', 'valid', 'png'), bytes(60_000), 'image/png');
    const times: number[] = [];
    for (let i = 0; i < 2000; i++) {
      const start = performance.now();
      await cache.getOrRender(
        renderKey(`urn:uuid:${i % 500}`, 'default', 'valid', 'png'),
        'image/png',
        async () => bytes(1),
      );
      times.push(performance.now() - start);
    }
    times.sort((a, b) => a - b);
    expect(times[Math.floor(times.length * 0.5)]!).toBeLessThan(0.5);
    expect(times[Math.floor(times.length * 0.99)]!).toBeLessThan(2);
  });
});
