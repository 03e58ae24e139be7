/**
 * The cached-key Ed25519 verifiers: the key is imported once and reused, and the checks are
 * the library's: a signature by another key, altered data, a bad proofValue all fail.
 */
import { describe, expect, it } from 'vitest';
import { generateKeyPairSync, sign } from 'node:crypto';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import * as base58btc from 'base58-universal';
import {
  ed25519KeyObject,
  eddsaRdfc2022Verifying,
  Ed25519Signature2020Verifying,
} from '../../src/verification/ed25519Verifier.js';

const data = new TextEncoder().encode('the canonical bytes of a credential');

async function keyPair() {
  const key = await Ed25519Multikey.generate({ controller: 'did:example:issuer' });
  const method = await key.export({ publicKey: true, includeContext: true });
  const { sign: signWith } = key.signer();
  return { key, method, signature: await signWith({ data }) };
}

describe('Ed25519 verifiers with the key imported once', () => {
  it('reuses one KeyObject per public key, and it verifies what node signs', () => {
    const { publicKey, privateKey } = generateKeyPairSync('ed25519');
    const raw = new Uint8Array(publicKey.export({ format: 'der', type: 'spki' }).subarray(12));
    const first = ed25519KeyObject(raw);
    expect(ed25519KeyObject(Uint8Array.from(raw))).toBe(first);
    expect(first.asymmetricKeyType).toBe('ed25519');
    expect(first.export({ format: 'der', type: 'spki' })).toEqual(
      publicKey.export({ format: 'der', type: 'spki' }),
    );
    const other = generateKeyPairSync('ed25519')
      .publicKey.export({ format: 'der', type: 'spki' })
      .subarray(12);
    expect(ed25519KeyObject(new Uint8Array(other))).not.toBe(first);
    expect(sign(null, data, privateKey).length).toBe(64);
  });

  it('eddsa-rdfc-2022: accepts the signer key, refuses another key and altered data', async () => {
    const { method, signature } = await keyPair();
    const other = await keyPair();
    const createVerifier = eddsaRdfc2022Verifying.createVerifier as (o: {
      verificationMethod: unknown;
    }) => Promise<{
      algorithm: string;
      verify(i: { data: Uint8Array; signature: Uint8Array }): Promise<boolean>;
    }>;
    const verifier = await createVerifier({ verificationMethod: method });
    expect(verifier.algorithm).toBe('Ed25519');
    expect(await verifier.verify({ data, signature })).toBe(true);
    expect(await verifier.verify({ data: new TextEncoder().encode('something else'), signature })).toBe(
      false,
    );
    expect(
      await (await createVerifier({ verificationMethod: other.method })).verify({ data, signature }),
    ).toBe(false);
  });

  it('refuses a verification method that is not an Ed25519 key', async () => {
    const createVerifier = eddsaRdfc2022Verifying.createVerifier as (o: {
      verificationMethod: unknown;
    }) => Promise<unknown>;
    await expect(
      createVerifier({
        verificationMethod: {
          id: 'did:example:1#k',
          type: 'Multikey',
          controller: 'did:example:1',
          publicKeyMultibase: 'zQ3shokFTS3brHcDQrn82RUDfCZESWL1ZdCEJwekUDPQiYBme',
        },
      }),
    ).rejects.toThrow();
  });

  it('Ed25519Signature2020: checks a base58btc proofValue and refuses other encodings', async () => {
    const { method, signature } = await keyPair();
    const suite = new Ed25519Signature2020Verifying();
    const proofValue = `z${base58btc.encode(signature)}`;
    expect(
      await suite.verifySignature({ verifyData: data, verificationMethod: method, proof: { proofValue } }),
    ).toBe(true);
    expect(
      await suite.verifySignature({
        verifyData: new TextEncoder().encode('x'),
        verificationMethod: method,
        proof: { proofValue },
      }),
    ).toBe(false);
    await expect(
      suite.verifySignature({
        verifyData: data,
        verificationMethod: method,
        proof: { proofValue: `u${Buffer.from(signature).toString('base64url')}` },
      }),
    ).rejects.toThrow(/base58btc/);
    await expect(
      suite.verifySignature({ verifyData: data, verificationMethod: method, proof: {} }),
    ).rejects.toThrow(/proofValue/);
  });
});
