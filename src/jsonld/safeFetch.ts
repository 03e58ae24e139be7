/**
 * The only way the server fetches a URL named inside a credential (did:web documents and
 * foreign status lists, DESIGN rule 7): https only, a timeout, a size cap, and no private,
 * loopback or link-local addresses. The address check runs inside the socket's DNS lookup,
 * so the address connected to is the address checked (no DNS-rebinding window).
 */
import { request } from 'node:https';
import { BlockList, isIP } from 'node:net';
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';

/** Why a fetch was refused or failed; becomes part of a verification check's error. */
export type FetchFailure = 'not_https' | 'private_address' | 'timeout' | 'too_large' | 'http_status' | 'not_json' | 'network';

/** A fetch that failed for a reason we can name. */
export class SafeFetchError extends Error {
  constructor(
    readonly reason: FetchFailure,
    message: string,
  ) {
    super(message);
    this.name = 'SafeFetchError';
  }
}

/** Fetches a JSON document from a URL found inside a credential. */
export type FetchJson = (url: string) => Promise<unknown>;

const privateRanges = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16],
  ['172.16.0.0', 12], ['192.0.0.0', 24], ['192.0.2.0', 24], ['192.168.0.0', 16], ['198.18.0.0', 15],
  ['198.51.100.0', 24], ['203.0.113.0', 24], ['224.0.0.0', 4], ['240.0.0.0', 4],
] as const) privateRanges.addSubnet(net, prefix, 'ipv4');
for (const [net, prefix] of [
  ['::', 128], ['::1', 128], ['fc00::', 7], ['fe80::', 10], ['ff00::', 8], ['2001:db8::', 32], ['64:ff9b::', 96],
] as const) privateRanges.addSubnet(net, prefix, 'ipv6');

/** Whether an IP address is private, loopback, link-local or otherwise not public. */
export function isPrivateAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return privateRanges.check(address, 'ipv4');
  if (family === 6) {
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
    if (mapped?.[1]) return privateRanges.check(mapped[1], 'ipv4');
    return privateRanges.check(address, 'ipv6');
  }
  return true;
}

/** Options for the safe fetcher. */
export interface SafeFetchOptions {
  timeoutMs: number;
  maxBytes: number;
}

/** Creates a FetchJson with the given limits. */
export function createSafeFetchJson({ timeoutMs, maxBytes }: SafeFetchOptions): FetchJson {
  return (rawUrl: string) =>
    new Promise((resolve, reject) => {
      let url: URL;
      try {
        url = new URL(rawUrl);
      } catch {
        return reject(new SafeFetchError('network', `Not a URL: ${rawUrl}`));
      }
      if (url.protocol !== 'https:') return reject(new SafeFetchError('not_https', `Only https URLs are fetched: ${rawUrl}`));
      if (isIP(url.hostname.replace(/^\[|\]$/g, '')) && isPrivateAddress(url.hostname.replace(/^\[|\]$/g, ''))) {
        return reject(new SafeFetchError('private_address', `Refusing to fetch a private address: ${url.hostname}`));
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
              resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')));
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
