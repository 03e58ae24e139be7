/**
 * The MongoDB OAuthStore: one document per oidc-provider record in `oauthRecords`, unique
 * on (model, key) (migration 005). The payload is kept as JSON text: the library's
 * metadata comes from strangers (client registration), and text keeps keys such as `$x`
 * or `a.b` and nested arrays (which FerretDB refuses) out of the document's structure.
 * `expiresAtDate`, a Date copy of `expiresAt`, feeds the TTL index and is never returned.
 */
import type { Collection, Db } from 'mongodb';
import type { OAuthRecord, OAuthStore } from '../ports.js';
import { isDuplicateKey, isKey } from './collections.js';

interface OAuthDoc {
  model: string;
  key: string;
  payload: string;
  grantId?: string;
  uid?: string;
  accountId?: string;
  clientId?: string;
  createdAt: string;
  expiresAt?: string;
  expiresAtDate?: Date;
  consumedAt?: string;
  disabledAt?: string;
}

/** The optional fields an upsert sets when present and removes when absent. */
const OPTIONAL = ['grantId', 'uid', 'accountId', 'clientId', 'expiresAt', 'consumedAt'] as const;

function toRecord(doc: OAuthDoc): OAuthRecord {
  const { payload, expiresAtDate: _date, ...rest } = doc;
  const { _id, ...fields } = rest as typeof rest & { _id?: unknown };
  return { ...fields, payload: JSON.parse(payload) as Record<string, unknown> };
}

/** Builds the store over database `db` (migrated: the indexes exist). */
export function createMongoOAuthStore(db: Db): OAuthStore {
  const records: Collection<OAuthDoc> = db.collection<OAuthDoc>('oauthRecords');
  const upsertOnce = async (r: OAuthRecord) => {
    const set: Partial<OAuthDoc> = { payload: JSON.stringify(r.payload) };
    const unset: Record<string, ''> = {};
    for (const name of OPTIONAL) {
      const value = r[name];
      if (value === undefined) unset[name] = '';
      else set[name] = value;
    }
    if (r.expiresAt) set.expiresAtDate = new Date(r.expiresAt);
    else unset.expiresAtDate = '';
    await records.updateOne(
      { model: r.model, key: r.key },
      {
        $set: set,
        ...(Object.keys(unset).length > 0 ? { $unset: unset } : {}),
        $setOnInsert: {
          model: r.model,
          key: r.key,
          createdAt: r.createdAt,
          ...(r.disabledAt ? { disabledAt: r.disabledAt } : {}),
        },
      },
      { upsert: true },
    );
  };
  return {
    upsert: async (r) => {
      try {
        await upsertOnce(r);
      } catch (error) {
        // Two upserts of a new key at once: the loser's insert hits the unique index; as an
        // update it now succeeds.
        if (!isDuplicateKey(error)) throw error;
        await upsertOnce(r);
      }
    },
    find: async (model, key) => {
      if (!isKey(model) || !isKey(key)) return undefined;
      const doc = await records.findOne({ model, key });
      return doc ? toRecord(doc) : undefined;
    },
    findByUid: async (model, uid) => {
      if (!isKey(model) || !isKey(uid)) return undefined;
      const doc = await records.findOne({ model, uid });
      return doc ? toRecord(doc) : undefined;
    },
    consume: async (model, key, at) => {
      if (!isKey(model) || !isKey(key)) return;
      await records.updateOne({ model, key, consumedAt: { $exists: false } }, { $set: { consumedAt: at } });
    },
    destroy: async (model, key) => {
      if (!isKey(model) || !isKey(key)) return;
      await records.deleteOne({ model, key });
    },
    revokeByGrantId: async (grantId) => {
      if (!isKey(grantId)) return 0;
      return (await records.deleteMany({ grantId })).deletedCount;
    },
    listByAccount: async (model, accountId) => {
      if (!isKey(model) || !isKey(accountId)) return [];
      const docs = await records.find({ model, accountId }).sort({ createdAt: 1, key: 1 }).toArray();
      return docs.map(toRecord);
    },
    listByModel: async (model) => {
      if (!isKey(model)) return [];
      return (await records.find({ model }).sort({ createdAt: 1, key: 1 }).toArray()).map(toRecord);
    },
    setDisabled: async (model, key, at) => {
      if (!isKey(model) || !isKey(key)) return false;
      const update = at ? { $set: { disabledAt: at } } : { $unset: { disabledAt: '' as const } };
      return (await records.updateOne({ model, key }, update)).matchedCount > 0;
    },
    deleteExpired: async (before) => (await records.deleteMany({ expiresAt: { $lt: before } })).deletedCount,
  };
}
