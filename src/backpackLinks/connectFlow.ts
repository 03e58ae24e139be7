/**
 * Connecting a backpack: the OAuth 2.0 authorization code grant with PKCE (S256), run in
 * the person's browser. Starting it stores the connection as `authorizing` with a hash of
 * the `state` we send (never the state itself) and the PKCE verifier sealed; the host
 * sends the browser back to our callback, which must carry a state whose hash is one of
 * THIS person's pending connections (another person's, a reused or a made-up one is
 * refused), and we exchange the code for tokens, sealed at rest with the message key ring.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Actor } from '../accounts/accountDeps.js';
import { audit } from '../accounts/audit.js';
import { AppError } from '../errors.js';
import { OB3_SCOPES } from '../ob3api/ob3Scopes.js';
import type { BackpackConnection } from '../storage/ports.js';
import { tokenRequest } from './hostCalls.js';
import { hostClient, hostFailure, normaliseHost } from './hostDiscovery.js';
import type { BackpackLinkDeps } from './linkDeps.js';
import { withTokens } from './linkDeps.js';

/** What we ask a backpack for: to read what it holds (import) and to add to it (send). */
const REQUESTED_SCOPES = [OB3_SCOPES.credentialRead, OB3_SCOPES.credentialUpsert] as const;

/** The most backpacks one person connects. */
const MAX_CONNECTIONS = 10;

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

/**
 * Starts connecting the person to the backpack at `address` (a new connection, or a new
 * authorization of their existing one there); returns where to send their browser.
 */
export async function startConnection(
  deps: BackpackLinkDeps,
  userId: string,
  address: string,
): Promise<{ redirectTo: string }> {
  const host = normaliseHost(address);
  const mine = await deps.stores.backpackLinks.listConnections(userId);
  const existing = mine.find((c) => c.host === host);
  if (!existing && mine.length >= MAX_CONNECTIONS)
    throw new AppError(
      'conflict',
      `You can connect up to ${MAX_CONNECTIONS} backpacks: disconnect one first`,
    );
  const client = await hostClient(deps, host);
  const state = randomBytes(32).toString('base64url');
  const verifier = randomBytes(32).toString('base64url');
  const now = deps.now().toISOString();
  const connection: BackpackConnection = {
    ...(existing ?? {
      id: randomUUID(),
      userId,
      host,
      status: 'authorizing',
      scopes: [...REQUESTED_SCOPES],
      createdAt: now,
    }),
    name: client.endpoints.name,
    stateHash: sha256(state),
    verifier: deps.crypto.seal(verifier, `backpack-verifier:${state}`),
    updatedAt: now,
  };
  await deps.stores.backpackLinks.saveConnection(connection);
  const url = new URL(client.endpoints.authorization);
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('client_id', client.clientId);
  url.searchParams.set('redirect_uri', client.redirectUri);
  url.searchParams.set('scope', REQUESTED_SCOPES.join(' '));
  url.searchParams.set('state', state);
  url.searchParams.set('code_challenge', createHash('sha256').update(verifier).digest('base64url'));
  url.searchParams.set('code_challenge_method', 'S256');
  return { redirectTo: url.href };
}

/** What the host put on the callback URL. */
export interface CallbackQuery {
  code?: string | undefined;
  state?: string | undefined;
  error?: string | undefined;
  error_description?: string | undefined;
}

/** The pending connection the state belongs to, with the state's PKCE verifier. */
async function pendingOf(
  deps: BackpackLinkDeps,
  userId: string,
  state: string | undefined,
): Promise<{ connection: BackpackConnection; verifier: string }> {
  const refused = new AppError(
    'invalid_request',
    'This answer from a backpack does not match a connection you started here (or it was used already). Start connecting again.',
  );
  if (!state || state.length > 200) throw refused;
  const connection = await deps.stores.backpackLinks.findByState(userId, sha256(state));
  if (!connection?.verifier) throw refused;
  return { connection, verifier: deps.crypto.open(connection.verifier, `backpack-verifier:${state}`) };
}

/** Finishes the authorization at our callback; the connection as now stored. */
export async function finishConnection(
  deps: BackpackLinkDeps,
  actor: Actor,
  query: CallbackQuery,
): Promise<BackpackConnection> {
  const { connection, verifier } = await pendingOf(deps, actor.id, query.state);
  // The state is spent whatever happens next.
  const { stateHash: _state, verifier: _verifier, ...rest } = connection;
  const settled: BackpackConnection = { ...rest, updatedAt: deps.now().toISOString() };
  const store = deps.stores.backpackLinks;
  // A connection that never connected goes; one that did keeps its tokens.
  const abandon = async () =>
    settled.status === 'authorizing'
      ? store.removeConnection(actor.id, connection.id)
      : store.saveConnection(settled);
  if (query.error || !query.code) {
    await abandon();
    const why =
      query.error === 'access_denied'
        ? 'you did not allow it'
        : (query.error_description ?? query.error ?? 'no code came back');
    throw new AppError('invalid_request', `${connection.name} did not connect: ${why.slice(0, 200)}.`);
  }
  const client = (await store.getHostClient(connection.host))!;
  let tokens: Awaited<ReturnType<typeof tokenRequest>>;
  try {
    tokens = await tokenRequest(deps, client, {
      grant_type: 'authorization_code',
      code: query.code,
      redirect_uri: client.redirectUri,
      code_verifier: verifier,
    });
  } catch (error) {
    await abandon();
    throw hostFailure(connection.name, error);
  }
  const connected = withTokens(
    deps,
    {
      ...settled,
      status: 'connected',
      scopes: tokens.scopes ?? settled.scopes,
      connectedAt: settled.updatedAt,
    },
    tokens.tokens,
  );
  delete connected.problem;
  await store.saveConnection(connected);
  await audit(
    deps,
    actor,
    'backpack.connected',
    { type: 'backpack_connection', id: connected.id },
    {
      host: connected.host,
      scopes: connected.scopes,
    },
  );
  return connected;
}
