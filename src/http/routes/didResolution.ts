/**
 * DID resolution over HTTP: GET /1.0/identifiers/{did}, the DID Resolution HTTP(S) binding
 * as the DIF universal resolver serves it, for our own DID, did:key and did:web. It uses
 * the resolver verification uses (did:web over the safe fetcher, DESIGN rule 7), so it
 * answers exactly what a verifier here would see. Resolution only: a DID URL (path, query,
 * fragment) is refused rather than dereferenced. Errors are problem+json (DESIGN rule 5)
 * that also carry the resolution result with `didResolutionMetadata.error`.
 */
import { Hono } from 'hono';
import { AppError, type ErrorCode } from '../../errors.js';
import { didWebToUrl } from '../../credentials/didDocuments.js';
import { DidResolutionError } from '../../jsonld/didResolver.js';
import type { DidResolver } from '../../jsonld/documentLoader.js';
import { checkFetchUrl, SafeFetchError } from '../../jsonld/fetchPolicy.js';
import { DID_SYNTAX } from '../../jsonld/didSyntax.js';

/** The JSON-LD context of a DID resolution result. */
const RESOLUTION_CONTEXT = 'https://w3id.org/did-resolution/v1';
/** Longer DIDs are refused unread: no DID we resolve comes near it, and it bounds the work. */
const MAX_DID_LENGTH = 2048;

const PREFIX = '/1.0/identifiers/';
/** The methods resolved for any DID (our own DID resolves whatever its method). */
const METHODS = new Set(['key', 'web']);
const DID_KEY_ID = /^z[1-9A-HJ-NP-Za-km-z]+$/;

/** What the routes need: the app's DID resolver and the DIDs it serves from memory. */
export interface DidResolutionRouteOptions {
  resolveDid: DidResolver;
  /** Our own DIDs: resolved even when their host is private (a did:web on localhost). */
  ownDids?: readonly string[];
}

type ResolutionError = 'invalidDid' | 'notFound' | 'methodNotSupported' | 'representationNotSupported';

/** An AppError whose problem body also carries the resolution result of the DID Resolution spec. */
function refuse(code: ErrorCode, error: ResolutionError, detail: string): AppError {
  return new AppError(code, detail, {
    '@context': RESOLUTION_CONTEXT,
    didDocument: null,
    didResolutionMetadata: { error },
    didDocumentMetadata: {},
  });
}

const invalid = (detail: string) => refuse('did_invalid', 'invalidDid', detail);

/** Why a string is not a DID under the DID Core ABNF, in a sentence; undefined for a DID. */
function didSyntaxProblem(did: string): string | undefined {
  if (DID_SYNTAX.test(did)) return undefined;
  const shown = did.length > 200 ? `${did.slice(0, 200)}...` : did;
  if (did === '') return 'No DID was given: ask for /1.0/identifiers/did:<method>:<id>';
  if (!did.startsWith('did:')) return `"${shown}" is not a DID: a DID starts with "did:"`;
  const method = did.slice(4).split(':')[0] ?? '';
  if (!/^[a-z0-9]+$/.test(method))
    return `"${shown}" is not a DID: the method name must be lowercase letters and digits, followed by ":"`;
  return `"${shown}" is not a DID: after "did:${method}:" come letters, digits, ".", "-", "_", ":" (not last) and %-escapes of two hex digits`;
}

/** A representation this resolver answers: the whole resolution result, or the DID document alone. */
interface Representation {
  result: boolean;
  contentType: string;
}

const RESULT_LD = 'application/ld+json;profile="https://w3id.org/did-resolution"';
const REPRESENTATIONS = new Map<string, Representation>([
  ['application/did-resolution', { result: true, contentType: 'application/did-resolution' }],
  ['application/ld+json', { result: true, contentType: RESULT_LD }],
  ['application/json', { result: true, contentType: 'application/json' }],
  ['*/*', { result: true, contentType: RESULT_LD }],
  ['application/*', { result: true, contentType: RESULT_LD }],
  ['application/did+ld+json', { result: false, contentType: 'application/did+ld+json' }],
  ['application/did+json', { result: false, contentType: 'application/did+json' }],
]);

/** The best representation the Accept header allows (by q, then order); the result when absent. */
function negotiateRepresentation(accept: string | undefined): Representation | undefined {
  if (!accept?.trim()) return REPRESENTATIONS.get('*/*');
  const ranges = accept.split(',').map((part, index) => {
    const [type = '', ...params] = part.split(';').map((s) => s.trim().toLowerCase());
    const q = Number(params.find((p) => p.startsWith('q='))?.slice(2) ?? 1);
    return { type, q: Number.isFinite(q) ? q : 0, index };
  });
  const wanted = ranges.filter((r) => r.q > 0).sort((a, b) => b.q - a.q || a.index - b.index);
  return wanted.map((r) => REPRESENTATIONS.get(r.type)).find((r) => r !== undefined);
}

