/** Configuration: defaults for a fresh machine, one clear message per bad variable. */
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.js';

describe('loadConfig', () => {
  it('runs with no environment at all on local defaults', () => {
    const config = loadConfig({});
    expect(config.port).toBe(3000);
    expect(config.publicUrl).toBe('http://localhost:3000');
    expect(config.dataDir).toBe('data');
    expect(config.keysDir).toBe('keys');
    expect(config.mongodbUri).toBeUndefined();
    expect(config.statusListLength).toBe(131072);
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('strips a trailing slash from PUBLIC_URL and treats empty strings as unset', () => {
    const config = loadConfig({ PUBLIC_URL: 'https://certs.example.org/', MONGODB_URI: '' });
    expect(config.publicUrl).toBe('https://certs.example.org');
    expect(config.mongodbUri).toBeUndefined();
  });

  it('names every bad variable with a message a person can act on', () => {
    let error: unknown;
    try {
      loadConfig({
        PORT: 'eighty',
        PUBLIC_URL: 'ftp//nope',
        MONGODB_URI: 'postgres://x',
        ISSUER_DID: 'did:example:1',
        STATUS_LIST_LENGTH: '100',
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    for (const name of ['PORT', 'PUBLIC_URL', 'MONGODB_URI', 'ISSUER_DID', 'STATUS_LIST_LENGTH'])
      expect(problems).toContain(name);
    expect(problems).toMatch(/at least 131072/);
  });

  it('reads OWN_ISSUER_DIDS as a list of DIDs and names it when one is not a DID', () => {
    expect(
      loadConfig({ OWN_ISSUER_DIDS: ' did:web:old.example.org, did:key:z6MkTest ' }).ownIssuerDids,
    ).toEqual(['did:web:old.example.org', 'did:key:z6MkTest']);
    expect(loadConfig({}).ownIssuerDids).toEqual([]);
    expect(() => loadConfig({ OWN_ISSUER_DIDS: 'did:web:ok.example.org,https://not-a-did.example' })).toThrow(
      /OWN_ISSUER_DIDS must be DIDs separated by commas/,
    );
  });

  it('rejects a short ADMIN_API_KEY', () => {
    expect(() => loadConfig({ ADMIN_API_KEY: 'short' })).toThrow(/ADMIN_API_KEY/);
  });
});
