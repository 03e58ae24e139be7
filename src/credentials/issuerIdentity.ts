/**
 * Who the platform signs as: the issuer DID (did:web in production, did:key for local
 * development), its DID document with every key of the ring, the signing key pair and
 * the Open Badges issuer Profile. Built once at start from the key ring and config.
 */
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import type { Ed25519MultikeyKeyPair } from '@digitalbazaar/ed25519-multikey';
import type { KeyRingFile, P256Key } from './keyRing.js';
import {
  didKeyDocument,
  didWebFromUrl,
  didWebDocumentPath,
  MULTIKEY_CONTEXT,
  DID_CONTEXT,
} from './didDocuments.js';

/** An Open Badges 3.0 issuer Profile. */
export interface IssuerProfile {
  id: string;
  type: ['Profile'];
  name: string;
  url: string;
  image?: { id: string; type: 'Image' };
  /** The contact address (ISSUER_EMAIL). */
  email?: string;
}

/** Everything needed to sign as the organisation and to publish its DID document. */
export interface IssuerIdentity {
  did: string;
  method: 'web' | 'key';
  /** The verification method id of the signing key. */
  verificationMethod: string;
  /** The imported signing key pair, kept so signing never re-imports it. */
  keyPair: Ed25519MultikeyKeyPair;
  /**
   * The P-256 key VC-JWTs are signed with as ES256, and its verification method: did:web
   * only (a did:key issuer is its one Ed25519 key, so it has no place for a second key).
   */
  es256?: { verificationMethod: string; privateKeyJwk: P256Key['privateKeyJwk'] };
  /** The DID document (all keys of the ring for did:web; the key itself for did:key). */
  didDocument: Record<string, unknown>;
  /** Where our did:web document is served, e.g. `/.well-known/did.json`. */
  didDocumentPath: string;
  profile: IssuerProfile;
}

/** Options for building the identity. */
export interface IssuerIdentityOptions {
  ring: KeyRingFile;
  publicUrl: string;
  issuerDid?: string;
  name: string;
  url: string;
  image?: string;
  email?: string;
}

/** Development URLs (localhost, plain http) cannot host a did:web, so they get did:key. */
function isLocalUrl(publicUrl: string): boolean {
  const url = new URL(publicUrl);
  return url.protocol !== 'https:' || ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
}

/** Builds the issuer identity; throws with a clear message on a DID the keys cannot serve. */
export async function createIssuerIdentity(options: IssuerIdentityOptions): Promise<IssuerIdentity> {
  const signing = options.ring.keys[options.ring.keys.length - 1];
  if (!signing) throw new Error('The key ring is empty');
  const derivedWeb = isLocalUrl(options.publicUrl) ? undefined : didWebFromUrl(options.publicUrl);
  const did = options.issuerDid ?? derivedWeb ?? `did:key:${signing.publicKeyMultibase}`;
  const method = did.startsWith('did:web:') ? 'web' : 'key';
  if (method === 'key' && did !== `did:key:${signing.publicKeyMultibase}`) {
    throw new Error(
      `ISSUER_DID ${did} is not the did:key of the current signing key; unset it to use did:key:${signing.publicKeyMultibase}`,
    );
  }
  const verificationMethod = `${did}#${signing.publicKeyMultibase}`;
  const keyPair = await Ed25519Multikey.from({
    '@context': MULTIKEY_CONTEXT,
    type: 'Multikey',
    id: verificationMethod,
    controller: did,
    publicKeyMultibase: signing.publicKeyMultibase,
    secretKeyMultibase: signing.secretKeyMultibase,
  });
  // Every key stays an assertion method: old credentials keep verifying after rotation.
  const methods = options.ring.keys.flatMap((key) => [
    key.publicKeyMultibase,
    ...(key.p256 ? [key.p256.publicKeyMultibase] : []),
  ]);
  const didDocument =
    method === 'key'
      ? didKeyDocument(did)
      : {
          '@context': [DID_CONTEXT, MULTIKEY_CONTEXT],
          id: did,
          verificationMethod: methods.map((multibase) => ({
            id: `${did}#${multibase}`,
            type: 'Multikey',
            controller: did,
            publicKeyMultibase: multibase,
          })),
          assertionMethod: methods.map((multibase) => `${did}#${multibase}`),
          authentication: [verificationMethod],
        };
  const es256 =
    method === 'web' && signing.p256
      ? {
          verificationMethod: `${did}#${signing.p256.publicKeyMultibase}`,
          privateKeyJwk: signing.p256.privateKeyJwk,
        }
      : undefined;
  const profile: IssuerProfile = {
    id: did,
    type: ['Profile'],
    name: options.name,
    url: options.url,
    ...(options.image ? { image: { id: options.image, type: 'Image' as const } } : {}),
    ...(options.email ? { email: options.email } : {}),
  };
  return {
    did,
    method,
    verificationMethod,
    keyPair,
    ...(es256 ? { es256 } : {}),
    didDocument,
    didDocumentPath: method === 'web' ? didWebDocumentPath(did) : '/.well-known/did.json',
    profile,
  };
}
