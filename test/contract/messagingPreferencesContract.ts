/**
 * Contract cases for the messaging preference store (issue 21) and people's replies to
 * staff: preferences round-trip and list; an away reply is claimed once per (staff,
 * conversation, stamp), also under concurrency; template uses count up and keep the latest
 * use; the content filter saves under optimistic versions; people's timed, visible replies
 * list by a half-open range.
 */
import { describe, expect, it } from 'vitest';
import type {
  ContentFilter,
  ConversationMessage,
  StaffMessagingPreferences,
} from '../../src/storage/ports.js';
import { at } from './accountFixtures.js';
import { nextId } from './storeFixtures.js';
import type { GetStores } from './storeContract.js';

const preferences = (overrides: Partial<StaffMessagingPreferences> = {}): StaffMessagingPreferences => ({
  staffId: `staff-${nextId()}`,
  alerts: ['assigned_reply', 'monitoring_backlog'],
  away: { body: 'Away until Monday', from: at(0), until: at(60), stamp: 'stamp-1' },
  updatedAt: at(0),
  ...overrides,
});

const filter = (overrides: Partial<ContentFilter> = {}): ContentFilter => ({
  keywords: ['wire the fee'],
  domains: ['scam.example'],
  version: 1,
  updatedAt: at(0),
  updatedBy: 'staff1',
  ...overrides,
});

const message = (overrides: Partial<ConversationMessage> = {}): ConversationMessage => ({
  id: `msg-${nextId()}`,
  conversationId: 'conv-replies',
  kind: 'message',
  authorId: 'u1',
  authorRole: 'user',
  body: { k: 'k1', iv: 'aaa', ct: 'bbb' },
  fingerprint: 'fp',
  createdAt: at(0),
  ...overrides,
});

/** Registers the messaging preference cases. */
export function describeMessagingPreferencesContract(getStores: GetStores): void {
  describe('messaging preference store', () => {
    it('keeps, replaces and lists staff preferences', async () => {
      const { messagingPreferences: store } = getStores();
      const a = preferences({ staffId: 'staff-a' });
      const { away: _away, ...b } = preferences({ staffId: 'staff-b', alerts: [] });
      expect(await store.getPreferences('staff-a')).toBeUndefined();
      await store.putPreferences(a);
      await store.putPreferences(b);
      expect(await store.getPreferences('staff-a')).toEqual(a);
      const replaced = { ...a, alerts: ['new_conversation' as const] };
      await store.putPreferences(replaced);
      expect(await store.getPreferences('staff-a')).toEqual(replaced);
      expect(await store.listPreferences()).toEqual([replaced, b]);
    });

    it('claims an away reply once per staff member, conversation and stamp, also at once', async () => {
      const { messagingPreferences: store } = getStores();
      const claims = await Promise.all(
        Array.from({ length: 5 }, () => store.claimAwayReply('s1', 'c1', 'stamp-1', at(1))),
      );
      expect(claims.filter(Boolean)).toHaveLength(1);
      expect(await store.claimAwayReply('s1', 'c1', 'stamp-1', at(2))).toBe(false);
      expect(await store.claimAwayReply('s1', 'c1', 'stamp-2', at(2))).toBe(true);
      expect(await store.claimAwayReply('s1', 'c2', 'stamp-1', at(2))).toBe(true);
      expect(await store.claimAwayReply('s2', 'c1', 'stamp-1', at(2))).toBe(true);
    });

    it('counts template uses and keeps the latest use', async () => {
      const { messagingPreferences: store } = getStores();
      expect(await store.listTemplateUses()).toEqual([]);
      await store.recordTemplateUse('t-b', at(5));
      await store.recordTemplateUse('t-a', at(1));
      await store.recordTemplateUse('t-a', at(3));
      await store.recordTemplateUse('t-a', at(2));
      expect(await store.listTemplateUses()).toEqual([
        { templateId: 't-a', uses: 3, lastUsedAt: at(3) },
        { templateId: 't-b', uses: 1, lastUsedAt: at(5) },
      ]);
    });

    it('saves the content filter under optimistic versions', async () => {
      const { messagingPreferences: store } = getStores();
      expect(await store.getContentFilter()).toBeUndefined();
      const first = filter();
      expect(await store.putContentFilter(first, 0)).toBe(true);
      expect(await store.putContentFilter(filter({ keywords: ['late'] }), 0)).toBe(false);
      expect(await store.getContentFilter()).toEqual(first);
      const second = filter({ version: 2, domains: [] });
      expect(await store.putContentFilter(second, 1)).toBe(true);
      expect(await store.putContentFilter(filter({ version: 2 }), 1)).toBe(false);
      expect(await store.getContentFilter()).toEqual(second);
    });

    it("lists people's timed, visible replies created in a half-open range, oldest first", async () => {
      const { conversationMessages } = getStores();
      const first = message({ createdAt: at(1), responseMs: 60_000 });
      const second = message({ createdAt: at(2), responseMs: 120_000 });
      const others = [
        message({ createdAt: at(0.5), responseMs: 1 }),
        message({ createdAt: at(1.5) }),
        message({ createdAt: at(1.6), responseMs: 5, held: { reason: 'spam', at: at(1.6) } }),
        message({ createdAt: at(1.7), authorId: 's1', authorRole: 'staff', responseMs: 7 }),
        message({ createdAt: at(3), responseMs: 9 }),
      ];
      for (const m of [second, ...others, first]) await conversationMessages.addMessage(m, []);
      expect(await conversationMessages.listUserRepliesBetween(at(1), at(3))).toEqual([first, second]);
      expect(await conversationMessages.listUserRepliesBetween(at(4), at(5))).toEqual([]);
    });
  });
}
