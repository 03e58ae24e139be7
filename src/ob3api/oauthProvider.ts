/**
 * The OAuth 2.0 authorization server of the OB 3.0 API: panva's oidc-provider (certified,
 * maintained) configured for what the 1EdTech spec asks and nothing more. Clients register
 * themselves (RFC 7591; rate-limited by the route), use the authorization code grant with
 * PKCE S256 (required of every client) and an exact redirect URI, get opaque access tokens
 * bound to one person and the scopes they agreed to, refresh them with rotation, and
 * revoke them (RFC 7009). No ID tokens, userinfo, introspection, logout or device flow.
 *
 * Who the person is comes from OUR session, never from the library's: every new
 * authorization request goes to the consent page in the portal (the `saypro_portal`
 * check below), which reads our session and either finishes at once (a remembered grant
 * covers the scopes) or asks. Its storage is our OAuthStore port (oauthAdapter.ts).
 */
import { exportJWK, generateKeyPair } from 'jose';
import Provider, { interactionPolicy, type Configuration, type KoaContextWithOIDC } from 'oidc-provider';
import type { OAuthStore } from '../storage/ports.js';
import { oauthAdapterFactory } from './oauthAdapter.js';
import { ALL_OB3_SCOPES } from './ob3Scopes.js';

/** Where the API lives, and the OAuth endpoints under it (the discovery document names them). */
export const OB3_BASE_PATH = '/ims/ob/v3p0';
export const OAUTH_PATHS = {
  authorization: `${OB3_BASE_PATH}/oauth/authorize`,
  token: `${OB3_BASE_PATH}/oauth/token`,
  registration: `${OB3_BASE_PATH}/oauth/register`,
  revocation: `${OB3_BASE_PATH}/oauth/revoke`,
} as const;

/** The consent page of the portal for an interaction. */
const consentPath = (uid: string) => `/me/connected-apps/consent/${encodeURIComponent(uid)}`;

/**
 * Lifetimes, in seconds. A grant is what /me lists as remembered: it lasts a year unless
 * revoked. The access token's is a setting (OB3_ACCESS_TOKEN_TTL_SECONDS, an hour by default).
 */
const TTL = {
  AuthorizationCode: 60,
  RefreshToken: 30 * 24 * 60 * 60,
  Interaction: 10 * 60,
  Session: 60 * 60,
  Grant: 365 * 24 * 60 * 60,
} as const;

/** What building the provider needs. */
export interface OAuthProviderOptions {
  publicUrl: string;
  store: OAuthStore;
  now: () => Date;
  /** Signs the library's cookies (interaction and session ids). */
  cookieKey: string;
  /** How long an access token works, in seconds; the library checks it against the real clock. */
  accessTokenTtlSeconds: number;
  /** Whether a user id names an active account (the library checks before issuing tokens). */
  accountIsActive(userId: string): Promise<boolean>;
}

/** The error page the library shows a browser (a bad client or redirect URI): plain, no scripts. */
function renderError(ctx: KoaContextWithOIDC, out: { error: string; error_description?: string }): void {
  const escaped = (s: string) => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
  ctx.type = 'html';
  ctx.body = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>This app's request was refused</title>
<meta name="viewport" content="width=device-width, initial-scale=1"><link rel="stylesheet" href="/assets/styles.css"></head>
<body><main id="main"><h1>This app's request was refused</h1><p>${escaped(out.error_description ?? out.error)}</p>
<p>Nothing was shared. Go back to the app and try again, or <a href="/me">go to your certificates</a>.</p></main></body></html>`;
}

/**
 * The login prompt, with one check more: a request that did not come back from our
 * consent page goes there, so a session the library remembers never stands in for ours.
 */
function interactionsPolicy(): interactionPolicy.DefaultPolicy {
  const policy = interactionPolicy.base();
  policy
    .get('login')!
    .checks.add(
      new interactionPolicy.Check('saypro_portal', 'the person confirms in the portal', (ctx) =>
        ctx.oidc.result?.login
          ? interactionPolicy.Check.NO_NEED_TO_PROMPT
          : interactionPolicy.Check.REQUEST_PROMPT,
      ),
    );
  return policy;
}

/** Builds the provider; its routes are served by src/http/routes/ob3Api.ts. */
export async function createOAuthProvider(options: OAuthProviderOptions): Promise<Provider> {
  // ID tokens are never asked for by OB 3.0 clients, but the library wants a signing key:
  // one made per process, never stored.
  const { privateKey } = await generateKeyPair('ES256', { extractable: true });
  const configuration: Configuration = {
    adapter: oauthAdapterFactory(options.store, options.now),
    jwks: { keys: [{ ...(await exportJWK(privateKey)), alg: 'ES256', use: 'sig' }] },
    findAccount: async (_ctx, sub) =>
      (await options.accountIsActive(sub)) ? { accountId: sub, claims: () => ({ sub }) } : undefined,
    cookies: {
      keys: [options.cookieKey],
      long: { httpOnly: true, sameSite: 'lax', signed: true },
      short: { httpOnly: true, sameSite: 'lax', signed: true },
    },
    scopes: ['offline_access', ...ALL_OB3_SCOPES],
    responseTypes: ['code'],
    clientDefaults: {
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_basic',
      // The only key is ES256 (no ID tokens are asked for; the library still checks the default).
      id_token_signed_response_alg: 'ES256',
    },
    pkce: { required: () => true },
    allowOmittingSingleRegisteredRedirectUri: false,
    features: {
      devInteractions: { enabled: false },
      registration: { enabled: true, initialAccessToken: false, issueRegistrationAccessToken: false },
      revocation: { enabled: true },
      resourceIndicators: { enabled: false },
      userinfo: { enabled: false },
      introspection: { enabled: false },
      rpInitiatedLogout: { enabled: false },
      dPoP: { enabled: false },
      claimsParameter: { enabled: false },
    },
    routes: { ...OAUTH_PATHS },
    interactions: {
      url: (_ctx, interaction) => consentPath(interaction.uid),
      policy: interactionsPolicy(),
    },
    // OB 3.0 clients ask for no offline_access, yet the spec gives them refresh tokens.
    issueRefreshToken: async (_ctx, client) => client.grantTypeAllowed('refresh_token'),
    rotateRefreshToken: () => true,
    // Tokens outlive the library's short session: they end with the grant, or when revoked.
    expiresWithSession: async () => false,
    clientBasedCORS: () => false,
    ttl: { ...TTL, AccessToken: options.accessTokenTtlSeconds },
    renderError: async (ctx, out) => renderError(ctx, out),
  };
  return new Provider(options.publicUrl, configuration);
}
