/**
 * The only way the server fetches a URL named inside a credential (did:web documents and
 * foreign status lists, DESIGN rule 7): https only, an overall deadline, a size cap, and no
 * private, loopback or link-local addresses. The address check runs inside the socket's DNS
 * lookup, so the address connected to is the address checked (no DNS-rebinding window).
 */
import { request as httpsRequest } from 'node:https';
import type { ClientRequest, IncomingMessage, RequestOptions } from 'node:http';
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { checkFetchUrl, isPrivateAddress, SafeFetchError, type FetchJson } from './fetchPolicy.js';
import { createCachingFetchJson, freshnessMs, type FetchFreshJson, type FreshJson } from './httpCache.js';

// The policy and its types live in fetchPolicy.ts (shared with the Workers fetcher).
export { isPrivateAddress, SafeFetchError, type FetchJson } from './fetchPolicy.js';

/** Options for the safe fetcher. */
export interface SafeFetchOptions {
  /** Overall deadline for one fetch: DNS, connect, TLS, headers and the whole body. */
  timeoutMs: number;
  maxBytes: number;
}

/** Creates a FetchJson with the given limits (no cache). */
export function createSafeFetchJson(options: SafeFetchOptions): FetchJson {
  const fresh = createSafeFetchFresh(options);
  return async (url) => (await fresh(url)).json;
}

/** The same fetcher behind the HTTP cache (what the server uses). */
export function createCachedSafeFetchJson(options: SafeFetchOptions): FetchJson {
  return createCachingFetchJson(createSafeFetchFresh(options));
}

/** Fetches the bytes at a URL named by someone outside (an app's logo). */
export type FetchBytes = (url: string) => Promise<Uint8Array>;

/** A FetchBytes under the same policy as the JSON fetcher: https, public addresses, deadline, size cap. */
export function createSafeFetchBytes({ timeoutMs, maxBytes }: SafeFetchOptions): FetchBytes {
  return async (rawUrl) =>
    (await fetchBodyWithDeadline(checkFetchUrl(rawUrl), { timeoutMs, maxBytes, accept: 'image/*' })).body;
}

/** Fetches under the policy and reports how long the response stays fresh. */
function createSafeFetchFresh({ timeoutMs, maxBytes }: SafeFetchOptions): FetchFreshJson {
  return async (rawUrl: string) => fetchWithDeadline(checkFetchUrl(rawUrl), { timeoutMs, maxBytes });
}

/** The `request` function of node:https (the default) or node:http (tests only). */
type RequestFunction = (
  url: URL,
  options: RequestOptions,
  callback: (res: IncomingMessage) => void,
) => ClientRequest;

/** Options of fetchWithDeadline. */
export interface DeadlineFetchOptions extends SafeFetchOptions {
  /**
   * Defaults to node:https. Tests inject node:http's to reach a local server; production
   * code never passes it, so every real fetch is https.
   */
  request?: RequestFunction;
}

/**
 * The request part of the safe fetcher: one GET whose whole life (DNS, connect, headers,
 * body) must fit in `timeoutMs`, with the body capped at `maxBytes`, read as JSON. It does NOT apply
 * checkFetchUrl (createSafeFetchFresh does); host names still go through the private-address
 * lookup. Exported so tests can point it at a local server through an injected `request`.
 */
export async function fetchWithDeadline(url: URL, options: DeadlineFetchOptions): Promise<FreshJson> {
  const { body, header } = await fetchBodyWithDeadline(url, {
    ...options,
    accept: 'application/did+json, application/ld+json, application/json',
  });
  let json: unknown;
  try {
    json = JSON.parse(body.toString('utf8'));
  } catch {
    throw new SafeFetchError('not_json', `${url.href} did not return JSON`);
  }
  return { json, freshForMs: freshnessMs({ get: header }, Date.now()) };
}

/** A fetched body with its response headers. */
interface FetchedBody {
  body: Buffer;
  header(name: string): string | null;
}

/**
 * The same request path for any body (an app's logo, src/ob3api/clientLogos.ts): one GET
 * under the deadline and the size cap, the body as bytes. Like fetchWithDeadline it does
 * NOT apply checkFetchUrl (createSafeFetchBytes does).
 */
export function fetchBodyWithDeadline(
  url: URL,
  { timeoutMs, maxBytes, request = httpsRequest, accept }: DeadlineFetchOptions & { accept: string },
): Promise<FetchedBody> {
  return new Promise<FetchedBody>((resolve, reject) => {
    let settled = false;
    let req: ClientRequest | undefined;
    // One place settles the promise: the timer is cleared on every path, and a late event
    // (an error after the deadline fired, a chunk after the cap) changes nothing.
    const finish = (outcome: { value: FetchedBody } | { error: Error }) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if ('value' in outcome) return resolve(outcome.value);
      // Free the socket now: a server trickling bytes would otherwise keep it open.
      req?.destroy();
      reject(outcome.error);
    };
    const fail = (reason: ConstructorParameters<typeof SafeFetchError>[0], message: string) =>
      finish({ error: new SafeFetchError(reason, message) });

    // Not `timeout`/`setTimeout` on the request: those are idle timeouts, which a server
    // sending one byte every few hundred ms never trips. This one timer bounds everything.
    const timer = setTimeout(
      () =>
        fail(
          'timeout',
          `${url.href} did not finish within ${timeoutMs} ms (the deadline covers DNS, connect, headers and body)`,
        ),
      timeoutMs,
    );

    try {
      req = request(
        url,
        {
          method: 'GET',
          headers: { accept },
          lookup: publicOnlyLookup,
        },
        (res) => {
          const status = res.statusCode ?? 0;
          if (status < 200 || status >= 300)
            return fail('http_status', `${url.href} answered HTTP ${status}`);
          const chunks: Buffer[] = [];
          let size = 0;
          res.on('data', (chunk: Buffer) => {
            size += chunk.length;
            if (size > maxBytes) return fail('too_large', `${url.href} is larger than ${maxBytes} bytes`);
            chunks.push(chunk);
          });
          res.on('end', () => {
            const header = (name: string) => {
              const value = res.headers[name];
              return Array.isArray(value) ? value.join(', ') : (value ?? null);
            };
            finish({ value: { body: Buffer.concat(chunks), header } });
          });
          res.on('error', (e) => fail('network', `${url.href}: ${e.message}`));
          // A connection cut mid-body may close the response without 'end' or 'error'.
          res.on('close', () =>
            fail('network', `${url.href}: the connection closed before the body was complete`),
          );
        },
      );
    } catch (error) {
      return fail('network', `${url.href}: ${(error as Error).message}`);
    }
    req.on('error', (e) =>
      finish({
        error: e instanceof SafeFetchError ? e : new SafeFetchError('network', `${url.href}: ${e.message}`),
      }),
    );
    req.end();
  });
}

/** A DNS lookup that refuses a host if any of its addresses is private (checked at connect time); also used by src/backpackLinks/hostFetch.ts. */
export const publicOnlyLookup: RequestOptions['lookup'] = (hostname, options, callback) => {
  dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
    if (error) return callback(error, '', 0);
    const list = addresses as unknown as LookupAddress[];
    const bad = list.find((a) => isPrivateAddress(a.address));
    if (bad || list.length === 0) {
      return callback(
        new SafeFetchError('private_address', `${hostname} resolves to a private address`),
        '',
        0,
      );
    }
    if ((options as { all?: boolean }).all)
      return (callback as unknown as (error: null, all: typeof list) => void)(null, list);
    callback(null, list[0]!.address, list[0]!.family);
  });
};
