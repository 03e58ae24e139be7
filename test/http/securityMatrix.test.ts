/**
 * The authentication and authorisation cases, run on every route (DESIGN rule 9): routes
 * that need a key answer 401 without one (or with a malformed, unknown or revoked one) and
 * 403 with the wrong scope; a route with optional auth never treats a bad key as anonymous;
 * public routes answer without any key.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey, type ApiScope } from '../../src/credentials/apiKeys.js';
import { createTestApp, type TestApp } from '../fixtures/testDeps.js';
import { openBadgeRequest } from '../fixtures/credentials.js';
import { expectProblem, issueVia, type Json } from '../fixtures/http.js';
import { makeParticipant } from '../fixtures/programs.js';

let t: TestApp;
let issued: Json;
let toRevoke: Json;
let listPath: string;
let recipientEmail: string;

beforeAll(async () => {
  t = await createTestApp();
  issued = (await issueVia(t, openBadgeRequest(), { public: true })).vc;
  toRevoke = (await issueVia(t, openBadgeRequest())).vc;
  listPath = new URL(issued.credentialStatus.statusListCredential as string).pathname;
  recipientEmail = (await makeParticipant(t)).email;
});
afterAll(async () => {
  await t.close();
});

/** A route, the scope it needs, and a body that would be accepted with the right key. */
interface Route {
  name: string;
  method: 'GET' | 'POST';
  path: () => string;
  scope?: ApiScope;
  wrongScope?: ApiScope;
  body?: () => Json;
}

const authenticated: Route[] = [
  {
    name: 'POST /credentials/issue',
    method: 'POST',
    path: () => '/credentials/issue',
    scope: 'credentials:issue',
    wrongScope: 'credentials:read',
    body: () => ({ credential: openBadgeRequest() }),
  },
  {
    name: 'POST /credentials/status',
    method: 'POST',
    path: () => '/credentials/status',
    scope: 'credentials:status',
    wrongScope: 'credentials:read',
    body: () => ({ credentialId: toRevoke.id, action: 'revoke' }),
  },
  {
    name: 'POST /communications/notices',
    method: 'POST',
    path: () => '/communications/notices',
    scope: 'communications:send',
    wrongScope: 'programs:manage',
    body: () => ({
      trigger: 'admin_message',
      to: { email: recipientEmail },
      values: { sender: 'The office', conversationUrl: 'https://example.org/m/1' },
      dedupeKey: `matrix-${Math.random()}`,
    }),
  },
];

function send(route: Route, authorization?: string): Promise<Response> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (authorization !== undefined) headers.authorization = authorization;
  const init: RequestInit = { method: route.method, headers };
  if (route.method === 'POST') init.body = JSON.stringify(route.body?.() ?? {});
  return Promise.resolve(t.app.request(route.path(), init));
}

async function revokedKey(): Promise<string> {
  const { secret, record } = await createApiKey(t.deps.stores.apiKeys, {
    name: 'revoked',
    scopes: ['admin'],
    now: new Date(),
  });
  expect(await t.deps.stores.apiKeys.revoke(record.id, new Date().toISOString())).toBe(true);
  return secret;
}

describe.each(authenticated)('$name', (route) => {
  it('answers 401 without an Authorization header', async () => {
    const body = await expectProblem(await send(route), 401, 'unauthorized');
    expect(body.detail).toMatch(/Bearer/);
  });

  it.each(['Basic dXNlcjpwYXNz', 'Bearer', 'Bearer ', 'Bearer two words', 'sp_only-the-key', 'Token abc'])(
    'answers 401 for the malformed header %j',
    async (header) => {
      await expectProblem(await send(route, header), 401, 'unauthorized');
    },
  );

  it('answers 401 for an unknown key and for a revoked key', async () => {
    const unknown = await expectProblem(
      await send(route, 'Bearer sp_not-a-key-we-ever-issued'),
      401,
      'unauthorized',
    );
    expect(unknown.detail).toMatch(/unknown or revoked/);
    await expectProblem(await send(route, `Bearer ${await revokedKey()}`), 401, 'unauthorized');
  });

  it('answers 403 forbidden for a key without the scope, naming the scope', async () => {
    const key = await t.keyWithScopes([route.wrongScope!]);
    const body = await expectProblem(await send(route, `Bearer ${key}`), 403, 'forbidden');
    expect(body.detail).toContain(route.scope);
  });

  it('accepts a key holding exactly the scope (the bearer scheme is case-insensitive)', async () => {
    const key = await t.keyWithScopes([route.scope!]);
    const res = await send(route, `bearer ${key}`);
    expect(res.status).toBeLessThan(300);
  });
});

