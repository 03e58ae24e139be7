/**
 * Who is calling a resource endpoint: the access token in the Authorization header, found
 * through oidc-provider (its format is the library's) and not past its end to the second,
 * its client still registered and not disabled, its grant not revoked, its person still
 * active, and the scope the operation needs among the scopes the person agreed to.
 * Anything else is a 401 with a Bearer challenge; a missing scope is a 403 (RFC 6750
 * insufficient_scope).
 */
import type { Ob3Deps } from './ob3Deps.js';
import { Ob3Error } from './imsxStatus.js';
import type { Ob3Scope } from './ob3Scopes.js';

/** The person and app behind a resource request. */
export interface Ob3Caller {
  userId: string;
  clientId: string;
  scopes: ReadonlySet<string>;
}

const invalid = (description: string) =>
  new Ob3Error(401, 'unauthorizedrequest', description, 'invalid_token');

/** Checks the bearer token of a request for `scope`; returns the caller. */
export async function authorizeOb3Request(
  deps: Pick<Ob3Deps, 'provider' | 'stores'>,
  authorization: string | undefined,
  scope: Ob3Scope,
): Promise<Ob3Caller> {
  const match = /^Bearer ([A-Za-z0-9._~+/-]+=*)$/.exec(authorization ?? '');
  if (!match)
    throw new Ob3Error(
      401,
      'unauthorizedrequest',
      'Send an OAuth 2.0 access token: Authorization: Bearer <token>',
    );
  const { provider } = deps;
  const token = await provider.AccessToken.find(match[1]!);
  // The library's find still accepts a token up to its clockTolerance (15 s) past its end,
  // a leeway meant for JWTs of other parties' clocks: ours are issued and checked here.
  if (!token?.accountId || !token.grantId || !token.clientId || token.isExpired)
    throw invalid('The access token is unknown, expired or revoked');
  const { accountId, clientId, grantId } = token;
  const [client, grant, user] = await Promise.all([
    provider.Client.find(clientId),
    provider.Grant.find(grantId),
    deps.stores.users.get(accountId),
  ]);
  if (!client) throw invalid('The app this token was issued to is no longer registered or has been disabled');
  if (!grant || grant.accountId !== accountId) throw invalid("The person has withdrawn this app's access");
  if (user?.status !== 'active') throw invalid('The account this token belongs to is no longer active');
  const scopes = new Set((token.scope ?? '').split(' ').filter(Boolean));
  if (!scopes.has(scope))
    throw new Ob3Error(
      403,
      'forbidden',
      `This operation needs the scope ${scope}`,
      'insufficient_scope',
      scope,
    );
  return { userId: accountId, clientId, scopes };
}
