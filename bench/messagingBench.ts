/**
 * Section `messaging`: conversations between people and the team.
 * - 8a: messages per second through `replyToConversation` (a staff reply in an existing,
 *   team-less conversation: access check, seal, fingerprint, blind index, store, versioned
 *   conversation update, the away person's notice through the outbox, signal), with the
 *   real AES-256-GCM crypto and with a plain one that stores the text as it is, in
 *   alternating rounds; beside the bare `addMessage` store call of a pre-sealed message.
 *   The plain crypto hashes words and fingerprints with the real keys, so the ratio
 *   isolates sealing. The notice's email goes to a mailer that accepts and drops it.
 * - 8b: the staff inbox (`staffInbox` for a member of one of 10 teams: default view,
 *   unread, overdue (SLA) and a 2-word search) at BENCH_MESSAGES_SMALL and then
 *   BENCH_MESSAGES_LARGE stored messages (10 per conversation), median of 7, beside the
 *   store's SQL alone (from its own builder, src/storage/sqlite/inboxQuery.ts), the same
 *   filter with the indexes switched off (NOT INDEXED: a full scan and sort; for the search
 *   the GROUP BY over message_terms it used before issue 22), for the search that GROUP BY
 *   with its indexes (the store's SQL before issue 22), and the plain "newest 50, no
 *   filter" page, timed on the same file. The file is seeded on a
 *   connection of its own (one transaction per size, secondary indexes dropped and then
 *   rebuilt from their saved SQL at the end); its first
 *   conversation goes through the store, and the seeding's rows are checked against the
 *   store's own. Real sealing and real keyed index terms throughout.
 */
import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { AppDeps } from '../src/deps.js';
import type { Actor } from '../src/accounts/accountDeps.js';
import { newUser } from '../src/accounts/users.js';
import { openConversation, replyToConversation } from '../src/messaging/conversationWrites.js';
import { sealContext } from '../src/messaging/conversationRecords.js';
import { INBOX_PAGE, staffInbox, type InboxQuery } from '../src/messaging/conversationReads.js';
import type { MessageCrypto } from '../src/messaging/messageCrypto.js';
import type { MessagingDeps } from '../src/messaging/messagingDeps.js';
import { messagingSettings } from '../src/messaging/messagingSettings.js';
import { listSql } from '../src/storage/sqlite/inboxQuery.js';
import { createSqliteMessageSearch } from '../src/storage/sqlite/messageSearch.js';
import { createSqliteStores } from '../src/storage/sqlite/sqliteStores.js';
import { openSqlite, type SqliteDb } from '../src/storage/sqlite/schema.js';
import type {
  ConversationCategory,
  ConversationFilter,
  ConversationMessage,
  ConversationRecord,
  Stores,
  UserRecord,
} from '../src/storage/ports.js';
import { fmtMs, fmtRate, fmtRatio, fmtSpread, type Table } from './format.js';
import { interleave, median, nowMs, rate, runFor, warmUp } from './stats.js';
import type { Verdict } from './report.js';

/** Sizes of the inbox part (stored messages). */
export interface InboxSizes {
  small: number;
  large: number;
}

/** One inbox view at one size. */
export interface ViewTiming {
  view: string;
  rows: number;
  /** staffInbox end to end (reader's record, settings, the query, 50 subjects opened). */
  inboxMs: number;
  /** The store's SQL on a second connection, indexes in use (for a search: with its plan chosen, counts included). */
  sqlMs: number;
  /** A search only: the store's SQL before issue 22 (GROUP BY over every message row holding a word), indexes in use. */
  beforeMs?: number;
  /** The same SQL with NOT INDEXED: what the view costs without its indexes. */
  scanMs: number;
  /** staffInbox and the unindexed query listed the same conversations. */
  same: boolean;
}

/** The inbox at one size. */
export interface InboxFigures {
  messages: number;
  conversations: number;
  termRows: number;
  seedSeconds: number;
  fileMb: number;
  /** Newest 50 conversations, no filter at all: the floor of any page. */
  newestMs: number;
  views: ViewTiming[];
  /** Conversations holding both search words, and those of them the reader may see. */
  searchMatches: number;
  searchVisible: number;
  /** The search page listed exactly the newest 50 (or all) of the matches the reader may see. */
  searchExact: boolean;
  /** Runs the slowest unindexed query was timed (RUNS, or 3 when it takes seconds). */
  scanRuns: number;
  /** SQLite's query plan of each view's SQL (EXPLAIN QUERY PLAN), in view order. */
  plans: string[];
  /** Which of the store's two search plans ran (postings or walk, see src/storage/searchPlan.ts). */
  searchPlan: string;
  /** Rows of the per-conversation index (conversation_terms). */
  conversationTermRows: number;
}

/** What the section measured. */
export interface MessagingFigures {
  textChars: number;
  /** Blind-index terms stored with each reply. */
  termsPerReply: number;
  encryptedPerSecond: number;
  plainPerSecond: number;
  barePerSecond: number;
  /** Per round: encrypted cost over plain cost. */
  roundRatios: number[];
  sealMs: number;
  openMs: number;
  inbox: InboxFigures[];
  searchWords: string;
  problems: string[];
}

