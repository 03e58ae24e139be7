/**
 * The content store contract: versions of a document are stored whole and read back by
 * number or as the newest; a second version with the same number is refused (even when
 * two publishes race) and leaves the first untouched; documents do not see each other's
 * versions; listing is newest first. Part of the store contract (storeContract.ts), so it
 * runs against every adapter.
 */
import { describe, expect, it } from 'vitest';
import { DuplicateRecordError, type ContentVersion } from '../../src/storage/ports.js';
import { at } from './accountFixtures.js';
import type { GetStores } from './storeContract.js';

function version(slug: string, n: number, overrides: Partial<ContentVersion> = {}): ContentVersion {
  return {
    slug,
    version: n,
    markdown: `# ${slug} v${n}\n\nText with <b>markup</b>, "quotes", ünïcode and {{organisationName}}.`,
    createdAt: at(n),
    createdBy: `admin-${n}`,
    ...overrides,
  };
}

/** The content store cases, over the stores of the current test. */
export function describeContentContract(getStores: GetStores): void {
  describe('site content versions', () => {
    it('reads nothing for a document never published', async () => {
      const { content } = getStores();
      expect(await content.getVersion('privacy')).toBeUndefined();
      expect(await content.getVersion('privacy', 1)).toBeUndefined();
      expect(await content.listVersions('privacy')).toEqual([]);
    });

    it('stores versions whole, reads the newest or a given one, lists newest first', async () => {
      const { content } = getStores();
      const [v1, v2, v3] = [
        version('terms', 1),
        version('terms', 2, { markdown: 'x'.repeat(60_000) }),
        version('terms', 3),
      ];
      for (const v of [v1, v2, v3]) await content.addVersion(v);
      expect(await content.getVersion('terms')).toEqual(v3);
      expect(await content.getVersion('terms', 2)).toEqual(v2);
      expect(await content.getVersion('terms', 1)).toEqual(v1);
      expect(await content.getVersion('terms', 4)).toBeUndefined();
      expect(await content.listVersions('terms')).toEqual([v3, v2, v1]);
    });

    it('orders by version number, not by the order of writes or by time', async () => {
      const { content } = getStores();
      const v10 = version('help', 10, { createdAt: at(1) });
      const v9 = version('help', 9, { createdAt: at(2) });
      await content.addVersion(v10);
      await content.addVersion(v9);
      expect(await content.getVersion('help')).toEqual(v10);
      expect((await content.listVersions('help')).map((v) => v.version)).toEqual([10, 9]);
    });

    it('refuses a second version with the same number and keeps the first', async () => {
      const { content } = getStores();
      const first = version('privacy', 1);
      await content.addVersion(first);
      await expect(
        content.addVersion(version('privacy', 1, { markdown: 'other', createdBy: 'admin-2' })),
      ).rejects.toBeInstanceOf(DuplicateRecordError);
      expect(await content.getVersion('privacy', 1)).toEqual(first);
      expect(await content.listVersions('privacy')).toEqual([first]);
    });

    it('lets exactly one of two racing publishes of the same number win', async () => {
      const { content } = getStores();
      const outcomes = await Promise.allSettled([
        content.addVersion(version('help', 1, { createdBy: 'a' })),
        content.addVersion(version('help', 1, { createdBy: 'b' })),
      ]);
      expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
      const refused = outcomes.find((o) => o.status === 'rejected') as PromiseRejectedResult;
      expect(refused.reason).toBeInstanceOf(DuplicateRecordError);
      expect(await content.listVersions('help')).toHaveLength(1);
    });

    it('keeps each document to its own versions', async () => {
      const { content } = getStores();
      await content.addVersion(version('privacy', 1));
      await content.addVersion(version('terms', 1));
      await content.addVersion(version('terms', 2));
      expect((await content.listVersions('privacy')).map((v) => `${v.slug}/${v.version}`)).toEqual([
        'privacy/1',
      ]);
      expect((await content.getVersion('privacy'))?.version).toBe(1);
      expect((await content.getVersion('terms'))?.version).toBe(2);
    });
  });
}
