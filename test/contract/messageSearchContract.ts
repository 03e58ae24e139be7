/**
 * Contract cases for message search (issue 22): the search index per conversation that
 * both adapters keep beside the one per message stays right through every write that
 * changes terms: a held message's words are found once it is released, a word stays
 * findable while any other visible message of the conversation holds it and goes with the
 * last, erasing a conversation (a person's erasure, retention) removes its words only;
 * and a search lists the newest page of the matching conversations whether its words are
 * rare or common (the adapters choose different plans for the two), through the team
 * filter and paging. Terms are unique per case: some adapters share a database between cases.
 */
import { describe, expect, it } from 'vitest';
import type { ConversationMessage, ConversationRecord, SealedText, Stores } from '../../src/storage/ports.js';
import { at } from './accountFixtures.js';
import { nextId } from './storeFixtures.js';
import type { GetStores } from './storeContract.js';

const sealed: SealedText = { k: 'k1', iv: 'aaa', ct: 'bbb' };

async function newConversation(stores: Stores, overrides: Partial<ConversationRecord> = {}): Promise<string> {
  const id = `conv-${nextId()}`;
  await stores.conversations.createConversation({
    id,
    number: await stores.conversations.nextConversationNumber(),
    userId: `u-${id}`,
    category: 'account',
    status: 'open',
    flagged: false,
    escalated: false,
    subject: sealed,
    createdAt: at(0),
    updatedAt: at(0),
    lastMessageAt: at(0),
    lastMessageBy: 'user',
    messageCount: 0,
    autoReplyCount: 0,
    version: 0,
    ...overrides,
  });
  return id;
}

async function addMessage(
  stores: Stores,
  conversationId: string,
  terms: string[],
  held = false,
): Promise<string> {
  const message: ConversationMessage = {
    id: `msg-${nextId()}`,
    conversationId,
    kind: 'message',
    authorId: 'u1',
    authorRole: 'user',
    body: sealed,
    fingerprint: 'fp',
    createdAt: at(1),
    ...(held ? { held: { reason: 'spam', at: at(1) } } : {}),
  };
  await stores.conversationMessages.addMessage(message, terms);
  return message.id;
}

/** Words no other case uses. */
const words = (...names: string[]) => {
  const tag = nextId();
  return names.map((n) => `${n}-${tag}`);
};

/** What a search finds, both ways the port offers: the inbox list (newest first) and the id set. */
async function found(stores: Stores, terms: string[]): Promise<{ listed: string[]; ids: string[] }> {
  return {
    listed: (await stores.conversations.listConversations({ terms, limit: 100 })).map((c) => c.id),
    ids: [...(await stores.conversationMessages.conversationsWithTerms(terms, 100))].sort(),
  };
}

