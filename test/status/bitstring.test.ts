/** Bitstring Status List encoding: bit order, GZIP + base64url multibase, decode limits. */
import { describe, expect, it } from 'vitest';
import { gzipSync } from 'node:zlib';
import { decodeStatusList, encodeStatusList, readStatusBit } from '../../src/status/bitstring.js';

describe('status list bitstring', () => {
  it('round-trips the set bits and nothing else', () => {
    const set = [0, 7, 8, 65535, 131071];
    const decoded = decodeStatusList(encodeStatusList(131072, set));
    expect(decoded.length).toBe(131072);
    for (const index of [0, 1, 6, 7, 8, 9, 65535, 131070, 131071]) {
      expect(readStatusBit(decoded, index)).toBe(set.includes(index));
    }
  });

  it('puts bit 0 in the most significant bit of the first byte (spec order)', () => {
    const decoded = decodeStatusList(encodeStatusList(16, [0, 9]));
    expect([...decoded.bytes]).toEqual([0b1000_0000, 0b0100_0000]);
  });

  it('encodes as multibase base64url with a u prefix and no padding', () => {
    const encoded = encodeStatusList(131072, []);
    expect(encoded).toMatch(/^u[A-Za-z0-9_-]+$/);
  });

  it('refuses lists that inflate beyond the cap (decompression bombs)', () => {
    const bomb = `u${gzipSync(Buffer.alloc(1024 * 1024)).toString('base64url')}`;
    expect(() => decodeStatusList(bomb, 64 * 1024)).toThrow();
  });

  it('rejects a bad multibase prefix, bad base64url and indexes outside the list', () => {
    expect(() => decodeStatusList('zabc')).toThrow(/multibase/);
    expect(() => decodeStatusList('u!!!')).toThrow(/base64url/);
    expect(() => readStatusBit(decodeStatusList(encodeStatusList(8, [])), 8)).toThrow(RangeError);
    expect(() => encodeStatusList(8, [8])).toThrow(RangeError);
  });
});
