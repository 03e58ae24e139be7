/**
 * The audit irregularity store contract: a record reads back whole; an update over a stale
 * version writes nothing (of two racing updates exactly one wins); the list is newest
 * recorded first, per organisation, only the open ones when asked, up to the limit.
 */
import { describe, expect, it } from 'vitest';
import type { IrregularityRecord, IrregularityStatus } from '../../src/storage/ports.js';
import { at } from './accountFixtures.js';
import type { GetStores } from './storeContract.js';

const irregularity = (
  id: string,
  organisationId: string,
  n: number,
  status: IrregularityStatus = 'open',
): IrregularityRecord => ({
  id,
  organisationId,
  applicationId: `app-${organisationId}`,
  what: `Finding ${n}`,
  evidence: 'Registers\nsigned twice',
  severity: 'high',
  status,
  recordedAt: at(n),
  recordedBy: 'staff-1',
  responses: [],
  decisions: [],
  updatedAt: at(n),
  version: 1,
});

/** The irregularity store cases, over the stores of the current test. */
export function describeIrregularityContract(getStores: GetStores): void {
  describe('audit irregularities', () => {
    it('reads a record back whole and updates it only over its version', async () => {
      const { irregularities } = getStores();
      expect(await irregularities.getIrregularity('irr-1')).toBeUndefined();
      const record = irregularity('irr-1', 'org-a', 1);
      await irregularities.createIrregularity(record);
      expect(await irregularities.getIrregularity('irr-1')).toEqual(record);

      const responded: IrregularityRecord = {
        ...record,
        status: 'responded',
        responses: [
          {
            at: at(2),
            by: 'partner-1',
            text: 'Originals attached',
            documents: [{ name: 'r.pdf', mediaType: 'application/pdf', size: 10, sha256: 'a'.repeat(64) }],
          },
        ],
        version: 2,
        updatedAt: at(2),
      };
      const other = { ...record, status: 'resolved' as const, version: 2 };
      const results = await Promise.all([
        irregularities.updateIrregularity(responded, 1),
        irregularities.updateIrregularity(other, 1),
      ]);
      expect(results.filter(Boolean)).toHaveLength(1);
      const stored = await irregularities.getIrregularity('irr-1');
      expect(stored).toEqual(results[0] ? responded : other);
      expect(await irregularities.updateIrregularity({ ...record, version: 9 }, 5)).toBe(false);
      expect((await irregularities.getIrregularity('irr-1'))?.version).toBe(2);
    });

    it('lists newest first, by organisation, the open ones only when asked', async () => {
      const { irregularities } = getStores();
      await irregularities.createIrregularity(irregularity('l-1', 'org-b', 1));
      await irregularities.createIrregularity(irregularity('l-2', 'org-b', 3, 'resolved'));
      await irregularities.createIrregularity(irregularity('l-3', 'org-c', 2, 'escalated'));
      await irregularities.createIrregularity(irregularity('l-4', 'org-b', 4, 'corrective_action'));
      const ids = (list: IrregularityRecord[]) => list.map((r) => r.id);
      expect(ids(await irregularities.listIrregularities({ limit: 10 }))).toEqual([
        'l-4',
        'l-2',
        'l-3',
        'l-1',
      ]);
      expect(ids(await irregularities.listIrregularities({ open: true, limit: 10 }))).toEqual([
        'l-4',
        'l-3',
        'l-1',
      ]);
      expect(ids(await irregularities.listIrregularities({ organisationId: 'org-b', limit: 10 }))).toEqual([
        'l-4',
        'l-2',
        'l-1',
      ]);
      expect(
        ids(await irregularities.listIrregularities({ organisationId: 'org-b', open: true, limit: 1 })),
      ).toEqual(['l-4']);
      expect(await irregularities.listIrregularities({ organisationId: 'org-none', limit: 10 })).toEqual([]);
      // Status moves with the record, so the open list follows updates.
      const resolved = { ...irregularity('l-1', 'org-b', 1), status: 'resolved' as const, version: 2 };
      expect(await irregularities.updateIrregularity(resolved, 1)).toBe(true);
      expect(
        ids(await irregularities.listIrregularities({ organisationId: 'org-b', open: true, limit: 10 })),
      ).toEqual(['l-4']);
    });
  });
}
