/**
 * Contract cases for the signed status list cache (never goes back a version), API
 * keys, and `init()` being safe to repeat.
 */
import { describe, expect, it } from 'vitest';
import type { PublishedStatusList } from '../../src/storage/ports.js';
import { apiKeyRecord, reserveInput } from './storeFixtures.js';
import type { GetStores } from './storeContract.js';

const published = (listId: string, version: number): PublishedStatusList => ({
  listId,
  version,
  credential: { id: `https://example.org/status/${listId}`, version, encodedList: `u${version}` },
  publishedAt: `2025-05-0${version}T00:00:00.000Z`,
});

/** Registers the published-cache, API key and init cases. */
export function describeKeysAndCacheContract(getStores: GetStores): void {
  describe('published status lists', () => {
    it('keeps the newest version whatever order versions arrive in', async () => {
      const { statusLists } = getStores();
      expect(await statusLists.getPublished('list-a')).toBeUndefined();
      await statusLists.putPublished(published('list-a', 1));
      expect(await statusLists.getPublished('list-a')).toEqual(published('list-a', 1));
      await statusLists.putPublished(published('list-a', 3));
      await statusLists.putPublished(published('list-a', 2));
      expect(await statusLists.getPublished('list-a')).toEqual(published('list-a', 3));
      await statusLists.putPublished({ ...published('list-a', 3), publishedAt: '2025-06-01T00:00:00.000Z' });
      expect(await statusLists.getPublished('list-a')).toEqual(published('list-a', 3));
      await statusLists.putPublished(published('list-b', 1));
      await statusLists.putPublished(published('list-a', 4));
      expect(await statusLists.getPublished('list-a')).toEqual(published('list-a', 4));
      expect(await statusLists.getPublished('list-b')).toEqual(published('list-b', 1));
    });
  });

  describe('api keys', () => {
    it('creates, finds by hash and revokes once', async () => {
      const { apiKeys } = getStores();
      const key = apiKeyRecord();
      const other = apiKeyRecord();
      await apiKeys.create(key);
      await apiKeys.create(other);
      expect(await apiKeys.findByHash(key.hash)).toEqual(key);
      expect(await apiKeys.findByHash('f'.repeat(64))).toBeUndefined();
      await expect(apiKeys.create(apiKeyRecord({ hash: key.hash }))).rejects.toThrow();

      expect(await apiKeys.revoke(key.id, '2025-06-01T00:00:00.000Z')).toBe(true);
      expect(await apiKeys.findByHash(key.hash)).toEqual({ ...key, revokedAt: '2025-06-01T00:00:00.000Z' });
      expect(await apiKeys.revoke(key.id, '2025-07-01T00:00:00.000Z')).toBe(false);
      expect((await apiKeys.findByHash(key.hash))?.revokedAt).toBe('2025-06-01T00:00:00.000Z');
      expect(await apiKeys.revoke('key_missing', '2025-06-01T00:00:00.000Z')).toBe(false);
      expect(await apiKeys.findByHash(other.hash)).toEqual(other);
    });
  });

  describe('init', () => {
    it('can run again without losing data or restarting counters', async () => {
      const stores = getStores();
      const first = (await stores.credentials.reserve(reserveInput())).record;
      await stores.init();
      expect(await stores.credentials.get(first.id)).toEqual(first);
      const second = (await stores.credentials.reserve(reserveInput())).record;
      expect(second.certificateNumber).toBe('SP-2025-000002');
    });
  });
}
