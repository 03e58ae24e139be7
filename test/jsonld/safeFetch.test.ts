/** The safe fetcher refuses what a credential must never make the server fetch. */
import { describe, expect, it } from 'vitest';
import { createSafeFetchJson, isPrivateAddress, SafeFetchError } from '../../src/jsonld/safeFetch.js';

const fetchJson = createSafeFetchJson({ timeoutMs: 1000, maxBytes: 1024 });

async function reason(url: string): Promise<string> {
  try {
    await fetchJson(url);
    return 'fetched';
  } catch (error) {
    return error instanceof SafeFetchError ? error.reason : `other: ${(error as Error).message}`;
  }
}

describe('safe fetch', () => {
  it('classifies private, loopback, link-local and mapped addresses', () => {
    for (const address of [
      '127.0.0.1',
      '10.1.2.3',
      '172.16.0.1',
      '192.168.1.1',
      '169.254.169.254',
      '::1',
      'fe80::1',
      'fd00::1',
      '::ffff:127.0.0.1',
      '0.0.0.0',
    ]) {
      expect(isPrivateAddress(address), address).toBe(true);
    }
    for (const address of ['93.184.216.34', '2606:2800:220:1:248:1893:25c8:1946', '8.8.8.8']) {
      expect(isPrivateAddress(address), address).toBe(false);
    }
  });

  it('fetches only https', async () => {
    expect(await reason('http://example.org/x.json')).toBe('not_https');
    expect(await reason('file:///etc/passwd')).toBe('not_https');
  });

  it('refuses private and loopback addresses, literal or resolved', async () => {
    expect(await reason('https://127.0.0.1/x.json')).toBe('private_address');
    expect(await reason('https://[::1]/x.json')).toBe('private_address');
    expect(await reason('https://169.254.169.254/latest/meta-data')).toBe('private_address');
    expect(await reason('https://localhost/x.json')).toBe('private_address');
  });
});
