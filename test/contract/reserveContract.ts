/**
 * Contract cases for `reserve`: idempotency, certificate numbers, status index
 * allocation (shuffled, distinct, in range) and status list selection.
 */
import { describe, expect, it, vi } from 'vitest';
import type { StatusEntryRef } from '../../src/storage/ports.js';
import { buildUnsigned, entryOf, LIST_LENGTH, reserveInput, testShuffle } from './storeFixtures.js';
import type { GetStores } from './storeContract.js';

/** Registers the reserve cases. */
export function describeReserveContract(getStores: GetStores): void {
  describe('reserve', () => {
    it('creates a reserved record, then returns the identical record for the same idempotency key', async () => {
      const { credentials } = getStores();
      const input = reserveInput({ isPublic: true });
      const first = await credentials.reserve(input);
      expect(first.created).toBe(true);
      expect(first.record).toMatchObject({
        id: input.id,
        idempotencyKey: input.idempotencyKey,
        certificateNumber: 'SP-2025-000001',
        issuerDid: input.issuerDid,
        state: 'reserved',
        revoked: false,
        suspended: false,
        isPublic: true,
        createdAt: input.now,
        updatedAt: input.now,
      });
      expect(Object.keys(first.record)).not.toContain('credential');
      expect(Object.keys(first.record)).not.toContain('statusReason');
      expect(Object.keys(first.record)).not.toContain('templateRef');
      expect(Object.keys(first.record)).not.toContain('supersedes');

      const retry = reserveInput({ idempotencyKey: input.idempotencyKey, now: '2025-03-02T00:00:00.000Z' });
      const second = await credentials.reserve(retry);
      expect(second.created).toBe(false);
      expect(second.record).toEqual(first.record);
      expect(retry.build).not.toHaveBeenCalled();
      expect(await credentials.get(retry.id)).toBeUndefined();
      expect(await credentials.get(input.id)).toEqual(first.record);
      expect(await credentials.getByIdempotencyKey(input.idempotencyKey)).toEqual(first.record);
      expect(await credentials.getByIdempotencyKey('no-such-key')).toBeUndefined();

      const next = await credentials.reserve(reserveInput());
      expect(next.record.certificateNumber).toBe('SP-2025-000002');
    });

    it('keeps the template version and the superseded credential it is given', async () => {
      const { credentials } = getStores();
      const input = reserveInput({
        templateRef: { templateId: 'tpl-1', version: 3 },
        supersedes: 'urn:uuid:older',
      });
      const { record } = await credentials.reserve(input);
      expect(record).toMatchObject({
        templateRef: { templateId: 'tpl-1', version: 3 },
        supersedes: 'urn:uuid:older',
      });
      const issued = await credentials.markIssued(input.id, { id: input.id }, '2025-03-02T00:00:00.000Z');
      expect(issued).toMatchObject({
        templateRef: { templateId: 'tpl-1', version: 3 },
        supersedes: 'urn:uuid:older',
      });
      expect(await credentials.get(input.id)).toEqual(issued);
    });

    it('numbers certificates sequentially per prefix and year, zero padded', async () => {
      const { credentials } = getStores();
      const numberOf = async (certificatePrefix: string, year: number) =>
        (await credentials.reserve(reserveInput({ certificatePrefix, year }))).record.certificateNumber;
      expect(await numberOf('SP', 2025)).toBe('SP-2025-000001');
      expect(await numberOf('SP', 2025)).toBe('SP-2025-000002');
      expect(await numberOf('SP', 2026)).toBe('SP-2026-000001');
      expect(await numberOf('ACME', 2025)).toBe('ACME-2025-000001');
      expect(await numberOf('SP', 2025)).toBe('SP-2025-000003');
      expect(await numberOf('SP', 2026)).toBe('SP-2026-000002');
    });

    it('builds the credential from the number and status entries it stores', async () => {
      const { credentials, statusLists } = getStores();
      const id = 'urn:uuid:built-here';
      const build = vi.fn((fixed: { certificateNumber: string; statusEntries: StatusEntryRef[] }) =>
        buildUnsigned(id, fixed),
      );
      const input = reserveInput({ id, build });
      const { record } = await credentials.reserve(input);
      expect(build).toHaveBeenCalledTimes(1);
      const fixed = build.mock.calls[0]![0];
      expect(fixed).toEqual({
        certificateNumber: record.certificateNumber,
        statusEntries: record.statusEntries,
      });
      expect(record.statusEntries.map((e) => e.purpose)).toEqual(['revocation', 'suspension']);
      expect(record.unsigned).toEqual(buildUnsigned(id, fixed));
      expect(record.unsigned).toMatchObject({ credentialSubject: { certificateNumber: 'SP-2025-000001' } });

      const revocation = entryOf(record.statusEntries, 'revocation');
      const suspension = entryOf(record.statusEntries, 'suspension');
      expect(revocation.listId).not.toBe(suspension.listId);
      for (const entry of record.statusEntries) {
        const list = await statusLists.getStatusList(entry.listId);
        expect(list).toEqual({
          id: entry.listId,
          purpose: entry.purpose,
          length: LIST_LENGTH,
          allocated: 1,
          shuffleKey: expect.stringMatching(/^[0-9a-f]{64}$/),
          version: 0,
          createdAt: input.now,
        });
        expect(entry.index).toBe(testShuffle(list!.shuffleKey, 0, LIST_LENGTH));
        expect(input.shuffle).toHaveBeenCalledWith(list!.shuffleKey, 0, LIST_LENGTH);
      }
      expect(await statusLists.getStatusList('no-such-list')).toBeUndefined();

      const onlyRevocation = await credentials.reserve(reserveInput({ purposes: ['revocation'] }));
      expect(onlyRevocation.record.statusEntries).toEqual([
        { purpose: 'revocation', listId: revocation.listId, index: testShuffle('', 1, LIST_LENGTH) },
      ]);
    });

    it('gives 200 reservations 200 distinct, in-range indexes per purpose in shuffled order', async () => {
      const { credentials, statusLists } = getStores();
      const records = [];
      for (let i = 0; i < 200; i++) records.push((await credentials.reserve(reserveInput())).record);
      for (const purpose of ['revocation', 'suspension'] as const) {
        const entries = records.map((r) => entryOf(r.statusEntries, purpose));
        const listIds = new Set(entries.map((e) => e.listId));
        expect(listIds.size).toBe(1);
        const indexes = entries.map((e) => e.index);
        expect(new Set(indexes).size).toBe(200);
        for (const index of indexes) {
          expect(Number.isInteger(index) && index >= 0 && index < LIST_LENGTH).toBe(true);
        }
        expect(indexes).not.toEqual([...indexes].sort((a, b) => a - b));
        expect(indexes).toEqual(indexes.map((_, position) => testShuffle('', position, LIST_LENGTH)));
        const list = await statusLists.getStatusList([...listIds][0]!);
        expect(list?.allocated).toBe(200);
      }
    });

    it('keeps lists of a different length apart', async () => {
      const { credentials, statusLists } = getStores();
      const a = (await credentials.reserve(reserveInput({ purposes: ['revocation'] }))).record;
      const b = (
        await credentials.reserve(reserveInput({ purposes: ['revocation'], statusListLength: 262144 }))
      ).record;
      const c = (await credentials.reserve(reserveInput({ purposes: ['revocation'] }))).record;
      const [ea, eb, ec] = [a, b, c].map((r) => entryOf(r.statusEntries, 'revocation'));
      expect(eb!.listId).not.toBe(ea!.listId);
      expect(ec!.listId).toBe(ea!.listId);
      expect(await statusLists.getStatusList(eb!.listId)).toMatchObject({ length: 262144, allocated: 1 });
      expect(await statusLists.getStatusList(ea!.listId)).toMatchObject({
        length: LIST_LENGTH,
        allocated: 2,
      });
    });

    it('opens a new list when the open one is full (adapter-level check with a tiny length)', async () => {
      const { credentials, statusLists } = getStores();
      const entries = [];
      for (let i = 0; i < 5; i++) {
        const input = reserveInput({ purposes: ['suspension'], statusListLength: 4 });
        entries.push(entryOf((await credentials.reserve(input)).record.statusEntries, 'suspension'));
      }
      const first = entries[0]!.listId;
      expect(entries.slice(0, 4).every((e) => e.listId === first)).toBe(true);
      expect(
        entries
          .slice(0, 4)
          .map((e) => e.index)
          .sort(),
      ).toEqual([0, 1, 2, 3]);
      expect(entries[4]!.listId).not.toBe(first);
      expect(await statusLists.getStatusList(first)).toMatchObject({ allocated: 4, length: 4 });
      expect(await statusLists.getStatusList(entries[4]!.listId)).toMatchObject({ allocated: 1, length: 4 });
    });
  });
}
