/**
 * DID resolution for signing and verification: did:key from the key itself, our own
 * did:web from memory, and a foreign did:web over the safe fetcher. A DID URL with a
 * fragment resolves to its verification method (with the Multikey context), which is
 * what the Data Integrity suites ask the document loader for.
 */
import { didKeyDocument, didWebToUrl, isEd25519DidKey, MULTIKEY_CONTEXT, splitDidUrl } from '../credentials/didDocuments.js';
const ED25519_2020_CONTEXT = 'https://w3id.org/security/suites/ed25519-2020/v1';

import type { DidResolver } from './documentLoader.js';
import type { FetchJson } from './fetchPolicy.js';

/** Raised when a DID cannot be resolved; verification maps it to `did_unresolved`. */
export class DidResolutionError extends Error {
  constructor(
    readonly did: string,
    message: string,
  ) {
    super(message);
    this.name = 'DidResolutionError';
  }
}

/** How long a fetched did:web document is reused: one verification resolves it twice. */
const FOREIGN_CACHE_MS = 5 * 60 * 1000;
const FOREIGN_CACHE_MAX = 200;

/** Creates the resolver; `ownDocuments` are served from memory, never fetched. */
export function createDidResolver(options: {
  ownDocuments: ReadonlyMap<string, Record<string, unknown>>;
  fetchJson?: FetchJson;
  now?: () => number;
}): DidResolver {
  const now = options.now ?? Date.now;
  const foreign = new Map<string, { at: number; document: Record<string, unknown> }>();
  const resolveDocument = async (did: string): Promise<Record<string, unknown>> => {
    const cached = foreign.get(did);
    if (cached && now() - cached.at < FOREIGN_CACHE_MS) return cached.document;
    const document = await resolveUncached(did);
    if (did.startsWith('did:web:') && !options.ownDocuments.has(did)) {
      if (foreign.size >= FOREIGN_CACHE_MAX) foreign.delete(foreign.keys().next().value as string);
      foreign.set(did, { at: now(), document });
    }
    return document;
  };
  const resolveUncached = async (did: string): Promise<Record<string, unknown>> => {
    const own = options.ownDocuments.get(did);
    if (own) return own;
    if (did.startsWith('did:key:')) {
      if (!isEd25519DidKey(did)) throw new DidResolutionError(did, `Unsupported or malformed did:key: ${did}`);
      return didKeyDocument(did);
    }
    if (did.startsWith('did:web:')) {
      if (!options.fetchJson) throw new DidResolutionError(did, `Resolving foreign did:web is disabled: ${did}`);
      let url: URL;
      try {
        url = didWebToUrl(did);
      } catch (error) {
        throw new DidResolutionError(did, (error as Error).message);
      }
      let document: unknown;
      try {
        document = await options.fetchJson(url.href);
      } catch (error) {
        throw new DidResolutionError(did, `Could not fetch the DID document of ${did}: ${(error as Error).message}`);
      }
      if (!document || typeof document !== 'object' || (document as { id?: unknown }).id !== did) {
        throw new DidResolutionError(did, `The document at ${url.href} is not the DID document of ${did}`);
      }
      return document as Record<string, unknown>;
    }
    throw new DidResolutionError(did, `Unsupported DID method: ${did.split(':').slice(0, 2).join(':')}`);
  };

  return async (didUrl: string) => {
    const { did, fragment } = splitDidUrl(didUrl);
    const document = await resolveDocument(did);
    if (fragment === undefined) return document;
    const methods = Array.isArray(document.verificationMethod) ? (document.verificationMethod as Record<string, unknown>[]) : [];
    const method = methods.find((m) => m.id === didUrl || m.id === `#${fragment}`);
    if (!method) throw new DidResolutionError(did, `${didUrl} is not a verification method of ${did}`);
    // A verification method fetched on its own needs the context that defines its type.
    const context = method.type === 'Ed25519VerificationKey2020' ? ED25519_2020_CONTEXT : MULTIKEY_CONTEXT;
    return { '@context': context, ...method, id: didUrl, controller: method.controller ?? did };
  };
}
