/** The keyed index permutation: a bijection that hides allocation order. */
import { describe, expect, it } from 'vitest';
import { shuffleIndex } from '../../src/status/shuffle.js';

describe('shuffleIndex', () => {
  it('is a bijection on [0, length) for power-of-two and other lengths', () => {
    for (const length of [1, 2, 7, 1000, 4096]) {
      const seen = new Set<number>();
      for (let position = 0; position < length; position++) {
        const index = shuffleIndex('key', position, length);
        expect(index).toBeGreaterThanOrEqual(0);
        expect(index).toBeLessThan(length);
        seen.add(index);
      }
      expect(seen.size).toBe(length);
    }
  });

  it('hides the allocation order and depends on the key', () => {
    const first = Array.from({ length: 50 }, (_, i) => shuffleIndex('key-a', i, 131072));
    const other = Array.from({ length: 50 }, (_, i) => shuffleIndex('key-b', i, 131072));
    expect(first).not.toEqual([...first].sort((a, b) => a - b));
    expect(first).not.toEqual(other);
    // Consecutive positions land far apart on average (no visible clustering).
    const gaps = first.slice(1).map((v, i) => Math.abs(v - first[i]!));
    expect(gaps.reduce((a, b) => a + b, 0) / gaps.length).toBeGreaterThan(10_000);
  });

  it('is deterministic for a key', () => {
    expect(shuffleIndex('k', 12345, 131072)).toBe(shuffleIndex('k', 12345, 131072));
  });

  it('rejects positions outside the list', () => {
    expect(() => shuffleIndex('k', 131072, 131072)).toThrow(RangeError);
    expect(() => shuffleIndex('k', -1, 131072)).toThrow(RangeError);
  });
});
