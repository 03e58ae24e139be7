/**
 * The SQLite MessagingPreferenceStore: staff preferences and the content filter stored
 * whole as JSON in `doc`; away replies as one row each, whose primary key makes a second
 * claim of the same (staff, conversation, stamp) a no-op; template uses as a counter row
 * bumped by an upsert. Tables from migration 007.
 */
import type {
  ContentFilter,
  MessagingPreferenceStore,
  StaffMessagingPreferences,
  TemplateUse,
} from '../ports.js';
import type { SqliteDb } from './schema.js';

type Doc = { doc: string };

/** Builds the store over an open, migrated database. */
export function createSqliteMessagingPreferenceStore(db: SqliteDb): MessagingPreferenceStore {
  const s = {
    preferences: db.prepare<[string], Doc>('SELECT doc FROM messaging_staff_preferences WHERE staff_id = ?'),
    putPreferences: db.prepare<[string, string]>(
      'INSERT INTO messaging_staff_preferences (staff_id, doc) VALUES (?, ?) ON CONFLICT (staff_id) DO UPDATE SET doc = excluded.doc',
    ),
    allPreferences: db.prepare<[], Doc>('SELECT doc FROM messaging_staff_preferences ORDER BY staff_id'),
    claimAway: db.prepare<[string, string, string, string]>(
      'INSERT INTO messaging_away_replies (staff_id, conversation_id, stamp, at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING',
    ),
    useTemplate: db.prepare<[string, string]>(
      'INSERT INTO messaging_template_uses (template_id, uses, last_used_at) VALUES (?, 1, ?) ON CONFLICT (template_id) DO UPDATE SET uses = uses + 1, last_used_at = MAX(last_used_at, excluded.last_used_at)',
    ),
    templateUses: db.prepare<[], { template_id: string; uses: number; last_used_at: string }>(
      'SELECT template_id, uses, last_used_at FROM messaging_template_uses ORDER BY template_id',
    ),
    filter: db.prepare<[], Doc>('SELECT doc FROM messaging_content_filter WHERE id = 1'),
    insertFilter: db.prepare<[number, string]>(
      'INSERT INTO messaging_content_filter (id, version, doc) VALUES (1, ?, ?) ON CONFLICT DO NOTHING',
    ),
    updateFilter: db.prepare<[number, string, number]>(
      'UPDATE messaging_content_filter SET version = ?, doc = ? WHERE id = 1 AND version = ?',
    ),
  };
  return {
    getPreferences: async (staffId) => {
      const row = s.preferences.get(staffId);
      return row ? (JSON.parse(row.doc) as StaffMessagingPreferences) : undefined;
    },
    putPreferences: async (preferences) => {
      s.putPreferences.run(preferences.staffId, JSON.stringify(preferences));
    },
    listPreferences: async () =>
      s.allPreferences.all().map((r) => JSON.parse(r.doc) as StaffMessagingPreferences),
    claimAwayReply: async (staffId, conversationId, stamp, at) =>
      s.claimAway.run(staffId, conversationId, stamp, at).changes === 1,
    recordTemplateUse: async (templateId, at) => {
      s.useTemplate.run(templateId, at);
    },
    listTemplateUses: async () =>
      s.templateUses
        .all()
        .map((r): TemplateUse => ({ templateId: r.template_id, uses: r.uses, lastUsedAt: r.last_used_at })),
    getContentFilter: async () => {
      const row = s.filter.get();
      return row ? (JSON.parse(row.doc) as ContentFilter) : undefined;
    },
    putContentFilter: async (filter, expectedVersion) => {
      const doc = JSON.stringify(filter);
      if (expectedVersion === 0) return s.insertFilter.run(filter.version, doc).changes === 1;
      return s.updateFilter.run(filter.version, doc, expectedVersion).changes === 1;
    },
  };
}
