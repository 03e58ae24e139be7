/**
 * How the server talks to an external backpack host: the same rules as every fetch of a
 * URL we did not choose (src/jsonld/safeFetch.ts, DESIGN rule 7): https only, no private,
 * loopback or link-local address (checked in the socket's DNS lookup, so the address
 * connected to is the one checked), one deadline over the whole exchange and a cap on the
 * answer. Unlike the credential fetcher it sends POSTs (registration, tokens, pushes) and
 * hands back any status, since a 401 or an imsx refusal is an answer to act on.
 *
 * BACKPACK_TEST_HOSTS names host:port values that may be reached over http and at a
 * private address: tests run two servers on loopback. The configuration refuses it in
 * production, so a deployment can only ever reach public https hosts.
 */
import { request as httpRequest, type ClientRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { checkFetchUrl, SafeFetchError } from '../jsonld/fetchPolicy.js';
import { publicOnlyLookup } from '../jsonld/safeFetch.js';

/** One request to a host. */
export interface HostRequest {
  method: 'GET' | 'POST';
  url: string;
  headers?: Record<string, string>;
  body?: string;
}

/** The host's answer, whatever its status. */
export interface HostResponse {
  status: number;
  header(name: string): string | undefined;
  text: string;
}

/** Sends a request under the policy; throws SafeFetchError when it is refused or fails. */
export type HostFetch = (request: HostRequest) => Promise<HostResponse>;

/** Limits and the test-only exception. */
export interface HostFetchOptions {
  timeoutMs: number;
  maxBytes: number;
  /** host:port values reachable over http and at private addresses (tests only). */
  testHosts: readonly string[];
}

/** The URL if the policy lets us send to it (SafeFetchError if not), and whether it is a test host. */
export function checkHostUrl(rawUrl: string, testHosts: readonly string[]): { url: URL; testHost: boolean } {
  let url: URL;
  try {
    url = new URL(rawUrl);
  } catch {
    throw new SafeFetchError('network', `Not a URL: ${rawUrl}`);
  }
  if (testHosts.includes(url.host.toLowerCase()) && /^https?:$/.test(url.protocol))
    return { url, testHost: true };
  return { url: checkFetchUrl(rawUrl), testHost: false };
}

/** Builds the fetcher. */
export function createHostFetch(options: HostFetchOptions): HostFetch {
  return (request) => {
    const { url, testHost } = checkHostUrl(request.url, options.testHosts);
    const send = url.protocol === 'http:' ? httpRequest : httpsRequest;
    return new Promise<HostResponse>((resolve, reject) => {
      let settled = false;
      let req: ClientRequest | undefined;
      const finish = (outcome: { value: HostResponse } | { error: Error }) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        if ('value' in outcome) return resolve(outcome.value);
        req?.destroy();
        reject(outcome.error);
      };
      const fail = (reason: ConstructorParameters<typeof SafeFetchError>[0], message: string) =>
        finish({ error: new SafeFetchError(reason, message) });
      // One timer over DNS, connect, headers and the whole body (not an idle timeout).
      const timer = setTimeout(
        () => fail('timeout', `${url.host} did not answer within ${options.timeoutMs} ms`),
        options.timeoutMs,
      );
      const body = request.body === undefined ? undefined : Buffer.from(request.body, 'utf8');
      try {
        req = send(
          url,
          {
            method: request.method,
            headers: {
              accept: 'application/json',
              ...request.headers,
              ...(body ? { 'content-length': String(body.length) } : {}),
            },
            ...(testHost ? {} : { lookup: publicOnlyLookup }),
          },
          (res: IncomingMessage) => {
            const chunks: Buffer[] = [];
            let size = 0;
            res.on('data', (chunk: Buffer) => {
              size += chunk.length;
              if (size > options.maxBytes)
                return fail('too_large', `${url.host} answered more than ${options.maxBytes} bytes`);
              chunks.push(chunk);
            });
            res.on('end', () => {
              const header = (name: string) => {
                const value = res.headers[name.toLowerCase()];
                return Array.isArray(value) ? value.join(', ') : value;
              };
              finish({
                value: { status: res.statusCode ?? 0, header, text: Buffer.concat(chunks).toString('utf8') },
              });
            });
            res.on('error', (e) => fail('network', `${url.host}: ${e.message}`));
            res.on('close', () =>
              fail('network', `${url.host} closed the connection before answering in full`),
            );
          },
        );
      } catch (error) {
        return fail('network', `${url.host}: ${(error as Error).message}`);
      }
      req.on('error', (e) =>
        finish({
          error: e instanceof SafeFetchError ? e : new SafeFetchError('network', `${url.host}: ${e.message}`),
        }),
      );
      req.end(body);
    });
  };
}
