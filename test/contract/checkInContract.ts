/**
 * The check-in store contract: meetings are stored whole and read back; a change applies
 * only at the version it was read at (of two racing changes exactly one wins); meetings
 * list by start, earliest first, by organisation and between two instants; a cadence and
 * an assessment are set, replaced and read back per organisation (and quarter).
 */
import { describe, expect, it } from 'vitest';
import type { CheckInMeetingRecord } from '../../src/storage/checkInPorts.js';
import type { GetStores } from './storeContract.js';

function meeting(n: number, overrides: Partial<CheckInMeetingRecord> = {}): CheckInMeetingRecord {
  return {
    id: `meeting-${n}`,
    organisationId: 'org-1',
    kind: 'check_in',
    startsAt: `2026-12-${String(10 + n).padStart(2, '0')}T08:00:00.000Z`,
    timeZone: 'Africa/Johannesburg',
    durationMinutes: 45,
    agenda: `Agenda ${n}`,
    meetingUrl: 'https://meet.example.org/a',
    staffId: 'staff-1',
    status: 'scheduled',
    createdAt: '2026-12-01T08:00:00.000Z',
    createdBy: 'staff-1',
    updatedAt: '2026-12-01T08:00:00.000Z',
    version: 1,
    ...overrides,
  };
}

/** The check-in store cases, over the stores of the current test. */
export function describeCheckInContract(getStores: GetStores): void {
  describe('check-ins', () => {
    it('stores a meeting whole and reads it back; nothing for an unknown id', async () => {
      const { checkIns } = getStores();
      const m = meeting(1, { notes: 'private', agreedActions: 'Send the tax form' });
      await checkIns.createMeeting(m);
      expect(await checkIns.getMeeting(m.id)).toEqual(m);
      expect(await checkIns.getMeeting('nope')).toBeUndefined();
    });

    it('changes a meeting only at the version it was read at, and one of two racing changes wins', async () => {
      const { checkIns } = getStores();
      await checkIns.createMeeting(meeting(1));
      const moved = { ...meeting(1), startsAt: '2026-12-20T09:00:00.000Z', version: 2 };
      expect(await checkIns.updateMeeting(moved, 1)).toBe(true);
      expect(await checkIns.getMeeting('meeting-1')).toEqual(moved);
      expect(await checkIns.updateMeeting({ ...moved, agenda: 'stale', version: 2 }, 1)).toBe(false);
      const results = await Promise.all([
        checkIns.updateMeeting({ ...moved, agenda: 'A', version: 3 }, 2),
        checkIns.updateMeeting({ ...moved, agenda: 'B', version: 3 }, 2),
      ]);
      expect(results.filter(Boolean)).toHaveLength(1);
      expect(['A', 'B']).toContain((await checkIns.getMeeting('meeting-1'))?.agenda);
    });

    it('lists meetings by start, by organisation and between two instants', async () => {
      const { checkIns } = getStores();
      await checkIns.createMeeting(meeting(3));
      await checkIns.createMeeting(meeting(1));
      await checkIns.createMeeting(meeting(2, { organisationId: 'org-2' }));
      const ids = (list: CheckInMeetingRecord[]) => list.map((m) => m.id);
      expect(ids(await checkIns.listMeetings({ limit: 10 }))).toEqual([
        'meeting-1',
        'meeting-2',
        'meeting-3',
      ]);
      expect(ids(await checkIns.listMeetings({ organisationId: 'org-1', limit: 10 }))).toEqual([
        'meeting-1',
        'meeting-3',
      ]);
      expect(
        ids(
          await checkIns.listMeetings({
            from: '2026-12-12T08:00:00.000Z',
            to: '2026-12-13T08:00:00.000Z',
            limit: 10,
          }),
        ),
      ).toEqual(['meeting-2']);
      expect(ids(await checkIns.listMeetings({ limit: 1 }))).toEqual(['meeting-1']);
      const moved = { ...meeting(1), startsAt: '2026-12-30T08:00:00.000Z', version: 2 };
      await checkIns.updateMeeting(moved, 1);
      expect(ids(await checkIns.listMeetings({ organisationId: 'org-1', limit: 10 }))).toEqual([
        'meeting-3',
        'meeting-1',
      ]);
    });

    it('sets, replaces and lists cadences per organisation', async () => {
      const { checkIns } = getStores();
      expect(await checkIns.getCadence('org-1')).toBeUndefined();
      const monthly = {
        organisationId: 'org-1',
        cadence: 'monthly' as const,
        updatedAt: '2026-12-01T08:00:00.000Z',
        updatedBy: 'staff-1',
      };
      await checkIns.putCadence(monthly);
      await checkIns.putCadence({ ...monthly, organisationId: 'org-2', cadence: 'none' });
      const bimonthly = { ...monthly, cadence: 'bimonthly' as const, updatedAt: '2026-12-02T08:00:00.000Z' };
      await checkIns.putCadence(bimonthly);
      expect(await checkIns.getCadence('org-1')).toEqual(bimonthly);
      expect((await checkIns.listCadences()).map((c) => [c.organisationId, c.cadence])).toEqual([
        ['org-1', 'bimonthly'],
        ['org-2', 'none'],
      ]);
    });

    it('sets and replaces the assessment of an organisation per quarter', async () => {
      const { checkIns } = getStores();
      const q4 = {
        organisationId: 'org-1',
        quarter: '2026-Q4',
        rating: 'on_track' as const,
        text: 'Documents arrive on time.',
        updatedAt: '2026-12-01T08:00:00.000Z',
        updatedBy: 'staff-1',
      };
      await checkIns.putAssessment(q4);
      await checkIns.putAssessment({ ...q4, quarter: '2026-Q3', rating: 'at_risk' });
      expect(await checkIns.getAssessment('org-1', '2026-Q4')).toEqual(q4);
      const rewritten = { ...q4, rating: 'strong' as const, text: 'Better than planned.' };
      await checkIns.putAssessment(rewritten);
      expect(await checkIns.getAssessment('org-1', '2026-Q4')).toEqual(rewritten);
      expect((await checkIns.getAssessment('org-1', '2026-Q3'))?.rating).toBe('at_risk');
      expect(await checkIns.getAssessment('org-2', '2026-Q4')).toBeUndefined();
    });
  });
}
