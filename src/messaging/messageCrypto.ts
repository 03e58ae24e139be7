/**
 * Encryption at rest for conversations: every subject, body and rating comment is sealed
 * with AES-256-GCM under the current key of a key ring, with the record's id as associated
 * data (a sealed body copied onto another message does not open). The key id travels with
 * the ciphertext, so older keys keep opening what they sealed while the current one seals
 * everything new; a message read under an old key is re-sealed under the current one
 * (lazy rotation).
 *
 * Search without plaintext: a blind index. Each word of a message is normalised (case,
 * accents) and replaced by HMAC-SHA256(index key, word), truncated to 128 bits. A search
 * hashes its words the same way and looks for messages holding all of them. What leaks:
 * which messages share a word, and how often a hashed word occurs; not the words. Whole
 * words only (no prefixes). The index key never rotates (the index would have to be rebuilt).
 */
import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SealedText } from '../storage/ports.js';
import { loadOrCreateSecret } from '../secrets/localSecret.js';

/** The ring: the current key id and every key that may have sealed something. */
export interface KeyRing {
  current: string;
  keys: Map<string, Buffer>;
}

/** Sealing, opening and the blind index, bound to one key ring and index key. */
export interface MessageCrypto {
  seal(text: string, context: string): SealedText;
  /** The text; throws when the key is unknown or the ciphertext or context was tampered with. */
  open(sealed: SealedText, context: string): string;
  /** Whether a sealed value should be re-sealed under the current key. */
  isStale(sealed: SealedText): boolean;
  /** Keyed hashes of the text's distinct normalised words (at most 500). */
  terms(text: string): string[];
  /** Keyed hash of the whole normalised text: equal for repeated messages. */
  fingerprint(text: string): string;
  currentKeyId: string;
}

const KEY_ENTRY = /^([a-z0-9_-]{1,16}):([A-Za-z0-9_-]{43})$/;

/** Parses `id:key,id:key` (first current). */
export function parseKeyRing(text: string): KeyRing {
  const entries = text
    .trim()
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean);
  const keys = new Map<string, Buffer>();
  for (const entry of entries) {
    const match = KEY_ENTRY.exec(entry);
    if (!match) throw new Error('A message key must look like id:<32 bytes in base64url>');
    const key = Buffer.from(match[2]!, 'base64url');
    if (key.length !== 32) throw new Error(`Message key ${match[1]} is not 32 bytes`);
    keys.set(match[1]!, key);
  }
  if (keys.size === 0) throw new Error('The message key ring is empty');
  return { current: KEY_ENTRY.exec(entries[0]!)![1]!, keys };
}

/** The ring as text, current key first. */
export function formatKeyRing(ring: KeyRing): string {
  const ids = [ring.current, ...[...ring.keys.keys()].filter((id) => id !== ring.current)];
  return ids.map((id) => `${id}:${ring.keys.get(id)!.toString('base64url')}`).join(',');
}

const RING_FILE = 'message-keys';

/** The ring from MESSAGE_KEYS, else from keys/message-keys (created with one key on first run). */
export function loadKeyRing(keysDir: string, fromEnv?: string): KeyRing {
  if (fromEnv) return parseKeyRing(fromEnv);
  const path = join(keysDir, RING_FILE);
  if (!existsSync(path)) {
    mkdirSync(keysDir, { recursive: true, mode: 0o700 });
    const tmp = `${path}.${process.pid}.tmp`;
    writeFileSync(tmp, `m1:${randomBytes(32).toString('base64url')}\n`, { mode: 0o600 });
    if (!existsSync(path)) renameSync(tmp, path);
  }
  return parseKeyRing(readFileSync(path, 'utf8'));
}

/** Adds a new current key to keys/message-keys; older keys stay to open what they sealed. */
export function rotateKeyRingFile(keysDir: string): string {
  const ring = loadKeyRing(keysDir);
  let n = ring.keys.size + 1;
  while (ring.keys.has(`m${n}`)) n++;
  const id = `m${n}`;
  ring.keys.set(id, randomBytes(32));
  const path = join(keysDir, RING_FILE);
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, `${formatKeyRing({ current: id, keys: ring.keys })}\n`, { mode: 0o600 });
  renameSync(tmp, path);
  return id;
}

/** Lower case, accents removed, split into words of 2-40 letters or digits. */
export function normalisedWords(text: string): string[] {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length >= 2 && w.length <= 40);
}

/** Case, accents, punctuation and spacing folded away; every letter and digit kept. */
function foldedText(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean)
    .join(' ');
}

const MAX_TERMS = 500;

/** Builds the crypto over a ring and an index key. */
export function createMessageCrypto(ring: KeyRing, indexKey: Buffer): MessageCrypto {
  const hash = (value: string, bytes: number) =>
    createHmac('sha256', indexKey).update(value).digest().subarray(0, bytes).toString('base64url');
  return {
    currentKeyId: ring.current,
    seal(text, context) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', ring.keys.get(ring.current)!, iv);
      cipher.setAAD(Buffer.from(context, 'utf8'));
      const ct = Buffer.concat([cipher.update(text, 'utf8'), cipher.final(), cipher.getAuthTag()]);
      return { k: ring.current, iv: iv.toString('base64url'), ct: ct.toString('base64url') };
    },
    open(sealed, context) {
      const key = ring.keys.get(sealed.k);
      if (!key) throw new Error(`Message key ${sealed.k} is not in the key ring`);
      const data = Buffer.from(sealed.ct, 'base64url');
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(sealed.iv, 'base64url'));
      decipher.setAAD(Buffer.from(context, 'utf8'));
      decipher.setAuthTag(data.subarray(data.length - 16));
      return Buffer.concat([decipher.update(data.subarray(0, data.length - 16)), decipher.final()]).toString(
        'utf8',
      );
    },
    isStale: (sealed) => sealed.k !== ring.current,
    terms: (text) => [...new Set(normalisedWords(text))].slice(0, MAX_TERMS).map((w) => hash(`w:${w}`, 16)),
    // Every word counts here, even one letter long: "text 1" and "text 2" differ.
    fingerprint: (text) => hash(`f:${foldedText(text)}`, 16),
  };
}

/** The crypto for a deployment: ring from MESSAGE_KEYS or keys/, index key from MESSAGE_INDEX_KEY or keys/. */
export function loadMessageCrypto(
  keysDir: string,
  keysFromEnv?: string,
  indexKeyFromEnv?: string,
): MessageCrypto {
  return createMessageCrypto(
    loadKeyRing(keysDir, keysFromEnv),
    loadOrCreateSecret(keysDir, 'message-index-key', indexKeyFromEnv),
  );
}
