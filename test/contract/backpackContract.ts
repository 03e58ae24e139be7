/**
 * The backpack store contract: an entry is inserted, then replaced by the same user's
 * credential key (keeping its id and addedAt, `created` false, fields left out removed);
 * another user's entry with the same key stays apart; entries are read and removed only by
 * their owner; lists are newest first with a total, paged, and filtered by `since`; a
 * credential with nested arrays and odd keys comes back exactly; removing all of a user's.
 */
import { describe, expect, it } from 'vitest';
import type { BackpackRecord } from '../../src/storage/ports.js';
import { at } from './accountFixtures.js';
import { nextId } from './storeFixtures.js';
import type { GetStores } from './storeContract.js';

function item(overrides: Partial<BackpackRecord> = {}): BackpackRecord {
  const id = nextId();
  return {
    id: `bp-${id}`,
    userId: 'user-1',
    credentialKey: `key-${id}`,
    credentialId: `urn:uuid:${id}`,
    credential: { id: `urn:uuid:${id}`, type: ['VerifiableCredential'], name: 'Badge' },
    source: 'upload',
    addedAt: at(0),
    updatedAt: at(0),
    standing: { label: 'Valid certificate', verified: true, kind: 'valid', issuer: 'Acme', name: 'Badge' },
    ...overrides,
  };
}

export function describeBackpackContract(getStores: GetStores): void {
  describe('backpack', () => {
    it('inserts an entry, then replaces it by the same key, keeping its id and addedAt', async () => {
      const { backpack } = getStores();
      const first = item({ jwt: 'a.b.c' });
      expect(await backpack.upsert(first)).toEqual({ created: true, record: first });
      const again = item({
        credentialKey: first.credentialKey,
        addedAt: at(5),
        updatedAt: at(5),
        source: 'ob3-api',
        credential: { name: 'Changed' },
        standing: { label: 'Signature valid, issuer not known', verified: true, kind: 'caution' },
      });
      delete again.credentialId;
      const replaced = await backpack.upsert(again);
      const expected = { ...again, id: first.id, addedAt: first.addedAt };
      expect(replaced).toEqual({ created: false, record: expected });
      expect(await backpack.get('user-1', first.id)).toEqual(expected);
      expect(await backpack.getByKey('user-1', first.credentialKey)).toEqual(expected);
      expect(await backpack.count('user-1')).toBe(1);
    });

    it("keeps another user's entry with the same key apart, and answers nothing across users", async () => {
      const { backpack } = getStores();
      const mine = item();
      const theirs = item({ userId: 'user-2', credentialKey: mine.credentialKey });
      await backpack.upsert(mine);
      expect((await backpack.upsert(theirs)).created).toBe(true);
      expect(await backpack.get('user-2', mine.id)).toBeUndefined();
      expect(await backpack.get('user-1', theirs.id)).toBeUndefined();
      expect(await backpack.remove('user-2', mine.id)).toBe(false);
      expect(await backpack.get('user-1', mine.id)).toEqual(mine);
      expect(await backpack.getByKey('user-2', mine.credentialKey)).toEqual(theirs);
    });

    it('lists newest first with a total, paged and since a moment', async () => {
      const { backpack } = getStores();
      const user = `user-${nextId()}`;
      const made = [];
      for (let minute = 0; minute < 5; minute++) {
        const record = item({ userId: user, addedAt: at(minute), updatedAt: at(minute) });
        made.push(record);
        await backpack.upsert(record);
      }
      await backpack.upsert(item({ userId: 'someone-else', updatedAt: at(9) }));
      const newestFirst = [...made].reverse();
      expect(await backpack.list(user, { limit: 10, offset: 0 })).toEqual({ records: newestFirst, total: 5 });
      expect(await backpack.list(user, { limit: 2, offset: 1 })).toEqual({
        records: newestFirst.slice(1, 3),
        total: 5,
      });
      expect(await backpack.list(user, { limit: 10, offset: 0, since: at(3) })).toEqual({
        records: newestFirst.slice(0, 2),
        total: 2,
      });
      expect(await backpack.list(user, { limit: 0, offset: 0 })).toEqual({ records: [], total: 5 });
      expect(await backpack.list('nobody', { limit: 10, offset: 0 })).toEqual({ records: [], total: 0 });
    });

    it('gives back a credential with nested arrays, dotted and $ keys exactly', async () => {
      const { backpack } = getStores();
      const credential = {
        '@context': ['https://www.w3.org/ns/credentials/v2'],
        'https://example.org/a.b': { $ref: [[1, 2], [[]]], nested: [{ deep: [['x']] }] },
        name: 'Ünïcode ✓',
      };
      const record = item({ credential });
      await backpack.upsert(record);
      expect((await backpack.get('user-1', record.id))?.credential).toEqual(credential);
    });

    it("removes one entry, then all of a user's, leaving others'", async () => {
      const { backpack } = getStores();
      const user = `user-${nextId()}`;
      const [a, b] = [item({ userId: user }), item({ userId: user })];
      const other = item({ userId: 'keeper' });
      for (const record of [a, b, other]) await backpack.upsert(record);
      expect(await backpack.remove(user, a.id)).toBe(true);
      expect(await backpack.remove(user, a.id)).toBe(false);
      expect(await backpack.count(user)).toBe(1);
      expect(await backpack.removeAllOf(user)).toBe(1);
      expect(await backpack.count(user)).toBe(0);
      expect(await backpack.get('keeper', other.id)).toEqual(other);
    });
  });
}