/** Registers the message search cases. */
export function describeMessageSearchContract(getStores: GetStores): void {
  describe('message search', () => {
    it('finds a held message by its words once it is released, and not before', async () => {
      const stores = getStores();
      const [a, b] = words('a', 'b');
      const c1 = await newConversation(stores, { lastMessageAt: at(5) });
      const c2 = await newConversation(stores, { lastMessageAt: at(3) });
      await addMessage(stores, c1, [a!]);
      const held = await addMessage(stores, c1, [a!, b!], true);
      await addMessage(stores, c2, [a!, b!]);
      expect(await found(stores, [a!, b!])).toEqual({ listed: [c2], ids: [c2] });
      expect(await found(stores, [b!])).toEqual({ listed: [c2], ids: [c2] });

      await stores.conversationMessages.updateMessage(held, { held: null });
      expect(await found(stores, [a!, b!])).toEqual({ listed: [c1, c2], ids: [c1, c2].sort() });
      // Releasing again changes nothing.
      await stores.conversationMessages.updateMessage(held, { held: null });
      await stores.conversationMessages.deleteMessage(held);
      expect(await found(stores, [b!])).toEqual({ listed: [c2], ids: [c2] });
      expect(await found(stores, [a!])).toEqual({ listed: [c1, c2], ids: [c1, c2].sort() });
    });

    it('keeps a word findable while another visible message holds it, and drops it with the last', async () => {
      const stores = getStores();
      const [x, y] = words('x', 'y');
      const c = await newConversation(stores);
      const none = { listed: [], ids: [] };
      const both = await addMessage(stores, c, [x!, y!, x!]);
      const onlyX = await addMessage(stores, c, [x!]);
      const heldY = await addMessage(stores, c, [y!], true);
      expect(await found(stores, [x!, y!])).toEqual({ listed: [c], ids: [c] });

      await stores.conversationMessages.deleteMessage(both);
      expect(await found(stores, [x!])).toEqual({ listed: [c], ids: [c] });
      // Only a held message holds y now.
      expect(await found(stores, [y!])).toEqual(none);
      expect(await found(stores, [x!, y!])).toEqual(none);

      await stores.conversationMessages.updateMessage(heldY, { held: null });
      expect(await found(stores, [x!, y!])).toEqual({ listed: [c], ids: [c] });

      await stores.conversationMessages.deleteMessage(onlyX);
      expect(await found(stores, [x!])).toEqual(none);
      expect(await found(stores, [y!])).toEqual({ listed: [c], ids: [c] });
      await stores.conversationMessages.deleteMessage(heldY);
      expect(await found(stores, [y!])).toEqual(none);
      // A word written again after its last message went is found again.
      await addMessage(stores, c, [x!]);
      expect(await found(stores, [x!])).toEqual({ listed: [c], ids: [c] });
    });

    it("removes an erased conversation's words only: other conversations keep the same words", async () => {
      const stores = getStores();
      const [w, v] = words('w', 'v');
      const erased = await newConversation(stores, { lastMessageAt: at(4) });
      const kept = await newConversation(stores, { lastMessageAt: at(2) });
      await addMessage(stores, erased, [w!, v!]);
      await addMessage(stores, erased, [w!], true);
      await addMessage(stores, kept, [w!]);
      expect(await found(stores, [w!])).toEqual({ listed: [erased, kept], ids: [erased, kept].sort() });

      await stores.conversations.eraseConversation(erased, at(9), sealed);
      expect(await found(stores, [w!])).toEqual({ listed: [kept], ids: [kept] });
      expect(await found(stores, [v!])).toEqual({ listed: [], ids: [] });
      expect(
        (await stores.conversations.listConversations({ terms: [w!], limit: 10, includeErased: true })).map(
          (c) => c.id,
        ),
      ).toEqual([kept]);
    });

    it('lists the newest matching page for rare and common words, through teams and paging', async () => {
      const stores = getStores();
      const [common, rare, other] = words('common', 'rare', 'other');
      const teams = ['team-a', 'team-b', undefined];
      const all: { id: string; teamId: string | undefined; minute: number; rare: boolean }[] = [];
      for (let i = 0; i < 30; i++) {
        const teamId = teams[i % 3];
        // Newest first is not creation order; two conversations share each instant.
        const minute = (i * 7) % 15;
        const id = await newConversation(stores, {
          lastMessageAt: at(minute),
          ...(teamId ? { teamId } : {}),
        });
        const isRare = i % 10 === 3;
        await addMessage(stores, id, isRare ? [common!, rare!] : [common!]);
        if (i % 2 === 0) await addMessage(stores, id, [other!]);
        all.push({ id, teamId, minute, rare: isRare });
      }
      const newestFirst = [...all].sort((p, q) => q.minute - p.minute || all.indexOf(q) - all.indexOf(p));
      const inTeamA = (c: (typeof all)[number]) => c.teamId === 'team-a' || c.teamId === undefined;
      const list = async (terms: string[], extra: Record<string, unknown> = {}) =>
        (await stores.conversations.listConversations({ terms, limit: 5, ...extra })).map((c) => c.id);

      expect(await list([common!])).toEqual(newestFirst.slice(0, 5).map((c) => c.id));
      expect(await list([rare!, common!])).toEqual(newestFirst.filter((c) => c.rare).map((c) => c.id));
      const withOther = newestFirst.filter((c) => all.indexOf(c) % 2 === 0);
      expect(await list([common!, other!])).toEqual(withOther.slice(0, 5).map((c) => c.id));
      const teamA = { teams: { teamIds: ['team-a'], unrouted: true } };
      expect(await list([common!], teamA)).toEqual(
        newestFirst
          .filter(inTeamA)
          .slice(0, 5)
          .map((c) => c.id),
      );
      expect(await list([rare!], teamA)).toEqual(
        newestFirst.filter((c) => c.rare && inTeamA(c)).map((c) => c.id),
      );
      const before = at(8);
      expect(await list([common!], { ...teamA, before })).toEqual(
        newestFirst
          .filter((c) => inTeamA(c) && c.minute < 8)
          .slice(0, 5)
          .map((c) => c.id),
      );
      expect(await list([common!, 'a word nobody wrote'])).toEqual([]);
      expect(await list([])).toEqual([]);
    });
  });
}