const MESSAGES_PER_CONVERSATION = 10;
const TEAMS = 10;
const WORDS_PER_MESSAGE = 4;
const VOCABULARY = 500;
const RUNS = 7;
const DAY = 86_400_000;

// ---------------------------------------------------------------------------------------
// 8a. Sending

/**
 * No encryption: the text stored as it is. Words and fingerprints are hashed with the
 * real crypto, so the index costs the same on both sides and the ratio isolates AES-GCM.
 */
function plainCrypto(real: MessageCrypto): MessageCrypto {
  return {
    currentKeyId: 'plain',
    seal: (text) => ({ k: 'plain', iv: '', ct: text }),
    open: (sealed) => sealed.ct,
    isStale: () => false,
    terms: (text) => real.terms(text),
    fingerprint: (text) => real.fingerprint(text),
  };
}

/** A mailer that accepts and drops (the SMTP cost is measured with the outbox, section 7). */
const quietMailer = {
  send: async () => ({ messageId: 'bench', accepted: [], rejected: [] }),
  close: async () => {},
};

const replyText = (n: number) =>
  `Hello, thank you for your message about your certificate. We checked the record and sent the confirmation email again; ` +
  `it can take a few minutes to arrive. If it does not, reply here and we will look into it once more. Reference ${n}.`;

async function createUser(
  stores: Pick<Stores, 'users'>,
  role: UserRecord['role'],
  tag: string,
  teamIds: string[] = [],
): Promise<UserRecord> {
  const user = {
    ...newUser({ email: `${tag}@bench.example`, name: `Bench ${tag}`, role }, new Date()),
    teamIds,
  };
  await stores.users.create(user);
  return user;
}

const actorOf = (user: UserRecord): Actor => ({
  id: user.id,
  label: user.name,
  role: user.role as Actor['role'],
});

/** People open conversations (one each, under the spam filter's limit). */
async function conversations(deps: MessagingDeps, tag: string, count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const person = await createUser(deps.stores, 'participant', `msg-${tag}-${i}`);
    const c = await openConversation(deps, actorOf(person), {
      category: 'certificates',
      subject: `Certificate email ${tag} ${i}`,
      body: `I did not receive the email for my certificate (${tag} ${i}).`,
    });
    ids.push(c.id);
  }
  return ids;
}

async function sendRates(
  deps: AppDeps,
  seconds: number,
  log: (line: string) => void,
): Promise<Omit<MessagingFigures, 'inbox' | 'searchWords' | 'problems'>> {
  const base = deps.messaging;
  const on: MessagingDeps = { ...base, notifications: { ...base.notifications, mailer: quietMailer } };
  const off: MessagingDeps = { ...on, crypto: plainCrypto(base.crypto) };
  const staff = actorOf(await createUser(deps.stores, 'staff', 'msg-staff'));
  log('... messaging: 60 people open a conversation each (encrypted, plain, bare store)');
  const onIds = await conversations(on, 'on', 20);
  const offIds = await conversations(off, 'off', 20);
  const bareIds = await conversations(on, 'bare', 20);
  let n = 0;
  const encrypted = () => replyToConversation(on, staff, onIds[++n % onIds.length]!, replyText(n));
  const plain = () => replyToConversation(off, staff, offIds[++n % offIds.length]!, replyText(n));
  const text = replyText(0);
  const sealed = base.crypto.seal(text, sealContext.message(randomUUID()));
  const fingerprint = base.crypto.fingerprint(text);
  const terms = base.crypto.terms(text);
  const bare = () => {
    const message: ConversationMessage = {
      id: randomUUID(),
      conversationId: bareIds[++n % bareIds.length]!,
      kind: 'message',
      authorId: staff.id,
      authorRole: 'staff',
      body: sealed,
      fingerprint,
      createdAt: new Date().toISOString(),
    };
    return base.stores.conversationMessages.addMessage(message, terms);
  };
  await warmUp(encrypted);
  await warmUp(plain);
  await warmUp(bare);
  const rounds = 6;
  log(
    `... messaging: staff replies, encrypted / plain / bare store call, ${rounds} alternating rounds of ${((seconds * 2) / rounds).toFixed(1)} s`,
  );
  const result = await interleave(
    { encrypted, plain, bare },
    { rounds, msPerRound: (seconds * 2000) / rounds },
  );
  const context = sealContext.message(randomUUID());
  const seal = await runFor(() => base.crypto.seal(text, context), { ms: 300 });
  const sealedHere = base.crypto.seal(text, context);
  const opened = await runFor(() => base.crypto.open(sealedHere, context), { ms: 300 });
  return {
    textChars: text.length,
    termsPerReply: terms.length,
    encryptedPerSecond: rate(result.encrypted),
    plainPerSecond: rate(result.plain),
    barePerSecond: rate(result.bare),
    roundRatios: result.plain.roundRates.map((r, i) => r / (result.encrypted.roundRates[i] ?? NaN)),
    sealMs: 1000 / rate(seal),
    openMs: 1000 / rate(opened),
  };
}

// ---------------------------------------------------------------------------------------
// 8b. The inbox at scale

