/**
 * Migration 001, the public pages: the unique (slug, version) index makes a second publish
 * of one version number fail (E11000) instead of storing two.
 */
import type { IndexSpecs } from '../../collections.js';

/** The content indexes, by collection. */
export const contentIndexes: IndexSpecs = {
  content_versions: [{ key: { slug: 1, version: 1 }, name: 'slug_version_unique', unique: true }],
};
