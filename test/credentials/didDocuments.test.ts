/** did:web <-> URL mapping and did:key documents. */
import { describe, expect, it } from 'vitest';
import {
  didKeyDocument,
  didWebFromUrl,
  didWebToUrl,
  isEd25519DidKey,
} from '../../src/credentials/didDocuments.js';

describe('did:web', () => {
  it('derives the DID from the public URL, encoding the port and path', () => {
    expect(didWebFromUrl('https://certs.example.org')).toBe('did:web:certs.example.org');
    expect(didWebFromUrl('https://example.org:8443/saypro/certs')).toBe(
      'did:web:example.org%3A8443:saypro:certs',
    );
  });

  it('maps a DID to the URL of its document', () => {
    expect(didWebToUrl('did:web:certs.example.org').href).toBe(
      'https://certs.example.org/.well-known/did.json',
    );
    expect(didWebToUrl('did:web:example.org%3A8443:saypro').href).toBe(
      'https://example.org:8443/saypro/did.json',
    );
  });

  it('refuses DIDs that would escape the host or path', () => {
    expect(() => didWebToUrl('did:web:evil.example%2Fx')).toThrow();
    expect(() => didWebToUrl('did:web:example.org:..:x')).toThrow();
    expect(() => didWebToUrl('did:web:user%40example.org')).toThrow();
  });
});

describe('did:key', () => {
  const did = 'did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK';

  it('recognises Ed25519 did:keys only', () => {
    expect(isEd25519DidKey(did)).toBe(true);
    expect(isEd25519DidKey('did:key:zQ3shokFTS3brHcDQrn82RUDfCZESWL1ZdCEJwekUDPQiYBme')).toBe(false);
    expect(isEd25519DidKey('did:key:z6Mk/../../etc')).toBe(false);
  });

  it('derives a document whose key is an assertion method', () => {
    const document = didKeyDocument(did) as {
      verificationMethod: { id: string; publicKeyMultibase: string }[];
      assertionMethod: string[];
    };
    expect(document.verificationMethod[0]!.publicKeyMultibase).toBe(did.slice(8));
    expect(document.assertionMethod).toEqual([document.verificationMethod[0]!.id]);
  });
});
