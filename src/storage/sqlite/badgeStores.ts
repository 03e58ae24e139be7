/**
 * The SQLite badge stores: images in `badge_images` by sha256 (insert once, never
 * replaced: the bytes are the key), evidence consents in `evidence_consents`, one row per
 * batch and participant, replaced on change (migration 11).
 */
import type { BadgeImageRecord, BadgeImageStore, EvidenceConsentStore } from '../ports.js';
import type { SqliteDb } from './schema.js';

interface ImageRow {
  sha256: string;
  media_type: string;
  bytes: Buffer;
  created_at: string;
}

interface ConsentRow {
  batch_id: string;
  user_id: string;
  granted: number;
  at: string;
}

/** Builds the badge image store over an open, migrated database. */
export function createSqliteBadgeImageStore(db: SqliteDb): BadgeImageStore {
  const insert = db.prepare<[string, string, Buffer, string]>(
    'INSERT INTO badge_images (sha256, media_type, bytes, created_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING',
  );
  const byHash = db.prepare<[string], ImageRow>('SELECT * FROM badge_images WHERE sha256 = ?');
  return {
    putBadgeImage: async (image) => {
      const bytes = Buffer.from(image.bytes.buffer, image.bytes.byteOffset, image.bytes.byteLength);
      insert.run(image.sha256, image.mediaType, bytes, image.createdAt);
    },
    getBadgeImage: async (sha256) => {
      const row = byHash.get(sha256);
      if (!row) return undefined;
      return {
        sha256: row.sha256,
        mediaType: row.media_type as BadgeImageRecord['mediaType'],
        bytes: new Uint8Array(row.bytes),
        createdAt: row.created_at,
      };
    },
  };
}

/** Builds the evidence consent store over an open, migrated database. */
export function createSqliteEvidenceConsentStore(db: SqliteDb): EvidenceConsentStore {
  const upsert = db.prepare<[string, string, number, string]>(
    `INSERT INTO evidence_consents (batch_id, user_id, granted, at) VALUES (?, ?, ?, ?)
     ON CONFLICT (batch_id, user_id) DO UPDATE SET granted = excluded.granted, at = excluded.at`,
  );
  const one = db.prepare<[string, string], ConsentRow>(
    'SELECT * FROM evidence_consents WHERE batch_id = ? AND user_id = ?',
  );
  const eraseOf = db.prepare<[string]>('DELETE FROM evidence_consents WHERE user_id = ?');
  return {
    setEvidenceConsent: async (c) => {
      upsert.run(c.batchId, c.userId, c.granted ? 1 : 0, c.at);
    },
    getEvidenceConsent: async (batchId, userId) => {
      const row = one.get(batchId, userId);
      return row
        ? { batchId: row.batch_id, userId: row.user_id, granted: row.granted === 1, at: row.at }
        : undefined;
    },
    eraseEvidenceConsentsOf: async (userId) => {
      eraseOf.run(userId);
    },
  };
}