/**
 * The DID named by the request path. A client may send it as is (`did:web:host%3A8080`:
 * the %3A belongs to the DID and is kept) or URL-encoded as the spec allows (`did%3Aweb%3A...`),
 * which is decoded once. The raw URL is read because Hono's decoded path would turn the
 * DID's own %3A into ':' and name another DID.
 */
function didFromRequest(requestUrl: string): string {
  const url = new URL(requestUrl);
  const raw = url.pathname.slice(url.pathname.indexOf(PREFIX) + PREFIX.length);
  if (raw.length > MAX_DID_LENGTH)
    throw invalid(
      `The DID is ${raw.length} characters long; this resolver takes DIDs of at most ${MAX_DID_LENGTH} characters`,
    );
  let did = raw;
  if (/^did%3a/i.test(raw)) {
    try {
      did = decodeURIComponent(raw);
    } catch {
      throw invalid('The URL-encoded DID is not valid percent-encoding');
    }
  }
  // Resolution options would come as a query; none is supported, so a query is refused too.
  const part = did.includes('#')
    ? 'a fragment'
    : did.includes('?') || url.search
      ? 'a query'
      : did.includes('/')
        ? 'a path'
        : undefined;
  if (part)
    throw invalid(
      `That is a DID URL with ${part}: this endpoint resolves DIDs and does not dereference DID URLs or take options`,
    );
  const problem = didSyntaxProblem(did);
  if (problem) throw invalid(problem);
  return did;
}

/** Refuses, before any fetch, a DID this resolver will not look up. */
function checkResolvable(did: string): void {
  const [, method = '', id = ''] = did.split(':');
  if (!METHODS.has(method)) {
    throw refuse(
      'did_method_not_supported',
      'methodNotSupported',
      `This resolver resolves did:key and did:web, not did:${method}`,
    );
  }
  if (method === 'key' && !DID_KEY_ID.test(id))
    throw invalid(
      `${did} is not a did:key: after "did:key:" comes a base58btc multibase key starting with "z"`,
    );
  if (method !== 'web') return;
  let url: URL;
  try {
    url = didWebToUrl(did);
  } catch {
    throw invalid(`${did} does not name a valid host (and path) for did:web`);
  }
  try {
    checkFetchUrl(url.href);
  } catch (error) {
    // The policy every fetch here obeys (DESIGN rule 7), applied early so nothing is fetched.
    if (error instanceof SafeFetchError) {
      throw refuse(
        'did_not_found',
        'notFound',
        `${did} names ${url.hostname}, a private, loopback or link-local host; this resolver never fetches from such hosts`,
      );
    }
    throw error;
  }
}

/** The /1.0/identifiers sub-app: GET /1.0/identifiers/{did} (the server and the Workers verifier). */
export function didResolutionRoutes<E extends object>({
  resolveDid,
  ownDids = [],
}: DidResolutionRouteOptions): Hono<E> {
  return new Hono<E>().get('/*', async (c) => {
    const did = didFromRequest(c.req.url);
    if (!ownDids.includes(did)) checkResolvable(did);
    const representation = negotiateRepresentation(c.req.header('accept'));
    if (!representation) {
      throw refuse(
        'did_representation_not_supported',
        'representationNotSupported',
        'Ask for application/did-resolution, application/ld+json;profile="https://w3id.org/did-resolution", application/did+ld+json or application/did+json',
      );
    }
    let didDocument: Record<string, unknown>;
    try {
      didDocument = await resolveDid(did);
    } catch (error) {
      if (error instanceof DidResolutionError) throw refuse('did_not_found', 'notFound', error.message);
      throw error;
    }
    const didResolutionMetadata = { contentType: 'application/did+ld+json' };
    if (didDocument.deactivated === true) {
      throw new AppError('did_deactivated', `${did} has been deactivated by its controller`, {
        '@context': RESOLUTION_CONTEXT,
        didDocument,
        didResolutionMetadata,
        didDocumentMetadata: { deactivated: true },
      });
    }
    // Vary: the same URL answers the whole result or the bare document depending on Accept.
    const headers = {
      'content-type': representation.contentType,
      'cache-control': 'public, max-age=300',
      vary: 'accept',
    };
    if (!representation.result) return c.body(JSON.stringify(didDocument), 200, headers);
    return c.body(
      JSON.stringify({
        '@context': RESOLUTION_CONTEXT,
        didDocument,
        didResolutionMetadata,
        didDocumentMetadata: {},
      }),
      200,
      headers,
    );
  });
}
