/**
 * The SQLite messaging stores (conversations, their messages, moderation, settings,
 * broadcasts): one set of prepared statements over one database. Each record is stored
 * whole as JSON in `doc` (its text parts already sealed by the domain) beside the columns
 * the inbox filters and sorts on (the inbox's SQL: inboxQuery.ts). The blind index
 * (`message_terms`, `conversation_terms`: messageSearch.ts) holds keyed hashes of words,
 * never words. Erasing deletes rows (and openSqlite turns `secure_delete` on, so
 * freed pages are zeroed rather than left in the file).
 */
import type {
  BroadcastRecord,
  ConversationMessage,
  ConversationRecord,
  MessageReport,
  MessagingBlock,
  MessagingSettings,
  SealedText,
  Stores,
} from '../ports.js';
import { listSql } from './inboxQuery.js';
import { createSqliteMessageSearch, postingsFrom } from './messageSearch.js';
import type { SqliteDb } from './schema.js';

type Doc = { doc: string };
const parse = <T>(row: Doc | undefined): T | undefined => (row ? (JSON.parse(row.doc) as T) : undefined);
const parseAll = <T>(rows: Doc[]): T[] => rows.map((r) => JSON.parse(r.doc) as T);

function conversationRow(c: ConversationRecord) {
  return {
    id: c.id,
    number: c.number,
    userId: c.userId,
    teamId: c.teamId ?? null,
    assigneeId: c.assigneeId ?? null,
    status: c.status,
    category: c.category,
    flagged: c.flagged ? 1 : 0,
    lastMessageAt: c.lastMessageAt,
    lastMessageBy: c.lastMessageBy,
    staffReadAt: c.staffReadAt ?? null,
    waitingSince: c.waitingSince ?? null,
    resolvedAt: c.resolvedAt ?? null,
    updatedAt: c.updatedAt,
    erased: c.erasedAt ? 1 : 0,
    version: c.version,
    doc: JSON.stringify(c),
  };
}

const CONVERSATION_COLUMNS = `@id, @number, @userId, @teamId, @assigneeId, @status, @category, @flagged, @lastMessageAt, @lastMessageBy, @staffReadAt, @waitingSince, @resolvedAt, @updatedAt, @erased, @version, @doc`;

/** The stores of the messaging domain, one per aggregate, as createSqliteStores assigns them. */
export type SqliteMessagingStores = Pick<
  Stores,
  'conversations' | 'conversationMessages' | 'moderation' | 'messagingSettings' | 'broadcasts'
>;

