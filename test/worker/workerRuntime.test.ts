/**
 * The verifier in the Workers runtime itself: src/worker.ts bundled as wrangler bundles it
 * and run in workerd (Miniflare, from the npm registry). The issuer is did:web on
 * https://issuer.example, served to the Worker by the Node app through Miniflare's
 * outbound fetch, so the Worker resolves the DID and fetches the status list over "https"
 * like in production (the status list once: its Cache-Control allows reuse). The same test vectors go to the Node server and to the Worker and
 * must get the same answers: status, verified, and every check with its error code.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Miniflare, type Request as OutboundRequest } from 'miniflare';
import { createTestApp, type TestApp } from '../fixtures/testDeps.js';
import { openBadgeRequest } from '../fixtures/credentials.js';
import { issueCredential } from '../../src/credentials/issueCredential.js';
import { changeCredentialStatus } from '../../src/status/statusLists.js';
import { bundleWorker } from './workerBundle.js';

type Json = Record<string, any>;
const ISSUER = 'https://issuer.example';

let t: TestApp;
let mf: Miniflare;
const outbound: string[] = [];

beforeAll(async () => {
  t = await createTestApp({ env: { PUBLIC_URL: ISSUER } });
  mf = new Miniflare({
    modules: true,
    script: await bundleWorker(),
    compatibilityDate: '2026-05-01',
    compatibilityFlags: ['nodejs_compat'],
    // The deployment names the organisation, so the Worker says "Issued by" it as the server does.
    bindings: { OWN_ISSUER_DIDS: t.deps.identity.did, ISSUER_NAME: t.deps.config.issuerName },
    // The Worker's outbound fetches: the issuer's site is the Node app; nothing else exists.
    outboundService: async (request: OutboundRequest) => {
      outbound.push(request.url);
      const url = new URL(request.url);
      if (url.origin !== ISSUER) return new Response('no such host', { status: 502 });
      const res = await t.app.request(`${url.pathname}${url.search}`, {
        headers: { accept: 'application/json' },
      });
      return new Response(await res.arrayBuffer(), { status: res.status, headers: res.headers });
    },
  });
}, 60_000);
afterAll(async () => {
  await mf?.dispose();
  await t?.close();
});

async function issue(): Promise<Json> {
  const { record } = await issueCredential(t.deps.issue, openBadgeRequest());
  return structuredClone(record.credential) as Json;
}

const fromWorkerCsp = (res: { headers: { get(name: string): string | null } }) =>
  res.headers.get('content-security-policy') ?? '';

/** What must match: status, verified, each check's id, validity and code, the issuer's standing and the verdict. */
function answer(status: number, body: Json): Json {
  return {
    status,
    verified: body.verified,
    code: body.code,
    checks: (body.checks ?? []).map((c: Json) => [c.id, c.valid, c.error?.code ?? c.code ?? null]),
    issuer: body.issuer,
    verdict: body.verdict,
  };
}

async function both(
  path: string,
  body: string,
  contentType = 'application/json',
): Promise<{ node: Json; worker: Json }> {
  const init = { method: 'POST', headers: { 'content-type': contentType }, body };
  const nodeRes = await t.app.request(path, init);
  const workerRes = await mf.dispatchFetch(`https://verifier.example${path}`, init);
  return {
    node: answer(nodeRes.status, (await nodeRes.json()) as Json),
    worker: answer(workerRes.status, (await workerRes.json()) as Json),
  };
}

/** The verifier's result area and form, from the result section to the end of the form, whitespace between tags dropped. */
function verifierForm(page: string): string {
  const start = page.indexOf('<section id="result"');
  const end = page.indexOf('</form>', page.indexOf('id="verify-form"')) + '</form>'.length;
  return page.slice(start, end).replace(/>\s+</g, '><');
}

describe('the Worker in workerd', () => {
  it('answers health and serves the /verify page and its assets as the server does', async () => {
    const res = await mf.dispatchFetch('https://verifier.example/health');
    expect(await res.json()).toMatchObject({ status: 'ok' });
    for (const path of ['/assets/verify.js', '/assets/styles.css', '/favicon.svg']) {
      const fromWorker = await mf.dispatchFetch(`https://verifier.example${path}`);
      const fromNode = await t.app.request(path);
      expect(fromWorker.status, path).toBe(200);
      expect(fromWorker.headers.get('content-type'), path).toBe(fromNode.headers.get('content-type'));
      expect(await fromWorker.text(), path).toBe(await fromNode.text());
    }
    // The server shows /verify inside its layout (with the signed-in person's navigation);
    // the Worker serves the static page. Both hold the same verifier form, which verify.js
    // drives by id; only the server has the certificate-number lookup (the Worker has no store).
    const workerPage = await (await mf.dispatchFetch('https://verifier.example/verify')).text();
    const nodePage = await (await t.app.request('/verify')).text();
    expect(verifierForm(workerPage)).toBe(verifierForm(nodePage));
    expect(verifierForm(workerPage)).toContain('<form id="verify-form">');
    expect(nodePage).toContain('id="number-form"');
    expect(workerPage).not.toContain('id="number-form"');
    expect(fromWorkerCsp(await mf.dispatchFetch('https://verifier.example/verify'))).toContain(
      "default-src 'self'",
    );
    expect((await mf.dispatchFetch('https://verifier.example/assets/nope.js')).status).toBe(404);
  });

  it('gives the same answers as the Node server for every test vector', async () => {
    const valid = await issue();
    const tampered = { ...(await issue()) };
    tampered.credentialSubject = { ...tampered.credentialSubject, name: 'Someone Else' };
    const revoked = await issue();
    await changeCredentialStatus(t.deps.status, revoked.id, 'revoke', 'test');
    const unknownContext = {
      ...(await issue()),
      '@context': [...valid['@context'], 'https://example.org/unknown-context.jsonld'],
    };
    const vectors: [string, string, string?][] = [
      ['valid', JSON.stringify({ verifiableCredential: valid })],
      ['tampered', JSON.stringify({ verifiableCredential: tampered })],
      ['revoked', JSON.stringify({ verifiableCredential: revoked })],
      ['unknown context', JSON.stringify({ verifiableCredential: unknownContext })],
      ['empty credential', JSON.stringify({ verifiableCredential: {} })],
      ['no credential', JSON.stringify({})],
      ['malformed JSON', '{"verifiableCredential":'],
      ['not JSON', 'hello', 'text/plain'],
    ];
    for (const [name, body, type] of vectors) {
      const { node, worker } = await both('/credentials/verify', body, type);
      expect(worker, name).toEqual(node);
    }
    const first = await both('/credentials/verify', JSON.stringify({ verifiableCredential: valid }));
    expect(first.worker).toMatchObject({ status: 200, verified: true });
    expect(
      (await both('/credentials/verify', JSON.stringify({ verifiableCredential: revoked }))).worker.verified,
    ).toBe(false);
    // The list is fetched once and then served from the cache its max-age allows.
    expect(outbound.filter((u) => u.startsWith(`${ISSUER}/status/`))).toHaveLength(1);
    expect(outbound).toContain(`${ISSUER}/.well-known/did.json`);
  });

  it('verifies a presentation the same way', async () => {
    const vc = await issue();
    const presentation = {
      '@context': ['https://www.w3.org/ns/credentials/v2'],
      type: ['VerifiablePresentation'],
      verifiableCredential: [vc],
    };
    const { node, worker } = await both(
      '/presentations/verify',
      JSON.stringify({ verifiablePresentation: presentation }),
    );
    expect(worker).toEqual(node);
  });
});
