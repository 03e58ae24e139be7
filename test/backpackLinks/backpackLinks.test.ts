/**
 * Connecting an external backpack, against a scripted OB 3.0 host on loopback (named in
 * BACKPACK_TEST_HOSTS): the routes under /me/backpack-links and the domain behind them.
 * Refused: a callback whose state is wrong or another person's, a host whose discovery
 * document is malformed or too large, a private or non-https address; someone else's
 * connection is a 404. A push the host cannot take now stays pending and the retry job
 * sends it later; a refusal says why in the host's words. Erasure revokes the tokens at
 * the host and forgets the connections; the data export lists them without tokens.
 */
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { exportUserData } from '../../src/accounts/privacy.js';
import { loadConfig } from '../../src/config.js';
import { eraseAccount } from '../../src/accounts/privacy.js';
import { retryDuePushes } from '../../src/backpackLinks/pushes.js';
import { issueCredential } from '../../src/credentials/issueCredential.js';
import { serviceDescription } from '../../src/ob3api/discovery.js';
import { openBadgeRequest } from '../fixtures/credentials.js';
import { form, type SignedIn, signIn } from '../fixtures/sessions.js';
import { createTestApp, type TestApp } from '../fixtures/testDeps.js';

interface Seen {
  method: string;
  path: string;
  authorization?: string | undefined;
  body: string;
}

/** A scripted backpack host: what each "METHOD path" answers, and every request seen. */
function scriptedHost() {
  const answers = new Map<string, { status: number; body: string }>();
  const seen: Seen[] = [];
  const server = createServer((req: IncomingMessage, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      const path = (req.url ?? '/').split('?')[0]!;
      seen.push({ method: req.method ?? '', path, authorization: req.headers.authorization, body });
      const answer = answers.get(`${req.method} ${path}`);
      if (!answer) return res.writeHead(404).end();
      res.writeHead(answer.status, { 'content-type': 'application/json' }).end(answer.body);
    });
  });
  return { server, answers, seen };
}

const host = scriptedHost();
let base = '';
let tokenCount = 0;

function answer(key: string, status: number, body: unknown): void {
  host.answers.set(key, { status, body: typeof body === 'string' ? body : JSON.stringify(body) });
}

function standardHost(): void {
  host.answers.clear();
  host.seen.length = 0;
  answer(
    'GET /ims/ob/v3p0/discovery',
    200,
    serviceDescription({ publicUrl: base, serviceName: 'Scripted Backpack' }),
  );
  answer('POST /ims/ob/v3p0/oauth/register', 201, {
    client_id: 'scripted',
    client_secret: 'scripted-secret',
  });
  tokenCount += 1;
  answer('POST /ims/ob/v3p0/oauth/token', 200, {
    access_token: `access-${tokenCount}`,
    refresh_token: `refresh-${tokenCount}`,
    token_type: 'Bearer',
    expires_in: 3600,
  });
  answer('POST /ims/ob/v3p0/oauth/revoke', 200, {});
}

beforeAll(async () => {
  await new Promise<void>((resolve) => host.server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(host.server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  host.server.closeAllConnections();
  await new Promise((resolve) => host.server.close(resolve));
});

let t: TestApp;
beforeEach(async () => {
  standardHost();
  t = await createTestApp({ env: { BACKPACK_TEST_HOSTS: new URL(base).host, FETCH_MAX_BYTES: '200000' } });
});
afterEach(async () => {
  await t.close();
});

const post = (who: SignedIn, path: string, fields: Record<string, string> = {}) =>
  t.app.request(path, {
    method: 'POST',
    headers: { ...who.formHeaders, accept: 'text/html' },
    body: form(fields, who.csrf),
  });
const get = (who: SignedIn, path: string) =>
  t.app.request(path, { headers: { cookie: who.cookie, accept: 'text/html' } });

/** Starts connecting; the state sent to the host. */
async function startConnecting(who: SignedIn): Promise<string> {
  const res = await post(who, '/me/backpack-links/connect', { address: base });
  const html = await res.text();
  expect(res.status, html.slice(0, 400)).toBe(200);
  const target = /http-equiv="refresh" content="0;url=([^"]+)"/.exec(html)![1]!.replaceAll('&amp;', '&');
  const url = new URL(target);
  expect(url.origin).toBe(base);
  expect(url.searchParams.get('code_challenge_method')).toBe('S256');
  expect(url.searchParams.get('client_id')).toBe('scripted');
  return url.searchParams.get('state')!;
}

