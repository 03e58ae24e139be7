/**
 * The offline JSON-LD document loader (DESIGN rule 7): every context comes from contexts/
 * (bundled, never fetched); DIDs go to the DID resolver; any other URL is refused. Signing
 * and verification both use it, so a credential can never make the server fetch a context.
 */
import { readFileSync } from 'node:fs';

/** The jsonld.js document loader shape. */
export type DocumentLoader = (url: string) => Promise<{ contextUrl: null; documentUrl: string; document: unknown }>;

/** Resolves a DID or DID URL (with #fragment) to a DID document or verification method. */
export type DidResolver = (didUrl: string) => Promise<Record<string, unknown>>;

/** Raised for a URL the loader will not load; verification maps it to `unknown_context`. */
export class UnknownDocumentError extends Error {
  constructor(readonly url: string) {
    super(`Refusing to load ${url}: not a bundled context (contexts are never fetched)`);
    this.name = 'UnknownDocumentError';
  }
}

const contextsDir = new URL('../../contexts/', import.meta.url);

/** Reads every bundled context listed in contexts/index.json, keyed by URL. */
export function loadBundledContexts(): ReadonlyMap<string, unknown> {
  const index = JSON.parse(readFileSync(new URL('index.json', contextsDir), 'utf8')) as Record<string, string>;
  const map = new Map<string, unknown>();
  for (const [url, file] of Object.entries(index)) {
    map.set(url, Object.freeze(JSON.parse(readFileSync(new URL(file, contextsDir), 'utf8'))));
  }
  return map;
}

/** Builds the loader over bundled contexts and a DID resolver. */
export function createDocumentLoader(options: {
  contexts: ReadonlyMap<string, unknown>;
  resolveDid: DidResolver;
}): DocumentLoader {
  const { contexts, resolveDid } = options;
  return async (url: string) => {
    const context = contexts.get(url);
    if (context !== undefined) return { contextUrl: null, documentUrl: url, document: context };
    if (url.startsWith('did:')) return { contextUrl: null, documentUrl: url, document: await resolveDid(url) };
    throw new UnknownDocumentError(url);
  };
}
