/**
 * Units under the OpenID4VCI proof check and the wallet copy: base58btc decoding, the
 * Ed25519 key inside a did:key (matching the key the multikey library generated), and
 * the issue request built from a stored certificate (issuer-owned fields dropped, the
 * subject re-bound to the holder DID without the original's certificate number).
 */
import { describe, expect, it } from 'vitest';
import { base58Decode, didKeyPublicKey, didKeyRawPublicKey } from '../../src/exchanges/didKeyPublicKey.js';
import { walletCopyRequest } from '../../src/exchanges/walletCopy.js';
import { createHolder } from '../fixtures/holder.js';

describe('base58Decode', () => {
  it('decodes known vectors, keeping leading zero bytes', () => {
    expect(Buffer.from(base58Decode('StV1DL6CwTryKyV')).toString()).toBe('hello world');
    expect([...base58Decode('1112')]).toEqual([0, 0, 0, 1]);
    expect([...base58Decode('')]).toEqual([]);
    expect(() => base58Decode('0OIl')).toThrow(/Not base58btc/);
  });
});

describe('didKeyPublicKey', () => {
  it('recovers the 32-byte key the holder generated, as an Ed25519 KeyObject', async () => {
    const holder = await createHolder();
    expect(Buffer.from(didKeyRawPublicKey(holder.did))).toEqual(Buffer.from(holder.keyPair.publicKey!));
    const key = didKeyPublicKey(holder.did);
    expect(key.asymmetricKeyType).toBe('ed25519');
  });

  it('refuses anything but an Ed25519 did:key', () => {
    expect(() => didKeyRawPublicKey('did:web:example.org')).toThrow();
    expect(() => didKeyRawPublicKey('did:key:zQ3shokFTS3brHcDQrn82RUDfCZESWL1ZdCEJwekUDPQiYBme')).toThrow();
  });
});

describe('walletCopyRequest', () => {
  it('drops what the issuer sets and re-binds the subject to the holder', () => {
    const original = {
      '@context': ['https://www.w3.org/ns/credentials/v2'],
      id: 'urn:uuid:original',
      type: ['VerifiableCredential', 'OpenBadgeCredential'],
      name: 'Certificate',
      issuer: { id: 'did:web:issuer.example' },
      validFrom: '2025-01-01T00:00:00Z',
      validUntil: '2030-01-01T00:00:00Z',
      credentialSchema: [{ id: 'x', type: 'y' }],
      credentialStatus: { id: 'status' },
      proof: [{ type: 'DataIntegrityProof' }],
      credentialSubject: { id: 'did:example:old', type: ['AchievementSubject'], name: 'Zoë', identifier: [{ identityHash: 'SP-1' }], achievement: { name: 'Web 101' } },
    };
    expect(walletCopyRequest(original, 'did:key:z6MkHolder')).toEqual({
      '@context': ['https://www.w3.org/ns/credentials/v2'],
      type: ['VerifiableCredential', 'OpenBadgeCredential'],
      name: 'Certificate',
      validUntil: '2030-01-01T00:00:00Z',
      credentialSubject: { id: 'did:key:z6MkHolder', type: ['AchievementSubject'], name: 'Zoë', achievement: { name: 'Web 101' } },
    });
    expect(original.credentialSubject.id).toBe('did:example:old');
  });
});