/** Builds the messaging stores over an open database whose schema has been applied. */
export function createSqliteMessagingStores(db: SqliteDb): SqliteMessagingStores {
  const search = createSqliteMessageSearch(db);
  const s = {
    bump: db.prepare<[], { value: number }>(
      'INSERT INTO conversation_counter (id, value) VALUES (1, 1) ON CONFLICT (id) DO UPDATE SET value = value + 1 RETURNING value',
    ),
    insertConversation: db.prepare(`INSERT INTO conversations VALUES (${CONVERSATION_COLUMNS})`),
    replaceConversation: db.prepare(
      `UPDATE conversations SET team_id = @teamId, assignee_id = @assigneeId, status = @status, category = @category, flagged = @flagged, last_message_at = @lastMessageAt,
       last_message_by = @lastMessageBy, staff_read_at = @staffReadAt, waiting_since = @waitingSince, resolved_at = @resolvedAt, updated_at = @updatedAt, erased = @erased,
       version = @version, doc = @doc WHERE id = @id AND version = @expected`,
    ),
    conversation: db.prepare<[string], Doc>('SELECT doc FROM conversations WHERE id = ?'),
    insertMessage: db.prepare<[string, string, string | null, string, number, string, string]>(
      'INSERT INTO conversation_messages VALUES (?, ?, ?, ?, ?, ?, ?)',
    ),
    message: db.prepare<[string], Doc>('SELECT doc FROM conversation_messages WHERE id = ?'),
    messages: db.prepare<[string, string], Doc>(
      'SELECT doc FROM conversation_messages WHERE conversation_id = ? AND held = 0 AND created_at > ? ORDER BY created_at, rowid',
    ),
    messagesWithHeld: db.prepare<[string, string], Doc>(
      'SELECT doc FROM conversation_messages WHERE conversation_id = ? AND created_at > ? ORDER BY created_at, rowid',
    ),
    writeMessage: db.prepare<[number, string, string]>(
      'UPDATE conversation_messages SET held = ?, doc = ? WHERE id = ?',
    ),
    deleteMessage: db.prepare<[string]>('DELETE FROM conversation_messages WHERE id = ?'),
    held: db.prepare<[number], Doc>(
      'SELECT doc FROM conversation_messages WHERE held = 1 ORDER BY created_at LIMIT ?',
    ),
    recentBy: db.prepare<[string, string, number], Doc>(
      'SELECT doc FROM conversation_messages WHERE author_id = ? AND created_at >= ? ORDER BY created_at DESC LIMIT ?',
    ),
    deleteMessagesOf: db.prepare<[string]>('DELETE FROM conversation_messages WHERE conversation_id = ?'),
    resolvedBefore: db.prepare<[string, number], Doc>(
      "SELECT doc FROM conversations WHERE erased = 0 AND status = 'resolved' AND resolved_at < ? ORDER BY resolved_at LIMIT ?",
    ),
    activeBetween: db.prepare<[string, string], Doc>(
      "SELECT doc FROM conversations WHERE updated_at >= ? AND json_extract(doc, '$.createdAt') < ? ORDER BY updated_at, number",
    ),
    staffBetween: db.prepare<[string, string], Doc>(
      "SELECT doc FROM conversation_messages WHERE author_role = 'staff' AND created_at >= ? AND created_at < ? ORDER BY created_at",
    ),
    userRepliesBetween: db.prepare<[string, string], Doc>(
      "SELECT doc FROM conversation_messages WHERE author_role = 'user' AND created_at >= ? AND created_at < ? AND held = 0 AND json_extract(doc, '$.responseMs') IS NOT NULL ORDER BY created_at, rowid",
    ),
    settings: db.prepare<[], Doc>('SELECT doc FROM messaging_settings WHERE id = 1'),
    insertSettings: db.prepare<[number, string]>(
      'INSERT INTO messaging_settings (id, version, doc) VALUES (1, ?, ?) ON CONFLICT DO NOTHING',
    ),
    updateSettings: db.prepare<[number, string, number]>(
      'UPDATE messaging_settings SET version = ?, doc = ? WHERE id = 1 AND version = ?',
    ),
    putBlock: db.prepare<[string, string]>(
      'INSERT INTO messaging_blocks (user_id, doc) VALUES (?, ?) ON CONFLICT (user_id) DO UPDATE SET doc = excluded.doc',
    ),
    block: db.prepare<[string], Doc>('SELECT doc FROM messaging_blocks WHERE user_id = ?'),
    deleteBlock: db.prepare<[string]>('DELETE FROM messaging_blocks WHERE user_id = ?'),
    blocks: db.prepare<[], Doc>('SELECT doc FROM messaging_blocks ORDER BY user_id'),
    insertReport: db.prepare<[string, string, string, string]>(
      'INSERT INTO message_reports (id, state, created_at, doc) VALUES (?, ?, ?, ?)',
    ),
    reports: db.prepare<[string, number], Doc>(
      'SELECT doc FROM message_reports WHERE state = ? ORDER BY created_at LIMIT ?',
    ),
    report: db.prepare<[string], Doc>('SELECT doc FROM message_reports WHERE id = ?'),
    writeReport: db.prepare<[string, string, string]>(
      "UPDATE message_reports SET state = ?, doc = ? WHERE id = ? AND state = 'open'",
    ),
    insertBroadcast: db.prepare<[string, string, string]>(
      'INSERT INTO message_broadcasts (id, created_at, doc) VALUES (?, ?, ?)',
    ),
    broadcast: db.prepare<[string], Doc>('SELECT doc FROM message_broadcasts WHERE id = ?'),
    broadcasts: db.prepare<[number], Doc>(
      'SELECT doc FROM message_broadcasts ORDER BY created_at DESC, rowid DESC LIMIT ?',
    ),
  };

  const addMessage = db.transaction((m: ConversationMessage, terms: string[]) => {
    s.insertMessage.run(
      m.id,
      m.conversationId,
      m.authorId ?? null,
      m.authorRole,
      m.held ? 1 : 0,
      m.createdAt,
      JSON.stringify(m),
    );
    search.addTerms(m.id, m.conversationId, terms, !m.held);
  });
  const update = db.transaction(
    (id: string, version: number, patch: Partial<ConversationRecord>): ConversationRecord | undefined => {
      const current = parse<ConversationRecord>(s.conversation.get(id));
      if (!current || current.version !== version) return undefined;
      const next = { ...current, ...patch, id, version: version + 1 } as ConversationRecord;
      for (const key of Object.keys(patch) as (keyof ConversationRecord)[])
        if (patch[key] === undefined) delete next[key];
      return s.replaceConversation.run({ ...conversationRow(next), expected: version }).changes === 1
        ? next
        : undefined;
    },
  );
  const erase = db.transaction((id: string, at: string, subject: SealedText) => {
    search.removeConversationTerms(id);
    s.deleteMessagesOf.run(id);
    const current = parse<ConversationRecord>(s.conversation.get(id));
    if (!current) return;
    const next: ConversationRecord = { ...current, subject, erasedAt: at, version: current.version + 1 };
    delete next.rating;
    s.replaceConversation.run({ ...conversationRow(next), expected: current.version });
  });
  // One transaction: a released message's terms become searchable with it, never apart.
  const changeMessage = db.transaction((id: string, patch: { body?: SealedText; held?: null }) => {
    const current = parse<ConversationMessage>(s.message.get(id));
    if (!current) return;
    const next: ConversationMessage = { ...current, ...(patch.body ? { body: patch.body } : {}) };
    if (patch.held === null) {
      delete next.held;
      search.showTerms(id);
    }
    s.writeMessage.run(next.held ? 1 : 0, JSON.stringify(next), id);
  });
  const removeMessage = db.transaction((id: string) => {
    search.removeMessageTerms(id);
    s.deleteMessage.run(id);
  });

  return {
    conversations: {
      nextConversationNumber: async () => s.bump.get()!.value,
      createConversation: async (c) => {
        s.insertConversation.run(conversationRow(c));
      },
      getConversation: async (id) => parse(s.conversation.get(id)),
      updateConversation: async (id, version, patch) => update(id, version, patch),
      listConversations: async (filter) => {
        const parts = filter.teams ? filter.teams.teamIds.length + (filter.teams.unrouted ? 1 : 0) : 1;
        const plan = filter.terms ? search.plan(filter.terms, filter.limit, parts) : undefined;
        const { sql, params } = listSql(filter, plan);
        return parseAll(db.prepare(sql).all(...params) as Doc[]);
      },
      eraseConversation: async (id, at, subject) => erase(id, at, subject),
      listResolvedBefore: async (before, limit) => parseAll(s.resolvedBefore.all(before, limit)),
      listActiveBetween: async (from, to) => parseAll(s.activeBetween.all(from, to)),
    },
    conversationMessages: {
      addMessage: async (m, terms) => addMessage(m, terms),
      getMessage: async (id) => parse(s.message.get(id)),
      listMessages: async (conversationId, options = {}) =>
        parseAll(
          (options.includeHeld ? s.messagesWithHeld : s.messages).all(conversationId, options.after ?? ''),
        ),
      updateMessage: async (id, patch) => changeMessage(id, patch),
      deleteMessage: async (id) => removeMessage(id),
      listHeldMessages: async (limit) => parseAll(s.held.all(limit)),
      recentMessagesBy: async (authorId, since, limit) => parseAll(s.recentBy.all(authorId, since, limit)),
      conversationsWithTerms: async (terms, limit) => {
        if (terms.length === 0) return [];
        const plan = search.plan(terms, limit, 1);
        if (plan.terms.length === 0) return [];
        const from = postingsFrom(plan.terms, plan.merge);
        const where = from.where.length ? `WHERE ${from.where.join(' AND ')}` : '';
        const rows = db
          .prepare(`SELECT c.id FROM ${from.from} ${where} LIMIT ?`)
          .all(...from.params, limit) as { id: string }[];
        return rows.map((r) => r.id);
      },
      listStaffMessagesBetween: async (from, to) => parseAll(s.staffBetween.all(from, to)),
      listUserRepliesBetween: async (from, to) => parseAll(s.userRepliesBetween.all(from, to)),
    },
    moderation: {
      putBlock: async (block: MessagingBlock) => {
        s.putBlock.run(block.userId, JSON.stringify(block));
      },
      getBlock: async (userId) => parse(s.block.get(userId)),
      deleteBlock: async (userId) => {
        s.deleteBlock.run(userId);
      },
      listBlocks: async () => parseAll(s.blocks.all()),
      addReport: async (r: MessageReport) => {
        s.insertReport.run(r.id, r.state, r.createdAt, JSON.stringify(r));
      },
      listReports: async (state, limit) => parseAll(s.reports.all(state, limit)),
      resolveReport: async (id, state, by, at) => {
        const current = parse<MessageReport>(s.report.get(id));
        if (current?.state !== 'open') return undefined;
        const next: MessageReport = { ...current, state, resolvedBy: by, resolvedAt: at };
        return s.writeReport.run(state, JSON.stringify(next), id).changes === 1 ? next : undefined;
      },
    },
    messagingSettings: {
      getSettings: async () => parse(s.settings.get()),
      putSettings: async (settings: MessagingSettings, expectedVersion) => {
        const doc = JSON.stringify(settings);
        if (expectedVersion === 0) return s.insertSettings.run(settings.version, doc).changes === 1;
        return s.updateSettings.run(settings.version, doc, expectedVersion).changes === 1;
      },
    },
    broadcasts: {
      addBroadcast: async (b: BroadcastRecord) => {
        s.insertBroadcast.run(b.id, b.createdAt, JSON.stringify(b));
      },
      getBroadcast: async (id) => parse(s.broadcast.get(id)),
      listBroadcasts: async (limit) => parseAll(s.broadcasts.all(limit)),
    },
  };
}
