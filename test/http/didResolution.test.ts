/**
 * GET /1.0/identifiers/{did}: the DID Resolution HTTP binding over the app's own resolver.
 * Our DID and did:key resolve without the network; a foreign did:web is fetched through the
 * injected fetcher (which records every URL, so "nothing was fetched" is checked, not
 * assumed); errors are problem+json that also carry `didResolutionMetadata.error`.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../fixtures/testDeps.js';
import { expectProblem, type Json } from '../fixtures/http.js';
import { generateStoredKey } from '../../src/credentials/keyRing.js';
import { createWorkerApp, loadWorkerConfig } from '../../src/worker.js';

const RESULT_TYPE = 'application/ld+json;profile="https://w3id.org/did-resolution"';
const opened: TestApp[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((t) => t.close()));
});

/** A test app whose fetcher answers from `documents` (by URL) and records every URL asked for. */
async function appWith(documents: Record<string, unknown> = {}, env: Record<string, string> = {}) {
  const fetched: string[] = [];
  const fetchJson = async (url: string) => {
    fetched.push(url);
    if (!(url in documents)) throw new Error(`no route to ${url}`);
    return structuredClone(documents[url]);
  };
  const t = await createTestApp({ fetchJson, env });
  opened.push(t);
  return { t, fetched, fetchJson };
}

const resolve = (t: TestApp, did: string, accept?: string) =>
  Promise.resolve(t.app.request(`/1.0/identifiers/${did}`, accept ? { headers: { accept } } : {}));

/** Asserts a 200 resolution result and returns it. */
async function expectResult(res: Response): Promise<Json> {
  const text = await res.text();
  expect(res.status, text).toBe(200);
  expect(res.headers.get('content-type')).toBe(RESULT_TYPE);
  expect(res.headers.get('vary')).toMatch(/accept/i);
  const body = JSON.parse(text) as Json;
  expect(body).toMatchObject({
    '@context': 'https://w3id.org/did-resolution/v1',
    didResolutionMetadata: { contentType: 'application/did+ld+json' },
    didDocumentMetadata: {},
  });
  return body;
}

/** Asserts a problem+json refusal that also carries the resolver's error. */
async function expectRefusal(res: Response, status: number, code: string, error?: string): Promise<Json> {
  const body = await expectProblem(res, status, code);
  if (error) expect(body.didResolutionMetadata).toEqual({ error });
  return body;
}

const webDoc = (id: string, extra: Json = {}) => ({
  '@context': ['https://www.w3.org/ns/did/v1'],
  id,
  verificationMethod: [],
  ...extra,
});

