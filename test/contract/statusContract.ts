/**
 * Contract cases for a credential's life after reservation: issuing, revoking and
 * suspending (with list versions and set indexes), and the holder's public flag.
 */
import { describe, expect, it } from 'vitest';
import { entryOf, reserveInput } from './storeFixtures.js';
import type { GetStores } from './storeContract.js';
import { DuplicateCredentialIdError } from '../../src/storage/ports.js';

const T1 = '2025-04-01T00:00:00.000Z';
const T2 = '2025-04-02T00:00:00.000Z';

/** Registers the issuance, status and visibility cases. */
export function describeStatusContract(getStores: GetStores): void {
  describe('after reservation', () => {
    it('markIssued stores the signed credential and moves the record to issued', async () => {
      const { credentials } = getStores();
      const { record } = await credentials.reserve(reserveInput());
      const signed = { ...record.unsigned, proof: { type: 'DataIntegrityProof', proofValue: 'z3abc' } };
      const issued = await credentials.markIssued(record.id, signed, T1);
      // The unsigned copy is dropped: the signed credential holds the same content.
      const { unsigned: _unsigned, ...reserved } = record;
      expect(issued).toEqual({ ...reserved, state: 'issued', credential: signed, updatedAt: T1 });
      expect(await credentials.get(record.id)).toEqual(issued);
      await expect(credentials.markIssued('urn:uuid:missing', signed, T1)).rejects.toThrow();
    });

    it('markIssued keeps the first signed credential when callers race', async () => {
      const { credentials } = getStores();
      const { record } = await credentials.reserve(reserveInput());
      const first = { ...record.unsigned, proof: { proofValue: 'z-first' } };
      const second = { ...record.unsigned, proof: { proofValue: 'z-second' } };
      const a = await credentials.markIssued(record.id, first, T1);
      const b = await credentials.markIssued(record.id, second, T2);
      expect(a.credential).toEqual(first);
      expect(b).toEqual(a);
      expect((await credentials.get(record.id))?.credential).toEqual(first);
    });

    it('reserve refuses an id already taken under another idempotency key', async () => {
      const { credentials } = getStores();
      const { record } = await credentials.reserve(reserveInput());
      await expect(credentials.reserve(reserveInput({ id: record.id }))).rejects.toBeInstanceOf(
        DuplicateCredentialIdError,
      );
    });

    it('discardReserved deletes only a reserved record and never frees its indexes', async () => {
      const { credentials } = getStores();
      const { record } = await credentials.reserve(reserveInput());
      expect(await credentials.discardReserved(record.id)).toBe(true);
      expect(await credentials.get(record.id)).toBeUndefined();
      expect(await credentials.discardReserved(record.id)).toBe(false);
      const next = (await credentials.reserve(reserveInput())).record;
      for (const purpose of ['revocation', 'suspension'] as const) {
        expect(entryOf(next.statusEntries, purpose).index).not.toBe(
          entryOf(record.statusEntries, purpose).index,
        );
      }
      const issued = (await credentials.reserve(reserveInput())).record;
      await credentials.markIssued(issued.id, { ...issued.unsigned, proof: {} }, T1);
      expect(await credentials.discardReserved(issued.id)).toBe(false);
      expect((await credentials.get(issued.id))?.state).toBe('issued');
    });

    it('setStatus flips flags and bumps only the version of the list whose bit changed', async () => {
      const { credentials, statusLists } = getStores();
      const a = (await credentials.reserve(reserveInput())).record;
      const b = (await credentials.reserve(reserveInput())).record;
      const revList = entryOf(a.statusEntries, 'revocation').listId;
      const susList = entryOf(a.statusEntries, 'suspension').listId;
      const versions = async () => [
        (await statusLists.getStatusList(revList))?.version,
        (await statusLists.getStatusList(susList))?.version,
      ];
      const indexOf = (r: typeof a, p: 'revocation' | 'suspension') => entryOf(r.statusEntries, p).index;

      const revoked = await statusLists.setStatus(a.id, { revoked: true, reason: 'issued in error' }, T1);
      expect(revoked).toEqual({ ...a, revoked: true, statusReason: 'issued in error', updatedAt: T1 });
      expect(await credentials.get(a.id)).toEqual(revoked);
      expect(await versions()).toEqual([1, 0]);
      expect(await statusLists.setIndexes(revList)).toEqual([indexOf(a, 'revocation')]);
      expect(await statusLists.setIndexes(susList)).toEqual([]);

      await statusLists.setStatus(a.id, { revoked: true }, T2);
      expect(await versions()).toEqual([1, 0]);

      const suspended = await statusLists.setStatus(b.id, { suspended: true }, T1);
      expect(suspended).toEqual({ ...b, suspended: true, updatedAt: T1 });
      expect(await versions()).toEqual([1, 1]);
      expect(await statusLists.setIndexes(susList)).toEqual([indexOf(b, 'suspension')]);

      await statusLists.setStatus(b.id, { revoked: true, suspended: true }, T2);
      expect(await versions()).toEqual([2, 1]);
      const both = [indexOf(a, 'revocation'), indexOf(b, 'revocation')].sort((x, y) => x - y);
      expect(await statusLists.setIndexes(revList)).toEqual(both);

      const unsuspended = await statusLists.setStatus(b.id, { suspended: false }, T2);
      expect(unsuspended).toMatchObject({ revoked: true, suspended: false });
      expect(await versions()).toEqual([2, 2]);
      expect(await statusLists.setIndexes(susList)).toEqual([]);
      expect(await statusLists.setIndexes(revList)).toEqual(both);

      const unrevoked = await statusLists.setStatus(a.id, { revoked: false }, T2);
      expect(unrevoked).toMatchObject({ revoked: false, statusReason: 'issued in error' });
      expect(await versions()).toEqual([3, 2]);
      expect(await statusLists.setIndexes(revList)).toEqual([indexOf(b, 'revocation')]);
      expect(await statusLists.setIndexes('no-such-list')).toEqual([]);
      expect(await statusLists.setStatus('urn:uuid:missing', { revoked: true }, T1)).toBeUndefined();
    });

    it('setStatusMany sets the same flags on several credentials, each with its own reason, in the order given', async () => {
      const { credentials, statusLists } = getStores();
      const [a, b, c] = [
        (await credentials.reserve(reserveInput())).record,
        (await credentials.reserve(reserveInput())).record,
        (await credentials.reserve(reserveInput())).record,
      ];
      await statusLists.setStatus(c.id, { suspended: true, reason: 'under review' }, T1);
      const revList = entryOf(a.statusEntries, 'revocation').listId;
      const susList = entryOf(a.statusEntries, 'suspension').listId;
      const before = {
        rev: (await statusLists.getStatusList(revList))!.version,
        sus: (await statusLists.getStatusList(susList))!.version,
      };

      const updated = await statusLists.setStatusMany(
        [
          { id: b.id, reason: 'revoked with the original' },
          { id: 'urn:uuid:missing' },
          { id: a.id, reason: 'issued in error' },
          { id: c.id },
        ],
        { revoked: true },
        T2,
      );
      expect(updated.map((r) => r.id)).toEqual([b.id, a.id, c.id]);
      expect(updated[0]).toEqual({
        ...b,
        revoked: true,
        statusReason: 'revoked with the original',
        updatedAt: T2,
      });
      expect(updated[1]).toEqual({ ...a, revoked: true, statusReason: 'issued in error', updatedAt: T2 });
      // No reason given: the one stored stays, and so does the other purpose's flag.
      expect(updated[2]).toMatchObject({
        revoked: true,
        suspended: true,
        statusReason: 'under review',
        updatedAt: T2,
      });
      for (const record of updated) expect(await credentials.get(record.id)).toEqual(record);
      const indexes = [a, b, c]
        .map((r) => entryOf(r.statusEntries, 'revocation').index)
        .sort((x, y) => x - y);
      expect(await statusLists.setIndexes(revList)).toEqual(indexes);
      expect((await statusLists.getStatusList(revList))!.version).toBeGreaterThan(before.rev);
      expect((await statusLists.getStatusList(susList))!.version).toBe(before.sus);

      const unsuspended = await statusLists.setStatusMany(
        [{ id: c.id, reason: 'cleared' }],
        { suspended: false },
        T2,
      );
      expect(unsuspended).toEqual([
        expect.objectContaining({ revoked: true, suspended: false, statusReason: 'cleared' }),
      ]);
      expect((await statusLists.getStatusList(susList))!.version).toBeGreaterThan(before.sus);
      expect(await statusLists.setIndexes(susList)).toEqual([]);
      expect(await statusLists.setStatusMany([], { revoked: true }, T2)).toEqual([]);
    });

    it('setStatus leaves lists of other purposes alone for a credential without them', async () => {
      const { credentials, statusLists } = getStores();
      const full = (await credentials.reserve(reserveInput())).record;
      const revOnly = (await credentials.reserve(reserveInput({ purposes: ['revocation'] }))).record;
      const susList = entryOf(full.statusEntries, 'suspension').listId;
      const updated = await statusLists.setStatus(revOnly.id, { suspended: true }, T1);
      expect(updated).toMatchObject({ suspended: true });
      expect((await statusLists.getStatusList(susList))?.version).toBe(0);
      expect(await statusLists.setIndexes(susList)).toEqual([]);
    });

    it('setPublic sets the visibility flag', async () => {
      const { credentials } = getStores();
      const { record } = await credentials.reserve(reserveInput({ isPublic: false }));
      const shown = await credentials.setPublic(record.id, true, T1);
      expect(shown).toEqual({ ...record, isPublic: true, updatedAt: T1 });
      expect(await credentials.get(record.id)).toEqual(shown);
      expect(await credentials.setPublic(record.id, false, T2)).toEqual({
        ...record,
        isPublic: false,
        updatedAt: T2,
      });
      expect(await credentials.setPublic('urn:uuid:missing', true, T1)).toBeUndefined();
    });
  });
}
