/**
 * The organisation details store contract: nothing stored for an organisation at first;
 * a save keeps the details whole, renames the organisation and adds its change; a save over
 * a stale version writes nothing (of two racing saves exactly one wins); the history lists
 * newest first, per organisation, up to the limit; an erased editor's changes are relabelled.
 */
import { describe, expect, it } from 'vitest';
import type { OrganisationChangeRecord, OrganisationDetailsRecord } from '../../src/storage/ports.js';
import { at } from './accountFixtures.js';
import type { GetStores } from './storeContract.js';

const record = (organisationId: string, version: number, phone: string): OrganisationDetailsRecord => ({
  organisationId,
  details: { phone, address: '12 Long Street\nCape Town', website: 'https://example.org' },
  version,
  updatedAt: at(version),
  updatedBy: 'user-1',
});

const change = (organisationId: string, n: number): OrganisationChangeRecord => ({
  id: `change-${organisationId}-${n}`,
  organisationId,
  at: at(n),
  by: 'user-1',
  byLabel: 'Thandi Partner',
  changes: [
    { field: 'phone', ...(n > 1 ? { from: `+27 21 000 000${n - 1}` } : {}), to: `+27 21 000 000${n}` },
  ],
});

/** The organisation details store cases, over the stores of the current test. */
export function describeOrganisationDetailsContract(getStores: GetStores): void {
  describe('organisation details', () => {
    it('saves details whole, renames the organisation, and records each change newest first', async () => {
      const { organisationDetails, directory } = getStores();
      await directory.createOrganisation({ id: 'org-1', name: 'Old Name', createdAt: at(0) });
      expect(await organisationDetails.getDetails('org-1')).toBeUndefined();
      expect(await organisationDetails.listChanges('org-1', 10)).toEqual([]);

      const first = record('org-1', 1, '+27 21 000 0001');
      expect(await organisationDetails.saveDetails(first, 'New Name', change('org-1', 1), 0)).toBe(true);
      expect(await organisationDetails.getDetails('org-1')).toEqual(first);
      expect((await directory.getOrganisation('org-1'))?.name).toBe('New Name');

      const second = record('org-1', 2, '+27 21 000 0002');
      expect(await organisationDetails.saveDetails(second, 'New Name', change('org-1', 2), 1)).toBe(true);
      expect(await organisationDetails.getDetails('org-1')).toEqual(second);
      expect(await organisationDetails.listChanges('org-1', 10)).toEqual([
        change('org-1', 2),
        change('org-1', 1),
      ]);
      expect(await organisationDetails.listChanges('org-1', 1)).toEqual([change('org-1', 2)]);
      expect(await organisationDetails.listChanges('org-1', 0)).toEqual([]);
      expect(await organisationDetails.listChanges('org-2', 10)).toEqual([]);
    });

    it('writes nothing over a stale version, and of two racing first saves exactly one wins', async () => {
      const { organisationDetails, directory } = getStores();
      await directory.createOrganisation({ id: 'org-3', name: 'Race', createdAt: at(0) });
      const results = await Promise.all([
        organisationDetails.saveDetails(record('org-3', 1, 'a'), 'Race A', change('org-3', 1), 0),
        organisationDetails.saveDetails(record('org-3', 1, 'b'), 'Race B', change('org-3', 2), 0),
      ]);
      expect(results.filter(Boolean)).toHaveLength(1);
      expect(await organisationDetails.listChanges('org-3', 10)).toHaveLength(1);
      const stale = await organisationDetails.saveDetails(
        record('org-3', 2, 'c'),
        'Stale',
        change('org-3', 3),
        5,
      );
      expect(stale).toBe(false);
      expect((await organisationDetails.getDetails('org-3'))?.version).toBe(1);
      expect(await organisationDetails.listChanges('org-3', 10)).toHaveLength(1);
      expect((await directory.getOrganisation('org-3'))?.name).not.toBe('Stale');
    });

    it('relabels every change an erased editor made, in every organisation, and no other', async () => {
      const { organisationDetails, directory } = getStores();
      for (const id of ['org-4', 'org-5'])
        await directory.createOrganisation({ id, name: id, createdAt: at(0) });
      const by = (c: OrganisationChangeRecord, who: string): OrganisationChangeRecord => ({
        ...c,
        by: who,
        byLabel: `${who} <${who}@example.org>`,
      });
      await organisationDetails.saveDetails(
        record('org-4', 1, 'a'),
        'org-4',
        by(change('org-4', 1), 'gone'),
        0,
      );
      await organisationDetails.saveDetails(
        record('org-4', 2, 'b'),
        'org-4',
        by(change('org-4', 2), 'kept'),
        1,
      );
      await organisationDetails.saveDetails(
        record('org-5', 1, 'c'),
        'org-5',
        by(change('org-5', 1), 'gone'),
        0,
      );

      expect(await organisationDetails.relabelEditor('gone', 'a former user')).toBe(2);
      const four = await organisationDetails.listChanges('org-4', 10);
      expect(four.map((c) => c.byLabel)).toEqual(['kept <kept@example.org>', 'a former user']);
      expect(four[1]).toEqual({ ...by(change('org-4', 1), 'gone'), byLabel: 'a former user' });
      expect((await organisationDetails.listChanges('org-5', 10))[0]?.byLabel).toBe('a former user');
      expect((await organisationDetails.getDetails('org-4'))?.version).toBe(2);
      expect(await organisationDetails.relabelEditor('nobody', 'a former user')).toBe(0);
    });
  });
}