async function connect(who: SignedIn): Promise<string> {
  const state = await startConnecting(who);
  const back = await get(who, `/me/backpack-links/callback?code=the-code&state=${encodeURIComponent(state)}`);
  expect(back.status).toBe(303);
  expect(back.headers.get('location')).toBe('/me/backpack-links?saved=connected');
  const [connection] = await t.deps.stores.backpackLinks.listConnections(who.user.id);
  return connection!.id;
}

describe('connecting', () => {
  it('registers once per host, checks the state, exchanges the code with the PKCE verifier, seals the tokens', async () => {
    const alice = await signIn(t, 'participant');
    const bob = await signIn(t, 'participant');
    const state = await startConnecting(alice);

    const made = await get(alice, '/me/backpack-links/callback?code=c&state=made-up');
    expect(made.status).toBe(400);
    expect(await made.text()).toContain('does not match a connection you started here');
    const bobs = await get(bob, `/me/backpack-links/callback?code=c&state=${encodeURIComponent(state)}`);
    expect(bobs.status).toBe(400);
    expect(host.seen.filter((s) => s.path.endsWith('/oauth/token'))).toEqual([]);

    const back = await get(
      alice,
      `/me/backpack-links/callback?code=the-code&state=${encodeURIComponent(state)}`,
    );
    expect(back.status).toBe(303);
    const exchange = host.seen.find((s) => s.path.endsWith('/oauth/token'))!;
    expect(exchange.authorization).toBe(
      `Basic ${Buffer.from('scripted:scripted-secret').toString('base64')}`,
    );
    const fields = new URLSearchParams(exchange.body);
    expect(fields.get('code')).toBe('the-code');
    expect(fields.get('code_verifier')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    // The state is spent.
    expect(
      (await get(alice, `/me/backpack-links/callback?code=x&state=${encodeURIComponent(state)}`)).status,
    ).toBe(400);
    const [connection] = await t.deps.stores.backpackLinks.listConnections(alice.user.id);
    expect(connection).toMatchObject({ status: 'connected', name: 'Scripted Backpack' });
    expect(JSON.stringify(connection)).not.toContain('access-');
    expect(JSON.stringify(await t.deps.stores.backpackLinks.getHostClient(base))).not.toContain(
      'scripted-secret',
    );

    await connect(bob);
    expect(host.seen.filter((s) => s.path.endsWith('/oauth/register'))).toHaveLength(1);
    const page = await (await get(alice, '/me/backpack-links')).text();
    expect(page).toContain('Scripted Backpack');
  });

  it('refuses a malformed, a too large, a private and a non-https host, in words', async () => {
    const who = await signIn(t, 'participant');
    const refused = async (address: string) => {
      const res = await post(who, '/me/backpack-links/connect', { address });
      expect(res.status).toBe(400);
      return (await res.text()).replaceAll('&#39;', "'");
    };
    answer('GET /ims/ob/v3p0/discovery', 200, { openapi: '3.0.1', info: { title: 'Not a backpack' } });
    expect(await refused(base)).toContain('not with an Open Badges 3.0 discovery document we can use');
    answer('GET /ims/ob/v3p0/discovery', 200, { padding: 'x'.repeat(300_000) });
    expect(await refused(base)).toContain('its answer was too large');
    expect(await refused('https://10.1.2.3')).toContain('private or local network address');
    expect(await refused('https://localhost:8443')).toContain('private or local network address');
    // Loopback over http, but not a host the test configuration names.
    expect(await refused('http://127.0.0.1:1')).toContain('its address is not https');
    expect(await t.deps.stores.backpackLinks.listConnections(who.user.id)).toEqual([]);
  });

  it("answers 404 for someone else's connection", async () => {
    const owner = await signIn(t, 'participant');
    const other = await signIn(t, 'participant');
    const id = await connect(owner);
    for (const action of ['import', 'disconnect', 'send'])
      expect((await post(other, `/me/backpack-links/${id}/${action}`, { credentialId: 'x' })).status).toBe(
        404,
      );
    expect(await t.deps.stores.backpackLinks.listConnections(owner.user.id)).toHaveLength(1);
  });
});

describe('sending and importing', () => {
  it('keeps a push the host cannot take now, and the retry job sends it later', async () => {
    const who = await signIn(t, 'participant');
    const id = await connect(who);
    const { record } = await issueCredential(t.deps.issue, openBadgeRequest(), {
      isPublic: false,
      holderUserId: who.user.id,
    });
    answer('POST /ims/ob/v3p0/credentials', 503, 'busy');
    const res = await post(who, `/me/backpack-links/${id}/send`, { credentialId: record.id });
    expect(res.status).toBe(303);
    const page = await (await get(who, res.headers.get('location')!)).text();
    expect(page).toContain('could not be sent to Scripted Backpack yet: Scripted Backpack answered HTTP 503');
    const [pending] = await t.deps.stores.backpackLinks.listPushes(who.user.id, 5);
    expect(pending).toMatchObject({ status: 'pending', attempts: 1 });

    expect(await retryDuePushes(t.deps.backpackLinks)).toBe(0);
    answer('POST /ims/ob/v3p0/credentials', 201, record.credential);
    t.clock.now = new Date(t.clock.now.getTime() + 61_000);
    expect(await retryDuePushes(t.deps.backpackLinks)).toBe(1);
    const [sent] = await t.deps.stores.backpackLinks.listPushes(who.user.id, 5);
    expect(sent).toMatchObject({ status: 'sent', outcome: 'created', attempts: 2 });
    const pushed = host.seen.filter((s) => s.method === 'POST' && s.path.endsWith('/credentials')).at(-1)!;
    expect(JSON.parse(pushed.body).id).toBe(record.credential!.id);
    expect(pushed.authorization).toMatch(/^Bearer access-/);
  });

  it("says why the host refused a push, in the host's words", async () => {
    const who = await signIn(t, 'participant');
    const id = await connect(who);
    const { record } = await issueCredential(t.deps.issue, openBadgeRequest(), {
      isPublic: false,
      holderUserId: who.user.id,
    });
    answer('POST /ims/ob/v3p0/credentials', 400, {
      imsx_codeMajor: 'failure',
      imsx_severity: 'error',
      imsx_description: 'The credential has expired',
    });
    const res = await post(who, `/me/backpack-links/${id}/send`, { credentialId: record.id });
    const page = await (await get(who, res.headers.get('location')!)).text();
    expect(page).toContain(
      'was not sent to Scripted Backpack: Scripted Backpack refused the certificate: The credential has expired.',
    );
  });

  it('imports page by page, and reports what was added and what was refused', async () => {
    const who = await signIn(t, 'participant');
    const id = await connect(who);
    const { record } = await issueCredential(t.deps.issue, openBadgeRequest(), { isPublic: false });
    const forged = { ...record.credential!, id: 'urn:uuid:forged', name: 'Forged' };
    answer('GET /ims/ob/v3p0/credentials', 200, {
      credential: [record.credential, forged],
      compactJwsString: [],
    });
    const res = await post(who, `/me/backpack-links/${id}/import`);
    const page = (await res.text()).replaceAll('&#39;', "'");
    expect(res.status).toBe(200);
    expect(page).toContain('Imported from Scripted Backpack: 1 credential added, 0 replaced, 1 refused.');
    expect(page).toContain('This credential does not verify');
    const list = await t.deps.stores.backpack.list(who.user.id, { limit: 5, offset: 0 });
    expect(list.records.map((r) => [r.source, r.standing.kind])).toEqual([['import', 'valid']]);
  });
});

describe('privacy', () => {
  it('erasure revokes the tokens at the host and forgets the connection; the export lists it without tokens', async () => {
    const who = await signIn(t, 'participant');
    await connect(who);
    const exported = JSON.stringify(await exportUserData(t.deps.accounts, who.user));
    expect(exported).toContain('"backpackConnections":[{"host":"');
    expect(exported).not.toContain('"tokens"');
    await eraseAccount(t.deps.accounts, who.user, { id: who.user.id, label: 'them', role: 'participant' });
    const revoked = host.seen
      .filter((s) => s.path.endsWith('/oauth/revoke'))
      .map((s) => new URLSearchParams(s.body).get('token'));
    expect(revoked).toEqual([expect.stringMatching(/^refresh-/), expect.stringMatching(/^access-/)]);
    expect(await t.deps.stores.backpackLinks.listConnections(who.user.id)).toEqual([]);
  });
});

describe('configuration', () => {
  it('refuses BACKPACK_TEST_HOSTS in production and malformed values anywhere', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', BACKPACK_TEST_HOSTS: '127.0.0.1:3000' })).toThrow(
      /BACKPACK_TEST_HOSTS is for tests only/,
    );
    expect(() => loadConfig({ BACKPACK_TEST_HOSTS: 'http://127.0.0.1' })).toThrow(/host:port values/);
    expect(loadConfig({}).backpackTestHosts).toEqual([]);
  });
});