/** A small deterministic PRNG (mulberry32), so every run seeds the same shape. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const CATEGORIES: ConversationCategory[] = [
  'account',
  'payment',
  'content_moderation',
  'ad_placement',
  'certificates',
  'accreditation',
  'other',
];
const word = (i: number) => `topic${i}`;
const SEARCH = `${word(7)} ${word(42)}`;

/** The store's row for a conversation (mirrors sqlite/messagingStore.ts; checked against it). */
function conversationRow(c: ConversationRecord): Record<string, unknown> {
  return {
    id: c.id,
    number: c.number,
    user_id: c.userId,
    team_id: c.teamId ?? null,
    assignee_id: c.assigneeId ?? null,
    status: c.status,
    category: c.category,
    flagged: c.flagged ? 1 : 0,
    last_message_at: c.lastMessageAt,
    last_message_by: c.lastMessageBy,
    staff_read_at: c.staffReadAt ?? null,
    waiting_since: c.waitingSince ?? null,
    resolved_at: c.resolvedAt ?? null,
    updated_at: c.updatedAt,
    erased: c.erasedAt ? 1 : 0,
    version: c.version,
    doc: JSON.stringify(c),
  };
}

function messageRow(m: ConversationMessage): Record<string, unknown> {
  return {
    id: m.id,
    conversation_id: m.conversationId,
    author_id: m.authorId ?? null,
    author_role: m.authorRole,
    held: m.held ? 1 : 0,
    created_at: m.createdAt,
    doc: JSON.stringify(m),
  };
}

/** Builds the seed: conversation `i` and its messages with their terms, deterministic in `i` (ids aside). */
function makeConversation(
  crypto: MessageCrypto,
  hashes: string[],
  i: number,
  now: number,
): { conversation: ConversationRecord; messages: { message: ConversationMessage; terms: string[] }[] } {
  const r = prng(i + 1);
  const id = randomUUID();
  const teamId = r() < 0.9 ? `team-${Math.floor(r() * TEAMS)}` : undefined;
  const kind = r();
  // 6% open and waiting for staff (recent: most of them past the 24 h SLA), 10% waiting on
  // the person, the rest resolved, over a year.
  const status: ConversationRecord['status'] =
    kind < 0.06 ? 'open' : kind < 0.16 ? 'waiting_on_user' : 'resolved';
  const last = status === 'open' ? now - r() * 3 * DAY : now - r() * 365 * DAY;
  const lastMessageBy = status === 'open' ? 'user' : 'staff';
  const at = (j: number) => new Date(last - (MESSAGES_PER_CONVERSATION - 1 - j) * 3_600_000).toISOString();
  const lastMessageAt = at(MESSAGES_PER_CONVERSATION - 1);
  const userId = `person-${i % 50_000}`;
  const staffId = `staff-${teamId ?? 'any'}`;
  const subjectWords = [0, 1].map(() => Math.floor(r() * VOCABULARY));
  const conversation: ConversationRecord = {
    id,
    number: i + 1,
    userId,
    category: CATEGORIES[Math.floor(r() * CATEGORIES.length)]!,
    ...(teamId ? { teamId } : {}),
    ...(status === 'open' ? {} : { assigneeId: staffId }),
    status,
    flagged: r() < 0.01,
    escalated: false,
    subject: crypto.seal(subjectWords.map(word).join(' '), sealContext.subject(id)),
    createdAt: at(0),
    updatedAt: lastMessageAt,
    lastMessageAt,
    lastMessageBy,
    ...(status === 'open'
      ? { waitingSince: at(MESSAGES_PER_CONVERSATION - 1), staffReadAt: at(MESSAGES_PER_CONVERSATION - 2) }
      : { staffReadAt: lastMessageAt }),
    firstResponseAt: at(1),
    ...(status === 'resolved' ? { resolvedAt: lastMessageAt } : {}),
    userReadAt: lastMessageAt,
    messageCount: MESSAGES_PER_CONVERSATION,
    autoReplyCount: 0,
    version: MESSAGES_PER_CONVERSATION,
  };
  const messages = Array.from({ length: MESSAGES_PER_CONVERSATION }, (_, j) => {
    const fromUser = j === MESSAGES_PER_CONVERSATION - 1 ? lastMessageBy === 'user' : j % 2 === 0;
    const words = Array.from({ length: WORDS_PER_MESSAGE }, () => Math.floor(r() * VOCABULARY));
    // The first message is indexed with the subject, as openConversation does.
    const indexed = new Set(j === 0 ? [...subjectWords, ...words] : words);
    const text = words.map(word).join(' ');
    const mid = randomUUID();
    const message: ConversationMessage = {
      id: mid,
      conversationId: id,
      kind: 'message',
      authorId: fromUser ? userId : staffId,
      authorRole: fromUser ? 'user' : 'staff',
      body: crypto.seal(text, sealContext.message(mid)),
      fingerprint: crypto.fingerprint(text),
      createdAt: at(j),
    };
    return { message, terms: [...indexed].map((w) => hashes[w]!) };
  });
  return { conversation, messages };
}

/**
 * The seeding connection, opened while the store's is closed: no journal, no syncs, a
 * page cache that holds the whole file, and one transaction per size (random keys
 * dirty most pages of the indexes, so every commit would rewrite most of the file).
 * The store's own connection switches the file back to WAL when it reopens it.
 */
