/**
 * Contract cases for messaging: conversation numbers are unique under concurrency; a
 * conversation update applies only under the expected version and drops keys patched to
 * undefined; the inbox filters and pages newest first; messages read back oldest first
 * with held ones only on request; the blind index needs every term of a visible message;
 * erasing removes messages and terms but keeps the timings; the reports' range queries;
 * settings save under optimistic versions; blocks and reports round-trip. Sealed values
 * are dummies: stores never open them.
 */
import { describe, expect, it } from 'vitest';
import type {
  BroadcastRecord,
  ConversationMessage,
  ConversationRecord,
  MessageReport,
  MessagingSettings,
  SealedText,
} from '../../src/storage/ports.js';
import { at } from './accountFixtures.js';
import { nextId } from './storeFixtures.js';
import type { GetStores } from './storeContract.js';

const sealed = (ct = 'bbb'): SealedText => ({ k: 'k1', iv: 'aaa', ct });

let numbers = 0;

/** A fresh open conversation with a unique id and number, no optional fields set. */
const conversation = (overrides: Partial<ConversationRecord> = {}): ConversationRecord => ({
  id: `conv-${nextId()}`,
  number: ++numbers,
  userId: 'u1',
  category: 'account',
  status: 'open',
  flagged: false,
  escalated: false,
  subject: sealed('subject'),
  createdAt: at(0),
  updatedAt: at(0),
  lastMessageAt: at(0),
  lastMessageBy: 'user',
  messageCount: 0,
  autoReplyCount: 0,
  version: 0,
  ...overrides,
});

/** A fresh message of a person in `conversationId`. */
const message = (
  conversationId: string,
  overrides: Partial<ConversationMessage> = {},
): ConversationMessage => ({
  id: `msg-${nextId()}`,
  conversationId,
  kind: 'message',
  authorId: 'u1',
  authorRole: 'user',
  body: sealed(),
  fingerprint: 'fp',
  createdAt: at(0),
  ...overrides,
});

const report = (overrides: Partial<MessageReport> = {}): MessageReport => ({
  id: `report-${nextId()}`,
  messageId: 'msg-1',
  conversationId: 'conv-1',
  reporterId: 'u2',
  reason: 'abusive',
  state: 'open',
  createdAt: at(0),
  ...overrides,
});

const settings = (overrides: Partial<MessagingSettings> = {}): MessagingSettings => ({
  routes: { payment: 'team-finance' },
  slaHours: 24,
  officeHours: { days: [1, 2, 3, 4, 5], startHour: 8, endHour: 17, message: 'closed' },
  autoReplies: [{ id: 'ar1', category: 'payment', keywords: ['refund'], body: 'About refunds' }],
  responseTemplates: [{ id: 'rt1', name: 'Thanks', body: 'Thank you, {{name}}' }],
  retentionDays: 365,
  version: 1,
  updatedAt: at(0),
  updatedBy: 'staff1',
  ...overrides,
});

const ids = (records: { id: string }[]) => records.map((r) => r.id);
const sorted = (values: string[]) => [...values].sort();