describe('GET /credentials/:id (optional auth)', () => {
  it('never treats a malformed, unknown or revoked key as anonymous', async () => {
    const route: Route = {
      name: 'get',
      method: 'GET',
      path: () => `/credentials/${encodeURIComponent(issued.id)}`,
    };
    expect((await send(route)).status).toBe(200);
    await expectProblem(await send(route, 'Basic abc'), 401, 'unauthorized');
    await expectProblem(await send(route, 'Bearer sp_unknown'), 401, 'unauthorized');
    await expectProblem(await send(route, `Bearer ${await revokedKey()}`), 401, 'unauthorized');
  });
});

describe('public routes answer without a key', () => {
  it('POST /credentials/verify', async () => {
    const res = await t.app.request('/credentials/verify', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ verifiableCredential: issued }),
    });
    expect(res.status).toBe(200);
    expect(((await res.json()) as Json).verified).toBe(true);
  });

  it('POST /presentations/verify', async () => {
    const presentation = {
      '@context': ['https://www.w3.org/ns/credentials/v2'],
      type: ['VerifiablePresentation'],
      verifiableCredential: [issued],
    };
    const res = await t.app.request('/presentations/verify', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ verifiablePresentation: presentation }),
    });
    expect(res.status).toBe(200);
  });

  it('GET /status/:listId and GET /.well-known/did.json', async () => {
    const list = await t.app.request(listPath);
    expect(list.status).toBe(200);
    expect(((await list.json()) as Json).type).toContain('BitstringStatusListCredential');
    const did = await t.app.request('/.well-known/did.json');
    expect(did.status).toBe(200);
    expect(((await did.json()) as Json).id).toBe(t.deps.identity.did);
  });
});

describe('the verification link and number lookup: public, and hostile input is a 4xx', () => {
  const tokenOf = async (id: string) => (await t.deps.stores.credentials.get(id))!.verificationToken;

  it('GET /v/:token and its files answer without a key, and a bad key changes nothing', async () => {
    const token = await tokenOf(toRevoke.id);
    for (const path of [`/v/${token}`, `/v/${token}/certificate.png`, `/v/${token}/credential.json`]) {
      for (const authorization of [undefined, 'Bearer sp_not-a-key-we-ever-issued', 'Basic Zm9vOmJhcg==']) {
        const res = await t.app.request(path, { headers: authorization ? { authorization } : {} });
        expect(res.status, `${path} ${authorization ?? ''}`).toBe(200);
        expect(res.headers.get('set-cookie') ?? '').not.toMatch(/\bsid=/);
      }
    }
  });

  it('GET /credentials/verify-number answers without a key', async () => {
    const number = (await t.deps.stores.credentials.get(toRevoke.id))!.certificateNumber;
    const res = await t.app.request(`/credentials/verify-number?number=${number}&surname=ngcobo-muller`, {
      headers: { authorization: 'Bearer sp_not-a-key-we-ever-issued' },
    });
    expect(res.status).toBe(200);
    expect(Object.keys((await res.json()) as Json)).toEqual(['verificationUrl']);
  });

  it('oversized and malformed tokens are the 404 of a missing certificate, never a 5xx', async () => {
    for (const token of [
      'a'.repeat(20_000),
      '%FF%FE',
      '..%2F..%2Fetc%2Fpasswd',
      '%00',
      "'%20OR%201=1--",
      '%7B%22%24ne%22%3A1%7D',
    ]) {
      for (const suffix of ['', '/certificate.png', '/certificate.pdf', '/credential.json']) {
        const res = await t.app.request(`/v/${token}${suffix}`);
        expect(res.status, `${token.slice(0, 30)}${suffix}`).toBe(404);
      }
    }
  });

  it('oversized and malformed lookups are 400 problem+json, never a 5xx', async () => {
    for (const query of [
      `number=${'9'.repeat(50_000)}&surname=x`,
      'number=%FF%FE&surname=x',
      'number[$ne]=1&surname=x',
      'number=SP-1&surname=x&surname=y',
    ]) {
      const res = await t.app.request(`/credentials/verify-number?${query}`, {
        headers: { accept: 'application/json' },
      });
      await expectProblem(res, 400, 'invalid_request');
    }
    // A broken percent-escape is read as the characters it is: a surname that matches no one.
    const broken = await t.app.request('/credentials/verify-number?number=SP-1&surname=%E0%A4%A', {
      headers: { accept: 'application/json' },
    });
    await expectProblem(broken, 404, 'not_found');
  });
});