function seeder(file: string) {
  const db = new Database(file);
  db.pragma('journal_mode = OFF');
  db.pragma('synchronous = OFF');
  db.pragma('cache_size = -4000000');
  // Secondary indexes are dropped and built once at the end (a sort, not a million random
  // inserts) from the SQL that created them, saved here: the schema is versioned, so
  // reopening the file does not re-create what a migration made long ago.
  const indexes = db
    .prepare<[], { name: string; sql: string }>(
      "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN ('conversations', 'conversation_messages', 'message_terms', 'conversation_terms')",
    )
    .all();
  for (const { name } of indexes) db.exec(`DROP INDEX ${name}`);
  const cols = (row: Record<string, unknown>) => Object.keys(row);
  const insert = (table: string, columns: string[]) =>
    db.prepare(
      `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map((c) => `@${c}`).join(', ')})`,
    );
  const sample = {
    id: '',
    conversationId: '',
    kind: 'message',
    authorRole: 'user',
    body: { k: '', iv: '', ct: '' },
    fingerprint: '',
    createdAt: '',
  } as ConversationMessage;
  const sampleConversation = { subject: { k: '', iv: '', ct: '' } } as ConversationRecord;
  const s = {
    conversation: insert('conversations', cols(conversationRow(sampleConversation))),
    message: insert('conversation_messages', cols(messageRow(sample))),
    term: db.prepare<[string, string, string]>(
      'INSERT INTO message_terms (term, message_id, conversation_id, visible) VALUES (?, ?, ?, 1) ON CONFLICT DO NOTHING',
    ),
    conversationTerm: db.prepare<[string, string]>(
      'INSERT INTO conversation_terms (term, conversation_id) VALUES (?, ?)',
    ),
    counter: db.prepare<[number]>(
      'INSERT INTO conversation_counter (id, value) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET value = excluded.value',
    ),
  };
  const insertAll = (items: ReturnType<typeof makeConversation>[]) => {
    for (const { conversation, messages } of items) {
      s.conversation.run(conversationRow(conversation));
      for (const { message, terms } of messages) {
        s.message.run(messageRow(message));
        for (const term of terms) s.term.run(term, message.id, message.conversationId);
      }
      for (const term of conversationTerms(messages)) s.conversationTerm.run(term, conversation.id);
    }
  };
  return {
    db,
    insertAll,
    setCounter: (value: number) => s.counter.run(value),
    indexes: indexes.map((i) => i.name).sort(),
    rebuildIndexes: () => db.exec(indexes.map((i) => `${i.sql};`).join('\n')),
  };
}

/** The terms of a conversation's (all visible) messages, each once: the store's `conversation_terms` rows. */
function conversationTerms(messages: { terms: string[] }[]): string[] {
  return [...new Set(messages.flatMap((m) => m.terms))].sort();
}

/** Checks that the seeding writes the rows the store writes, for one conversation the store stored. */
function checkRows(db: Database.Database, item: ReturnType<typeof makeConversation>): string[] {
  const problems: string[] = [];
  const compare = (
    what: string,
    stored: Record<string, unknown> | undefined,
    ours: Record<string, unknown>,
  ) => {
    if (!stored) return problems.push(`the store wrote no ${what} row`);
    for (const column of new Set([...Object.keys(stored), ...Object.keys(ours)])) {
      if (stored[column] !== ours[column]) {
        problems.push(`seeding and store differ on ${what}.${column}: the bench's seeding is out of date`);
      }
    }
    return undefined;
  };
  compare(
    'conversations',
    db.prepare('SELECT * FROM conversations WHERE id = ?').get(item.conversation.id) as
      | Record<string, unknown>
      | undefined,
    conversationRow(item.conversation),
  );
  for (const { message, terms } of item.messages) {
    compare(
      'conversation_messages',
      db.prepare('SELECT * FROM conversation_messages WHERE id = ?').get(message.id) as
        | Record<string, unknown>
        | undefined,
      messageRow(message),
    );
    const stored = (
      db.prepare('SELECT term FROM message_terms WHERE message_id = ? ORDER BY term').all(message.id) as {
        term: string;
      }[]
    ).map((t) => t.term);
    if (stored.join() !== [...terms].sort().join())
      problems.push('seeding and store differ on message_terms');
  }
  const perConversation = (
    db
      .prepare('SELECT term FROM conversation_terms WHERE conversation_id = ? ORDER BY term')
      .all(item.conversation.id) as { term: string }[]
  ).map((r) => r.term);
  if (perConversation.join() !== conversationTerms(item.messages).join())
    problems.push('seeding and store differ on conversation_terms');
  return [...new Set(problems)];
}

/** The filters of a view beyond the team (mirrors filterSql; checked by comparing answers). */
function viewWhere(view: string, terms: number): string[] {
  const where = ['erased = 0'];
  if (view === 'search') where.push(TERMS_IN(terms));
  if (view === 'unread')
    where.push("last_message_by = 'user' AND (staff_read_at IS NULL OR staff_read_at < last_message_at)");
  if (view === 'overdue') where.push('waiting_since IS NOT NULL AND waiting_since < ?');
  return where;
}

