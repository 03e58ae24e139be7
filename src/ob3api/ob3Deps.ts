/**
 * What the OB 3.0 API needs, built once by createDeps: the OAuth server (oidc-provider over
 * our OAuthStore), a way to hand it a web Request (the library is a Node/Koa handler; the
 * request is turned into Node req/res by fetch-to-node, so the same path serves
 * @hono/node-server and app.request in tests), and the stores and collaborators of the
 * resource endpoints. The library's own events become audit records: a client registered,
 * a token revoked by its client (RFC 7009).
 */
import { toFetchResponse, toReqRes } from 'fetch-to-node';
import type Provider from 'oidc-provider';
import type { AccountDeps, Actor } from '../accounts/accountDeps.js';
import { audit } from '../accounts/audit.js';
import type { BackpackDeps } from '../backpack/backpack.js';
import type { Logger } from '../logging/logger.js';
import type { FetchBytes } from '../jsonld/safeFetch.js';
import type { Stores } from '../storage/ports.js';
import { type ClientLogos, createClientLogos } from './clientLogos.js';
import { createOAuthProvider } from './oauthProvider.js';

/** Dependencies of the OB 3.0 API (src/ob3api/). */
export interface Ob3Deps {
  provider: Provider;
  /** Runs the OAuth server on a request (its endpoints, the consent page's interaction reads). */
  handle(request: Request): Promise<Response>;
  stores: Pick<Stores, 'oauth' | 'audit' | 'users' | 'badgeImages'>;
  /** Apps' logos, fetched and checked once, served from our origin (clientLogos.ts). */
  logos: ClientLogos;
  accounts: AccountDeps;
  backpack: BackpackDeps;
  publicUrl: string;
  /** The service's name in the discovery document. */
  serviceName: string;
  now: () => Date;
}

/** The audit actor for a client acting on its own (registering, revoking its token). */
function clientActor(clientId: string, name?: string): Actor {
  return { id: `oauth-client:${clientId}`, label: `OAuth client ${name ?? clientId}`, role: 'api_key' };
}

/**
 * Node req/res for a web Request. fetch-to-node leaves `req.socket` null, and Koa reads
 * the socket for the protocol (secure cookies) and the address: give it what the URL says
 * (behind a TLS proxy, `provider.proxy` makes Koa read the forwarded headers instead).
 */
export function nodeRequestPair(request: Request): ReturnType<typeof toReqRes> {
  const pair = toReqRes(request);
  Object.defineProperty(pair.req, 'socket', {
    value: { encrypted: new URL(request.url).protocol === 'https:', remoteAddress: undefined },
  });
  return pair;
}

/**
 * Writes the audit records of the library's endpoints (a client registered, a token revoked)
 * and starts the check of a new client's logo, so it is ready for its first consent screen.
 */
function watchEndpoints(
  deps: Pick<Ob3Deps, 'stores' | 'now' | 'logos'>,
  provider: Provider,
  logger: Logger,
): void {
  const write = (run: () => Promise<unknown>) =>
    // The answer does not wait for the record; a failed write is logged, not turned into a 500.
    run().catch((error: unknown) => logger.error({ err: error }, 'OB 3.0 OAuth audit record not written'));
  provider.on(
    'registration_create.success',
    (_ctx: unknown, client: { clientId: string; clientName?: string; logoUri?: string }) => {
      write(() =>
        audit(deps, clientActor(client.clientId, client.clientName), 'ob3.client_registered', {
          type: 'oauth_client',
          id: client.clientId,
        }),
      );
      // Not awaited: the app's registration does not wait for its logo.
      write(() => deps.logos.ensure(client.clientId, client.logoUri));
    },
  );
  // A token is destroyed only by its client's RFC 7009 revocation (a withdrawn grant or a
  // rotation deletes or consumes records without this event).
  const revoked = (token: { kind: string; clientId?: string; grantId?: string; accountId?: string }) =>
    write(() =>
      audit(
        deps,
        clientActor(token.clientId ?? 'unknown'),
        'ob3.token_revoked',
        { type: 'oauth_grant', ...(token.grantId ? { id: token.grantId } : {}) },
        { token: token.kind, ...(token.accountId ? { accountId: token.accountId } : {}) },
      ),
    );
  provider.on('access_token.destroyed', revoked);
  provider.on('refresh_token.destroyed', revoked);
}

/** Builds the OB 3.0 API's dependencies. */
export async function createOb3Deps(options: {
  stores: Ob3Deps['stores'];
  accounts: AccountDeps;
  backpack: BackpackDeps;
  publicUrl: string;
  serviceName: string;
  cookieKey: string;
  /** Access tokens' lifetime in seconds (OB3_ACCESS_TOKEN_TTL_SECONDS). */
  accessTokenTtlSeconds: number;
  /** Fetches an app's logo under the safe-fetch policy (tests: a local site). */
  fetchLogo: FetchBytes;
  logger: Logger;
  now: () => Date;
}): Promise<Ob3Deps> {
  const provider = await createOAuthProvider({
    publicUrl: options.publicUrl,
    store: options.stores.oauth,
    now: options.now,
    cookieKey: options.cookieKey,
    accessTokenTtlSeconds: options.accessTokenTtlSeconds,
    accountIsActive: async (userId) => (await options.stores.users.get(userId))?.status === 'active',
  });
  // Behind a TLS proxy the public URL is https while the socket is not: trust the proxy's
  // headers so the library's cookies and URLs are the public ones.
  provider.proxy = options.publicUrl.startsWith('https://');
  const callback = provider.callback();
  const logos = createClientLogos({ stores: options.stores, fetchLogo: options.fetchLogo, now: options.now });
  watchEndpoints({ ...options, logos }, provider, options.logger);
  // The library answers its own faults (a 500 page or JSON); the cause goes to our log.
  provider.on('server_error', (_ctx: unknown, err: unknown) =>
    options.logger.error({ err }, 'OB 3.0 OAuth server error'),
  );
  return {
    provider,
    handle: async (request) => {
      const { req, res } = nodeRequestPair(request);
      void callback(req, res);
      return toFetchResponse(res);
    },
    stores: options.stores,
    logos,
    accounts: options.accounts,
    backpack: options.backpack,
    publicUrl: options.publicUrl,
    serviceName: options.serviceName,
    now: options.now,
  };
}
