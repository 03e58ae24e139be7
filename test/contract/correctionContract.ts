/**
 * The name correction store contract: requests are stored whole; one open request per
 * certificate (a second is refused, even when two race), another once the first is
 * decided; open ones list oldest first, a person's newest first; a decision applies once
 * (of two racing decisions exactly one wins) and never to a decided request.
 */
import { describe, expect, it } from 'vitest';
import { OpenCorrectionExistsError, type NameCorrectionRecord } from '../../src/storage/correctionPorts.js';
import { at } from './accountFixtures.js';
import type { GetStores } from './storeContract.js';

function request(n: number, overrides: Partial<NameCorrectionRecord> = {}): NameCorrectionRecord {
  return {
    id: `req-${n}`,
    userId: 'user-1',
    credentialId: `urn:uuid:cred-${n}`,
    certificateNumber: `SP-2026-00000${n}`,
    currentName: 'Zoe Ngcobo',
    requestedName: 'Zoë Ngcobo-Müller',
    reason: 'The diaeresis and my second surname are missing',
    status: 'open',
    createdAt: at(n),
    ...overrides,
  };
}

/** The correction store cases, over the stores of the current test. */
export function describeCorrectionContract(getStores: GetStores): void {
  describe('name corrections', () => {
    it('stores a request whole and reads it back; nothing for an unknown id', async () => {
      const { corrections } = getStores();
      const r = request(1);
      await corrections.create(r);
      expect(await corrections.get(r.id)).toEqual(r);
      expect(await corrections.get('nope')).toBeUndefined();
    });

    it('keeps one open request per certificate, even when two race, and takes another once it is decided', async () => {
      const { corrections } = getStores();
      const results = await Promise.allSettled([
        corrections.create(request(1)),
        corrections.create(request(2, { credentialId: 'urn:uuid:cred-1' })),
      ]);
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      const refused = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
      expect(refused.reason).toBeInstanceOf(OpenCorrectionExistsError);
      const winner = results[0]!.status === 'fulfilled' ? 'req-1' : 'req-2';
      expect(
        await corrections.decide(winner, {
          status: 'refused',
          decidedAt: at(5),
          decidedBy: 'staff-1',
          decisionNote: 'no',
        }),
      ).toMatchObject({ status: 'refused' });
      await corrections.create(request(3, { credentialId: 'urn:uuid:cred-1' }));
      expect((await corrections.get('req-3'))?.status).toBe('open');
    });

    it("lists open requests oldest first (up to the limit) and a person's requests newest first", async () => {
      const { corrections } = getStores();
      for (const n of [3, 1, 2]) await corrections.create(request(n));
      await corrections.create(request(4, { userId: 'user-2' }));
      await corrections.decide('req-2', {
        status: 'approved',
        decidedAt: at(9),
        decidedBy: 'staff-1',
        replacementId: 'urn:uuid:new',
      });
      expect((await corrections.listOpen(10)).map((r) => r.id)).toEqual(['req-1', 'req-3', 'req-4']);
      expect((await corrections.listOpen(2)).map((r) => r.id)).toEqual(['req-1', 'req-3']);
      expect((await corrections.listForUser('user-1')).map((r) => r.id)).toEqual(['req-3', 'req-2', 'req-1']);
      expect(await corrections.listForUser('user-3')).toEqual([]);
    });

    it('applies a decision once: of two racing decisions one wins, and a decided request stays as decided', async () => {
      const { corrections } = getStores();
      await corrections.create(request(1));
      const [a, b] = await Promise.all([
        corrections.decide('req-1', {
          status: 'approved',
          decidedAt: at(2),
          decidedBy: 'staff-1',
          replacementId: 'urn:uuid:new',
        }),
        corrections.decide('req-1', {
          status: 'refused',
          decidedAt: at(2),
          decidedBy: 'staff-2',
          decisionNote: 'no',
        }),
      ]);
      expect([a, b].filter((x) => x !== undefined)).toHaveLength(1);
      const stored = (await corrections.get('req-1'))!;
      expect(stored).toEqual(a ?? b);
      expect(
        await corrections.decide('req-1', {
          status: 'refused',
          decidedAt: at(3),
          decidedBy: 'staff-3',
          decisionNote: 'late',
        }),
      ).toBeUndefined();
      expect(await corrections.get('req-1')).toEqual(stored);
      expect(
        await corrections.decide('nope', { status: 'refused', decidedAt: at(3), decidedBy: 'staff-3' }),
      ).toBeUndefined();
    });
  });
}