/**
 * The store's query before issue 22, for one team and the unrouted ones: two ordered,
 * limited index walks, merged, each filtered for a search by the GROUP BY over
 * message_terms (TERMS_IN). Kept as the search's "before" baseline.
 */
function beforeSql(view: string, terms: number): string {
  const part = (team: string) =>
    `SELECT * FROM (SELECT last_message_at, number, doc FROM conversations WHERE ${[team, ...viewWhere(view, terms)].join(' AND ')} ORDER BY last_message_at DESC, number DESC LIMIT 50)`;
  return `SELECT doc FROM (${part('team_id = ?')} UNION ALL ${part('team_id IS NULL')}) ORDER BY last_message_at DESC, number DESC LIMIT 50`;
}

/** The same answer without any index: one filter, a full scan and a sort. */
function scanSql(view: string, terms: number): string {
  const where = [
    '(team_id = ? OR team_id IS NULL)',
    ...viewWhere(view, terms).map((w) =>
      w.replace('FROM message_terms WHERE term', 'FROM message_terms WHERE +term'),
    ),
  ];
  return `SELECT doc FROM conversations NOT INDEXED WHERE ${where.join(' AND ')} ORDER BY last_message_at DESC, number DESC LIMIT 50`;
}

/** Conversations whose visible messages hold every term (the store's search set before issue 22, from message_terms alone). */
const TERMS_IN = (n: number) =>
  `id IN (SELECT conversation_id FROM message_terms WHERE term IN (${Array.from({ length: n }, () => '?').join(', ')}) AND visible = 1 GROUP BY conversation_id HAVING COUNT(DISTINCT term) = ${n})`;

const VIEWS: { name: string; query: InboxQuery }[] = [
  { name: 'default (all, newest first)', query: {} },
  { name: 'unread', query: { view: 'unread' } },
  { name: 'overdue (SLA)', query: { view: 'overdue' } },
  { name: `search "${SEARCH}"`, query: { q: SEARCH } },
];

/** A scan slower than this is timed 3 times, not RUNS times (the unindexed search at 1M takes seconds). */
const SLOW_SCAN_MS = 250;

/**
 * Times every view at the current size: staffInbox, its SQL and its SQL without indexes,
 * in rotating order. The two SQL baselines run on connections of their own (opened like
 * the store's), so a scan does not flush the page cache the indexed query reads from.
 */
async function timeViews(
  deps: MessagingDeps,
  staff: Actor,
  teamId: string,
  file: string,
): Promise<
  Pick<
    InboxFigures,
    | 'newestMs'
    | 'views'
    | 'searchMatches'
    | 'searchVisible'
    | 'searchExact'
    | 'scanRuns'
    | 'plans'
    | 'searchPlan'
    | 'conversationTermRows'
  >
