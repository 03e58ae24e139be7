/**
 * oidc-provider's storage adapter over our OAuthStore port (one adapter per model the
 * library persists). Secrets never reach the store: the id of a code, token, session or
 * interaction is the bearer value itself (opaque format), so it is kept as its SHA-256
 * and the library's copy of it (`jti`) is taken out of the payload, then put back from
 * the id the library asks with. Clients and grants keep their ids: neither is a
 * credential, and people and admins list them. A client an admin disabled is not found,
 * which the library answers as an unknown client everywhere.
 */
import { createHash } from 'node:crypto';
import type { Adapter, AdapterPayload } from 'oidc-provider';
import type { OAuthRecord, OAuthStore } from '../storage/ports.js';

/** The models whose ids are public (not bearer secrets). */
const PUBLIC_ID_MODELS = new Set(['Client', 'Grant']);

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

/** The key a model's id is stored under. */
function oauthKey(model: string, id: string): string {
  return PUBLIC_ID_MODELS.has(model) ? id : sha256(id);
}

const text = (value: unknown) => (typeof value === 'string' && value.length > 0 ? value : undefined);

/** Builds the adapter factory oidc-provider's `adapter` option takes. */
export function oauthAdapterFactory(store: OAuthStore, now: () => Date): (model: string) => Adapter {
  return (model) => {
    const toPayload = (record: OAuthRecord | undefined, id?: string): AdapterPayload | undefined => {
      if (!record) return undefined;
      if (model === 'Client' && record.disabledAt) return undefined;
      const payload = { ...record.payload } as AdapterPayload;
      if (id !== undefined) payload.jti = id;
      // The library reads `consumed` to refuse a second use (and revoke the grant).
      if (record.consumedAt) payload.consumed = Math.floor(Date.parse(record.consumedAt) / 1000);
      return payload;
    };
    return {
      async upsert(id, payload, expiresIn) {
        const { jti: _raw, consumed: _consumed, ...kept } = payload;
        const at = now();
        const record: OAuthRecord = {
          model,
          key: oauthKey(model, id),
          payload: kept as Record<string, unknown>,
          createdAt: at.toISOString(),
        };
        const grantId = text(payload.grantId);
        const uid = text(payload.uid);
        const accountId = text(payload.accountId);
        const clientId = text(payload.clientId) ?? text(payload.client_id);
        if (grantId) record.grantId = grantId;
        if (uid) record.uid = sha256(uid);
        if (accountId) record.accountId = accountId;
        if (clientId) record.clientId = clientId;
        if (typeof expiresIn === 'number' && expiresIn > 0)
          record.expiresAt = new Date(at.getTime() + expiresIn * 1000).toISOString();
        await store.upsert(record);
      },
      async find(id) {
        return toPayload(await store.find(model, oauthKey(model, id)), id);
      },
      async findByUid(uid) {
        // A session's id is only known hashed: the library reads a session found by uid
        // (its account, when an interaction resumes) and gets it without its jti.
        return toPayload(await store.findByUid(model, sha256(uid)));
      },
      async findByUserCode() {
        // The device flow is not enabled.
        return undefined;
      },
      async consume(id) {
        await store.consume(model, oauthKey(model, id), now().toISOString());
      },
      async destroy(id) {
        await store.destroy(model, oauthKey(model, id));
      },
      async revokeByGrantId(grantId) {
        await store.revokeByGrantId(grantId);
      },
    };
  };
}
