/**
 * The MongoDB ContentStore: one document per published version in `content_versions`,
 * with a unique index on (slug, version) so a second publish of the same version number
 * fails (E11000) instead of storing two. The index is made by migration 001
 * (migrations/001_baseline/content.ts), which `init()` applies.
 */
import type { Collection, Db } from 'mongodb';
import type { ContentStore, ContentVersion } from '../contentPorts.js';
import { DuplicateRecordError } from '../programPorts.js';
import { isDuplicateKey, withoutId } from './collections.js';

/** Builds the content store over database `db`. */
export function createMongoContentStore(db: Db): ContentStore {
  const versions: Collection<ContentVersion> = db.collection<ContentVersion>('content_versions');
  const strip = (doc: (ContentVersion & { _id?: unknown }) | null) => (doc ? withoutId(doc) : undefined);
  return {
    addVersion: async (v) => {
      try {
        await versions.insertOne({
          slug: v.slug,
          version: v.version,
          markdown: v.markdown,
          createdAt: v.createdAt,
          createdBy: v.createdBy,
        });
      } catch (error) {
        if (isDuplicateKey(error))
          throw new DuplicateRecordError(`Version ${v.version} of the ${v.slug} page`);
        throw error;
      }
    },
    getVersion: async (slug, version) => {
      if (version !== undefined) return strip(await versions.findOne({ slug, version }));
      return strip(await versions.find({ slug }).sort({ version: -1 }).limit(1).next());
    },
    listVersions: async (slug) =>
      (await versions.find({ slug }).sort({ version: -1 }).toArray()).map((d) => withoutId(d)),
  };
}