> {
  const withIndex = openSqlite(file);
  const without = openSqlite(file);
  try {
    const slaHours = (await messagingSettings(deps)).slaHours;
    const terms = deps.crypto.terms(SEARCH);
    const overdueBefore = () => new Date(deps.now().getTime() - slaHours * 3600_000).toISOString();
    const filterParams = (view: string) => [
      ...(view === 'search' ? terms : []),
      ...(view === 'overdue' ? [overdueBefore()] : []),
    ];
    // The store's own SQL, from its own builder, for the filter staffInbox makes for this reader.
    const search = createSqliteMessageSearch(withIndex);
    const storeSql = (view: string) => {
      const filter: ConversationFilter = { limit: INBOX_PAGE, teams: { teamIds: [teamId], unrouted: true } };
      if (view === 'unread') filter.unreadByStaff = true;
      if (view === 'overdue') filter.waitingBefore = overdueBefore();
      if (view === 'search') filter.terms = terms;
      return listSql(filter, filter.terms ? search.plan(filter.terms, filter.limit, 2) : undefined);
    };
    const sql = (
      view: string,
      db: SqliteDb,
      kind: 'store' | 'scan' | 'before',
    ): (() => { doc: string }[]) => {
      return () => {
        if (kind === 'store') {
          const { sql: text, params } = storeSql(view);
          return db.prepare(text).all(...params) as { doc: string }[];
        }
        if (kind === 'before')
          return db
            .prepare(beforeSql(view, terms.length))
            .all(teamId, ...filterParams(view), ...filterParams(view)) as { doc: string }[];
        return db.prepare(scanSql(view, terms.length)).all(teamId, ...filterParams(view)) as {
          doc: string;
        }[];
      };
    };
    const keys = ['default', 'unread', 'overdue', 'search'];
    const plans = keys.map((key) => {
      const { sql: text, params } = storeSql(key);
      return (withIndex.prepare(`EXPLAIN QUERY PLAN ${text}`).all(...params) as { detail: string }[])
        .map((r) => r.detail)
        .join(', ');
    });
    const searchPlan = search.plan(terms, INBOX_PAGE, 2).plan;
    const views: ViewTiming[] = [];
    let scanRuns = RUNS;
    let searchListed: string[] = [];
    for (const [i, { name, query }] of VIEWS.entries()) {
      const key = keys[i]!;
      const contenders = [
        async () => (await staffInbox(deps, staff, query)).items.map((s) => s.conversation.id),
        sql(key, withIndex, 'store'),
        sql(key, without, 'scan'),
        // The search's SQL before issue 22 (indexed), on the store-side connection.
        sql(key, withIndex, 'before'),
      ] as const;
      const timing: number[][] = [[], [], [], []];
      const order = key === 'search' ? [0, 1, 2, 3] : [0, 1, 2];
      let rows = 0;
      let same = true;
      await contenders[0]();
      contenders[1]();
      if (key === 'search') contenders[3]();
      const warm = nowMs();
      contenders[2]();
      const slow = nowMs() - warm > SLOW_SCAN_MS;
      if (slow) scanRuns = 3;
      for (let run = 0; run < RUNS; run++) {
        // Rotate the order so none always runs first (or last).
        let listed: string[] = [];
        let scanned: { doc: string }[] | undefined;
        let before: { doc: string }[] | undefined;
        for (const k of order.map((c) => order[(c + run) % order.length]!)) {
          if (k === 2 && slow && run >= 3) continue;
          const started = nowMs();
          if (k === 0) listed = await contenders[0]();
          else if (k === 1) contenders[1]();
          else if (k === 2) scanned = contenders[2]();
          else before = contenders[3]();
          timing[k]!.push(nowMs() - started);
        }
        const ids = (found: { doc: string }[]) =>
          found.map((r) => (JSON.parse(r.doc) as ConversationRecord).id).join();
        if (before && listed.join() !== ids(before)) same = false;
        rows = listed.length;
        if (key === 'search') searchListed = listed;
        if (scanned && listed.join() !== ids(scanned)) same = false;
      }
      views.push({
        view: name,
        rows,
        inboxMs: median(timing[0]!),
        sqlMs: median(timing[1]!),
        scanMs: median(timing[2]!),
        ...(key === 'search' ? { beforeMs: median(timing[3]!) } : {}),
        same,
      });
    }
    const newest = withIndex.prepare('SELECT doc FROM conversations ORDER BY last_message_at DESC LIMIT 50');
    const newestRuns: number[] = [];
    newest.all();
    for (let run = 0; run < RUNS; run++) {
      const started = nowMs();
      newest.all();
      newestRuns.push(nowMs() - started);
    }
    // How much of the search's true answer the page can show.
    const all = (
      withIndex.prepare(`SELECT id FROM conversations WHERE ${TERMS_IN(terms.length)}`).all(...terms) as {
        id: string;
      }[]
    ).map((r) => r.id);
    const visible = all.length
      ? (
          withIndex
            .prepare(
              `SELECT id FROM conversations WHERE erased = 0 AND (team_id IN (?) OR team_id IS NULL) AND id IN (${all.map(() => '?').join(', ')}) ORDER BY last_message_at DESC, number DESC`,
            )
            .all(teamId, ...all) as { id: string }[]
        ).map((r) => r.id)
      : [];
    const searchExact = visible.slice(0, 50).join() === searchListed.join();
    return {
      newestMs: median(newestRuns),
      views,
      searchMatches: all.length,
      searchVisible: visible.length,
      searchExact,
      scanRuns,
      plans,
      searchPlan,
      conversationTermRows: (
        withIndex.prepare('SELECT COUNT(*) AS n FROM conversation_terms').get() as { n: number }
      ).n,
    };
  } finally {
    withIndex.close();
    without.close();
  }
}

