/**
 * The marketing consent store contract (issue 21): people's locations (one per person,
 * replaced, listed by country in user-id order, optional fields absent rather than null,
 * removed), and the consent records of one kind for many people (oldest first, other kinds
 * and other people left out, an empty id list answering nothing).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ConsentRecord, Stores, UserLocation } from '../../src/storage/ports.js';

const at = (minute: number) => new Date(Date.UTC(2026, 10, 1, 9, minute)).toISOString();

function consent(userId: string, minute: number, overrides: Partial<ConsentRecord> = {}): ConsentRecord {
  return {
    id: `c-${userId}-${minute}-${overrides.kind ?? 'marketing'}`,
    userId,
    kind: 'marketing',
    textVersion: 'v1',
    granted: true,
    at: at(minute),
    ...overrides,
  };
}

/** Registers the cases against one adapter; each case gets fresh, initialised stores. */
export function describeMarketingContract(name: string, makeStores: () => Promise<Stores>): void {
  describe(`${name} marketing consent store contract`, () => {
    let stores: Stores | undefined;
    beforeEach(async () => {
      stores = await makeStores();
      await stores.init();
    });
    afterEach(async () => {
      await stores?.close();
      stores = undefined;
    });

    it('keeps one location per person, replaced on change, listed by country, removable', async () => {
      const locations = stores!.userLocations;
      expect(await locations.getLocation('u1')).toBeUndefined();
      const first: UserLocation = {
        userId: 'u2',
        country: 'ZA',
        region: 'Gauteng',
        city: 'Soweto',
        updatedAt: at(0),
      };
      const bare: UserLocation = { userId: 'u1', country: 'ZA', updatedAt: at(1) };
      const elsewhere: UserLocation = { userId: 'u3', country: 'NG', region: 'Lagos', updatedAt: at(2) };
      for (const l of [first, bare, elsewhere]) await locations.setLocation(l);
      expect(await locations.getLocation('u2')).toEqual(first);
      // Absent optional fields come back absent, not null, on both adapters.
      expect(await locations.getLocation('u1')).toEqual(bare);
      expect(await locations.listInCountry('ZA')).toEqual([bare, first]);
      const moved: UserLocation = { userId: 'u2', country: 'NG', updatedAt: at(3) };
      await locations.setLocation(moved);
      expect(await locations.getLocation('u2')).toEqual(moved);
      expect(await locations.listInCountry('ZA')).toEqual([bare]);
      expect(await locations.listInCountry('NG')).toEqual([moved, elsewhere]);
      await locations.removeLocation('u2');
      await locations.removeLocation('nobody');
      expect(await locations.getLocation('u2')).toBeUndefined();
      expect(await locations.listInCountry('NG')).toEqual([elsewhere]);
      expect(await locations.listInCountry('KE')).toEqual([]);
    });

    it('lists the consent records of one kind for many people, oldest first', async () => {
      const consents = stores!.consents;
      const records = [
        consent('u1', 3, { granted: false }),
        consent('u1', 1),
        consent('u2', 2),
        consent('u3', 0),
        consent('u1', 4, { kind: 'terms' }),
      ];
      for (const r of records) await consents.record(r);
      expect(await consents.listOfKind('marketing', ['u1', 'u2'])).toEqual([
        records[1],
        records[2],
        records[0],
      ]);
      expect(await consents.listOfKind('terms', ['u1', 'u2', 'u3'])).toEqual([records[4]]);
      expect(await consents.listOfKind('marketing', [])).toEqual([]);
      expect(await consents.listOfKind('marketing', ['nobody'])).toEqual([]);
      const many = Array.from({ length: 1200 }, (_, i) => `x${i}`);
      expect(await consents.listOfKind('marketing', [...many, 'u3'])).toEqual([records[3]]);
    });
  });
}
