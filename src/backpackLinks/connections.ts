/**
 * The person's connected backpacks as the page shows them (never a token), disconnecting
 * one (its tokens revoked at the host, RFC 7009, best effort: the connection goes
 * whatever the host answers), and what account erasure and the data export need.
 */
import type { Actor } from '../accounts/accountDeps.js';
import { audit } from '../accounts/audit.js';
import { listHeldCredentials } from '../accounts/heldCredentials.js';
import { AppError } from '../errors.js';
import type { BackpackConnection, BackpackConnectionStatus, BackpackPush } from '../storage/ports.js';
import { describeCredential } from '../verification/credentialFacts.js';
import { clientOf, tokenRevocation } from './hostCalls.js';
import { type BackpackLinkDeps, openTokens } from './linkDeps.js';

/** A connection as the page shows it. */
export interface ConnectionSummary {
  id: string;
  name: string;
  host: string;
  status: BackpackConnectionStatus;
  scopes: string[];
  connectedAt?: string;
  problem?: string;
}

/** The page's data: connections, recent pushes and the certificates that may be sent. */
export interface BackpackLinksOverview {
  connections: ConnectionSummary[];
  pushes: (BackpackPush & { backpack: string })[];
  certificates: { id: string; name: string }[];
}

function summary(c: BackpackConnection): ConnectionSummary {
  return {
    id: c.id,
    name: c.name,
    host: c.host,
    status: c.status,
    scopes: c.scopes,
    ...(c.connectedAt ? { connectedAt: c.connectedAt } : {}),
    ...(c.problem ? { problem: c.problem } : {}),
  };
}

/** What /me/backpack-links shows the person (connections still authorizing are left out). */
export async function backpackLinksOverview(
  deps: BackpackLinkDeps,
  userId: string,
): Promise<BackpackLinksOverview> {
  const connections = (await deps.stores.backpackLinks.listConnections(userId)).filter(
    (c) => c.status !== 'authorizing',
  );
  const names = new Map(connections.map((c) => [c.id, c.name]));
  const pushes = await deps.stores.backpackLinks.listPushes(userId, 20);
  const held = await listHeldCredentials(deps.accounts, userId);
  return {
    connections: connections.map(summary),
    pushes: pushes.map((p) => ({ ...p, backpack: names.get(p.connectionId) ?? 'A backpack' })),
    certificates: held.map((h) => ({ id: h.id, name: describeCredential(h.credential).achievementName })),
  };
}

/** Revokes the connection's tokens at the host, best effort (nothing thrown). */
async function revokeAtHost(deps: BackpackLinkDeps, connection: BackpackConnection): Promise<void> {
  const tokens = openTokens(deps, connection);
  if (!tokens) return;
  try {
    const client = await clientOf(deps, connection);
    // The refresh token first: revoking it ends the grant's access tokens too at most hosts.
    for (const token of [tokens.refresh, tokens.access])
      if (token) await tokenRevocation(deps, client, token);
  } catch {
    // The host may be gone; the connection is removed here all the same.
  }
}

/** Disconnects one of the person's backpacks. */
export async function disconnectBackpack(
  deps: BackpackLinkDeps,
  actor: Actor,
  connectionId: string,
): Promise<void> {
  const connection = await deps.stores.backpackLinks.getConnection(actor.id, connectionId);
  if (!connection) throw new AppError('not_found', 'There is no such backpack connected to your account');
  await revokeAtHost(deps, connection);
  await deps.stores.backpackLinks.removeConnection(actor.id, connectionId);
  await audit(
    deps,
    actor,
    'backpack.disconnected',
    { type: 'backpack_connection', id: connectionId },
    {
      host: connection.host,
    },
  );
}

/** Account erasure: every connection's tokens revoked at its host, best effort (privacy.ts then removes them). */
export async function revokeAllBackpackTokens(deps: BackpackLinkDeps, userId: string): Promise<void> {
  for (const connection of await deps.stores.backpackLinks.listConnections(userId))
    await revokeAtHost(deps, connection);
}