/** Registers the messaging cases. */
export function describeMessagingContract(getStores: GetStores): void {
  describe('messaging store', () => {
    it('hands out strictly increasing conversation numbers, unique under concurrency', async () => {
      const { conversations } = getStores();
      const first = await conversations.nextConversationNumber();
      expect(Number.isInteger(first) && first >= 1).toBe(true);
      const concurrent = await Promise.all(
        Array.from({ length: 20 }, () => conversations.nextConversationNumber()),
      );
      expect(new Set(concurrent).size).toBe(20);
      expect(Math.min(...concurrent)).toBeGreaterThan(first);
      expect(await conversations.nextConversationNumber()).toBeGreaterThan(Math.max(...concurrent));
    });

    it('stores a conversation whole and reads it back', async () => {
      const { conversations } = getStores();
      const c = conversation({
        teamId: 'team-1',
        assigneeId: 'staff1',
        waitingSince: at(1),
        firstResponseAt: at(2),
        userReadAt: at(1),
        staffReadAt: at(2),
        userPresentAt: at(2),
        rating: { score: 4, comment: sealed('comment'), at: at(3) },
        messageCount: 3,
        autoReplyCount: 1,
      });
      const plain = conversation();
      await conversations.createConversation(c);
      await conversations.createConversation(plain);
      expect(await conversations.getConversation(c.id)).toEqual(c);
      expect(await conversations.getConversation(plain.id)).toEqual(plain);
      expect(Object.keys((await conversations.getConversation(plain.id))!).sort()).toEqual(
        Object.keys(plain).sort(),
      );
      expect(await conversations.getConversation('conv-missing')).toBeUndefined();
    });

    it('updates a conversation only under the expected version, removing keys patched to undefined', async () => {
      const { conversations } = getStores();
      const c = conversation({ waitingSince: at(1), teamId: 'team-1', rating: { score: 2, at: at(1) } });
      await conversations.createConversation(c);
      const updated = await conversations.updateConversation(c.id, 0, {
        status: 'waiting_on_user',
        assigneeId: 'staff1',
        waitingSince: undefined,
        rating: { score: 5, comment: sealed('great'), at: at(2) },
        updatedAt: at(2),
      });
      const { waitingSince: _dropped, ...rest } = c;
      const expected: ConversationRecord = {
        ...rest,
        status: 'waiting_on_user',
        assigneeId: 'staff1',
        rating: { score: 5, comment: sealed('great'), at: at(2) },
        updatedAt: at(2),
        version: 1,
      };
      expect(updated).toEqual(expected);
      expect(Object.keys(updated!)).not.toContain('waitingSince');
      const stored = await conversations.getConversation(c.id);
      expect(stored).toEqual(expected);
      expect(Object.keys(stored!)).not.toContain('waitingSince');

      expect(await conversations.updateConversation(c.id, 0, { flagged: true })).toBeUndefined();
      expect((await conversations.getConversation(c.id))?.flagged).toBe(false);
      expect(await conversations.updateConversation('conv-missing', 0, { flagged: true })).toBeUndefined();

      const racers = await Promise.all([
        conversations.updateConversation(c.id, 1, { flagged: true }),
        conversations.updateConversation(c.id, 1, { escalated: true }),
      ]);
      expect(racers.filter(Boolean)).toHaveLength(1);
      const after = await conversations.getConversation(c.id);
      expect(after?.version).toBe(2);
      expect(after?.flagged !== after?.escalated).toBe(true);
    });

    it('lists conversations newest first under every filter, paging and limit', async () => {
      const { conversations } = getStores();
      const a = conversation({
        userId: 'ua',
        teamId: 't1',
        status: 'open',
        category: 'account',
        lastMessageAt: at(1),
        lastMessageBy: 'user',
        waitingSince: at(1),
      });
      const b = conversation({
        userId: 'ua',
        teamId: 't2',
        assigneeId: 's1',
        status: 'waiting_on_user',
        category: 'payment',
        lastMessageAt: at(2),
        lastMessageBy: 'staff',
        flagged: true,
      });
      const c = conversation({
        userId: 'ub',
        status: 'resolved',
        category: 'account',
        lastMessageAt: at(3),
        lastMessageBy: 'user',
        staffReadAt: at(4),
        resolvedAt: at(3),
      });
      const d = conversation({
        userId: 'ub',
        teamId: 't1',
        category: 'other',
        lastMessageAt: at(4),
        lastMessageBy: 'user',
        staffReadAt: at(2),
        waitingSince: at(4),
      });
      const e = conversation({ userId: 'ua', lastMessageAt: at(5), erasedAt: at(6) });
      for (const x of [c, a, e, d, b]) await conversations.createConversation(x);
      const list = async (filter: Partial<Parameters<typeof conversations.listConversations>[0]> = {}) =>
        ids(await conversations.listConversations({ limit: 50, ...filter }));

      expect(await list()).toEqual([d.id, c.id, b.id, a.id]);
      expect(await list({ includeErased: true })).toEqual([e.id, d.id, c.id, b.id, a.id]);
      expect(await list({ userId: 'ua' })).toEqual([b.id, a.id]);
      expect(await list({ userId: 'ua', includeErased: true })).toEqual([e.id, b.id, a.id]);
      expect(await list({ teams: { teamIds: ['t1'], unrouted: false } })).toEqual([d.id, a.id]);
      expect(await list({ teams: { teamIds: ['t1', 't2'], unrouted: false } })).toEqual([d.id, b.id, a.id]);
      expect(await list({ teams: { teamIds: ['t1'], unrouted: true } })).toEqual([d.id, c.id, a.id]);
      expect(await list({ teams: { teamIds: [], unrouted: true } })).toEqual([c.id]);
      expect(await list({ teams: { teamIds: [], unrouted: false } })).toEqual([]);
      expect(await list({ assigneeId: 's1' })).toEqual([b.id]);
      expect(await list({ status: 'resolved' })).toEqual([c.id]);
      expect(await list({ status: 'open' })).toEqual([d.id, a.id]);
      expect(await list({ category: 'account' })).toEqual([c.id, a.id]);
      expect(await list({ flagged: true })).toEqual([b.id]);
      expect(await list({ flagged: false })).toEqual([d.id, c.id, a.id]);
      expect(await list({ unreadByStaff: true })).toEqual([d.id, a.id]);
      expect(await list({ waitingBefore: at(2) })).toEqual([a.id]);
      expect(await list({ waitingBefore: at(4) })).toEqual([a.id]);
      expect(await list({ waitingBefore: at(5) })).toEqual([d.id, a.id]);
      expect(await list({ ids: [a.id, c.id, e.id] })).toEqual([c.id, a.id]);
      expect(await list({ ids: [e.id], includeErased: true })).toEqual([e.id]);
      expect(await list({ ids: [] })).toEqual([]);
      expect(await list({ before: at(3) })).toEqual([b.id, a.id]);
      expect(
        await list({ userId: 'ub', status: 'open', teams: { teamIds: ['t1'], unrouted: true } }),
      ).toEqual([d.id]);

      const firstPage = await list({ limit: 2 });
      expect(firstPage).toEqual([d.id, c.id]);
      expect(await list({ limit: 2, before: c.lastMessageAt })).toEqual([b.id, a.id]);
    });

    it('breaks a tie in last activity by the higher number first', async () => {
      const { conversations } = getStores();
      const older = conversation({ lastMessageAt: at(7) });
      const newer = conversation({ lastMessageAt: at(7) });
      await conversations.createConversation(newer);
      await conversations.createConversation(older);
      expect(ids(await conversations.listConversations({ limit: 10 }))).toEqual([newer.id, older.id]);
    });

    it('keeps messages oldest first, held ones only when asked, and after an instant', async () => {
      const { conversations, conversationMessages } = getStores();
      const c = conversation();
      const other = conversation();
      await conversations.createConversation(c);
      await conversations.createConversation(other);
      const m1 = message(c.id, { createdAt: at(1) });
      const held = message(c.id, { createdAt: at(2), held: { reason: 'repetition', at: at(2) } });
      const note = message(c.id, {
        kind: 'note',
        authorId: 's1',
        authorRole: 'staff',
        createdAt: at(3),
        responseMs: 120_000,
      });
      const { authorId: _none, ...autoBase } = message(c.id, {
        kind: 'auto',
        authorRole: 'system',
        createdAt: at(4),
      });
      const auto: ConversationMessage = autoBase;
      const m0 = message(c.id, { createdAt: at(0) });
      for (const m of [m1, held, note, auto, m0]) await conversationMessages.addMessage(m, ['t1']);
      await conversationMessages.addMessage(message(other.id, { createdAt: at(2) }), []);

      expect(await conversationMessages.getMessage(held.id)).toEqual(held);
      expect(await conversationMessages.getMessage(auto.id)).toEqual(auto);
      expect(Object.keys((await conversationMessages.getMessage(auto.id))!)).not.toContain('authorId');
      expect(await conversationMessages.getMessage('msg-missing')).toBeUndefined();
      expect(await conversationMessages.listMessages(c.id)).toEqual([m0, m1, note, auto]);
      expect(await conversationMessages.listMessages(c.id, { includeHeld: true })).toEqual([
        m0,
        m1,
        held,
        note,
        auto,
      ]);
      expect(ids(await conversationMessages.listMessages(c.id, { after: at(1) }))).toEqual([
        note.id,
        auto.id,
      ]);
      expect(ids(await conversationMessages.listMessages(c.id, { after: at(1), includeHeld: true }))).toEqual(
        [held.id, note.id, auto.id],
      );
      expect(await conversationMessages.listMessages('conv-missing')).toEqual([]);
    });

    it('replaces a sealed body and releases a held message', async () => {
      const { conversations, conversationMessages } = getStores();
      const c = conversation();
      await conversations.createConversation(c);
      const held = message(c.id, { createdAt: at(1), held: { reason: 'link', at: at(1) } });
      await conversationMessages.addMessage(held, ['term-held']);
      expect(await conversationMessages.conversationsWithTerms(['term-held'], 10)).toEqual([]);

      await conversationMessages.updateMessage(held.id, { body: sealed('resealed') });
      expect(await conversationMessages.getMessage(held.id)).toEqual({ ...held, body: sealed('resealed') });
      expect(await conversationMessages.listMessages(c.id)).toEqual([]);

      await conversationMessages.updateMessage(held.id, { held: null });
      const { held: _released, ...released } = { ...held, body: sealed('resealed') };
      expect(await conversationMessages.getMessage(held.id)).toEqual(released);
      expect(Object.keys((await conversationMessages.getMessage(held.id))!)).not.toContain('held');
      expect(await conversationMessages.listMessages(c.id)).toEqual([released]);
      expect(await conversationMessages.listHeldMessages(10)).toEqual([]);
      expect(await conversationMessages.conversationsWithTerms(['term-held'], 10)).toEqual([c.id]);

      await conversationMessages.updateMessage(held.id, { body: sealed('again'), held: null });
      expect((await conversationMessages.getMessage(held.id))?.body).toEqual(sealed('again'));
      await expect(
        conversationMessages.updateMessage('msg-missing', { held: null }),
      ).resolves.toBeUndefined();
    });

    it('deletes a message with its terms', async () => {
      const { conversations, conversationMessages } = getStores();
      const c = conversation();
      await conversations.createConversation(c);
      const kept = message(c.id, { createdAt: at(1) });
      const gone = message(c.id, { createdAt: at(2) });
      await conversationMessages.addMessage(kept, ['shared']);
      await conversationMessages.addMessage(gone, ['shared', 'only-gone']);
      expect(await conversationMessages.conversationsWithTerms(['only-gone'], 10)).toEqual([c.id]);
      await conversationMessages.deleteMessage(gone.id);
      expect(await conversationMessages.getMessage(gone.id)).toBeUndefined();
      expect(await conversationMessages.listMessages(c.id, { includeHeld: true })).toEqual([kept]);
      expect(await conversationMessages.conversationsWithTerms(['only-gone'], 10)).toEqual([]);
      expect(await conversationMessages.conversationsWithTerms(['shared'], 10)).toEqual([c.id]);
      await expect(conversationMessages.deleteMessage('msg-missing')).resolves.toBeUndefined();
    });

    it('lists held messages oldest first, up to the limit', async () => {
      const { conversations, conversationMessages } = getStores();
      const c1 = conversation();
      const c2 = conversation();
      await conversations.createConversation(c1);
      await conversations.createConversation(c2);
      const later = message(c1.id, { createdAt: at(3), held: { reason: 'spam', at: at(3) } });
      const earlier = message(c2.id, { createdAt: at(1), held: { reason: 'spam', at: at(1) } });
      await conversationMessages.addMessage(later, []);
      await conversationMessages.addMessage(earlier, []);
      await conversationMessages.addMessage(message(c1.id, { createdAt: at(0) }), []);
      expect(await conversationMessages.listHeldMessages(10)).toEqual([earlier, later]);
      expect(await conversationMessages.listHeldMessages(1)).toEqual([earlier]);
    });

    it("lists an author's recent messages newest first, held included, since an instant", async () => {
      const { conversations, conversationMessages } = getStores();
      const c = conversation();
      await conversations.createConversation(c);
      const mine = [1, 2, 3, 4].map((minute) =>
        message(c.id, {
          authorId: 'author-1',
          createdAt: at(minute),
          ...(minute === 3 ? { held: { reason: 'spam', at: at(3) } } : {}),
        }),
      );
      for (const m of mine) await conversationMessages.addMessage(m, []);
      await conversationMessages.addMessage(message(c.id, { authorId: 'author-2', createdAt: at(3) }), []);
      expect(ids(await conversationMessages.recentMessagesBy('author-1', at(2), 10))).toEqual([
        mine[3]!.id,
        mine[2]!.id,
        mine[1]!.id,
      ]);
      expect(ids(await conversationMessages.recentMessagesBy('author-1', at(2), 2))).toEqual([
        mine[3]!.id,
        mine[2]!.id,
      ]);
      expect(await conversationMessages.recentMessagesBy('author-1', at(5), 10)).toEqual([]);
      expect(await conversationMessages.recentMessagesBy('nobody', at(0), 10)).toEqual([]);
    });

    it('finds conversations holding every term of a search, in visible messages only', async () => {
      const { conversations, conversationMessages } = getStores();
      const [c1, c2, c3, c4] = [conversation(), conversation(), conversation(), conversation()];
      for (const c of [c1, c2, c3, c4]) await conversations.createConversation(c);
      await conversationMessages.addMessage(message(c1.id, { createdAt: at(1) }), ['alpha', 'beta']);
      // The terms of one conversation may come from different messages (subject, replies).
      await conversationMessages.addMessage(message(c2.id, { createdAt: at(1) }), ['alpha']);
      await conversationMessages.addMessage(
        message(c2.id, { createdAt: at(2), kind: 'note', authorId: 's1', authorRole: 'staff' }),
        ['beta'],
      );
      await conversationMessages.addMessage(
        message(c3.id, { createdAt: at(1), held: { reason: 'spam', at: at(1) } }),
        ['alpha', 'beta'],
      );
      await conversationMessages.addMessage(message(c3.id, { createdAt: at(2) }), ['alpha']);
      await conversationMessages.addMessage(message(c4.id, { createdAt: at(1) }), ['gamma']);

      expect(sorted(await conversationMessages.conversationsWithTerms(['alpha'], 10))).toEqual(
        sorted([c1.id, c2.id, c3.id]),
      );
      expect(sorted(await conversationMessages.conversationsWithTerms(['alpha', 'beta'], 10))).toEqual(
        sorted([c1.id, c2.id]),
      );
      expect(
        sorted(await conversationMessages.conversationsWithTerms(['beta', 'alpha', 'alpha'], 10)),
      ).toEqual(sorted([c1.id, c2.id]));
      expect(await conversationMessages.conversationsWithTerms(['alpha', 'beta', 'gamma'], 10)).toEqual([]);
      expect(await conversationMessages.conversationsWithTerms(['unknown'], 10)).toEqual([]);
      expect(await conversationMessages.conversationsWithTerms([], 10)).toEqual([]);
      const limited = await conversationMessages.conversationsWithTerms(['alpha'], 2);
      expect(limited).toHaveLength(2);
      expect([c1.id, c2.id, c3.id]).toEqual(expect.arrayContaining(limited));
    });

    it('erases a conversation: messages, terms, subject and rating go, the timings stay', async () => {
      const { conversations, conversationMessages } = getStores();
      const c = conversation({
        status: 'resolved',
        createdAt: at(1),
        updatedAt: at(5),
        lastMessageAt: at(4),
        firstResponseAt: at(2),
        resolvedAt: at(5),
        rating: { score: 3, comment: sealed('meh'), at: at(5) },
        messageCount: 2,
        version: 4,
      });
      const other = conversation();
      await conversations.createConversation(c);
      await conversations.createConversation(other);
      const m = message(c.id, { createdAt: at(1) });
      await conversationMessages.addMessage(m, ['secret']);
      await conversationMessages.addMessage(
        message(c.id, { createdAt: at(2), held: { reason: 'spam', at: at(2) } }),
        ['secret'],
      );
      const kept = message(other.id, { createdAt: at(3) });
      await conversationMessages.addMessage(kept, ['secret']);

      await conversations.eraseConversation(c.id, at(9), sealed('erased'));
      const { rating: _rating, ...rest } = c;
      const erased = await conversations.getConversation(c.id);
      expect(erased).toEqual({ ...rest, subject: sealed('erased'), erasedAt: at(9), version: 5 });
      expect(Object.keys(erased!)).not.toContain('rating');
      expect(await conversationMessages.listMessages(c.id, { includeHeld: true })).toEqual([]);
      expect(await conversationMessages.getMessage(m.id)).toBeUndefined();
      expect(await conversationMessages.listHeldMessages(10)).toEqual([]);
      expect(await conversationMessages.conversationsWithTerms(['secret'], 10)).toEqual([other.id]);
      expect(await conversationMessages.listMessages(other.id)).toEqual([kept]);
      expect(ids(await conversations.listConversations({ limit: 10 }))).toEqual([other.id]);
      await expect(
        conversations.eraseConversation('conv-missing', at(9), sealed('erased')),
      ).resolves.toBeUndefined();
    });

    it('lists resolved, not erased conversations resolved before an instant, oldest first', async () => {
      const { conversations } = getStores();
      const r1 = conversation({ status: 'resolved', resolvedAt: at(1) });
      const r2 = conversation({ status: 'resolved', resolvedAt: at(3) });
      const erased = conversation({ status: 'resolved', resolvedAt: at(2), erasedAt: at(4) });
      const reopened = conversation({ status: 'open', resolvedAt: at(1) });
      for (const c of [r2, erased, reopened, r1]) await conversations.createConversation(c);
      expect(ids(await conversations.listResolvedBefore(at(4), 10))).toEqual([r1.id, r2.id]);
      expect(ids(await conversations.listResolvedBefore(at(3), 10))).toEqual([r1.id]);
      expect(ids(await conversations.listResolvedBefore(at(4), 1))).toEqual([r1.id]);
      expect(await conversations.listResolvedBefore(at(1), 10)).toEqual([]);
    });

    it('lists every conversation that existed during a half-open range, erased ones included', async () => {
      const { conversations } = getStores();
      const before = conversation({ createdAt: at(0), updatedAt: at(0) });
      const start = conversation({ createdAt: at(0), updatedAt: at(1) });
      const inside = conversation({ createdAt: at(2), updatedAt: at(2), erasedAt: at(2) });
      const end = conversation({ createdAt: at(3), updatedAt: at(3) });
      const laterActive = conversation({ createdAt: at(1), updatedAt: at(5) });
      for (const c of [before, start, inside, end, laterActive]) await conversations.createConversation(c);
      expect(sorted(ids(await conversations.listActiveBetween(at(1), at(3))))).toEqual(
        sorted([start.id, inside.id, laterActive.id]),
      );
      expect(await conversations.listActiveBetween(at(6), at(7))).toEqual([]);
    });

    it('lists staff messages created in a half-open range, oldest first', async () => {
      const { conversations, conversationMessages } = getStores();
      const c = conversation();
      await conversations.createConversation(c);
      const staff = (minutes: number, overrides: Partial<ConversationMessage> = {}) =>
        message(c.id, {
          authorId: 's1',
          authorRole: 'staff',
          createdAt: at(minutes),
          responseMs: 60_000,
          ...overrides,
        });
      const early = staff(0.5);
      const first = staff(1);
      const second = staff(2);
      const note = staff(2.5, { kind: 'note' });
      const last = staff(3);
      for (const m of [second, early, last, note, first]) await conversationMessages.addMessage(m, []);
      await conversationMessages.addMessage(message(c.id, { createdAt: at(2) }), []);
      const { authorId: _none, ...auto } = message(c.id, {
        kind: 'auto',
        authorRole: 'system',
        createdAt: at(1.5),
      });
      await conversationMessages.addMessage(auto, []);
      expect(await conversationMessages.listStaffMessagesBetween(at(1), at(3))).toEqual([
        first,
        second,
        note,
      ]);
      expect(await conversationMessages.listStaffMessagesBetween(at(4), at(5))).toEqual([]);
    });

    it('saves settings under optimistic versions', async () => {
      const { messagingSettings } = getStores();
      expect(await messagingSettings.getSettings()).toBeUndefined();
      const v1 = settings({ version: 1 });
      expect(await messagingSettings.putSettings(v1, 0)).toBe(true);
      expect(await messagingSettings.putSettings(settings({ version: 1, slaHours: 1 }), 0)).toBe(false);
      expect(await messagingSettings.getSettings()).toEqual(v1);

      const v2 = settings({ version: 2, slaHours: 8, routes: {}, updatedAt: at(2) });
      expect(await messagingSettings.putSettings(v2, 5)).toBe(false);
      expect(await messagingSettings.getSettings()).toEqual(v1);
      expect(await messagingSettings.putSettings(v2, 1)).toBe(true);
      expect(await messagingSettings.getSettings()).toEqual(v2);
      expect(await messagingSettings.putSettings(settings({ version: 2, slaHours: 2 }), 1)).toBe(false);

      const racers = await Promise.all([
        messagingSettings.putSettings(settings({ version: 3, slaHours: 3 }), 2),
        messagingSettings.putSettings(settings({ version: 3, slaHours: 4 }), 2),
      ]);
      expect(racers.filter(Boolean)).toHaveLength(1);
      expect((await messagingSettings.getSettings())?.version).toBe(3);
    });

    it('puts, replaces, lists and deletes blocks', async () => {
      const { moderation } = getStores();
      const blockB = { userId: 'user-b', mode: 'blocked' as const, reason: 'abuse', by: 'staff1', at: at(1) };
      const blockA = { userId: 'user-a', mode: 'muted' as const, reason: 'spam', by: 'staff1', at: at(2) };
      expect(await moderation.getBlock('user-b')).toBeUndefined();
      expect(await moderation.listBlocks()).toEqual([]);
      await moderation.putBlock(blockB);
      await moderation.putBlock(blockA);
      expect(await moderation.getBlock('user-b')).toEqual(blockB);
      expect(await moderation.listBlocks()).toEqual([blockA, blockB]);
      const muted = { ...blockB, mode: 'muted' as const, reason: 'calmer now', at: at(3) };
      await moderation.putBlock(muted);
      expect(await moderation.getBlock('user-b')).toEqual(muted);
      expect(await moderation.listBlocks()).toEqual([blockA, muted]);
      await moderation.deleteBlock('user-b');
      expect(await moderation.getBlock('user-b')).toBeUndefined();
      expect(await moderation.listBlocks()).toEqual([blockA]);
      await expect(moderation.deleteBlock('user-none')).resolves.toBeUndefined();
    });

    it('keeps reports by state, oldest first, and resolves an open one once', async () => {
      const { moderation } = getStores();
      const later = report({ createdAt: at(2) });
      const earlier = report({ createdAt: at(1) });
      const third = report({ createdAt: at(3) });
      for (const r of [later, earlier, third]) await moderation.addReport(r);
      expect(await moderation.listReports('open', 10)).toEqual([earlier, later, third]);
      expect(await moderation.listReports('open', 2)).toEqual([earlier, later]);
      expect(await moderation.listReports('actioned', 10)).toEqual([]);

      const resolved = await moderation.resolveReport(later.id, 'actioned', 'staff1', at(5));
      const expected: MessageReport = {
        ...later,
        state: 'actioned',
        resolvedBy: 'staff1',
        resolvedAt: at(5),
      };
      expect(resolved).toEqual(expected);
      expect(await moderation.resolveReport(later.id, 'dismissed', 'staff2', at(6))).toBeUndefined();
      expect(await moderation.listReports('actioned', 10)).toEqual([expected]);
      expect(await moderation.listReports('dismissed', 10)).toEqual([]);
      expect(await moderation.listReports('open', 10)).toEqual([earlier, third]);
      expect(await moderation.resolveReport('report-missing', 'dismissed', 'staff1', at(6))).toBeUndefined();

      const racers = await Promise.all([
        moderation.resolveReport(third.id, 'dismissed', 'staff1', at(7)),
        moderation.resolveReport(third.id, 'actioned', 'staff2', at(7)),
      ]);
      expect(racers.filter(Boolean)).toHaveLength(1);
      expect(await moderation.listReports('open', 10)).toEqual([earlier]);
    });

    it('keeps broadcasts, newest first', async () => {
      const { broadcasts } = getStores();
      const broadcast = (id: string, minutes: number): BroadcastRecord => ({
        id,
        subject: { k: 'k1', iv: 'iv', ct: `ct-${id}` },
        segment: { role: 'participant', batchId: 'batch-1' },
        createdBy: 'staff1',
        createdAt: at(minutes),
        recipients: [{ userId: 'u1', conversationId: `c-${id}`, messageId: `m-${id}` }],
      });
      const first = broadcast('b1', 1);
      const second = broadcast('b2', 2);
      await broadcasts.addBroadcast(first);
      await broadcasts.addBroadcast(second);
      expect(await broadcasts.getBroadcast('b1')).toEqual(first);
      expect(await broadcasts.getBroadcast('b-missing')).toBeUndefined();
      expect(await broadcasts.listBroadcasts(10)).toEqual([second, first]);
      expect(await broadcasts.listBroadcasts(1)).toEqual([second]);
    });
  });
}