async function benchInbox(
  deps: AppDeps,
  root: string,
  sizes: InboxSizes,
  log: (line: string) => void,
): Promise<{ inbox: InboxFigures[]; problems: string[] }> {
  const file = join(root, 'messaging-inbox.sqlite');
  const problems: string[] = [];
  let stores: Stores | undefined = createSqliteStores(file);
  let seed: ReturnType<typeof seeder> | undefined;
  try {
    const teamId = 'team-0';
    const staff = actorOf(await createUser(stores, 'staff', 'inbox-staff', [teamId]));
    const crypto = deps.messaging.crypto;
    const hashes = Array.from({ length: VOCABULARY }, (_, i) => crypto.terms(word(i))[0]!);
    const now = Date.now();
    // The first conversation goes through the store itself; its rows are the reference.
    const first = makeConversation(crypto, hashes, 0, now);
    await stores.conversations.createConversation(first.conversation);
    for (const { message, terms } of first.messages)
      await stores.conversationMessages.addMessage(message, terms);
    let seededConversations = 1;
    const inbox: InboxFigures[] = [];
    for (const messages of [sizes.small, sizes.large]) {
      const target = Math.max(1, Math.round(messages / MESSAGES_PER_CONVERSATION));
      if (target <= seededConversations && inbox.length) continue;
      await stores.close();
      stores = undefined;
      seed = seeder(file);
      if (seededConversations === 1) problems.push(...checkRows(seed.db, first));
      log(
        `... messaging: seeding ${((target - seededConversations) * MESSAGES_PER_CONVERSATION).toLocaleString('en-US')} more messages (${(target - seededConversations).toLocaleString('en-US')} conversations over ${TEAMS} teams)`,
      );
      const started = nowMs();
      seed.db.exec('BEGIN');
      while (seededConversations < target) {
        const to = Math.min(target, seededConversations + 2_000);
        const items: ReturnType<typeof makeConversation>[] = [];
        for (let i = seededConversations; i < to; i++) items.push(makeConversation(crypto, hashes, i, now));
        seed.insertAll(items);
        seededConversations = to;
      }
      seed.setCounter(seededConversations);
      seed.db.exec('COMMIT');
      const count = (sql: string) => (seed!.db.prepare(sql).get() as { n: number }).n;
      const stored = count('SELECT COUNT(*) AS n FROM conversation_messages');
      const sizeFigures = {
        messages: stored,
        conversations: count('SELECT COUNT(*) AS n FROM conversations'),
        termRows: count('SELECT COUNT(*) AS n FROM message_terms'),
        seedSeconds: 0,
        fileMb: 0,
      };
      const dropped = seed.indexes;
      seed.rebuildIndexes();
      seed.db.close();
      seed = undefined;
      stores = createSqliteStores(file);
      sizeFigures.seedSeconds = (nowMs() - started) / 1000;
      const rebuilt = openSqlite(file);
      const indexes = rebuilt
        .prepare(
          `SELECT name FROM sqlite_master WHERE type = 'index' AND name IN (${dropped.map(() => '?').join(', ')})`,
        )
        .all(...dropped);
      sizeFigures.fileMb =
        (
          rebuilt
            .prepare('SELECT page_count * page_size AS n FROM pragma_page_count(), pragma_page_size()')
            .get() as { n: number }
        ).n /
        2 ** 20;
      rebuilt.close();
      if (indexes.length !== dropped.length)
        problems.push(`rebuilt ${indexes.length} of the ${dropped.length} indexes the seeding dropped`);
      log(
        `... messaging: ${stored.toLocaleString('en-US')} messages stored and indexed in ${sizeFigures.seedSeconds.toFixed(1)} s; timing the inbox`,
      );
      const timed = await timeViews({ ...deps.messaging, stores }, staff, teamId, file);
      inbox.push({ ...sizeFigures, ...timed });
      for (const v of timed.views) {
        if (!v.same)
          problems.push(
            `${v.view} at ${stored.toLocaleString('en-US')} messages: staffInbox and the unindexed query listed different conversations`,
          );
        if (v.rows === 0)
          problems.push(
            `${v.view} at ${stored.toLocaleString('en-US')} messages listed nothing: the seed does not exercise it`,
          );
      }
    }
    return { inbox, problems };
  } finally {
    seed?.db.close();
    await stores?.close();
    await Promise.all(['', '-wal', '-shm'].map((suffix) => rm(`${file}${suffix}`, { force: true })));
  }
}

/** Runs the section: sending over the bench's store, the inbox over a file of its own under `root`. */
export async function benchMessaging(
  deps: AppDeps,
  root: string,
  seconds: number,
  sizes: InboxSizes,
  log: (line: string) => void,
): Promise<MessagingFigures> {
  const send = await sendRates(deps, seconds, log);
  const { inbox, problems } = await benchInbox(deps, root, sizes, log);
  return { ...send, inbox, searchWords: SEARCH, problems };
}

// ---------------------------------------------------------------------------------------
// Report

