/**
 * The SQLite ContentStore: one row per published version of a document, keyed by
 * (slug, version), so a second publish of the same version number fails on the primary
 * key instead of overwriting the first. The table is made by the migrations (migrations/).
 */
import type { ContentStore, ContentVersion } from '../contentPorts.js';
import { DuplicateRecordError } from '../programPorts.js';
import type { SqliteDb } from './schema.js';

/** A row of `content_versions`. */
interface ContentRow {
  slug: string;
  version: number;
  markdown: string;
  created_at: string;
  created_by: string;
}

const toVersion = (row: ContentRow): ContentVersion => ({
  slug: row.slug,
  version: row.version,
  markdown: row.markdown,
  createdAt: row.created_at,
  createdBy: row.created_by,
});

/** Builds the content store over an open, migrated database. */
export function createSqliteContentStore(db: SqliteDb): ContentStore {
  const insert = db.prepare<[string, number, string, string, string]>(
    'INSERT INTO content_versions (slug, version, markdown, created_at, created_by) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING',
  );
  const newest = db.prepare<[string], ContentRow>(
    'SELECT * FROM content_versions WHERE slug = ? ORDER BY version DESC LIMIT 1',
  );
  const one = db.prepare<[string, number], ContentRow>(
    'SELECT * FROM content_versions WHERE slug = ? AND version = ?',
  );
  const all = db.prepare<[string], ContentRow>(
    'SELECT * FROM content_versions WHERE slug = ? ORDER BY version DESC',
  );
  return {
    addVersion: async (v) => {
      if (insert.run(v.slug, v.version, v.markdown, v.createdAt, v.createdBy).changes === 0) {
        throw new DuplicateRecordError(`Version ${v.version} of the ${v.slug} page`);
      }
    },
    getVersion: async (slug, version) => {
      const row = version === undefined ? newest.get(slug) : one.get(slug, version);
      return row ? toVersion(row) : undefined;
    },
    listVersions: async (slug) => all.all(slug).map(toVersion),
  };
}
