/**
 * Ed25519 signature checks with the public key imported once. The Digital Bazaar key
 * classes turn the key bytes into a node KeyObject (DER wrap + createPublicKey) on every
 * verify, which cost as much as the signature check itself (bench/RESULTS.md, "What
 * dominates the cost"). Here the key is still decoded and validated from its verification
 * method every time (Ed25519Multikey.from, plus the multicodec header and key length it
 * does not check), and only the KeyObject is reused, found by the key's bytes.
 */
import { createPublicKey, verify, type KeyObject } from 'node:crypto';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import * as base58btc from 'base58-universal';
import { Ed25519Signature2020 } from '@digitalbazaar/ed25519-signature-2020';
import { cryptosuite as eddsaRdfc2022 } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';

/** SubjectPublicKeyInfo prefix of a raw 32-byte Ed25519 key (RFC 8410). */
const SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');
/** Issuers a verifier meets are few; the bound only keeps a flood of foreign keys in check. */
const MAX_KEYS = 1024;
const keyObjects = new Map<string, KeyObject>();

/** The node KeyObject of a raw Ed25519 public key, imported once. */
export function ed25519KeyObject(publicKey: Uint8Array): KeyObject {
  const id = Buffer.from(publicKey).toString('base64');
  let key = keyObjects.get(id);
  if (!key) {
    key = createPublicKey({ key: Buffer.concat([SPKI_PREFIX, publicKey]), format: 'der', type: 'spki' });
    if (keyObjects.size >= MAX_KEYS) keyObjects.delete(keyObjects.keys().next().value as string);
    keyObjects.set(id, key);
  }
  return key;
}

interface Verifier {
  id: string;
  algorithm: string;
  verify(input: { data: Uint8Array; signature: Uint8Array }): Promise<boolean>;
}

/** The ed25519-pub multicodec header that starts a multibase Ed25519 public key. */
const ED25519_PUB_HEADER = [0xed, 0x01];

/**
 * Refuses what is not a 32-byte Ed25519 key. Ed25519Multikey.from does not check the
 * multicodec header, and an SPKI wrapper around 33 bytes (a secp256k1 key) would be read by
 * OpenSSL as the first 32 of them.
 */
function assertEd25519(
  verificationMethod: Record<string, unknown>,
  publicKey: Uint8Array | undefined,
): asserts publicKey is Uint8Array {
  const multibase = verificationMethod.publicKeyMultibase;
  if (typeof multibase === 'string') {
    const bytes = multibase.startsWith('z') ? base58btc.decode(multibase.slice(1)) : new Uint8Array();
    if (bytes[0] !== ED25519_PUB_HEADER[0] || bytes[1] !== ED25519_PUB_HEADER[1])
      throw new Error('The verification method is not an Ed25519 public key (multicodec header)');
  }
  if (publicKey?.length !== 32)
    throw new Error('The verification method is not a 32-byte Ed25519 public key');
}

/** A verifier for a verification method (Multikey or Ed25519VerificationKey2020). */
async function createVerifier({
  verificationMethod,
}: {
  verificationMethod: Record<string, unknown>;
}): Promise<Verifier> {
  const key = await Ed25519Multikey.from(verificationMethod);
  assertEd25519(verificationMethod, key.publicKey);
  const { id, algorithm } = key.verifier();
  const publicKey = ed25519KeyObject(key.publicKey);
  return { id, algorithm, verify: async ({ data, signature }) => verify(null, data, publicKey, signature) };
}

/** The eddsa-rdfc-2022 cryptosuite with the cached key import. */
export const eddsaRdfc2022Verifying = { ...eddsaRdfc2022, createVerifier };

/** Ed25519Signature2020 with the cached key import (the library's verifySignature otherwise). */
export class Ed25519Signature2020Verifying extends Ed25519Signature2020 {
  async verifySignature({
    verifyData,
    verificationMethod,
    proof,
  }: {
    verifyData: Uint8Array;
    verificationMethod: Record<string, unknown>;
    proof: { proofValue?: unknown };
  }): Promise<boolean> {
    const { proofValue } = proof;
    if (!(proofValue && typeof proofValue === 'string'))
      throw new TypeError('The proof does not include a valid "proofValue" property.');
    if (proofValue[0] !== 'z') throw new Error('Only base58btc multibase encoding is supported.');
    const verifier = await createVerifier({ verificationMethod });
    return verifier.verify({ data: verifyData, signature: base58btc.decode(proofValue.slice(1)) });
  }
}
