/**
 * Contract cases for overlapping reservations: distinct keys never share a number or
 * an index; the same key yields exactly one record however many callers race.
 */
import { describe, expect, it } from 'vitest';
import { entryOf, reserveInput } from './storeFixtures.js';
import type { GetStores } from './storeContract.js';

/** Registers the concurrency cases. */
export function describeConcurrencyContract(getStores: GetStores): void {
  describe('concurrent reserve', () => {
    it('gives 50 concurrent reservations distinct numbers and distinct indexes per purpose', async () => {
      const { credentials, statusLists } = getStores();
      const results = await Promise.all(
        Array.from({ length: 50 }, () => credentials.reserve(reserveInput())),
      );
      expect(results.every((r) => r.created)).toBe(true);
      const numbers = results.map((r) => r.record.certificateNumber).sort();
      expect(numbers).toEqual(
        Array.from({ length: 50 }, (_, i) => `SP-2025-${String(i + 1).padStart(6, '0')}`),
      );
      for (const purpose of ['revocation', 'suspension'] as const) {
        const entries = results.map((r) => entryOf(r.record.statusEntries, purpose));
        expect(new Set(entries.map((e) => `${e.listId}#${e.index}`)).size).toBe(50);
        const listIds = [...new Set(entries.map((e) => e.listId))];
        expect(listIds).toHaveLength(1);
        expect((await statusLists.getStatusList(listIds[0]!))?.allocated).toBe(50);
      }
    });

    it('gives concurrent reservations with the same key one record', async () => {
      const { credentials } = getStores();
      const idempotencyKey = 'same-key-for-all';
      const inputs = Array.from({ length: 10 }, () => reserveInput({ idempotencyKey }));
      const results = await Promise.all(inputs.map((input) => credentials.reserve(input)));
      expect(results.filter((r) => r.created)).toHaveLength(1);
      const winner = results.find((r) => r.created)!.record;
      for (const r of results) expect(r.record).toEqual(winner);
      expect(await credentials.getByIdempotencyKey(idempotencyKey)).toEqual(winner);
      const stored = await Promise.all(inputs.map((input) => credentials.get(input.id)));
      expect(stored.filter((r) => r !== undefined)).toEqual([winner]);
    });
  });
}
