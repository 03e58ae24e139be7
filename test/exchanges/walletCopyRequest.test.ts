/**
 * Units under the wallet copy: the issue request built from a stored certificate
 * (issuer-owned fields dropped, the subject re-bound to the holder DID without the
 * original's certificate number).
 */
import { describe, expect, it } from 'vitest';
import { walletCopyRequest } from '../../src/exchanges/walletCopy.js';

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
      credentialSubject: {
        id: 'did:example:old',
        type: ['AchievementSubject'],
        name: 'Zoë',
        identifier: [{ identityHash: 'SP-1' }],
        achievement: { name: 'Web 101' },
      },
    };
    expect(walletCopyRequest(original, 'did:key:z6MkHolder')).toEqual({
      '@context': ['https://www.w3.org/ns/credentials/v2'],
      type: ['VerifiableCredential', 'OpenBadgeCredential'],
      name: 'Certificate',
      validUntil: '2030-01-01T00:00:00Z',
      credentialSubject: {
        id: 'did:key:z6MkHolder',
        type: ['AchievementSubject'],
        name: 'Zoë',
        achievement: { name: 'Web 101' },
      },
    });
    expect(original.credentialSubject.id).toBe('did:example:old');
  });
});
