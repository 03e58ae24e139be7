/**
 * The MongoDB badge stores: `badgeImages` with `_id` the sha256 (an insert that finds the
 * id taken is the same image, so it is ignored), and `evidenceConsents` with `_id`
 * "<batchId>:<userId>", replaced on change and erased by person (migration 004's index).
 */
import { Binary, type Collection, type Db } from 'mongodb';
import type {
  BadgeImageRecord,
  BadgeImageStore,
  EvidenceConsentRecord,
  EvidenceConsentStore,
} from '../ports.js';
import { isDuplicateKey, isKey, withoutId } from './collections.js';

type ImageDoc = Omit<BadgeImageRecord, 'bytes' | 'sha256'> & { _id: string; bytes: Binary };
type ConsentDoc = EvidenceConsentRecord & { _id: string };

/** Builds the badge image store over database `db`. */
export function createMongoBadgeImageStore(db: Db): BadgeImageStore {
  const images: Collection<ImageDoc> = db.collection<ImageDoc>('badgeImages');
  return {
    putBadgeImage: async (image) => {
      try {
        await images.insertOne({
          _id: image.sha256,
          mediaType: image.mediaType,
          bytes: new Binary(image.bytes),
          createdAt: image.createdAt,
        });
      } catch (error) {
        if (!isDuplicateKey(error)) throw error;
      }
    },
    getBadgeImage: async (sha256) => {
      if (!isKey(sha256)) return undefined;
      const doc = await images.findOne({ _id: sha256 });
      if (!doc) return undefined;
      return {
        sha256: doc._id,
        mediaType: doc.mediaType,
        bytes: new Uint8Array(doc.bytes.buffer),
        createdAt: doc.createdAt,
      };
    },
  };
}

/** Builds the evidence consent store over database `db`. */
export function createMongoEvidenceConsentStore(db: Db): EvidenceConsentStore {
  const consents: Collection<ConsentDoc> = db.collection<ConsentDoc>('evidenceConsents');
  const idOf = (batchId: string, userId: string) => `${batchId}:${userId}`;
  return {
    setEvidenceConsent: async (consent) => {
      await consents.replaceOne(
        { _id: idOf(consent.batchId, consent.userId) },
        { ...consent },
        { upsert: true },
      );
    },
    getEvidenceConsent: async (batchId, userId) => {
      if (!isKey(batchId) || !isKey(userId)) return undefined;
      const doc = await consents.findOne({ _id: idOf(batchId, userId) });
      return doc ? withoutId(doc) : undefined;
    },
    eraseEvidenceConsentsOf: async (userId) => {
      if (!isKey(userId)) return;
      await consents.deleteMany({ userId });
    },
  };
}
