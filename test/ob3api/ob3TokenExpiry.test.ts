/**
 * Issue 20, negative cases: an expired access token is a 401 invalid_token. oidc-provider
 * checks expiry against the real clock (not the app's test clock), so the server runs with
 * OB3_ACCESS_TOKEN_TTL_SECONDS=1 and the test waits just past it; the refresh token, which
 * lives 30 days, still gets a new access token.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';
import { startLiveServer, type LiveServer } from '../fixtures/liveServer.js';
import {
  OB3_SCOPES,
  REDIRECT_URI,
  authorizeAs,
  authorizeUrl,
  pkce,
  register,
  tokenRequest,
  type RegisteredClient,
} from '../fixtures/ob3Client.js';
import { expectDocumentedResponse } from '../fixtures/ob3OpenApi.js';
import { signIn, type SignedIn } from '../fixtures/sessions.js';

let live: LiveServer;
let session: SignedIn;
let client: RegisteredClient;

beforeAll(async () => {
  live = await startLiveServer({ env: { OB3_ACCESS_TOKEN_TTL_SECONDS: '1' } });
  session = await signIn(live.testApp, 'participant');
  client = await register(live.baseUrl);
}, 60_000);
afterAll(async () => {
  await live?.close();
});

const profile = (token: string) =>
  fetch(`${live.baseUrl}/ims/ob/v3p0/profile`, { headers: { authorization: `Bearer ${token}` } });

describe('OB 3.0 access token lifetime', () => {
  it('is an hour unless OB3_ACCESS_TOKEN_TTL_SECONDS says otherwise (1 s to a day)', () => {
    const env = { DATA_DIR: '/tmp/x', KEYS_DIR: '/tmp/y' };
    expect(loadConfig(env).ob3AccessTokenTtlSeconds).toBe(3600);
    expect(loadConfig({ ...env, OB3_ACCESS_TOKEN_TTL_SECONDS: '300' }).ob3AccessTokenTtlSeconds).toBe(300);
    for (const bad of ['0', '86401', 'soon'])
      expect(() => loadConfig({ ...env, OB3_ACCESS_TOKEN_TTL_SECONDS: bad }), bad).toThrow(ConfigError);
  });

  it('answers an expired access token 401 invalid_token; the refresh token still works', async () => {
    const { verifier, challenge } = pkce();
    const back = await authorizeAs(
      live.baseUrl,
      session.cookie,
      session.csrf,
      authorizeUrl(live.baseUrl, client, { scope: OB3_SCOPES.profileRead, state: 'st', challenge }),
    );
    const res = await tokenRequest(live.baseUrl, client, {
      grant_type: 'authorization_code',
      code: back.searchParams.get('code')!,
      redirect_uri: REDIRECT_URI,
      code_verifier: verifier,
    });
    const tokens = (await res.json()) as { access_token: string; refresh_token: string; expires_in: number };
    expect(tokens.expires_in).toBe(1);
    const issuedAt = Date.now();
    expect((await profile(tokens.access_token)).status).toBe(200);

    // The library counts whole seconds: the token ends at most 2 s after it was issued.
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, issuedAt + 2_100 - Date.now())));
    const expired = await profile(tokens.access_token);
    expect(expired.status).toBe(401);
    expect(expired.headers.get('www-authenticate')).toMatch(/^Bearer .*error="invalid_token"/);
    await expectDocumentedResponse('GET', '/profile', expired);

    const refreshed = await tokenRequest(live.baseUrl, client, {
      grant_type: 'refresh_token',
      refresh_token: tokens.refresh_token,
    });
    expect(refreshed.status).toBe(200);
    const next = (await refreshed.json()) as { access_token: string };
    expect((await profile(next.access_token)).status).toBe(200);
  }, 20_000);
});
