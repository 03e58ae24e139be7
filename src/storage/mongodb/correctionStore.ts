/**
 * The MongoDB CorrectionStore: one document per request. One open request per
 * certificate is kept by a unique sparse index on `openFor` (the certificate id while the
 * request is open, removed when it is decided: FerretDB has no partial indexes); a
 * decision is a findOneAndUpdate on `status: 'open'`, so two staff deciding at once cannot
 * both win. The indexes are made by migration 001 (migrations/001_baseline/corrections.ts),
 * which `init()` applies.
 */
import type { Collection, Db } from 'mongodb';
import {
  OpenCorrectionExistsError,
  type CorrectionStore,
  type NameCorrectionRecord,
} from '../correctionPorts.js';
import { isDuplicateKey } from './collections.js';

type CorrectionDoc = NameCorrectionRecord & { _id: string; openFor?: string };

const toRecord = (doc: CorrectionDoc | null): NameCorrectionRecord | undefined => {
  if (!doc) return undefined;
  const { _id, openFor: _openFor, ...record } = doc;
  return record;
};

/** Builds the store over database `db`. */
export function createMongoCorrectionStore(db: Db): CorrectionStore {
  const requests: Collection<CorrectionDoc> = db.collection<CorrectionDoc>('name_corrections');
  return {
    create: async (record) => {
      try {
        await requests.insertOne({ _id: record.id, ...record, openFor: record.credentialId });
      } catch (error) {
        if (isDuplicateKey(error)) throw new OpenCorrectionExistsError(record.credentialId);
        throw error;
      }
    },
    get: async (id) => toRecord(await requests.findOne({ _id: id })),
    listOpen: async (limit) =>
      (await requests.find({ status: 'open' }).sort({ createdAt: 1, _id: 1 }).limit(limit).toArray()).map(
        (d) => toRecord(d)!,
      ),
    listForUser: async (userId) =>
      (await requests.find({ userId }).sort({ createdAt: -1, _id: -1 }).toArray()).map((d) => toRecord(d)!),
    decide: async (id, decision) => {
      const set: Partial<CorrectionDoc> = { ...decision };
      const updated = await requests.findOneAndUpdate(
        { _id: id, status: 'open' },
        { $set: set, $unset: { openFor: '' } },
        { returnDocument: 'after' },
      );
      return toRecord(updated);
    },
  };
}
