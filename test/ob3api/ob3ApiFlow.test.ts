/**
 * Issue 20, parts 1 and 5: a scripted OB 3.0 client against a running server. It discovers,
 * registers, authorizes as a signed-in participant through the consent page (PKCE S256 and
 * state), exchanges the code, pages through the credentials (every element verifies),
 * reads the profile, upserts a foreign credential, refreshes (rotation), revokes, then gets
 * 401. Every resource response is validated against the official OpenAPI document. Then the
 * refusals: wrong redirect URI, missing PKCE, a reused code, a revoked or unknown token, a
 * missing scope, another person's credentials, a tampered credential, a disabled client.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueCredential } from '../../src/credentials/issueCredential.js';
import type { UserRecord } from '../../src/storage/ports.js';
import { openBadgeRequest } from '../fixtures/credentials.js';
import { badgePayload, didKeyIssuer, signJwt, tamperJwt } from '../fixtures/foreignIssuers.js';
import { startLiveServer, type LiveServer } from '../fixtures/liveServer.js';
import {
  ALL_SCOPES,
  OB3_SCOPES,
  REDIRECT_URI,
  authorizeAs,
  authorizeUrl,
  basic,
  CookieJar,
  pkce,
  register,
  step,
  tokenRequest,
  type RegisteredClient,
} from '../fixtures/ob3Client.js';
import { expectDocumentedResponse, expectSchema } from '../fixtures/ob3OpenApi.js';
import { createUser, signIn, type SignedIn } from '../fixtures/sessions.js';

let live: LiveServer;
let base: string;
let person: UserRecord;
let session: SignedIn;
let other: SignedIn;
let client: RegisteredClient;

interface Tokens {
  access_token: string;
  refresh_token: string;
  scope: string;
  token_type: string;
}

/** Authorizes `who` for `scope` and exchanges the code. */
async function tokensFor(who: SignedIn, scope = ALL_SCOPES, forClient = client): Promise<Tokens> {
  const { verifier, challenge } = pkce();
  const state = `state-${Math.random()}`;
  const back = await authorizeAs(
    base,
    who.cookie,
    who.csrf,
    authorizeUrl(base, forClient, { scope, state, challenge }),
  );
  expect(back.origin + back.pathname).toBe(REDIRECT_URI);
  expect(back.searchParams.get('state')).toBe(state);
  const code = back.searchParams.get('code')!;
  const res = await tokenRequest(base, forClient, {
    grant_type: 'authorization_code',
    code,
    redirect_uri: REDIRECT_URI,
    code_verifier: verifier,
  });
  const body = (await res.json()) as Tokens;
  expect(res.status, JSON.stringify(body)).toBe(200);
  return body;
}

const api = (path: string, token: string, init: RequestInit = {}) =>
  fetch(`${base}/ims/ob/v3p0${path}`, {
    ...init,
    headers: { authorization: `Bearer ${token}`, ...(init.headers as Record<string, string>) },
  });

beforeAll(async () => {
  live = await startLiveServer();
  base = live.baseUrl;
  const t = live.testApp;
  person = await createUser(t, 'participant');
  session = await signIn(t, 'participant', person);
  other = await signIn(t, 'participant', await createUser(t, 'participant'));
  for (let i = 0; i < 3; i++)
    await issueCredential(t.deps.issue, openBadgeRequest(), { holderUserId: person.id });
  client = await register(base);
}, 120_000);
afterAll(async () => {
  await live?.close();
});