/** The section's tables. */
export function messagingTables(f: MessagingFigures): Table[] {
  const inboxRows = f.inbox.flatMap((size) =>
    size.views.map((v, i) => [
      i === 0 ? size.messages.toLocaleString('en-US') : '',
      v.view,
      String(v.rows),
      fmtMs(v.inboxMs),
      fmtMs(v.sqlMs),
      v.beforeMs === undefined ? '' : fmtMs(v.beforeMs),
      fmtMs(v.scanMs),
      fmtRatio(v.scanMs / v.inboxMs),
      fmtMs(size.newestMs),
      fmtRatio(v.inboxMs / size.newestMs),
    ]),
  );
  return [
    {
      title: `8a. Messages sent per second: a staff reply in an existing conversation (${f.textChars} characters, one core, alternating rounds)`,
      headers: ['path', 'messages/s', 'ms/message', 'cost vs bare store call', 'cost vs plain'],
      rows: [
        [
          'replyToConversation, AES-256-GCM on',
          fmtRate(f.encryptedPerSecond),
          fmtMs(1000 / f.encryptedPerSecond),
          fmtRatio(f.barePerSecond / f.encryptedPerSecond),
          fmtRatio(f.plainPerSecond / f.encryptedPerSecond),
        ],
        [
          'baseline: replyToConversation, encryption off (text stored as is)',
          fmtRate(f.plainPerSecond),
          fmtMs(1000 / f.plainPerSecond),
          fmtRatio(f.barePerSecond / f.plainPerSecond),
          '1.00x',
        ],
        [
          'baseline: bare addMessage of a pre-sealed message (INSERT + terms)',
          fmtRate(f.barePerSecond),
          fmtMs(1000 / f.barePerSecond),
          '1.00x',
          '',
        ],
      ],
      notes: [
        `encryption on / off cost per round: ${fmtSpread(f.roundRatios)}`,
        `AES-256-GCM alone on this text: seal ${(f.sealMs * 1000).toFixed(1)} us, open ${(f.openMs * 1000).toFixed(1)} us (${((f.sealMs / (1000 / f.encryptedPerSecond)) * 100).toFixed(1)}% of an encrypted reply)`,
        `the bare call stores the message row and its ${f.termsPerReply} blind-index terms in one transaction; both reply paths: access check, fingerprint + blind index (real HMAC keys), store, versioned conversation update, the away person's notice (email + in-app, mailer drops it), signal`,
      ],
    },
    {
      title: `8b. Staff inbox of one team member (SQLite; 10 teams, ${MESSAGES_PER_CONVERSATION} messages per conversation; median of ${RUNS})`,
      headers: [
        'stored messages',
        'view',
        'rows',
        'staffInbox (ms)',
        'its SQL alone (ms)',
        'baseline: search SQL before issue 22 (ms)',
        'baseline: same SQL, no index (ms)',
        'no index / staffInbox',
        'baseline: newest 50, no filter (ms)',
        'staffInbox / newest 50',
      ],
      rows: inboxRows,
      notes: [
        ...f.inbox.map(
          (s) =>
            `${s.messages.toLocaleString('en-US')} messages: ${s.conversations.toLocaleString('en-US')} conversations, ${s.termRows.toLocaleString('en-US')} index terms (${s.conversationTermRows.toLocaleString('en-US')} per-conversation rows), file ${s.fileMb.toFixed(0)} MB, seeded in ${s.seedSeconds.toFixed(1)} s (batched transactions, real sealing)`,
        ),
        ...f.inbox.map((s) => {
          const search = s.views.at(-1)!;
          return `search at ${s.messages.toLocaleString('en-US')}: ${s.searchMatches.toLocaleString('en-US')} conversations hold both words, ${s.searchVisible.toLocaleString('en-US')} of them visible to the reader; the page listed ${search.rows}, ${s.searchExact ? 'exactly the newest of them' : 'NOT the newest of them'}; the store chose the ${s.searchPlan} plan`;
        }),
        "its SQL alone: the SQL the store builds for this reader (src/storage/sqlite/inboxQuery.ts), for the search with its plan chosen from the terms' counts (counting included); search SQL before issue 22: the union of team walks filtered by a GROUP BY over every message_terms row holding a word, indexed (its answer is checked too)",
        `no index: one filter over \`conversations NOT INDEXED\` (and for the search \`+term\`, a scan of every index term)${f.inbox.some((s) => s.scanRuns < RUNS) ? `; one over ${SLOW_SCAN_MS} ms is timed 3 times, not ${RUNS}` : ''}; newest 50: \`SELECT doc FROM conversations ORDER BY last_message_at DESC LIMIT 50\` (a walk of the conversations_recent index)`,
        ...(f.inbox.length
          ? [
              `query plans at ${f.inbox.at(-1)!.messages.toLocaleString('en-US')}: ${f.inbox
                .at(-1)!
                .plans.map((p, i) => `${['default', 'unread', 'overdue', 'search terms'][i]}: ${p}`)
                .join('; ')}`,
            ]
          : []),
        `staffInbox = reader's record + settings + the query + 50 subjects opened; each message indexes ${WORDS_PER_MESSAGE} words of a ${VOCABULARY}-word vocabulary (the first also its subject's); 6% of conversations wait for staff, mostly past the SLA`,
        ...(f.problems.length
          ? f.problems.map((p) => `PROBLEM: ${p}`)
          : [
              'check: for every view staffInbox listed exactly the conversations the unindexed query found; the seeding wrote the rows the store writes',
            ]),
      ],
    },
  ];
}

/**
 * Checks: the inbox answers are right; the filtered views (default, unread, overdue) at
 * the large size within 3x of the small one (index look-ups, not scans); encryption adds
 * at most 10% to a reply.
 */
export function messagingVerdicts(f: MessagingFigures): Verdict[] {
  const out: Verdict[] = [
    {
      ok: f.plainPerSecond / f.encryptedPerSecond <= 1.1,
      text: `staff reply with encryption within 1.10x of without (${fmtRatio(f.plainPerSecond / f.encryptedPerSecond)}: ${fmtRate(f.encryptedPerSecond)} vs ${fmtRate(f.plainPerSecond)} messages/s)`,
    },
    {
      ok: f.problems.length === 0,
      text: f.problems.length
        ? `inbox checks: ${f.problems.join('; ')}`
        : 'inbox: every view lists the same conversations as the unindexed query',
    },
  ];
  const [small, large] = f.inbox;
  if (small && large) {
    for (const [i, v] of large.views.entries()) {
      const s = small.views[i]!;
      if (v.view.startsWith('search')) continue;
      out.push({
        ok: v.inboxMs <= 3 * s.inboxMs,
        text: `inbox ${v.view} at ${large.messages.toLocaleString('en-US')} messages within 3x of ${small.messages.toLocaleString('en-US')} (${fmtMs(s.inboxMs)} -> ${fmtMs(v.inboxMs)} ms; unindexed ${fmtMs(s.scanMs)} -> ${fmtMs(v.scanMs)} ms)`,
      });
    }
  }
  return out;
}
