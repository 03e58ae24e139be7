/**
 * "Send to my backpack": one of the person's certificates is upserted into a connected
 * backpack (POST <api>/credentials). The first attempt runs while the person waits, so
 * the page says at once whether it arrived. What could not be sent for a passing reason
 * (the host down, slow, or answering 5xx) stays `pending` and a background job retries it
 * on the outbox's schedule (RETRY_DELAYS_MS); a refusal (the host did not verify it, no
 * permission, access withdrawn) fails at once with the reason in words.
 *
 * Why a job of its own rather than a new outbox kind: the outbox is built around mail (a
 * recipient address, a mailer, templates, the delivery log's email wording) and its
 * sender never holds tokens. A push needs the person's sealed tokens, a refresh on the
 * way, and a status on the backpack page; the job reuses the outbox's retry delays and
 * lease idea, and stores the attempts beside the connection they belong to.
 */
import { randomUUID } from 'node:crypto';
import { getHeldCredential } from '../accounts/heldCredentials.js';
import { AppError } from '../errors.js';
import type { Logger } from '../logging/logger.js';
import { LEASE_MS, RETRY_DELAYS_MS } from '../notifications/outbox.js';
import { repeatEvery } from '../scheduling/repeat.js';
import type { BackpackPush } from '../storage/ports.js';
import { describeCredential } from '../verification/credentialFacts.js';
import { callHost, clientOf, HostProblem, imsxDescription } from './hostCalls.js';
import type { BackpackLinkDeps } from './linkDeps.js';

/** One attempt: the push as it stands after it. */
async function attempt(deps: BackpackLinkDeps, push: BackpackPush): Promise<BackpackPush> {
  const now = deps.now();
  const attempts = push.attempts + 1;
  const done = (fields: Partial<BackpackPush>): BackpackPush => {
    const { nextAttemptAt: _next, lastError: _error, ...rest } = push;
    return { ...rest, attempts, updatedAt: now.toISOString(), ...fields } as BackpackPush;
  };
  const connection = await deps.stores.backpackLinks.getConnection(push.userId, push.connectionId);
  if (!connection) return done({ status: 'failed', lastError: 'The backpack was disconnected' });
  try {
    const held = await getHeldCredential(deps.accounts, push.userId, push.credentialId);
    const client = await clientOf(deps, connection);
    const response = await callHost(deps, connection, (token) => ({
      method: 'POST',
      url: `${client.endpoints.api}/credentials`,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify(held.credential),
    }));
    if (response.status === 200 || response.status === 201)
      return done({ status: 'sent', outcome: response.status === 201 ? 'created' : 'replaced' });
    const said = imsxDescription(response.text);
    if (response.status >= 500 || response.status === 429)
      throw new HostProblem(
        `${connection.name} answered HTTP ${response.status}${said ? `: ${said}` : ''}`,
        true,
      );
    const why =
      response.status === 403
        ? `${connection.name} did not give us permission to add certificates: connect it again and allow adding`
        : `${connection.name} refused the certificate${said ? `: ${said}` : ` (HTTP ${response.status})`}`;
    return done({ status: 'failed', lastError: why });
  } catch (error) {
    if (error instanceof AppError) return done({ status: 'failed', lastError: error.detail });
    if (!(error instanceof HostProblem)) throw error;
    const delay = RETRY_DELAYS_MS[attempts - 1];
    if (!error.retryable || delay === undefined)
      return done({
        status: 'failed',
        lastError: error.retryable ? `${error.message}; gave up after ${attempts} attempts` : error.message,
      });
    return done({
      status: 'pending',
      lastError: `${error.message}; trying again later`,
      nextAttemptAt: new Date(now.getTime() + delay).toISOString(),
    });
  }
}

/** Sends one of the person's certificates to one of their connected backpacks; the push as it stands. */
export async function sendToBackpack(
  deps: BackpackLinkDeps,
  userId: string,
  connectionId: string,
  credentialId: string,
): Promise<BackpackPush> {
  const connection = await deps.stores.backpackLinks.getConnection(userId, connectionId);
  if (!connection) throw new AppError('not_found', 'There is no such backpack connected to your account');
  const held = await getHeldCredential(deps.accounts, userId, credentialId);
  const now = deps.now().toISOString();
  const push = await attempt(deps, {
    id: randomUUID(),
    userId,
    connectionId,
    credentialId,
    label: describeCredential(held.credential).achievementName,
    status: 'pending',
    attempts: 0,
    createdAt: now,
    updatedAt: now,
  });
  await deps.stores.backpackLinks.savePush(push);
  return push;
}

/** Retries the pushes that are due (the background job's one run); how many were tried. */
export async function retryDuePushes(deps: BackpackLinkDeps, limit = 20): Promise<number> {
  const now = deps.now();
  const due = await deps.stores.backpackLinks.claimDuePushes(
    now.toISOString(),
    new Date(now.getTime() + LEASE_MS).toISOString(),
    limit,
  );
  for (const push of due) await deps.stores.backpackLinks.savePush(await attempt(deps, push));
  return due.length;
}

/** Starts the retry job (index.ts, in the process that runs background jobs). */
export function startBackpackPushRetries(deps: BackpackLinkDeps, logger: Logger): () => void {
  return repeatEvery('backpack push retries', 30_000, async () => void (await retryDuePushes(deps)), logger);
}
