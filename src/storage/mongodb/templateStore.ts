/**
 * The MongoDB TemplateStore, in `templates` and `templateVersions`. The unique index on
 * (templateId, version) is what makes `addVersion` atomic: it reads the latest number and
 * inserts the next, and a racing insert that took the number first makes it read again,
 * so concurrent adds never share a number and leave no gaps. `updateDraft` and
 * `lockVersion` are single findOneAndUpdate calls whose filter carries the lock check.
 * Version 1 is inserted before its template, so a crash in between leaves an orphan
 * version no list shows rather than a template without a version.
 */
import type { Collection, Db } from 'mongodb';
import {
  LockedTemplateVersionError,
  type TemplateRecord,
  type TemplateStore,
  type TemplateSummary,
  type TemplateVersionRecord,
} from '../ports.js';
import { isDuplicateKey, withoutId } from './collections.js';

/** The template collections in one database. */
export interface TemplateCollections {
  templates: Collection<TemplateRecord>;
  versions: Collection<TemplateVersionRecord>;
}

/** How many times `addVersion` re-reads the latest number after losing a race. */
const ADD_ATTEMPTS = 100;

/** Names the template collections in one database. */
export function getTemplateCollections(db: Db): TemplateCollections {
  return {
    templates: db.collection<TemplateRecord>('templates'),
    versions: db.collection<TemplateVersionRecord>('templateVersions'),
  };
}

/** Builds the template store over its collections. */
export function createMongoTemplateStore(c: TemplateCollections): TemplateStore {
  const latest = async (templateId: string): Promise<TemplateVersionRecord | undefined> => {
    const doc = await c.versions.find({ templateId }).sort({ version: -1 }).limit(1).next();
    return doc ? withoutId(doc) : undefined;
  };
  return {
    createTemplate: async (template, design) => {
      if (await c.templates.findOne({ id: template.id }))
        throw new Error(`A template with id ${template.id} already exists`);
      const first: TemplateVersionRecord = {
        templateId: template.id,
        version: 1,
        design,
        createdAt: template.createdAt,
        createdBy: template.createdBy,
      };
      await c.versions.insertOne({ ...first });
      await c.templates.insertOne({ ...template });
      return first;
    },
    getTemplate: async (id) => {
      const doc = await c.templates.findOne({ id });
      return doc ? withoutId(doc) : undefined;
    },
    addVersion: async (templateId, design, change) => {
      if (!(await c.templates.findOne({ id: templateId }))) return undefined;
      for (let attempt = 0; attempt < ADD_ATTEMPTS; attempt += 1) {
        const version = ((await latest(templateId))?.version ?? 0) + 1;
        const record: TemplateVersionRecord = {
          templateId,
          version,
          design,
          createdAt: change.at,
          createdBy: change.by,
        };
        try {
          await c.versions.insertOne({ ...record });
          return record;
        } catch (error) {
          if (!isDuplicateKey(error)) throw error;
        }
      }
      throw new Error(`Could not add a version to template ${templateId}: too many concurrent adds`);
    },
    getVersion: async (templateId, version) => {
      const doc = await c.versions.findOne({ templateId, version });
      return doc ? withoutId(doc) : undefined;
    },
    latestVersion: latest,
    listTemplates: async () => {
      // The head of each template is the first of its versions newest first: picked here
      // rather than by $group with $first, which FerretDB lacks (only the three small
      // fields of each version are read).
      const [templates, versions] = await Promise.all([
        c.templates.find().sort({ name: 1, id: 1 }).toArray(),
        c.versions
          .find({}, { projection: { _id: 0, templateId: 1, version: 1, lockedAt: 1 } })
          .sort({ templateId: 1, version: -1 })
          .toArray(),
      ]);
      const byId = new Map<string, Pick<TemplateVersionRecord, 'version' | 'lockedAt'>>();
      for (const v of versions) if (!byId.has(v.templateId)) byId.set(v.templateId, v);
      return templates.flatMap((doc): TemplateSummary[] => {
        const head = byId.get(doc.id);
        return head
          ? [
              {
                ...withoutId(doc),
                latestVersion: head.version,
                latestLocked: typeof head.lockedAt === 'string',
              },
            ]
          : [];
      });
    },
    listVersions: async (templateId) => {
      const docs = await c.versions.find({ templateId }).sort({ version: -1 }).toArray();
      return docs.map((doc) => withoutId(doc));
    },
    lockVersion: async (templateId, version, now) => {
      // Only an unlocked version gets lockedAt; a locked one is read back as it is.
      const locked = await c.versions.findOneAndUpdate(
        { templateId, version, lockedAt: { $exists: false } },
        { $set: { lockedAt: now } },
        { returnDocument: 'after' },
      );
      if (locked) return withoutId(locked);
      const doc = await c.versions.findOne({ templateId, version });
      return doc ? withoutId(doc) : undefined;
    },
    updateDraft: async (templateId, version, design, change) => {
      const doc = await c.versions.findOneAndUpdate(
        { templateId, version, lockedAt: { $exists: false } },
        { $set: { design, updatedAt: change.at, updatedBy: change.by } },
        { returnDocument: 'after' },
      );
      if (doc) return withoutId(doc);
      if (await c.versions.findOne({ templateId, version }))
        throw new LockedTemplateVersionError(templateId, version);
      return undefined;
    },
  };
}
