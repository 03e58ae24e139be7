/**
 * The only way the server fetches a URL named inside a credential (did:web documents and
 * foreign status lists, DESIGN rule 7): https only, a timeout, a size cap, and no private,
 * loopback or link-local addresses. The address check runs inside the socket's DNS lookup,
 * so the address connected to is the address checked (no DNS-rebinding window).
 */
import { request } from 'node:https';
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { checkFetchUrl, isPrivateAddress, SafeFetchError, type FetchJson } from './fetchPolicy.js';
import { createCachingFetchJson, freshnessMs, type FetchFreshJson } from './httpCache.js';

// The policy and its types live in fetchPolicy.ts (shared with the Workers fetcher).
export { isPrivateAddress, SafeFetchError, type FetchFailure, type FetchJson } from './fetchPolicy.js';

/** Options for the safe fetcher. */
export interface SafeFetchOptions {
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

/** Fetches under the policy and reports how long the response stays fresh. */
export function createSafeFetchFresh({ timeoutMs, maxBytes }: SafeFetchOptions): FetchFreshJson {
  return (rawUrl: string) =>
    new Promise((resolve, reject) => {
      let url: URL;
      try {
        url = checkFetchUrl(rawUrl);
      } catch (error) {
        return reject(error);
      }
      const req = request(
        url,
        {
          method: 'GET',
          headers: { accept: 'application/did+json, application/ld+json, application/json' },
          timeout: timeoutMs,
          lookup: (hostname, options, callback) => {
            dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
              if (error) return callback(error, '', 0);
              const list = addresses as unknown as LookupAddress[];
              const bad = list.find((a) => isPrivateAddress(a.address));
              if (bad || list.length === 0) {
                return callback(new SafeFetchError('private_address', `${hostname} resolves to a private address`), '', 0);
              }
              if ((options as { all?: boolean }).all) return (callback as any)(null, list);
              callback(null, list[0]!.address, list[0]!.family);
            });
          },
        },
        (res) => {
          if ((res.statusCode ?? 0) < 200 || (res.statusCode ?? 0) >= 300) {
            res.resume();
            return reject(new SafeFetchError('http_status', `${rawUrl} answered HTTP ${res.statusCode}`));
          }
          const chunks: Buffer[] = [];
          let size = 0;
          res.on('data', (chunk: Buffer) => {
            size += chunk.length;
            if (size > maxBytes) {
              req.destroy();
              reject(new SafeFetchError('too_large', `${rawUrl} is larger than ${maxBytes} bytes`));
              return;
            }
            chunks.push(chunk);
          });
          res.on('end', () => {
            try {
              const header = (name: string) => {
                const value = res.headers[name];
                return Array.isArray(value) ? value.join(', ') : (value ?? null);
              };
              resolve({ json: JSON.parse(Buffer.concat(chunks).toString('utf8')), freshForMs: freshnessMs({ get: header }, Date.now()) });
            } catch {
              reject(new SafeFetchError('not_json', `${rawUrl} did not return JSON`));
            }
          });
          res.on('error', (e) => reject(new SafeFetchError('network', e.message)));
        },
      );
      req.setTimeout(timeoutMs, () => req.destroy(new SafeFetchError('timeout', `${rawUrl} did not answer within ${timeoutMs} ms`)));
      req.on('error', (e) => reject(e instanceof SafeFetchError ? e : new SafeFetchError('network', `${rawUrl}: ${e.message}`)));
      req.end();
    });
}
