/**
 * The Ed25519 public key inside a did:key, as a node:crypto KeyObject: the multibase
 * `z...` value is base58btc of the multicodec prefix 0xed 0x01 and the 32-byte key.
 * Used to check OpenID4VCI proof JWTs without any DID resolution.
 */
import { createPublicKey, type KeyObject } from 'node:crypto';
import { isEd25519DidKey } from '../credentials/didDocuments.js';

const BASE58_ALPHABET = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
const ED25519_MULTICODEC = [0xed, 0x01];
// SubjectPublicKeyInfo DER header for a raw 32-byte Ed25519 key (RFC 8410).
const SPKI_ED25519_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

/** Decodes base58btc (Bitcoin alphabet); throws on any other character. */
export function base58Decode(text: string): Uint8Array {
  let value = 0n;
  for (const char of text) {
    const digit = BASE58_ALPHABET.indexOf(char);
    if (digit < 0) throw new Error(`Not base58btc: "${char}"`);
    value = value * 58n + BigInt(digit);
  }
  const bytes: number[] = [];
  while (value > 0n) {
    bytes.unshift(Number(value & 0xffn));
    value >>= 8n;
  }
  // Each leading '1' stands for a leading zero byte.
  for (const char of text) {
    if (char !== '1') break;
    bytes.unshift(0);
  }
  return Uint8Array.from(bytes);
}

/** The raw 32-byte Ed25519 key of a did:key; throws for anything else. */
export function didKeyRawPublicKey(did: string): Uint8Array {
  if (!isEd25519DidKey(did)) throw new Error(`Not an Ed25519 did:key: ${did}`);
  const bytes = base58Decode(did.slice('did:key:z'.length));
  if (bytes.length !== 34 || bytes[0] !== ED25519_MULTICODEC[0] || bytes[1] !== ED25519_MULTICODEC[1]) {
    throw new Error(`The did:key does not carry an Ed25519 public key: ${did}`);
  }
  return bytes.subarray(2);
}

/** The KeyObject for a did:key's Ed25519 public key. */
export function didKeyPublicKey(did: string): KeyObject {
  return createPublicKey({ key: Buffer.concat([SPKI_ED25519_PREFIX, didKeyRawPublicKey(did)]), format: 'der', type: 'spki' });
}
