/**
 * The accreditation store contract: types saved under optimistic versions (a new one once,
 * a stale update refused) and listed by name; applications created, read, replaced only
 * from the version read (one of two racing updates wins), and listed newest first by
 * organisation, status and type with a limit.
 */
import { describe, expect, it } from 'vitest';
import type { AccreditationTypeRecord, ApplicationRecord } from '../../src/storage/ports.js';
import { at } from './accountFixtures.js';
import { nextId } from './storeFixtures.js';
import type { GetStores } from './storeContract.js';

function accreditationType(overrides: Partial<AccreditationTypeRecord> = {}): AccreditationTypeRecord {
  return {
    id: `type-${nextId()}`,
    name: 'Training provider',
    description: 'Accreditation to deliver our courses',
    stages: [
      {
        id: 'docs',
        name: 'Documents',
        items: [
          {
            id: 'tax',
            kind: 'document',
            name: 'Tax clearance',
            guidance: 'Issued this year',
            deadlineDays: 30,
          },
        ],
      },
    ],
    validityMonths: 24,
    reminderDays: [7, 1],
    renewalReminderDays: [60, 30],
    active: true,
    version: 1,
    updatedAt: at(0),
    updatedBy: 'staff-1',
    ...overrides,
  };
}

function application(overrides: Partial<ApplicationRecord> = {}): ApplicationRecord {
  const type = accreditationType();
  return {
    id: `application-${nextId()}`,
    organisationId: 'org-1',
    type,
    cycle: 1,
    status: 'in_progress',
    startedAt: at(1),
    startedBy: 'partner-1',
    stageIndex: 0,
    stageHistory: [{ stageId: 'docs', startedAt: at(1) }],
    items: [{ itemId: 'tax', stageId: 'docs', state: 'missing', dueAt: at(100), documents: [], reviews: [] }],
    checkIns: [],
    updatedAt: at(1),
    version: 1,
    ...overrides,
  };
}

export function describeAccreditationContract(getStores: GetStores): void {
  describe('accreditation', () => {
    it('saves types under optimistic versions and lists them by name', async () => {
      const { accreditation } = getStores();
      const b = accreditationType({ name: 'B type' });
      const a = accreditationType({ name: 'A type' });
      expect(await accreditation.putType(b, 0)).toBe(true);
      expect(await accreditation.putType(b, 0)).toBe(false);
      expect(await accreditation.putType(a, 0)).toBe(true);
      const edited = { ...b, description: 'changed', version: 2 };
      expect(await accreditation.putType(edited, 1)).toBe(true);
      expect(await accreditation.putType({ ...b, description: 'stale', version: 2 }, 1)).toBe(false);
      expect(await accreditation.getType(b.id)).toEqual(edited);
      expect(await accreditation.getType('type-missing')).toBeUndefined();
      expect((await accreditation.listTypes()).map((t) => t.name)).toEqual(['A type', 'B type']);
    });

    it('creates, reads and replaces applications from the version read', async () => {
      const { accreditation } = getStores();
      const original = application();
      await accreditation.createApplication(original);
      expect(await accreditation.getApplication(original.id)).toEqual(original);
      expect(await accreditation.getApplication('application-missing')).toBeUndefined();
      const next = { ...original, status: 'approved' as const, version: 2, approvedAt: at(5) };
      expect(await accreditation.updateApplication(next, 1)).toBe(true);
      expect(await accreditation.updateApplication({ ...original, version: 2 }, 1)).toBe(false);
      expect(await accreditation.getApplication(original.id)).toEqual(next);
      const racers = await Promise.all([
        accreditation.updateApplication({ ...next, version: 3, endReason: 'a' }, 2),
        accreditation.updateApplication({ ...next, version: 3, endReason: 'b' }, 2),
      ]);
      expect(racers.filter(Boolean)).toHaveLength(1);
      expect((await accreditation.getApplication(original.id))?.version).toBe(3);
    });

    it('lists applications newest first by organisation, status and type', async () => {
      const { accreditation } = getStores();
      const old = application({ startedAt: at(1), organisationId: 'org-a' });
      const recent = application({ startedAt: at(3), organisationId: 'org-a', status: 'approved' });
      const other = application({ startedAt: at(2), organisationId: 'org-b' });
      for (const a of [old, recent, other]) await accreditation.createApplication(a);
      expect((await accreditation.listApplications({ limit: 10 })).map((a) => a.id)).toEqual([
        recent.id,
        other.id,
        old.id,
      ]);
      expect(
        (await accreditation.listApplications({ organisationId: 'org-a', limit: 10 })).map((a) => a.id),
      ).toEqual([recent.id, old.id]);
      expect(
        (await accreditation.listApplications({ status: 'in_progress', limit: 10 })).map((a) => a.id),
      ).toEqual([other.id, old.id]);
      expect(
        (await accreditation.listApplications({ typeId: old.type.id, limit: 10 })).map((a) => a.id),
      ).toEqual([old.id]);
      expect((await accreditation.listApplications({ limit: 1 })).map((a) => a.id)).toEqual([recent.id]);
      expect(await accreditation.listApplications({ organisationId: 'org-none', limit: 10 })).toEqual([]);
    });
  });
}
