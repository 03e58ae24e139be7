/**
 * Message encryption and the blind index: a sealed text opens only with its key and its
 * context; tampering fails; a ring with a new current key still opens old texts and marks
 * them stale; the key-ring text format round-trips and refuses bad keys; search terms
 * ignore case and accents and reveal nothing of the word; fingerprints match repeats.
 */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import {
  createMessageCrypto,
  formatKeyRing,
  loadKeyRing,
  normalisedWords,
  parseKeyRing,
  rotateKeyRingFile,
} from '../../src/messaging/messageCrypto.js';

const key = () => randomBytes(32).toString('base64url');
const indexKey = randomBytes(32);

describe('message crypto', () => {
  const ring = parseKeyRing(`k1:${key()}`);
  const crypto = createMessageCrypto(ring, indexKey);

  it('seals with a fresh nonce and opens only in the same context', () => {
    const a = crypto.seal('Invoice INV-77 charged twice', 'message:1');
    const b = crypto.seal('Invoice INV-77 charged twice', 'message:1');
    expect(a.k).toBe('k1');
    expect(a.ct).not.toBe(b.ct);
    expect(Buffer.from(a.ct, 'base64url').toString('utf8')).not.toContain('Invoice');
    expect(crypto.open(a, 'message:1')).toBe('Invoice INV-77 charged twice');
    expect(() => crypto.open(a, 'message:2')).toThrow();
  });

  it('refuses a tampered ciphertext and an unknown key', () => {
    const sealed = crypto.seal('hello', 'c');
    const bytes = Buffer.from(sealed.ct, 'base64url');
    bytes[0] = bytes[0]! ^ 1;
    expect(() => crypto.open({ ...sealed, ct: bytes.toString('base64url') }, 'c')).toThrow();
    expect(() => crypto.open({ ...sealed, k: 'k9' }, 'c')).toThrow(/not in the key ring/);
  });

  it('opens texts of an older key after rotation and marks them stale', () => {
    const old = crypto.seal('before rotation', 'm');
    const rotated = createMessageCrypto(parseKeyRing(`k2:${key()},${formatKeyRing(ring)}`), indexKey);
    expect(rotated.currentKeyId).toBe('k2');
    expect(rotated.isStale(old)).toBe(true);
    expect(rotated.open(old, 'm')).toBe('before rotation');
    expect(rotated.isStale(rotated.seal('after', 'm'))).toBe(false);
  });

  it('keeps a generated ring in keys/ and rotates it, older keys kept', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ring-'));
    const first = loadKeyRing(dir);
    expect(first.current).toBe('m1');
    expect(loadKeyRing(dir).keys.get('m1')).toEqual(first.keys.get('m1'));
    expect(rotateKeyRingFile(dir)).toBe('m2');
    const after = loadKeyRing(dir);
    expect(after.current).toBe('m2');
    expect(after.keys.get('m1')).toEqual(first.keys.get('m1'));
    expect(readFileSync(join(dir, 'message-keys'), 'utf8')).toMatch(/^m2:[\w-]{43},m1:[\w-]{43}\n$/);
  });

  it('refuses malformed rings', () => {
    expect(() => parseKeyRing('')).toThrow(/empty/);
    expect(() => parseKeyRing('k1:short')).toThrow(/id:<32 bytes/);
    expect(() => parseKeyRing(`K1:${key()}`)).toThrow();
  });

  it('indexes whole words, whatever their case and accents, as keyed hashes', () => {
    expect(normalisedWords('Crème BRÛLÉE, x: naïve-café 2026')).toEqual([
      'creme',
      'brulee',
      'naive',
      'cafe',
      '2026',
    ]);
    const [term] = crypto.terms('Café');
    expect(crypto.terms('cafe')).toEqual([term]);
    expect(term).toMatch(/^[\w-]{22}$/);
    expect(createMessageCrypto(ring, randomBytes(32)).terms('cafe')).not.toEqual([term]);
    expect(crypto.terms('a b c')).toEqual([]);
  });

  it('fingerprints repeated texts alike', () => {
    expect(crypto.fingerprint('Buy cheap  followers NOW')).toBe(
      crypto.fingerprint('buy cheap followers now!'),
    );
    expect(crypto.fingerprint('buy cheap followers now')).not.toBe(
      crypto.fingerprint('buy cheap followers later'),
    );
    expect(crypto.fingerprint('question 1')).not.toBe(crypto.fingerprint('question 2'));
  });
});
