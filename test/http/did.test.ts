/**
 * The issuer's DID document: did:key for a localhost PUBLIC_URL, did:web for an https
 * one (host, port and path mapped as the did:web method says), served where a resolver
 * will look for it, listing the signing key as an assertion method, and matching the
 * proofs on what we issue.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../fixtures/testDeps.js';
import { openBadgeRequest } from '../fixtures/credentials.js';
import { expectProblem, issueVia, verifyVia, type Json } from '../fixtures/http.js';

const opened: TestApp[] = [];

async function appWith(publicUrl?: string): Promise<TestApp> {
  const t = await createTestApp(publicUrl ? { env: { PUBLIC_URL: publicUrl } } : {});
  opened.push(t);
  return t;
}
afterEach(async () => {
  await Promise.all(opened.splice(0).map((t) => t.close()));
});

async function didDocumentAt(t: TestApp, path: string): Promise<Json> {
  const res = await t.app.request(path);
  expect(res.status, path).toBe(200);
  expect(res.headers.get('content-type')).toBe('application/did+json');
  expect(res.headers.get('cache-control')).toMatch(/^public, max-age=\d+$/);
  return (await res.json()) as Json;
}

/** The signing key's verification method must be in the document and an assertion method. */
function expectSigningKeyListed(t: TestApp, doc: Json): void {
  const { verificationMethod, did, keyPair } = t.deps.identity;
  expect(doc.verificationMethod).toContainEqual({
    id: verificationMethod,
    type: 'Multikey',
    controller: did,
    publicKeyMultibase: keyPair.publicKeyMultibase,
  });
  expect(doc.assertionMethod).toContain(verificationMethod);
  expect(JSON.stringify(doc)).not.toMatch(/secretKey|privateKey/i);
}

describe('with a localhost PUBLIC_URL', () => {
  it('serves the did:key document of the signing key at /.well-known/did.json', async () => {
    const t = await appWith();
    const doc = await didDocumentAt(t, '/.well-known/did.json');
    expect(doc.id).toMatch(/^did:key:z6Mk[1-9A-HJ-NP-Za-km-z]+$/);
    expect(doc.id).toBe(`did:key:${t.deps.identity.keyPair.publicKeyMultibase}`);
    expect(doc['@context']).toEqual([
      'https://www.w3.org/ns/did/v1',
      'https://w3id.org/security/multikey/v1',
    ]);
    expectSigningKeyListed(t, doc);
    expect(doc.authentication).toContain(t.deps.identity.verificationMethod);
    const { vc } = await issueVia(t, openBadgeRequest());
    expect(vc.issuer.id).toBe(doc.id);
    expect(vc.proof[0].verificationMethod).toBe(t.deps.identity.verificationMethod);
  });

  it('does not serve a path-based document', async () => {
    const t = await appWith();
    await expectProblem(await t.app.request('/did.json'), 404, 'not_found');
  });
});

describe('with PUBLIC_URL https://certs.example.org', () => {
  it('is did:web:certs.example.org, lists the signing key as assertionMethod, and what it issues verifies offline', async () => {
    const t = await appWith('https://certs.example.org');
    const doc = await didDocumentAt(t, '/.well-known/did.json');
    expect(doc.id).toBe('did:web:certs.example.org');
    expect(t.deps.identity.verificationMethod).toBe(
      `did:web:certs.example.org#${t.deps.identity.keyPair.publicKeyMultibase}`,
    );
    expectSigningKeyListed(t, doc);
    expect(doc.authentication).toEqual([t.deps.identity.verificationMethod]);

    const { vc } = await issueVia(t, openBadgeRequest());
    expect(vc.issuer).toMatchObject({ id: 'did:web:certs.example.org', url: 'https://certs.example.org' });
    expect(vc.credentialStatus.statusListCredential).toMatch(/^https:\/\/certs\.example\.org\/status\//);
    // Our own did:web and status lists resolve from memory: the test fetcher refuses all network.
    const { status, body } = await verifyVia(t, vc);
    expect(status, JSON.stringify(body)).toBe(200);
    expect(body.verified).toBe(true);
  });

  it('maps a port to %3A', async () => {
    const t = await appWith('https://certs.example.org:8443');
    expect((await didDocumentAt(t, '/.well-known/did.json')).id).toBe('did:web:certs.example.org%3A8443');
  });
});

describe('with PUBLIC_URL https://example.org/saypro', () => {
  it('is did:web:example.org:saypro, served at /saypro/did.json', async () => {
    const t = await appWith('https://example.org/saypro');
    const doc = await didDocumentAt(t, '/saypro/did.json');
    expect(doc.id).toBe('did:web:example.org:saypro');
    expectSigningKeyListed(t, doc);
    // Behind a proxy that strips the /saypro prefix the same document arrives at /did.json.
    expect(await didDocumentAt(t, '/did.json')).toEqual(doc);
    const { vc } = await issueVia(t, openBadgeRequest());
    expect(vc.issuer.id).toBe('did:web:example.org:saypro');
    expect((await verifyVia(t, vc)).body.verified).toBe(true);
  });

  it('ignores a trailing slash on PUBLIC_URL', async () => {
    const t = await appWith('https://example.org/saypro/');
    expect((await didDocumentAt(t, '/saypro/did.json')).id).toBe('did:web:example.org:saypro');
  });
});
