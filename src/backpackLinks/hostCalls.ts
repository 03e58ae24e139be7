/**
 * Calls to a connected backpack's API on the person's behalf. The access token is used
 * until it expires, then refreshed (the host rotates the refresh token: the new one is
 * sealed in its place). A 401 is answered by one refresh and one retry; if the host still
 * refuses, or refuses the refresh, the connection is marked `needs_reconnect` and the
 * person is told in words to connect it again. Failures say whether trying later may help
 * (`retryable`: the host was down, slow or answered 5xx).
 */
import { AppError } from '../errors.js';
import { SafeFetchError } from '../jsonld/fetchPolicy.js';
import type { BackpackConnection, BackpackHostClient } from '../storage/ports.js';
import type { HostRequest, HostResponse } from './hostFetch.js';
import { describeOAuthError, safeJson } from './hostDiscovery.js';
import {
  type BackpackLinkDeps,
  type ConnectionTokens,
  openTokens,
  secretContext,
  withTokens,
} from './linkDeps.js';

/** A call to a host that did not succeed, in words. */
export class HostProblem extends Error {
  constructor(
    message: string,
    /** Whether trying again later may succeed. */
    readonly retryable: boolean,
  ) {
    super(message);
    this.name = 'HostProblem';
  }
}

/** Refresh this long before the host's expiry, so a token does not run out mid-call. */
const EXPIRY_MARGIN_MS = 30_000;

/** A token endpoint request with our client's credentials (client_secret_basic). */
export async function tokenRequest(
  deps: BackpackLinkDeps,
  client: BackpackHostClient,
  fields: Record<string, string>,
): Promise<{ tokens: ConnectionTokens; scopes?: string[] }> {
  const secret = deps.crypto.open(client.clientSecret, secretContext(client.host));
  const basic = Buffer.from(`${encodeURIComponent(client.clientId)}:${encodeURIComponent(secret)}`).toString(
    'base64',
  );
  const response = await deps.fetch({
    method: 'POST',
    url: client.endpoints.token,
    headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${basic}` },
    body: new URLSearchParams(fields).toString(),
  });
  const body = safeJson(response.text) as Record<string, unknown> | undefined;
  if (response.status !== 200 || typeof body?.access_token !== 'string') {
    const refused = response.status === 400 || response.status === 401;
    throw new HostProblem(
      `${client.endpoints.name} refused our access (HTTP ${response.status}${describeOAuthError(response.text)})`,
      !refused,
    );
  }
  const expiresIn = typeof body.expires_in === 'number' ? body.expires_in : undefined;
  return {
    tokens: {
      access: body.access_token,
      ...(typeof body.refresh_token === 'string'
        ? { refresh: body.refresh_token }
        : typeof fields.refresh_token === 'string'
          ? { refresh: fields.refresh_token }
          : {}),
      ...(expiresIn !== undefined
        ? { expiresAt: new Date(deps.now().getTime() + expiresIn * 1000).toISOString() }
        : {}),
    },
    ...(typeof body.scope === 'string' ? { scopes: body.scope.split(' ').filter(Boolean) } : {}),
  };
}

/** Marks the connection as needing re-connection, and the problem to tell the person. */
async function needsReconnect(
  deps: BackpackLinkDeps,
  connection: BackpackConnection,
  why: string,
): Promise<HostProblem> {
  const { tokens: _tokens, ...rest } = connection;
  await deps.stores.backpackLinks.saveConnection({
    ...rest,
    status: 'needs_reconnect',
    problem: why,
    updatedAt: deps.now().toISOString(),
  });
  return new HostProblem(why, false);
}

/** The host's client (it exists for every connection made through it). */
export async function clientOf(
  deps: BackpackLinkDeps,
  connection: BackpackConnection,
): Promise<BackpackHostClient> {
  const client = await deps.stores.backpackLinks.getHostClient(connection.host);
  if (!client) throw new AppError('not_found', 'This backpack is no longer known here: connect it again');
  return client;
}

/** Turns a fetch failure into a HostProblem (anything else goes through). */
function asProblem(name: string, error: unknown): never {
  if (error instanceof SafeFetchError)
    throw new HostProblem(
      error.reason === 'timeout'
        ? `${name} did not answer in time`
        : error.reason === 'too_large'
          ? `${name} answered with more than we accept`
          : error.reason === 'private_address' || error.reason === 'not_https'
            ? `${name}'s address is not one we connect to`
            : `${name} could not be reached`,
      error.reason === 'timeout' || error.reason === 'network',
    );
  throw error;
}

/**
 * Sends `build(accessToken)` to the host for the connection, refreshing as described
 * above; the host's answer (any status but a final 401).
 */
export async function callHost(
  deps: BackpackLinkDeps,
  connection: BackpackConnection,
  build: (accessToken: string) => HostRequest,
): Promise<HostResponse> {
  const reconnectWords = `${connection.name} no longer accepts our access: connect it again`;
  if (connection.status !== 'connected') throw new HostProblem(connection.problem ?? reconnectWords, false);
  let tokens = openTokens(deps, connection);
  if (!tokens) throw await needsReconnect(deps, connection, reconnectWords);
  const client = await clientOf(deps, connection);
  let current = connection;
  const refresh = async (): Promise<ConnectionTokens> => {
    if (!tokens?.refresh) throw await needsReconnect(deps, current, reconnectWords);
    let renewed: ConnectionTokens;
    try {
      renewed = (
        await tokenRequest(deps, client, { grant_type: 'refresh_token', refresh_token: tokens.refresh })
      ).tokens;
    } catch (error) {
      if (error instanceof HostProblem && !error.retryable)
        throw await needsReconnect(deps, current, reconnectWords);
      return asProblem(connection.name, error);
    }
    current = { ...withTokens(deps, current, renewed), updatedAt: deps.now().toISOString() };
    await deps.stores.backpackLinks.saveConnection(current);
    return renewed;
  };
  try {
    if (tokens.expiresAt && Date.parse(tokens.expiresAt) - EXPIRY_MARGIN_MS <= deps.now().getTime())
      tokens = await refresh();
    let response = await deps.fetch(build(tokens.access));
    if (response.status === 401) {
      tokens = await refresh();
      response = await deps.fetch(build(tokens.access));
      if (response.status === 401) throw await needsReconnect(deps, current, reconnectWords);
    }
    return response;
  } catch (error) {
    if (error instanceof HostProblem) throw error;
    return asProblem(connection.name, error);
  }
}

/** The imsx description of a refusal (the OB 3.0 API's Imsx_StatusInfo), or nothing. */
export function imsxDescription(text: string): string | undefined {
  const body = safeJson(text) as { imsx_description?: unknown } | undefined;
  return typeof body?.imsx_description === 'string' ? body.imsx_description.slice(0, 300) : undefined;
}

/** RFC 7009: asks the host to revoke a token; throws when the host cannot be asked. */
export async function tokenRevocation(
  deps: BackpackLinkDeps,
  client: BackpackHostClient,
  token: string,
): Promise<void> {
  if (!client.endpoints.revocation) return;
  const secret = deps.crypto.open(client.clientSecret, secretContext(client.host));
  const basic = Buffer.from(`${encodeURIComponent(client.clientId)}:${encodeURIComponent(secret)}`).toString(
    'base64',
  );
  await deps.fetch({
    method: 'POST',
    url: client.endpoints.revocation,
    headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${basic}` },
    body: new URLSearchParams({ token }).toString(),
  });
}
