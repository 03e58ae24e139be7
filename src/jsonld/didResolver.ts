/**
 * DID resolution for signing and verification: did:key from the key itself, our own
 * did:web from memory, and a foreign did:web over the safe fetcher. A DID URL with a
 * fragment resolves to its verification method (with the context of its type), which is
 * what the Data Integrity suites ask the document loader for. The method may be listed in
 * `verificationMethod` or embedded in a verification relationship (DID Core 5.3: an object
 * inside `assertionMethod`), as many did:web documents have it.
 */
import {
  didKeyDocument,
  didWebToUrl,
  isEd25519DidKey,
  MULTIKEY_CONTEXT,
  splitDidUrl,
} from '../credentials/didDocuments.js';
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
      if (!isEd25519DidKey(did))
        throw new DidResolutionError(did, `Unsupported or malformed did:key: ${did}`);
      return didKeyDocument(did);
    }
    if (did.startsWith('did:web:')) {
      if (!options.fetchJson)
        throw new DidResolutionError(did, `Resolving foreign did:web is disabled: ${did}`);
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
        throw new DidResolutionError(
          did,
          `Could not fetch the DID document of ${did}: ${(error as Error).message}`,
        );
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
    const method = definedMethods(document).find((m) => m.id === didUrl || m.id === `#${fragment}`);
    if (!method) throw new DidResolutionError(did, `${didUrl} is not a verification method of ${did}`);
    // A verification method fetched on its own needs the context that defines its type.
    const context = method.type === 'Ed25519VerificationKey2020' ? ED25519_2020_CONTEXT : MULTIKEY_CONTEXT;
    return { '@context': context, ...method, id: didUrl, controller: method.controller ?? did };
  };
}

/** The verification relationships of DID Core 5.3, each a list of method ids or embedded methods. */
const RELATIONSHIPS = [
  'assertionMethod',
  'authentication',
  'capabilityInvocation',
  'capabilityDelegation',
  'keyAgreement',
] as const;

const listOf = (value: unknown): unknown[] =>
  Array.isArray(value) ? value : value === undefined ? [] : [value];
const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Every verification method a document defines: listed under `verificationMethod` or embedded
 * in a relationship. Finding a method here says nothing of what it may do: the proof purpose
 * still requires its id under `assertionMethod`, so a key embedded only in `authentication`
 * resolves but cannot sign a credential.
 */
function definedMethods(document: Record<string, unknown>): Record<string, unknown>[] {
  return [document.verificationMethod, ...RELATIONSHIPS.map((r) => document[r])]
    .flatMap(listOf)
    .filter(isObject);
}

/**
 * The document with relative DID URLs ("#key-1") made absolute against its DID, as DID Core
 * reads them. jsonld-signatures checks a proof purpose by comparing the proof's absolute
 * verificationMethod with the ids listed under the relationship, so a relative one would
 * never match. The resolver itself returns documents as published.
 */
export function withAbsoluteMethodIds(document: Record<string, unknown>): Record<string, unknown> {
  const did = document.id;
  if (typeof did !== 'string') return document;
  const absolute = (id: unknown) => (typeof id === 'string' && id.startsWith('#') ? `${did}${id}` : id);
  const absoluteEntry = (entry: unknown) =>
    isObject(entry) ? { ...entry, id: absolute(entry.id) } : absolute(entry);
  const copy: Record<string, unknown> = { ...document };
  for (const key of ['verificationMethod', ...RELATIONSHIPS]) {
    if (copy[key] !== undefined) copy[key] = listOf(copy[key]).map(absoluteEntry);
  }
  return copy;
}
