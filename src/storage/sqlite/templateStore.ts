/**
 * The SQLite TemplateStore and its tables. A new version's number is computed inside its
 * own INSERT (`MAX(version) + 1` under SQLite's write lock, with (template_id, version) as
 * the primary key), so concurrent adds, even from two processes, never share a number.
 * `updateDraft` and `lockVersion` are single guarded UPDATEs, so an edit cannot slip in
 * after a lock. The tables are made by the migrations (migrations/).
 */
import type { TemplateDesign } from '../../rendering/templateDesign.js';
import {
  LockedTemplateVersionError,
  type TemplateRecord,
  type TemplateStore,
  type TemplateSummary,
  type TemplateVersionRecord,
} from '../ports.js';
import { setPresent } from './rows.js';
import type { SqliteDb } from './schema.js';

/** A row of `templates`. */
interface TemplateRow {
  id: string;
  name: string;
  created_at: string;
  created_by: string;
}

/** A row of `template_versions`. */
interface VersionRow {
  template_id: string;
  version: number;
  design: string;
  created_at: string;
  created_by: string;
  updated_at: string | null;
  updated_by: string | null;
  locked_at: string | null;
}

/** A `templates` row joined with its latest version's number and lock time. */
interface SummaryRow extends TemplateRow {
  latest_version: number;
  latest_locked_at: string | null;
}

function toTemplate(row: TemplateRow): TemplateRecord {
  return { id: row.id, name: row.name, createdAt: row.created_at, createdBy: row.created_by };
}

function toVersion(row: VersionRow): TemplateVersionRecord {
  const record: TemplateVersionRecord = {
    templateId: row.template_id,
    version: row.version,
    design: JSON.parse(row.design) as TemplateDesign,
    createdAt: row.created_at,
    createdBy: row.created_by,
  };
  return setPresent(record, {
    updatedAt: row.updated_at,
    updatedBy: row.updated_by,
    lockedAt: row.locked_at,
  });
}

function toSummary(row: SummaryRow): TemplateSummary {
  return {
    ...toTemplate(row),
    latestVersion: row.latest_version,
    latestLocked: row.latest_locked_at !== null,
  };
}

/** Builds the template store over an open database whose template schema has been applied. */
export function createSqliteTemplateStore(db: SqliteDb): TemplateStore {
  const insertTemplate = db.prepare<[string, string, string, string]>(
    'INSERT INTO templates (id, name, created_at, created_by) VALUES (?, ?, ?, ?)',
  );
  const templateById = db.prepare<[string], TemplateRow>('SELECT * FROM templates WHERE id = ?');
  const insertFirst = db.prepare<[string, string, string, string], VersionRow>(
    'INSERT INTO template_versions (template_id, version, design, created_at, created_by) VALUES (?, 1, ?, ?, ?) RETURNING *',
  );
  // One statement: the number is read and used under the same write lock.
  const insertNext = db.prepare<{ templateId: string; design: string; at: string; by: string }, VersionRow>(
    `INSERT INTO template_versions (template_id, version, design, created_at, created_by)
     SELECT @templateId, COALESCE((SELECT MAX(version) FROM template_versions WHERE template_id = @templateId), 0) + 1, @design, @at, @by
     WHERE EXISTS (SELECT 1 FROM templates WHERE id = @templateId)
     RETURNING *`,
  );
  const versionOf = db.prepare<[string, number], VersionRow>(
    'SELECT * FROM template_versions WHERE template_id = ? AND version = ?',
  );
  const latest = db.prepare<[string], VersionRow>(
    'SELECT * FROM template_versions WHERE template_id = ? ORDER BY version DESC LIMIT 1',
  );
  const versions = db.prepare<[string], VersionRow>(
    'SELECT * FROM template_versions WHERE template_id = ? ORDER BY version DESC',
  );
  const summaries = db.prepare<[], SummaryRow>(
    `SELECT t.*, v.version AS latest_version, v.locked_at AS latest_locked_at
     FROM templates t
     JOIN template_versions v ON v.template_id = t.id
       AND v.version = (SELECT MAX(version) FROM template_versions WHERE template_id = t.id)
     ORDER BY t.name, t.id`,
  );
  const lock = db.prepare<[string, string, number], VersionRow>(
    'UPDATE template_versions SET locked_at = COALESCE(locked_at, ?) WHERE template_id = ? AND version = ? RETURNING *',
  );
  const update = db.prepare<[string, string, string, string, number], VersionRow>(
    `UPDATE template_versions SET design = ?, updated_at = ?, updated_by = ?
     WHERE template_id = ? AND version = ? AND locked_at IS NULL
     RETURNING *`,
  );
  const create = db.transaction((template: TemplateRecord, design: string): VersionRow => {
    insertTemplate.run(template.id, template.name, template.createdAt, template.createdBy);
    return insertFirst.get(template.id, design, template.createdAt, template.createdBy)!;
  });
  return {
    createTemplate: async (template, design) => toVersion(create.immediate(template, JSON.stringify(design))),
    getTemplate: async (id) => {
      const row = templateById.get(id);
      return row ? toTemplate(row) : undefined;
    },
    addVersion: async (templateId, design, change) => {
      const row = insertNext.get({
        templateId,
        design: JSON.stringify(design),
        at: change.at,
        by: change.by,
      });
      return row ? toVersion(row) : undefined;
    },
    getVersion: async (templateId, version) => {
      const row = versionOf.get(templateId, version);
      return row ? toVersion(row) : undefined;
    },
    latestVersion: async (templateId) => {
      const row = latest.get(templateId);
      return row ? toVersion(row) : undefined;
    },
    listTemplates: async () => summaries.all().map(toSummary),
    listVersions: async (templateId) => versions.all(templateId).map(toVersion),
    lockVersion: async (templateId, version, now) => {
      const row = lock.get(now, templateId, version);
      return row ? toVersion(row) : undefined;
    },
    updateDraft: async (templateId, version, design, change) => {
      const row = update.get(JSON.stringify(design), change.at, change.by, templateId, version);
      if (row) return toVersion(row);
      if (versionOf.get(templateId, version)) throw new LockedTemplateVersionError(templateId, version);
      return undefined;
    },
  };
}
