/**
 * The scheduled report store contract: a kept report is stored whole; one report per
 * period (a second insert, even racing, is refused and changes nothing); the list is
 * newest period first without the figures; unsent reports list oldest first until marked
 * (the first mark stands); the recipients are empty until set, then as last set. Run on
 * each adapter by test/contract/sqlite.test.ts and test/contract/mongodb.test.ts.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildProgramReport } from '../../src/programs/reports.js';
import type { ScheduledReportRecord, Stores } from '../../src/storage/ports.js';

function kept(
  kind: ScheduledReportRecord['kind'],
  period: string,
  from: string,
  to: string,
  issued: number,
  overrides: Partial<ScheduledReportRecord> = {},
): ScheduledReportRecord {
  const report = buildProgramReport({
    courses: [],
    batches: [],
    enrolments: [],
    submissions: [],
    feedback: [],
  });
  return {
    id: `${kind}-${period}`,
    kind,
    period,
    from,
    to,
    generatedAt: `${to}-28T01:00:00.000Z`,
    recipientIds: ['staff-1', 'admin-1'],
    report: {
      ...report,
      from,
      to,
      totals: { ...report.totals, issued },
      funnel: { ...report.funnel, pending: issued + 1 },
    },
    ...overrides,
  };
}

/** Registers the cases against fresh stores from `makeStores` for each. */
export function describeScheduledReportContract(name: string, makeStores: () => Promise<Stores>): void {
  describe(`${name} scheduled reports store contract`, () => {
    let stores: Stores;
    beforeEach(async () => {
      stores = await makeStores();
      await stores.init();
    });
    afterEach(async () => {
      await stores.close();
    });

    it('stores a report whole and reads it back; nothing for an unknown id', async () => {
      const r = kept('monthly', '2026-11', '2026-11', '2026-11', 3);
      expect(await stores.scheduledReports.insert(r)).toBe(true);
      expect(await stores.scheduledReports.get(r.id)).toEqual(r);
      expect(await stores.scheduledReports.get('monthly-1999-01')).toBeUndefined();
    });

    it('keeps one report per period: a second insert, even racing, is refused and changes nothing', async () => {
      const results = await Promise.all([
        stores.scheduledReports.insert(kept('monthly', '2026-11', '2026-11', '2026-11', 3)),
        stores.scheduledReports.insert(kept('monthly', '2026-11', '2026-11', '2026-11', 9)),
      ]);
      expect(results.filter(Boolean)).toHaveLength(1);
      const winner = results[0] ? 3 : 9;
      expect(await stores.scheduledReports.insert(kept('monthly', '2026-11', '2026-11', '2026-11', 5))).toBe(
        false,
      );
      expect((await stores.scheduledReports.get('monthly-2026-11'))?.report.totals.issued).toBe(winner);
    });

    it('lists newest period first (a month before its quarter), without the figures, up to the limit', async () => {
      await stores.scheduledReports.insert(kept('monthly', '2026-11', '2026-11', '2026-11', 1));
      await stores.scheduledReports.insert(kept('quarterly', '2026-Q4', '2026-10', '2026-12', 7));
      await stores.scheduledReports.insert(kept('monthly', '2026-12', '2026-12', '2026-12', 2));
      const list = await stores.scheduledReports.list(10);
      expect(list.map((r) => [r.id, r.issued, r.pending])).toEqual([
        ['monthly-2026-12', 2, 3],
        ['quarterly-2026-Q4', 7, 8],
        ['monthly-2026-11', 1, 2],
      ]);
      expect(list[0]).not.toHaveProperty('report');
      expect(list[0]).toMatchObject({
        kind: 'monthly',
        period: '2026-12',
        recipientIds: ['staff-1', 'admin-1'],
      });
      expect((await stores.scheduledReports.list(1)).map((r) => r.id)).toEqual(['monthly-2026-12']);
    });

    it('lists unsent reports oldest first until each is marked; the first mark stands', async () => {
      await stores.scheduledReports.insert(kept('monthly', '2026-12', '2026-12', '2026-12', 2));
      await stores.scheduledReports.insert(kept('monthly', '2026-11', '2026-11', '2026-11', 1));
      await stores.scheduledReports.insert(
        kept('monthly', '2026-10', '2026-10', '2026-10', 1, { emailedAt: '2026-11-01T01:00:00.000Z' }),
      );
      expect((await stores.scheduledReports.listUnsent()).map((r) => r.id)).toEqual([
        'monthly-2026-11',
        'monthly-2026-12',
      ]);
      await stores.scheduledReports.markEmailed('monthly-2026-11', '2026-12-01T01:00:00.000Z');
      await stores.scheduledReports.markEmailed('monthly-2026-11', '2026-12-01T02:00:00.000Z');
      await stores.scheduledReports.markEmailed('monthly-1999-01', '2026-12-01T02:00:00.000Z');
      expect((await stores.scheduledReports.listUnsent()).map((r) => r.id)).toEqual(['monthly-2026-12']);
      expect((await stores.scheduledReports.get('monthly-2026-11'))?.emailedAt).toBe(
        '2026-12-01T01:00:00.000Z',
      );
    });

    it('has no recipients until they are chosen, then the last choice', async () => {
      expect(await stores.scheduledReports.getRecipients()).toEqual({ userIds: [] });
      await stores.scheduledReports.setRecipients({
        userIds: ['a', 'b'],
        updatedAt: '2026-12-01T00:00:00.000Z',
        updatedBy: 'admin-1',
      });
      await stores.scheduledReports.setRecipients({
        userIds: ['c'],
        updatedAt: '2026-12-02T00:00:00.000Z',
        updatedBy: 'admin-2',
      });
      expect(await stores.scheduledReports.getRecipients()).toEqual({
        userIds: ['c'],
        updatedAt: '2026-12-02T00:00:00.000Z',
        updatedBy: 'admin-2',
      });
    });
  });
}
