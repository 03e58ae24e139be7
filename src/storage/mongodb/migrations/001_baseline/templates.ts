/**
 * Migration 001, certificate templates. The unique (templateId, version) index is what
 * makes adding a version atomic (templateStore.ts).
 */
import type { IndexSpecs } from '../../collections.js';

/** The template indexes, by collection. */
export const templateIndexes: IndexSpecs = {
  templates: [
    { key: { id: 1 }, name: 'id_unique', unique: true },
    { key: { name: 1, id: 1 }, name: 'name_id' },
  ],
  templateVersions: [
    { key: { templateId: 1, version: -1 }, name: 'templateId_version_unique', unique: true },
  ],
};
