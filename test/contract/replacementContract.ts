/**
 * Contract cases for `findReplacement`, which a replaced certificate's page uses to point
 * at the newer one: it finds the issued record whose `supersedes` is the id, the newest of
 * several, and neither a replacement still reserved nor anything for an id nobody replaced.
 */
import { describe, expect, it } from 'vitest';
import type { CredentialRecord, ReserveInput } from '../../src/storage/ports.js';
import { reserveInput } from './storeFixtures.js';
import type { GetStores } from './storeContract.js';

const T1 = '2025-05-01T00:00:00.000Z';
const T2 = '2025-05-02T00:00:00.000Z';
const T3 = '2025-05-03T00:00:00.000Z';

/** Registers the replacement look-up cases. */
export function describeReplacementContract(getStores: GetStores): void {
  const issue = async (overrides: Partial<ReserveInput>): Promise<CredentialRecord> => {
    const { credentials } = getStores();
    const { record } = await credentials.reserve(reserveInput(overrides));
    return credentials.markIssued(record.id, { id: record.id, proof: {} }, record.createdAt);
  };

  describe('replacements', () => {
    it('finds the issued credential that supersedes an id, and nothing for one not replaced', async () => {
      const { credentials } = getStores();
      const original = await issue({ now: T1 });
      const replacement = await issue({ supersedes: original.id, now: T2 });
      await issue({ supersedes: 'urn:uuid:someone-else', now: T2 });

      expect(await credentials.findReplacement(original.id)).toEqual(replacement);
      expect(await credentials.findReplacement(replacement.id)).toBeUndefined();
      expect(await credentials.findReplacement('urn:uuid:never-issued')).toBeUndefined();
      expect(await credentials.findReplacement('')).toBeUndefined();
    });

    it('returns the newest of several replacements, however they were inserted', async () => {
      const { credentials } = getStores();
      const original = await issue({ now: T1 });
      await issue({ supersedes: original.id, now: T2 });
      const newest = await issue({ supersedes: original.id, now: T3 });
      await issue({ supersedes: original.id, now: T2 });
      expect(await credentials.findReplacement(original.id)).toEqual(newest);
    });

    it('ignores a replacement still reserved (not signed, nothing to show) until it is issued', async () => {
      const { credentials } = getStores();
      const original = await issue({ now: T1 });
      const issued = await issue({ supersedes: original.id, now: T2 });
      const { record: pending } = await credentials.reserve(
        reserveInput({ supersedes: original.id, now: T3 }),
      );
      expect(await credentials.findReplacement(original.id)).toEqual(issued);

      const signed = await credentials.markIssued(pending.id, { id: pending.id, proof: {} }, T3);
      expect(await credentials.findReplacement(original.id)).toEqual(signed);
    });

    it('keeps finding a replacement that was revoked or redacted: the caller decides what to show', async () => {
      const { credentials, statusLists } = getStores();
      const original = await issue({ now: T1 });
      const replacement = await issue({ supersedes: original.id, now: T2 });
      const revoked = await statusLists.setStatus(replacement.id, { revoked: true, reason: 'test' }, T3);
      expect(await credentials.findReplacement(original.id)).toEqual(revoked);
      const redacted = await credentials.redactPersonalData(replacement.id, T3);
      expect(await credentials.findReplacement(original.id)).toEqual(redacted);
    });
  });
}