describe('resolving DIDs that exist', () => {
  it('resolves our own DID to the document served at /.well-known/did.json, fetching nothing', async () => {
    const { t, fetched } = await appWith();
    const body = await expectResult(await resolve(t, t.deps.identity.did));
    expect(body.didDocument).toEqual(await (await t.app.request('/.well-known/did.json')).json());
    expect(fetched).toEqual([]);
  });

  it('resolves our own did:web on a private host (ISSUER_DID did:web:localhost%3A8443) from memory, keeping the %3A', async () => {
    const { t, fetched } = await appWith(
      {},
      { PUBLIC_URL: 'https://localhost:8443', ISSUER_DID: 'did:web:localhost%3A8443' },
    );
    expect((await expectResult(await resolve(t, 'did:web:localhost%3A8443'))).didDocument.id).toBe(
      'did:web:localhost%3A8443',
    );
    expect(fetched).toEqual([]);
  });

  it('resolves any Ed25519 did:key from the key itself, whole result or bare document as Accept asks', async () => {
    const { t, fetched } = await appWith();
    const { publicKeyMultibase } = await generateStoredKey();
    const did = `did:key:${publicKeyMultibase}`;
    const { didDocument } = await expectResult(await resolve(t, did));
    expect(didDocument.id).toBe(did);
    expect(didDocument.verificationMethod).toEqual([
      { id: `${did}#${publicKeyMultibase}`, type: 'Multikey', controller: did, publicKeyMultibase },
    ]);
    expect(didDocument.assertionMethod).toEqual([`${did}#${publicKeyMultibase}`]);

    const bare = await resolve(t, did, 'application/did+ld+json');
    expect(bare.status).toBe(200);
    expect(bare.headers.get('content-type')).toBe('application/did+ld+json');
    expect(await bare.json()).toEqual(didDocument);
    // The spec's URL-encoded form names the same DID.
    expect((await expectResult(await resolve(t, encodeURIComponent(did)))).didDocument).toEqual(didDocument);
    expect(fetched).toEqual([]);
  });

  it('fetches a foreign did:web at the URL its method names: host, port (%3A) and path', async () => {
    const { t, fetched } = await appWith({
      'https://issuer.example.org/.well-known/did.json': webDoc('did:web:issuer.example.org'),
      'https://issuer.example.org:8443/.well-known/did.json': webDoc('did:web:issuer.example.org%3A8443'),
      'https://example.org/users/alice/did.json': webDoc('did:web:example.org:users:alice'),
    });
    for (const did of [
      'did:web:issuer.example.org',
      'did:web:issuer.example.org%3A8443',
      'did:web:example.org:users:alice',
    ]) {
      expect((await expectResult(await resolve(t, did))).didDocument, did).toEqual(webDoc(did));
    }
    expect(fetched).toEqual([
      'https://issuer.example.org/.well-known/did.json',
      'https://issuer.example.org:8443/.well-known/did.json',
      'https://example.org/users/alice/did.json',
    ]);
  });

  it('is served by the Workers verifier too, with the same answers', async () => {
    const fetched: string[] = [];
    const worker = createWorkerApp({
      config: loadWorkerConfig({}),
      fetchJson: async (url) => {
        fetched.push(url);
        return webDoc('did:web:issuer.example.org');
      },
    });
    const ok = await worker.request('/1.0/identifiers/did:web:issuer.example.org');
    expect((await expectResult(ok)).didDocument).toEqual(webDoc('did:web:issuer.example.org'));
    await expectRefusal(
      await worker.request('/1.0/identifiers/did:web:127.0.0.1'),
      404,
      'did_not_found',
      'notFound',
    );
    await expectRefusal(
      await worker.request('/1.0/identifiers/did:example:123'),
      501,
      'did_method_not_supported',
      'methodNotSupported',
    );
    expect(fetched).toEqual(['https://issuer.example.org/.well-known/did.json']);
  });
});

