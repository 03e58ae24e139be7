/**
 * API keys for integrations: a random secret shown once, stored only as its SHA-256
 * hash, with scopes. On first run a bootstrap admin key is written to keys/admin-api-key
 * (git-ignored, mode 0600) so `npm start` alone gives a working setup.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { ApiKeyRecord, ApiKeyStore } from '../storage/ports.js';

/** Scopes an API key can hold; `admin` implies all others. */
export const API_SCOPES = [
  'admin',
  'credentials:issue',
  'credentials:status',
  'credentials:read',
  'programs:manage',
  'programs:events',
  'communications:send',
  'reports:read',
  'surveys:read',
  'surveys:identities',
] as const;
export type ApiScope = (typeof API_SCOPES)[number];

/** The stored hash of a secret. */
function hashApiKey(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

/** Creates a key, stores its hash and returns the secret (shown once). */
export async function createApiKey(
  store: ApiKeyStore,
  input: { name: string; scopes: ApiScope[]; now: Date; id?: string; secret?: string; createdBy?: string },
): Promise<{ secret: string; record: ApiKeyRecord }> {
  const secret = input.secret ?? `sp_${randomBytes(32).toString('base64url')}`;
  const record: ApiKeyRecord = {
    id: input.id ?? randomUUID(),
    name: input.name,
    hash: hashApiKey(secret),
    scopes: [...input.scopes],
    createdAt: input.now.toISOString(),
    ...(input.createdBy ? { createdBy: input.createdBy } : {}),
  };
  await store.create(record);
  return { secret, record };
}

/**
 * Makes sure an admin key exists: the configured ADMIN_API_KEY, or a generated one kept
 * in `path`. Returns the secret when this call generated it (to print once).
 */
export async function ensureBootstrapAdminKey(
  store: ApiKeyStore,
  options: { configuredSecret?: string; path: string; now: Date },
): Promise<string | undefined> {
  const fromFile = existsSync(options.path) ? readFileSync(options.path, 'utf8').trim() : undefined;
  const secret = options.configuredSecret ?? fromFile;
  if (secret) {
    if (!(await store.findByHash(hashApiKey(secret)))) {
      await createApiKey(store, { name: 'bootstrap admin', scopes: ['admin'], now: options.now, secret });
    }
    return undefined;
  }
  const created = await createApiKey(store, { name: 'bootstrap admin', scopes: ['admin'], now: options.now });
  mkdirSync(dirname(options.path), { recursive: true, mode: 0o700 });
  writeFileSync(options.path, `${created.secret}\n`, { mode: 0o600 });
  return created.secret;
}

/** Who an API key speaks for: its id, name and scopes. */
export interface KeyHolder {
  keyId: string;
  name: string;
  /** As stored; scope checks compare against ApiScope values. */
  scopes: string[];
}

/** The holder of a presented secret, or undefined for an unknown or revoked key (looked up by hash). */
export async function keyHolderOf(
  deps: { stores: { apiKeys: Pick<ApiKeyStore, 'findByHash'> } },
  secret: string,
): Promise<KeyHolder | undefined> {
  const record = await deps.stores.apiKeys.findByHash(hashApiKey(secret));
  if (!record || record.revokedAt) return undefined;
  return { keyId: record.id, name: record.name, scopes: record.scopes };
}