describe('the OB 3.0 API as a provider', () => {
  it('publishes a service description the document describes, naming our endpoints', async () => {
    const res = await fetch(`${base}/ims/ob/v3p0/discovery`);
    const body = (await expectDocumentedResponse('GET', '/discovery', res)) as Record<string, any>;
    expectSchema('ServiceDescriptionDocument', body);
    expect(body.info['x-imssf-privacyPolicyUrl']).toBe(`${base}/privacy`);
    const scheme = body.components.securitySchemes.OAuth2ACG;
    expect(scheme['x-imssf-registrationUrl']).toBe(`${base}/ims/ob/v3p0/oauth/register`);
    expect(scheme.flows.authorizationCode).toMatchObject({
      authorizationUrl: `${base}/ims/ob/v3p0/oauth/authorize`,
      tokenUrl: `${base}/ims/ob/v3p0/oauth/token`,
      refreshUrl: `${base}/ims/ob/v3p0/oauth/token`,
    });
    expect(Object.keys(scheme.flows.authorizationCode.scopes).sort()).toEqual(
      Object.values(OB3_SCOPES).sort(),
    );
    expect(scheme['x-saypro-revocationUrl']).toBe(`${base}/ims/ob/v3p0/oauth/revoke`);
  });

  it('runs the whole flow: token, paged credentials that verify, profile, upsert, refresh, revoke, 401', async () => {
    const tokens = await tokensFor(session);
    expect(tokens.token_type).toBe('Bearer');
    expect(tokens.scope.split(' ').sort()).toEqual(ALL_SCOPES.split(' ').sort());

    // Pages of two over three certificates: X-Total-Count, Link, every element verifies.
    const seen: Record<string, unknown>[] = [];
    for (const offset of [0, 2]) {
      const res = await api(`/credentials?limit=2&offset=${offset}`, tokens.access_token);
      expect(res.headers.get('x-total-count')).toBe('3');
      const link = res.headers.get('link') ?? '';
      expect(link).toContain('rel="first"');
      expect(link).toContain('rel="last"');
      expect(link.includes('rel="next"')).toBe(offset === 0);
      expect(link.includes('rel="prev"')).toBe(offset === 2);
      const body = (await expectDocumentedResponse('GET', '/credentials', res)) as {
        credential: Record<string, unknown>[];
      };
      seen.push(...body.credential);
    }
    expect(seen).toHaveLength(3);
    expect(new Set(seen.map((c) => c.id)).size).toBe(3);
    for (const credential of seen)
      expect((await live.testApp.deps.verifier.credential(credential)).verified).toBe(true);

    const profile = await api('/profile', tokens.access_token);
    const shown = (await expectDocumentedResponse('GET', '/profile', profile)) as Record<string, unknown>;
    expect(shown).toMatchObject({ type: ['Profile'], name: person.name, email: person.email });

    // A foreign issuer's VC-JWT: 201 new, 200 replaced, then listed among the credentials.
    const issuer = didKeyIssuer('ES256');
    const jwt = await signJwt(issuer, badgePayload(issuer, new Date()));
    for (const status of [201, 200]) {
      const res = await api('/credentials', tokens.access_token, {
        method: 'POST',
        headers: { 'content-type': 'text/plain' },
        body: jwt,
      });
      expect(res.status).toBe(status);
      expect(await expectDocumentedResponse('POST', '/credentials', res)).toBe(jwt);
    }
    const all = await api('/credentials?limit=10', tokens.access_token);
    expect(all.headers.get('x-total-count')).toBe('4');
    const listed = (await expectDocumentedResponse('GET', '/credentials', all)) as {
      compactJwsString: string[];
    };
    expect(listed.compactJwsString).toEqual([jwt]);

    // A tampered credential is refused in the spec's shape and not stored.
    const tampered = tamperJwt(jwt, (p) => ({ ...p, name: 'Forged' }));
    const refused = await api('/credentials', tokens.access_token, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: tampered,
    });
    expect(refused.status).toBe(400);
    expect(await expectDocumentedResponse('POST', '/credentials', refused)).toMatchObject({
      imsx_codeMajor: 'failure',
    });

    // Refresh with rotation: the new pair works, the old refresh token no longer does.
    const refreshed = await tokenRequest(base, client, {
      grant_type: 'refresh_token',
      refresh_token: tokens.refresh_token,
    });
    const next = (await refreshed.json()) as Tokens;
    expect(refreshed.status, JSON.stringify(next)).toBe(200);
    expect(next.refresh_token).not.toBe(tokens.refresh_token);
    expect((await api('/profile', next.access_token)).status).toBe(200);
    const replay = await tokenRequest(base, client, {
      grant_type: 'refresh_token',
      refresh_token: tokens.refresh_token,
    });
    expect(replay.status).toBe(400);

    // RFC 7009 revocation, then 401 with a Bearer challenge in the spec's shape.
    const revoked = await fetch(`${base}/ims/ob/v3p0/oauth/revoke`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: basic(client) },
      body: new URLSearchParams({ token: next.access_token, token_type_hint: 'access_token' }).toString(),
    });
    expect(revoked.status).toBe(200);
    const after = await api('/credentials', next.access_token);
    expect(after.status).toBe(401);
    expect(after.headers.get('www-authenticate')).toMatch(/^Bearer .*error="invalid_token"/);
    await expectDocumentedResponse('GET', '/credentials', after);

    await new Promise((resolve) => setTimeout(resolve, 100)); // the audit write follows the answer
    const audit = await live.testApp.deps.stores.audit.list({ limit: 50 });
    expect(audit.map((a) => a.action)).toEqual(
      expect.arrayContaining(['ob3.client_registered', 'ob3.grant_given', 'ob3.token_revoked']),
    );
  });

  it('stores tokens and codes hashed: no raw token appears in the stored records', async () => {
    const tokens = await tokensFor(session);
    const stored = JSON.stringify(await live.testApp.deps.stores.oauth.listByModel('AccessToken'));
    const refresh = JSON.stringify(await live.testApp.deps.stores.oauth.listByModel('RefreshToken'));
    expect(stored).not.toContain(tokens.access_token);
    expect(refresh).not.toContain(tokens.refresh_token);
    expect(stored.length).toBeGreaterThan(10);
  });

  it('remembers a grant: a second authorization for the same scopes skips the question', async () => {
    await tokensFor(session, OB3_SCOPES.profileRead);
    const jar = new CookieJar(session.cookie);
    const { challenge } = pkce();
    const start = await step(
      jar,
      authorizeUrl(base, client, { scope: OB3_SCOPES.profileRead, state: 's', challenge }),
    );
    const page = await (await step(jar, new URL(start.headers.get('location')!, base).href)).text();
    expect(page).toContain('http-equiv="refresh"');
    expect(page).not.toContain('name="decision"');
  });

  it('refuses a missing scope with 403 and insufficient_scope', async () => {
    const tokens = await tokensFor(other, OB3_SCOPES.profileRead);
    const res = await api('/credentials', tokens.access_token);
    expect(res.status).toBe(403);
    expect(res.headers.get('www-authenticate')).toContain('insufficient_scope');
    await expectDocumentedResponse('GET', '/credentials', res);
  });

  it("shows a person only their own credentials, never another's", async () => {
    const tokens = await tokensFor(other, `${OB3_SCOPES.credentialRead}`);
    const res = await api('/credentials', tokens.access_token);
    expect(res.headers.get('x-total-count')).toBe('0');
    expect(await expectDocumentedResponse('GET', '/credentials', res)).toEqual({
      credential: [],
      compactJwsString: [],
    });
  });

  it('refuses a redirect URI that is not exactly a registered one, without redirecting', async () => {
    const { challenge } = pkce();
    for (const redirectUri of [
      `${REDIRECT_URI}/other`,
      `${REDIRECT_URI}?x=1`,
      'https://evil.example/callback',
    ]) {
      const res = await step(
        new CookieJar(session.cookie),
        authorizeUrl(base, client, { state: 's', challenge, redirectUri }),
      );
      expect(res.status, redirectUri).toBe(400);
      expect(res.headers.get('location')).toBeNull();
    }
  });

  it('refuses an authorization request without PKCE, or with plain PKCE', async () => {
    for (const params of [{ state: 's' }, { state: 's', challenge: 'x'.repeat(43), method: 'plain' }]) {
      const res = await step(new CookieJar(session.cookie), authorizeUrl(base, client, params));
      const location = new URL(res.headers.get('location')!);
      expect(location.origin + location.pathname).toBe(REDIRECT_URI);
      expect(location.searchParams.get('error')).toBe('invalid_request');
    }
  });

  it('refuses a reused code (and the PKCE verifier must match)', async () => {
    const { verifier, challenge } = pkce();
    const back = await authorizeAs(
      base,
      session.cookie,
      session.csrf,
      authorizeUrl(base, client, { state: 's', challenge }),
    );
    const code = back.searchParams.get('code')!;
    const exchange = (v: string) =>
      tokenRequest(base, client, {
        grant_type: 'authorization_code',
        code,
        redirect_uri: REDIRECT_URI,
        code_verifier: v,
      });
    // A wrong verifier is refused (and does not use the code up); the right one works once.
    expect((await exchange(pkce().verifier)).status).toBe(400);
    expect((await exchange(verifier)).status).toBe(200);
    const again = await exchange(verifier);
    expect(again.status).toBe(400);
    expect(((await again.json()) as { error: string }).error).toBe('invalid_grant');
  });

  it('sends the refusal back to the app when the person does not allow it', async () => {
    const { challenge } = pkce();
    const back = await authorizeAs(
      base,
      other.cookie,
      other.csrf,
      authorizeUrl(base, client, { state: 'no', challenge, scope: OB3_SCOPES.profileUpdate }),
      'deny',
    );
    expect(back.searchParams.get('error')).toBe('access_denied');
    expect(back.searchParams.get('state')).toBe('no');
    expect(back.searchParams.get('code')).toBeNull();
  });

  it('ends every token of a grant the person withdraws in /me, and of a client an admin disables', async () => {
    const tokens = await tokensFor(session, OB3_SCOPES.profileRead);
    const grants = await live.testApp.deps.stores.oauth.listByAccount('Grant', person.id);
    const grant = grants.find((g) => g.clientId === client.client_id)!;
    // Someone else's grant id is a 404 and changes nothing.
    const foreign = await fetch(`${base}/me/connected-apps/${grant.key}/revoke`, {
      method: 'POST',
      headers: other.formHeaders,
      body: new URLSearchParams({ _csrf: other.csrf }).toString(),
    });
    expect(foreign.status).toBe(404);
    expect((await api('/profile', tokens.access_token)).status).toBe(200);
    const mine = await fetch(`${base}/me/connected-apps/${grant.key}/revoke`, {
      method: 'POST',
      headers: session.formHeaders,
      body: new URLSearchParams({ _csrf: session.csrf }).toString(),
      redirect: 'manual',
    });
    expect(mine.status).toBe(303);
    expect((await api('/profile', tokens.access_token)).status).toBe(401);

    const second = await register(base, { client_name: 'Second Backpack' });
    const fresh = await tokensFor(session, OB3_SCOPES.profileRead, second);
    const admin = await signIn(live.testApp, 'admin');
    const off = await fetch(`${base}/admin/api-clients/${second.client_id}/state`, {
      method: 'POST',
      headers: admin.formHeaders,
      body: new URLSearchParams({ _csrf: admin.csrf, disabled: 'true' }).toString(),
      redirect: 'manual',
    });
    expect(off.status).toBe(303);
    expect((await api('/profile', fresh.access_token)).status).toBe(401);
    const refresh = await tokenRequest(base, second, {
      grant_type: 'refresh_token',
      refresh_token: fresh.refresh_token,
    });
    expect(refresh.status).toBe(401);
  });
});
