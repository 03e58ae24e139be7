/**
 * Contract cases for a holder's view of credentials (listByHolder), erasure
 * (redactPersonalData keeps status lists right and removes the personal data) and the
 * admin console's list of API keys.
 */
import { describe, expect, it } from 'vitest';
import type { StatusEntryRef } from '../../src/storage/ports.js';
import { apiKeyRecord, buildUnsigned, entryOf, reserveInput } from './storeFixtures.js';
import type { GetStores } from './storeContract.js';

const T1 = '2025-04-01T00:00:00.000Z';
const T2 = '2025-04-02T00:00:00.000Z';
const T3 = '2025-04-03T00:00:00.000Z';
const NAME = 'Ada Lovelace';

/** A build function whose credential names the person, as real ones do. */
const buildNamed =
  (id: string) =>
  (fixed: { certificateNumber: string; statusEntries: StatusEntryRef[] }): Record<string, unknown> => {
    const base = buildUnsigned(id, fixed);
    return { ...base, credentialSubject: { ...(base.credentialSubject as object), name: NAME } };
  };

/** Registers the holder, redaction and API key list cases. */
export function describeHolderContract(getStores: GetStores): void {
  describe('holder credentials', () => {
    it("stores the holder on reserve and lists a holder's credentials newest first", async () => {
      const { credentials } = getStores();
      const older = (await credentials.reserve(reserveInput({ holderUserId: 'user_1', now: T1 }))).record;
      const other = (await credentials.reserve(reserveInput({ holderUserId: 'user_2', now: T2 }))).record;
      const newer = (await credentials.reserve(reserveInput({ holderUserId: 'user_1', now: T3 }))).record;
      const none = (await credentials.reserve(reserveInput({ now: T3 }))).record;
      expect(older.holderUserId).toBe('user_1');
      expect(Object.keys(none)).not.toContain('holderUserId');
      expect(Object.keys(none)).not.toContain('redactedAt');
      expect(await credentials.get(older.id)).toEqual(older);

      expect(await credentials.listByHolder('user_1')).toEqual([newer, older]);
      expect(await credentials.listByHolder('user_2')).toEqual([other]);
      expect(await credentials.listByHolder('user_3')).toEqual([]);
      const issued = await credentials.markIssued(older.id, { ...older.unsigned, proof: {} }, T3);
      expect(await credentials.listByHolder('user_1')).toEqual([newer, issued]);
    });
  });

  describe('redactPersonalData', () => {
    it('drops the personal data and holder but keeps flags, entries and status lists correct', async () => {
      const { credentials, statusLists } = getStores();
      const id = 'urn:uuid:to-be-erased';
      const kept = (await credentials.reserve(reserveInput({ holderUserId: 'user_1', now: T1 }))).record;
      const reserved = (
        await credentials.reserve(
          reserveInput({ id, build: buildNamed(id), holderUserId: 'user_1', isPublic: true, now: T1 }),
        )
      ).record;
      const issued = await credentials.markIssued(
        id,
        { ...reserved.unsigned, proof: { proofValue: 'z1' } },
        T1,
      );
      expect(JSON.stringify(issued)).toContain(NAME);
      const revoked = await statusLists.setStatus(id, { revoked: true, reason: 'left the course' }, T2);
      const revList = entryOf(revoked!.statusEntries, 'revocation').listId;
      const susList = entryOf(revoked!.statusEntries, 'suspension').listId;
      const revIndex = entryOf(revoked!.statusEntries, 'revocation').index;
      const versionBefore = (await statusLists.getStatusList(revList))!.version;

      const redacted = await credentials.redactPersonalData(id, T3);
      const { unsigned: _u, credential: _c, holderUserId: _h, ...rest } = revoked!;
      expect(redacted).toEqual({ ...rest, isPublic: false, redactedAt: T3, updatedAt: T3 });
      expect(redacted).toMatchObject({ state: 'issued', revoked: true, statusReason: 'left the course' });
      for (const field of ['unsigned', 'credential', 'holderUserId'])
        expect(Object.keys(redacted!)).not.toContain(field);
      expect(JSON.stringify(redacted)).not.toContain(NAME);
      expect(await credentials.get(id)).toEqual(redacted);
      expect(await credentials.getByIdempotencyKey(reserved.idempotencyKey)).toEqual(redacted);

      expect(await statusLists.setIndexes(revList)).toEqual([revIndex]);
      expect(await statusLists.setIndexes(susList)).toEqual([]);
      expect((await statusLists.getStatusList(revList))!.version).toBe(versionBefore);
      expect(await credentials.listByHolder('user_1')).toEqual([kept]);

      // Status changes still work on a redacted credential and show in its list.
      const unrevoked = await statusLists.setStatus(id, { revoked: false }, T3);
      expect(unrevoked).toEqual({ ...redacted, revoked: false, updatedAt: T3 });
      expect(await statusLists.setIndexes(revList)).toEqual([]);
      expect((await statusLists.getStatusList(revList))!.version).toBe(versionBefore + 1);
    });

    it('keeps the first redaction time when asked again, and returns undefined for an unknown id', async () => {
      const { credentials } = getStores();
      const { record } = await credentials.reserve(reserveInput({ holderUserId: 'user_1' }));
      const first = await credentials.redactPersonalData(record.id, T1);
      expect(first).toMatchObject({ redactedAt: T1, updatedAt: T1, isPublic: false });
      expect(await credentials.redactPersonalData(record.id, T2)).toEqual(first);
      expect(await credentials.setPublic(record.id, false, T2)).toMatchObject({ redactedAt: T1 });
      expect(await credentials.redactPersonalData('urn:uuid:missing', T1)).toBeUndefined();
    });
  });

  describe('api key list', () => {
    it('lists every key newest first, revoked ones too, with createdBy when set', async () => {
      const { apiKeys } = getStores();
      expect(await apiKeys.list()).toEqual([]);
      const old = apiKeyRecord({ createdAt: T1 });
      const mid = apiKeyRecord({ createdAt: T2, createdBy: 'user_admin' });
      const recent = apiKeyRecord({ createdAt: T3 });
      for (const key of [mid, recent, old]) await apiKeys.create(key);
      expect(await apiKeys.findByHash(mid.hash)).toEqual(mid);
      expect(Object.keys((await apiKeys.findByHash(old.hash))!)).not.toContain('createdBy');
      await apiKeys.revoke(mid.id, T3);
      expect(await apiKeys.list()).toEqual([recent, { ...mid, revokedAt: T3 }, old]);
    });
  });
}
