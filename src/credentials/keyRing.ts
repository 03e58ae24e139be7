/**
 * The issuer's key ring: Ed25519 keys kept in one JSON file under keys/ (git-ignored,
 * mode 0600). The newest key signs; older keys stay in the DID document so credentials
 * signed before a rotation keep verifying. Created on first run. Each key has a P-256
 * twin for the VC-JWTs signed ES256 that many mobile wallets take (jose signs them);
 * rings written before the twin existed get one for their newest key at start.
 */
import { generateKeyPairSync } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import * as base58btc from 'base58-universal';

/** One stored key. The secret never leaves this file and the signer built from it. */
export interface StoredKey {
  publicKeyMultibase: string;
  secretKeyMultibase: string;
  createdAt: string;
  /** The P-256 twin (ES256): its Multikey public key and its private JWK. */
  p256?: P256Key;
}

/** A P-256 key as the ring stores it. */
export interface P256Key {
  publicKeyMultibase: string;
  privateKeyJwk: { kty: 'EC'; crv: 'P-256'; x: string; y: string; d: string };
}

/** The on-disk shape of keys/issuer-keys.json; the last key is the signing key. */
export interface KeyRingFile {
  keys: StoredKey[];
}

/** The file name of the key ring inside the keys directory. */
export const KEY_RING_FILE = 'issuer-keys.json';

/** The P-256 Multikey header (multicodec 0x1200 as a varint). */
const P256_MULTICODEC = [0x80, 0x24];

/** Generates a P-256 key: the public half as a Multikey (`zDn...`, compressed point), the private as a JWK. */
function generateP256Key(): P256Key {
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const jwk = privateKey.export({ format: 'jwk' }) as P256Key['privateKeyJwk'];
  const y = Buffer.from(jwk.y, 'base64url');
  const compressed = Buffer.concat([
    Buffer.from([y[y.length - 1]! & 1 ? 3 : 2]),
    Buffer.from(jwk.x, 'base64url'),
  ]);
  return {
    publicKeyMultibase: `z${base58btc.encode(Buffer.concat([Buffer.from(P256_MULTICODEC), compressed]))}`,
    privateKeyJwk: { kty: 'EC', crv: 'P-256', x: jwk.x, y: jwk.y, d: jwk.d },
  };
}

/** Generates a fresh Ed25519 key, with its P-256 twin, in the stored shape. */
export async function generateStoredKey(now: Date = new Date()): Promise<StoredKey> {
  const pair = await Ed25519Multikey.generate();
  const exported = await pair.export({ publicKey: true, secretKey: true });
  return {
    publicKeyMultibase: exported.publicKeyMultibase,
    secretKeyMultibase: exported.secretKeyMultibase,
    createdAt: now.toISOString(),
    p256: generateP256Key(),
  };
}

function writeRing(path: string, ring: KeyRingFile): void {
  // Write then rename so a crash never leaves a half-written key file.
  const tmp = `${path}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(ring, null, 2)}\n`, { mode: 0o600 });
  chmodSync(tmp, 0o600);
  renameSync(tmp, path);
}

function readRing(path: string): KeyRingFile {
  const ring = JSON.parse(readFileSync(path, 'utf8')) as KeyRingFile;
  if (!Array.isArray(ring.keys) || ring.keys.length === 0) {
    throw new Error(`${path} holds no keys; delete it to generate a new key on next start`);
  }
  for (const key of ring.keys) {
    if (typeof key.publicKeyMultibase !== 'string' || typeof key.secretKeyMultibase !== 'string') {
      throw new Error(`${path} holds a key without publicKeyMultibase/secretKeyMultibase`);
    }
    if (
      key.p256 !== undefined &&
      (typeof key.p256.publicKeyMultibase !== 'string' || typeof key.p256.privateKeyJwk?.d !== 'string')
    ) {
      throw new Error(`${path} holds a P-256 key without publicKeyMultibase/privateKeyJwk`);
    }
  }
  return ring;
}

/** Loads the key ring from `keysDir`, creating it with one new key on first run. */
export async function loadOrCreateKeyRing(keysDir: string): Promise<{ ring: KeyRingFile; created: boolean }> {
  const path = join(keysDir, KEY_RING_FILE);
  if (existsSync(path)) {
    const ring = readRing(path);
    const newest = ring.keys[ring.keys.length - 1]!;
    if (!newest.p256) {
      newest.p256 = generateP256Key();
      writeRing(path, ring);
    }
    return { ring, created: false };
  }
  mkdirSync(keysDir, { recursive: true, mode: 0o700 });
  const ring: KeyRingFile = { keys: [await generateStoredKey()] };
  writeRing(path, ring);
  return { ring, created: true };
}

/** Adds a new key and makes it the signing key; earlier keys stay for verification. */
export async function rotateKeyRing(keysDir: string, now: Date = new Date()): Promise<KeyRingFile> {
  const { ring } = await loadOrCreateKeyRing(keysDir);
  const next: KeyRingFile = { keys: [...ring.keys, await generateStoredKey(now)] };
  writeRing(join(keysDir, KEY_RING_FILE), next);
  return next;
}
