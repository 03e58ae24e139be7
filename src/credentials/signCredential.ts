/**
 * Signs credentials with the issuer's key: Data Integrity `eddsa-rdfc-2022` by default
 * (the only linked-data proof 1EdTech OB 3.0 conformance accepts), `Ed25519Signature2020`
 * on request. The imported key pair is reused across calls (re-importing costs ~18% of a
 * sign, and the library's signer re-imports it on every signature, so ours imports it
 * once); a new suite object is made per call because suites carry per-proof state.
 */
import * as vc from '@digitalbazaar/vc';
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { cryptosuite as eddsaRdfc2022 } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import { Ed25519Signature2020 } from '@digitalbazaar/ed25519-signature-2020';
import type { Ed25519MultikeyKeyPair } from '@digitalbazaar/ed25519-multikey';
import type { DocumentLoader } from '../jsonld/documentLoader.js';
import { createPrivateKey, sign as cryptoSign, type KeyObject } from 'node:crypto';

/** The proof suites this platform signs with. */
export type ProofSuiteName = 'eddsa-rdfc-2022' | 'Ed25519Signature2020';

/** The Ed25519Signature2020 context, required in a credential that carries that proof. */
const ED25519_2020_CONTEXT = 'https://w3id.org/security/suites/ed25519-2020/v1';

/** Signs one credential; returns a new object with `proof`. */
export type SignCredential = (
  credential: Record<string, unknown>,
  options?: { suite?: ProofSuiteName; date?: Date },
) => Promise<Record<string, unknown>>;

/** The signer interface the Data Integrity suites call. */
export interface Ed25519Signer {
  id: string;
  algorithm: 'Ed25519';
  sign(input: { data: Uint8Array }): Promise<Uint8Array>;
}

// PKCS#8 DER header for a raw 32-byte Ed25519 seed (RFC 8410).
const PKCS8_ED25519_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

/**
 * A signer over a private key imported once. The library's own signer re-imports the key
 * with createPrivateKey on every signature (9% of an issuance, bench/RESULTS.md);
 * Ed25519 is deterministic, so both produce the same bytes.
 */
export function createCachedSigner(keyPair: Ed25519MultikeyKeyPair): Ed25519Signer {
  return signerWithKey(signingKeyOf(keyPair));
}

/** A key pair's id and private key as a KeyObject (which a signing thread can be handed). */
export interface SigningKey {
  id: string;
  privateKey: KeyObject;
}

/** Imports a key pair's secret once, as a KeyObject. */
export function signingKeyOf(keyPair: Ed25519MultikeyKeyPair): SigningKey {
  if (!keyPair.secretKey || !keyPair.id) throw new Error('The signing key pair has no secret key or id');
  const privateKey = createPrivateKey({
    key: Buffer.concat([PKCS8_ED25519_PREFIX, keyPair.secretKey.subarray(0, 32)]),
    format: 'der',
    type: 'pkcs8',
  });
  return { id: keyPair.id, privateKey };
}

/** A signer over an imported key (on the main thread, or on a signing thread handed the KeyObject). */
export function signerWithKey({ id, privateKey }: SigningKey): Ed25519Signer {
  return {
    id,
    algorithm: 'Ed25519',
    sign: async ({ data }) => new Uint8Array(cryptoSign(null, data, privateKey)),
  };
}

function createSuite(signer: Ed25519Signer, suite: ProofSuiteName, date?: Date): unknown {
  return suite === 'Ed25519Signature2020'
    ? new Ed25519Signature2020({ signer, ...(date ? { date } : {}) })
    : new DataIntegrityProof({ signer, cryptosuite: eddsaRdfc2022, ...(date ? { date } : {}) });
}

/** The context list a credential needs for a suite (Ed25519Signature2020 adds its own). */
export function contextsForSuite(contexts: unknown[], suite: ProofSuiteName): unknown[] {
  if (suite === 'Ed25519Signature2020' && !contexts.includes(ED25519_2020_CONTEXT))
    return [...contexts, ED25519_2020_CONTEXT];
  return contexts;
}

/**
 * Signs credentials with an Ed25519 signer over the imported key, on the main thread or on a
 * signing thread (signingTask.ts), which is handed the KeyObject (never the key's bytes).
 */
export function signCredentialsWith(signer: Ed25519Signer, documentLoader: DocumentLoader): SignCredential {
  return async (credential, { suite = 'eddsa-rdfc-2022', date } = {}) => {
    const context = credential['@context'];
    const withContext = Array.isArray(context)
      ? { ...credential, '@context': contextsForSuite(context, suite) }
      : { ...credential };
    return vc.issue({
      credential: structuredClone(withContext),
      suite: createSuite(signer, suite, date),
      documentLoader,
      ...(date ? { now: date } : {}),
    });
  };
}
