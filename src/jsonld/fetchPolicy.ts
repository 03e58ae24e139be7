/**
 * What any fetch of a URL named inside a credential must respect (DESIGN rule 7), with no
 * platform imports so the Node fetcher (safeFetch.ts) and the Workers fetcher
 * (workerFetch.ts) share it: https only, and never a private, loopback or link-local
 * address. IP parsing is done here by hand because node:net is not available everywhere.
 */

/** Why a fetch was refused or failed; becomes part of a verification check's error. */
export type FetchFailure =
  | 'not_https'
  | 'private_address'
  | 'timeout'
  | 'too_large'
  | 'http_status'
  | 'not_json'
  | 'network';

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

type Range = readonly [network: bigint, prefix: number];

const v4Ranges: Range[] = (
  [
    ['0.0.0.0', 8],
    ['10.0.0.0', 8],
    ['100.64.0.0', 10],
    ['127.0.0.0', 8],
    ['169.254.0.0', 16],
    ['172.16.0.0', 12],
    ['192.0.0.0', 24],
    ['192.0.2.0', 24],
    ['192.168.0.0', 16],
    ['198.18.0.0', 15],
    ['198.51.100.0', 24],
    ['203.0.113.0', 24],
    ['224.0.0.0', 4],
    ['240.0.0.0', 4],
  ] as const
).map(([net, prefix]) => [parseIpv4(net)!, prefix]);

// ::/96 covers the unspecified address, loopback and the deprecated IPv4-compatible form.
const v6Ranges: Range[] = (
  [
    ['::', 96],
    ['fc00::', 7],
    ['fe80::', 10],
    ['ff00::', 8],
    ['2001:db8::', 32],
    ['64:ff9b::', 96],
    ['64:ff9b:1::', 48],
    ['100::', 64],
  ] as const
).map(([net, prefix]) => [parseIpv6(net)!, prefix]);

function inRange(address: bigint, bits: number, [network, prefix]: Range): boolean {
  const shift = BigInt(bits - prefix);
  return address >> shift === network >> shift;
}

/** Parses strict dotted-decimal IPv4 (no leading zeros, which some parsers read as octal). */
function parseIpv4(text: string): bigint | undefined {
  const parts = text.split('.');
  if (parts.length !== 4 || !parts.every((p) => /^(0|[1-9]\d{0,2})$/.test(p) && Number(p) <= 255))
    return undefined;
  return parts.reduce((sum, p) => (sum << 8n) | BigInt(p), 0n);
}

/** Parses IPv6, with `::` compression, an embedded IPv4 tail and an optional %zone. */
function parseIpv6(text: string): bigint | undefined {
  const address = text.replace(/%[\w.~-]+$/, '');
  const halves = address.split('::');
  if (halves.length > 2) return undefined;
  const groups = (half: string | undefined): number[] | undefined => {
    if (!half) return [];
    const out: number[] = [];
    const parts = half.split(':');
    for (const [i, part] of parts.entries()) {
      if (i === parts.length - 1 && part.includes('.')) {
        const v4 = parseIpv4(part);
        if (v4 === undefined) return undefined;
        out.push(Number(v4 >> 16n), Number(v4 & 0xffffn));
      } else if (/^[0-9a-f]{1,4}$/i.test(part)) out.push(parseInt(part, 16));
      else return undefined;
    }
    return out;
  };
  const head = groups(halves[0]);
  const tail = halves.length === 2 ? groups(halves[1]) : [];
  if (!head || !tail) return undefined;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return undefined;
  return [...head, ...Array<number>(missing).fill(0), ...tail].reduce(
    (sum, g) => (sum << 16n) | BigInt(g),
    0n,
  );
}

/** 4 or 6 for an IP address literal (IPv6 without brackets), 0 for anything else. */
export function ipVersion(address: string): 0 | 4 | 6 {
  if (parseIpv4(address) !== undefined) return 4;
  if (address.includes(':') && parseIpv6(address) !== undefined) return 6;
  return 0;
}

/** Whether an IP address is private, loopback, link-local or otherwise not public; true for a non-IP. */
export function isPrivateAddress(address: string): boolean {
  const v4 = parseIpv4(address);
  if (v4 !== undefined) return v4Ranges.some((range) => inRange(v4, 32, range));
  const v6 = address.includes(':') ? parseIpv6(address) : undefined;
  if (v6 === undefined) return true;
  // IPv4-mapped (::ffff:0:0/96, which URL parsers print in hex) and 6to4 (2002::/16) carry an IPv4 address.
  if (v6 >> 32n === 0xffffn) return isPrivateAddress(formatIpv4(v6 & 0xffffffffn));
  if (v6 >> 112n === 0x2002n) return isPrivateAddress(formatIpv4((v6 >> 80n) & 0xffffffffn));
  return v6Ranges.some((range) => inRange(v6, 128, range));
}

function formatIpv4(value: bigint): string {
  return [24n, 16n, 8n, 0n].map((shift) => String((value >> shift) & 0xffn)).join('.');
}

/**
 * Parses a URL and applies the policy that needs no DNS: https only, and no literal
 * private address or localhost name. Throws SafeFetchError; returns the parsed URL.
 */
export function checkFetchUrl(rawUrl: string): URL {
  let url: URL;
  try {
    url = new URL(rawUrl);
  } catch {
    throw new SafeFetchError('network', `Not a URL: ${rawUrl}`);
  }
  if (url.protocol !== 'https:')
    throw new SafeFetchError('not_https', `Only https URLs are fetched: ${rawUrl}`);
  const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if ((ipVersion(host) && isPrivateAddress(host)) || host === 'localhost' || host.endsWith('.localhost')) {
    throw new SafeFetchError('private_address', `Refusing to fetch a private address: ${url.hostname}`);
  }
  return url;
}