describe('refusing what cannot be resolved', () => {
  it('refuses a did:web on a private, loopback or link-local host with 404 at once, fetching nothing', async () => {
    const { t, fetched } = await appWith();
    for (const did of [
      'did:web:127.0.0.1',
      'did:web:localhost%3A8080',
      'did:web:169.254.169.254',
      'did:web:10.0.0.7',
      'did:web:%5B%3A%3A1%5D',
      'did:web:api.localhost',
      'did:web:0x7f.1',
    ]) {
      const start = performance.now();
      const body = await expectRefusal(await resolve(t, did), 404, 'did_not_found', 'notFound');
      expect(performance.now() - start, did).toBeLessThan(1000);
      expect(body.detail, did).toMatch(/a private, loopback or link-local host/);
    }
    expect(fetched).toEqual([]);
  });

  it('answers 400 invalidDid, in words, for strings that are not DIDs, before any fetch', async () => {
    const { t, fetched } = await appWith();
    const cases: [string, RegExp][] = [
      ['', /No DID was given/],
      ['did:', /method name/],
      ['did:key:', /after "did:key:"/],
      ['did:KEY:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK', /lowercase/],
      ['DID:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK', /starts with "did:"/],
      ['did::abc', /method name/],
      [`did:web:${'a'.repeat(10_000)}`, /at most 2048 characters/],
      ['did:kéy:abc', /method name/],
      ['did:key:zé6Mk', /not a did:key/],
      ['did:web:%ZZ', /%-escapes/],
      ['did:web:example.org%', /%-escapes/],
      ['did:web:example.org:', /%-escapes/],
      ['did%3Aweb%3A%E0%A4%A', /not valid percent-encoding/],
      ['did:web:%2F%2Fevil', /valid host/],
      ['did:web:user%40example.org', /valid host/],
      ['did:web:example.org%3Anot-a-port', /valid host/],
    ];
    for (const [did, detail] of cases) {
      const body = await expectRefusal(await resolve(t, did), 400, 'did_invalid', 'invalidDid');
      expect(body.detail, did).toMatch(detail);
    }
    expect(fetched).toEqual([]);
  });

  it('refuses DID URLs (path, query, fragment) with 400: this endpoint resolves, it does not dereference', async () => {
    const { t, fetched } = await appWith();
    const key = 'did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK';
    for (const [didUrl, part] of [
      ['did:web:example.org/path/x', 'a path'],
      ['did:web:example.org?service=files', 'a query'],
      [encodeURIComponent(`${key}#z6Mk`), 'a fragment'],
    ]) {
      expect(
        (await expectRefusal(await resolve(t, didUrl!), 400, 'did_invalid', 'invalidDid')).detail,
      ).toContain(`DID URL with ${part}`);
    }
    expect(fetched).toEqual([]);
  });

  it('answers 501 methodNotSupported for a well-formed DID of another method', async () => {
    const { t, fetched } = await appWith();
    for (const did of ['did:example:123', 'did:ion:EiClkZMDxPKqC9c']) {
      expect(
        (await expectRefusal(await resolve(t, did), 501, 'did_method_not_supported', 'methodNotSupported'))
          .detail,
      ).toContain('did:key and did:web');
    }
    expect(fetched).toEqual([]);
  });

  it('answers 404 notFound when the did:web document cannot be fetched, names another DID, or the did:key is not Ed25519', async () => {
    const { t } = await appWith({
      'https://liar.example/.well-known/did.json': webDoc('did:web:someone-else.example'),
    });
    expect(
      (await expectRefusal(await resolve(t, 'did:web:gone.example'), 404, 'did_not_found', 'notFound'))
        .detail,
    ).toMatch(/Could not fetch the DID document of did:web:gone\.example/);
    expect(
      (await expectRefusal(await resolve(t, 'did:web:liar.example'), 404, 'did_not_found', 'notFound'))
        .detail,
    ).toMatch(/is not the DID document of did:web:liar\.example/);
    // A P-256 did:key: well-formed, but not a key type this platform resolves.
    await expectRefusal(
      await resolve(t, 'did:key:zDnaerDaTF5BXEavCrfRZEk316dpbLsfPDZ3WJ5hRTPFU2169'),
      404,
      'did_not_found',
      'notFound',
    );
  });

  it('answers 410 for a deactivated did:web, with the document and deactivated metadata', async () => {
    const doc = webDoc('did:web:retired.example', { deactivated: true });
    const { t } = await appWith({ 'https://retired.example/.well-known/did.json': doc });
    const body = await expectProblem(await resolve(t, 'did:web:retired.example'), 410, 'did_deactivated');
    expect(body).toMatchObject({
      didDocument: doc,
      didDocumentMetadata: { deactivated: true },
      detail: 'did:web:retired.example has been deactivated by its controller',
    });
  });

  it('answers 406 representationNotSupported for an Accept it cannot meet', async () => {
    const { t } = await appWith();
    await expectRefusal(
      await resolve(t, t.deps.identity.did, 'application/xml'),
      406,
      'did_representation_not_supported',
      'representationNotSupported',
    );
    expect(
      (await resolve(t, t.deps.identity.did, 'application/xml, application/did+json;q=0.5')).headers.get(
        'content-type',
      ),
    ).toBe('application/did+json');
  });
});
