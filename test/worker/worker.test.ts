/**
 * The Workers verifier run in Node: its default export answers like a Worker
 * (`fetch(request, env)`), and createWorkerApp with an injected fetcher verifies a
 * credential issued by the platform, reading the issuing app's status list as a Worker
 * would read it over the network.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import worker, { createWorkerApp, loadWorkerConfig, type WorkerBindings } from '../../src/worker.js';
import { createTestApp, type TestApp } from '../fixtures/testDeps.js';
import { openBadgeRequest } from '../fixtures/credentials.js';
import { issueCredential } from '../../src/credentials/issueCredential.js';
import { changeCredentialStatus } from '../../src/status/statusLists.js';
import { statusListsOf } from './issuerSite.js';

type Json = Record<string, any>;

let t: TestApp;
const fetched: string[] = [];
let verifier: ReturnType<typeof createWorkerApp>;

/** The issuing app's status lists, as the network would answer them. */
const statusListFetcher = statusListsOf(() => t, fetched);

async function issue(): Promise<Json> {
  const { record } = await issueCredential(t.deps.issue, openBadgeRequest());
  return structuredClone(record.credential) as Json;
}

function postJson(path: string, body: unknown, headers: Record<string, string> = {}): Request {
  return new Request(`https://verifier.example${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

async function call(
  request: Request,
  env?: WorkerBindings,
): Promise<{ status: number; type: string; body: Json }> {
  const res = await worker.fetch(request, env);
  return {
    status: res.status,
    type: res.headers.get('content-type') ?? '',
    body: (await res.json()) as Json,
  };
}

async function callVerifier(request: Request): Promise<{ status: number; type: string; body: Json }> {
  const res = await verifier.fetch(request);
  return {
    status: res.status,
    type: res.headers.get('content-type') ?? '',
    body: (await res.json()) as Json,
  };
}

beforeAll(async () => {
  t = await createTestApp();
  // The deployment names the organisation's DIDs, so the Worker can say "Issued by" it.
  verifier = createWorkerApp({
    config: loadWorkerConfig({ OWN_ISSUER_DIDS: t.deps.identity.did, ISSUER_NAME: 'SayPro Test' }),
    fetchJson: statusListFetcher,
  });
});

afterAll(async () => {
  await t?.close();
});

describe('the Workers verifier over an injected fetcher', () => {
  it('verifies a credential issued by the platform, status list included', async () => {
    const vc = await issue();
    const res = await callVerifier(postJson('/credentials/verify', { verifiableCredential: vc }));
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.verified).toBe(true);
    expect(res.body.checks.map((c: Json) => c.id)).toEqual([
      'structure',
      'context',
      'issuer',
      'proof',
      'validity',
      'status',
      'schema',
    ]);
    expect(res.body.warnings).toEqual([]);
    expect(res.body.issuer).toMatchObject({
      id: t.deps.identity.did,
      standing: 'own',
      displayName: 'SayPro Test',
    });
    expect(res.body.verdict).toMatchObject({ kind: 'valid', detail: 'Issued by SayPro Test.' });
    expect(fetched).toContain(vc.credentialStatus.statusListCredential);
  });

  it('a trust list exported from the console (TRUSTED_ISSUERS) makes its issuers trusted, within their dates', async () => {
    const list = (until: string) =>
      JSON.stringify({
        format: 'saypro-trust-list',
        version: 1,
        issuers: [
          {
            did: t.deps.identity.did,
            name: 'Listed Academy',
            note: 'Our partner college.',
            validUntil: until,
          },
        ],
      });
    const listed = createWorkerApp({
      config: loadWorkerConfig({ TRUSTED_ISSUERS: list('2999-12-31') }),
      fetchJson: statusListFetcher,
    });
    const res = await listed.fetch(postJson('/credentials/verify', { verifiableCredential: await issue() }));
    const body = (await res.json()) as Json;
    expect(body.issuer).toMatchObject({
      standing: 'trusted',
      displayName: 'Listed Academy',
      trust: { kind: 'listed', note: 'Our partner college.' },
    });
    expect(body.verdict.detail).toBe("Issued by Listed Academy, on this site's list of trusted issuers.");

    const lapsed = createWorkerApp({
      config: loadWorkerConfig({ TRUSTED_ISSUERS: list('2020-01-01') }),
      fetchJson: statusListFetcher,
    });
    const after = (await (
      await lapsed.fetch(postJson('/credentials/verify', { verifiableCredential: await issue() }))
    ).json()) as Json;
    expect(after.issuer.standing).toBe('unknown');
  });

  it('a broken TRUSTED_ISSUERS is a configuration error naming the variable', () => {
    expect(() =>
      loadWorkerConfig({
        TRUSTED_ISSUERS:
          '{"format": "saypro-trust-list", "version": 1, "issuers": [{"did": "not a did", "name": "X"}]}',
      }),
    ).toThrow(/TRUSTED_ISSUERS: .*DID must be a DID/);
    expect(() => loadWorkerConfig({ TRUSTED_ISSUERS: '[' })).toThrow(/TRUSTED_ISSUERS: The file is not JSON/);
  });

  it('without OWN_ISSUER_DIDS the same credential verifies, but from an issuer it does not know', async () => {
    const unconfigured = createWorkerApp({ config: loadWorkerConfig({}), fetchJson: statusListFetcher });
    const res = await unconfigured.fetch(
      postJson('/credentials/verify', { verifiableCredential: await issue() }),
    );
    const body = (await res.json()) as Json;
    expect(res.status).toBe(200);
    expect(body.issuer.standing).toBe('unknown');
    expect(body.warnings.map((w: Json) => w.code)).toEqual(['issuer_unknown']);
    expect(body.verdict.kind).toBe('caution');
  });

  it('answers a tampered credential with 400 problem+json, verified false, invalid_signature', async () => {
    const vc = await issue();
    vc.credentialSubject.name = 'Someone Else';
    const res = await callVerifier(postJson('/credentials/verify', { verifiableCredential: vc }));
    expect(res.status).toBe(400);
    expect(res.type).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({
      type: '/problems/verification-failed',
      code: 'invalid_signature',
      verified: false,
      status: 400,
    });
    expect(res.body.errors[0].code).toBe('invalid_signature');
    expect(res.body.requestId).toBeTruthy();
  });

  it('sees a revocation made on the issuing platform', async () => {
    const vc = await issue();
    await changeCredentialStatus(t.deps.status, vc.id, 'revoke');
    const res = await callVerifier(postJson('/credentials/verify', { verifiableCredential: vc }));
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: Json) => e.code)).toEqual(['revoked']);
  });

  it('verifies an unsigned presentation carrying a platform credential', async () => {
    const vc = await issue();
    const vp = {
      '@context': ['https://www.w3.org/ns/credentials/v2'],
      type: ['VerifiablePresentation'],
      verifiableCredential: [vc],
    };
    const res = await callVerifier(postJson('/presentations/verify', { verifiablePresentation: vp }));
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ verified: true, warnings: [{ code: 'no_proof' }] });
    expect(res.body.credentialResults[0].verified).toBe(true);
  });
});

describe('the Workers default export', () => {
  it('answers /health and a problem+json 404 for anything else', async () => {
    const health = await worker.fetch(new Request('https://verifier.example/health'), {});
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok', role: 'verifier' });
    expect(health.headers.get('x-request-id')).toBeTruthy();
    const missing = await call(postJson('/credentials/issue', { credential: openBadgeRequest() }), {});
    expect(missing.status).toBe(404);
    expect(missing.type).toMatch(/^application\/problem\+json/);
    expect(missing.body.code).toBe('not_found');
  });

  it('answers malformed JSON with 400 malformed_json', async () => {
    const res = await call(postJson('/credentials/verify', '{"verifiableCredential": '), {});
    expect(res.status).toBe(400);
    expect(res.type).toMatch(/^application\/problem\+json/);
    expect(res.body.code).toBe('malformed_json');
  });

  it('answers an oversized body with 413, with or without a content-length', async () => {
    const env = { MAX_BODY_BYTES: '2048' };
    const big = JSON.stringify({ verifiableCredential: { padding: 'x'.repeat(4096) } });
    const declared = await call(
      postJson('/credentials/verify', big, { 'content-length': String(big.length) }),
      env,
    );
    expect(declared.status).toBe(413);
    expect(declared.body.code).toBe('payload_too_large');

    const stream = new ReadableStream({
      start(controller) {
        controller.enqueue(new TextEncoder().encode(big));
        controller.close();
      },
    });
    const streamed = new Request('https://verifier.example/presentations/verify', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: stream,
      duplex: 'half',
    } as RequestInit);
    const res = await call(streamed, env);
    expect(res.status).toBe(413);
    expect(res.type).toMatch(/^application\/problem\+json/);
  });

  it('fetches only https: the platform status list on http://localhost is unreachable, not "not revoked"', async () => {
    const vc = await issue();
    const res = await call(postJson('/credentials/verify', { verifiableCredential: vc }), {});
    expect(res.status).toBe(400);
    expect(res.body.checks.find((c: Json) => c.id === 'proof').valid).toBe(true);
    expect(res.body.errors.map((e: Json) => e.code)).toEqual(['status_list_unreachable']);
    expect(res.body.errors[0].message).toMatch(/Only https URLs are fetched/);
  });

  it('answers 500 problem+json, without internals, when its bindings are invalid', async () => {
    const log = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      const res = await call(new Request('https://verifier.example/health'), { FETCH_TIMEOUT_MS: 'soon' });
      expect(res.status).toBe(500);
      expect(res.body.code).toBe('internal_error');
      expect(JSON.stringify(res.body)).not.toMatch(/FETCH_TIMEOUT_MS/);
      expect(log).toHaveBeenCalled();
    } finally {
      log.mockRestore();
    }
  });
});
