/**
 * DID helpers that need no network: did:key documents computed from the key itself,
 * did:web <-> URL mapping (W3C did:web method spec, section 3.2).
 */

/** The DID core context. */
export const DID_CONTEXT = 'https://www.w3.org/ns/did/v1';
/** The Multikey verification method context. */
export const MULTIKEY_CONTEXT = 'https://w3id.org/security/multikey/v1';

/** Ed25519 public keys in multibase base58btc start with this (multicodec 0xed01). */
const ED25519_MULTIBASE_PREFIX = 'z6Mk';

/** Whether a string is a did:key this platform can resolve (Ed25519 only). */
export function isEd25519DidKey(did: string): boolean {
  return /^did:key:z6Mk[1-9A-HJ-NP-Za-km-z]{40,50}$/.test(did);
}

/** The DID document of an Ed25519 did:key, derived from the key in the DID. */
export function didKeyDocument(did: string): Record<string, unknown> {
  const multibase = did.slice('did:key:'.length);
  if (!multibase.startsWith(ED25519_MULTIBASE_PREFIX)) throw new Error(`Unsupported did:key type: ${did}`);
  const vmId = `${did}#${multibase}`;
  return {
    '@context': [DID_CONTEXT, MULTIKEY_CONTEXT],
    id: did,
    verificationMethod: [{ id: vmId, type: 'Multikey', controller: did, publicKeyMultibase: multibase }],
    assertionMethod: [vmId],
    authentication: [vmId],
    capabilityInvocation: [vmId],
    capabilityDelegation: [vmId],
  };
}

/** did:web for a public URL: host (port as %3A) then each path segment, joined by ':'. */
export function didWebFromUrl(publicUrl: string): string {
  const url = new URL(publicUrl);
  const host = url.port ? `${url.hostname}%3A${url.port}` : url.hostname;
  const segments = url.pathname.split('/').filter(Boolean).map(encodeURIComponent);
  return ['did:web', host, ...segments].join(':');
}

/** The https URL a did:web document is fetched from. */
export function didWebToUrl(did: string): URL {
  const parts = did.slice('did:web:'.length).split(':');
  const host = decodeURIComponent(parts[0] ?? '');
  if (!host || /[/?#@\s]/.test(host)) throw new Error(`Malformed did:web: ${did}`);
  const path = parts.slice(1).map(decodeURIComponent);
  if (
    path.some((segment) => segment === '' || segment === '.' || segment === '..' || segment.includes('/'))
  ) {
    throw new Error(`Malformed did:web path: ${did}`);
  }
  return new URL(
    path.length ? `https://${host}/${path.join('/')}/did.json` : `https://${host}/.well-known/did.json`,
  );
}

/** The path (on our own server) where a did:web document is served. */
export function didWebDocumentPath(did: string): string {
  return didWebToUrl(did).pathname;
}

/** Splits `did:...#fragment` into the DID and the full verification method id. */
export function splitDidUrl(didUrl: string): { did: string; fragment?: string } {
  const hash = didUrl.indexOf('#');
  return hash === -1 ? { did: didUrl } : { did: didUrl.slice(0, hash), fragment: didUrl.slice(hash + 1) };
}
