/**
 * The console's view of API keys (admin only): name, scopes, dates and who made each
 * key. Never the hash, and never the secret, which only createIntegrationKey returns once.
 */
import { AppError } from '../errors.js';
import type { AccountDeps, Actor } from './accountDeps.js';

/** One API key as the console lists it. */
export interface IntegrationKeyView {
  id: string;
  name: string;
  scopes: string[];
  createdAt: string;
  /** Who created it, in words; absent for keys made outside the console (bootstrap). */
  createdBy?: string;
  revokedAt?: string;
}

/** Every API key, newest first, revoked ones too (admin only). */
export async function listIntegrationKeys(deps: AccountDeps, actor: Actor): Promise<IntegrationKeyView[]> {
  if (actor.role !== 'admin') throw new AppError('forbidden', 'Only an admin can manage API keys');
  const keys = await deps.stores.apiKeys.list();
  const creatorIds = [...new Set(keys.flatMap((k) => (k.createdBy ? [k.createdBy] : [])))];
  const creators = new Map(
    await Promise.all(
      creatorIds.map(async (id) => {
        const user = await deps.stores.users.get(id);
        return [id, user && user.status !== 'erased' ? `${user.name} <${user.email}>` : id] as const;
      }),
    ),
  );
  return keys.map((k) => ({
    id: k.id,
    name: k.name,
    scopes: [...k.scopes],
    createdAt: k.createdAt,
    ...(k.createdBy ? { createdBy: creators.get(k.createdBy) ?? k.createdBy } : {}),
    ...(k.revokedAt ? { revokedAt: k.revokedAt } : {}),
  }));
}
