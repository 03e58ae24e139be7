/**
 * Contract cases for the audit log (newest first, every filter, inclusive date range,
 * exclusive `before` cursor, limit), consent history (oldest first, erasable) and the
 * directory of organisations and teams.
 */
import { describe, expect, it } from 'vitest';
import type { AuditRecord } from '../../src/storage/ports.js';
import { at, auditRecord, consentRecord } from './accountFixtures.js';
import type { GetStores } from './storeContract.js';

/** Registers the audit, consent and directory cases. */
export function describeAuditConsentContract(getStores: GetStores): void {
  describe('audit log', () => {
    /** Six records a minute apart, by two actors on two objects, with and without details. */
    const seed = async (): Promise<AuditRecord[]> => {
      const { audit } = getStores();
      const records = [
        auditRecord({
          at: at(0),
          actorId: 'u_a',
          action: 'user.create',
          objectType: 'user',
          objectId: 'u_x',
        }),
        auditRecord({
          at: at(1),
          actorId: 'u_b',
          objectId: 'cred_1',
          details: { reason: 'error', n: 2, tags: ['a'] },
        }),
        auditRecord({ at: at(2), actorId: 'u_a', objectId: 'cred_1' }),
        auditRecord({ at: at(3), actorId: 'u_a', action: 'apikey.create', objectType: 'apiKey' }),
        auditRecord({ at: at(4), actorId: 'u_b', objectId: 'cred_2' }),
        auditRecord({ at: at(5), actorId: 'u_a', objectId: 'cred_2', details: { nested: { ok: true } } }),
      ];
      for (const r of records) await audit.append(r);
      return records;
    };

    it('lists newest first, honours the limit and round-trips optional fields', async () => {
      const { audit } = getStores();
      const r = await seed();
      expect(await audit.list({ limit: 100 })).toEqual([...r].reverse());
      expect(await audit.list({ limit: 2 })).toEqual([r[5], r[4]]);
      expect(Object.keys(r[3]!)).not.toContain('objectId');
      expect((await audit.list({ limit: 100 })).find((x) => x.id === r[3]!.id)).toEqual(r[3]);
      await expect(audit.append(auditRecord({ id: r[0]!.id }))).rejects.toThrow();
    });

    it('filters by actor, action and object, combined', async () => {
      const { audit } = getStores();
      const r = await seed();
      expect(await audit.list({ actorId: 'u_b', limit: 100 })).toEqual([r[4], r[1]]);
      expect(await audit.list({ action: 'credential.revoke', limit: 100 })).toEqual([r[5], r[4], r[2], r[1]]);
      expect(await audit.list({ objectId: 'cred_1', limit: 100 })).toEqual([r[2], r[1]]);
      expect(
        await audit.list({ actorId: 'u_a', action: 'credential.revoke', objectId: 'cred_2', limit: 100 }),
      ).toEqual([r[5]]);
      expect(await audit.list({ actorId: 'nobody', limit: 100 })).toEqual([]);
    });

    it('takes from and to as inclusive bounds', async () => {
      const { audit } = getStores();
      const r = await seed();
      expect(await audit.list({ from: at(1), to: at(3), limit: 100 })).toEqual([r[3], r[2], r[1]]);
      expect(await audit.list({ from: at(4), limit: 100 })).toEqual([r[5], r[4]]);
      expect(await audit.list({ to: at(0), limit: 100 })).toEqual([r[0]]);
      expect(await audit.list({ actorId: 'u_a', from: at(1), to: at(5), limit: 100 })).toEqual([
        r[5],
        r[3],
        r[2],
      ]);
    });

    it('pages with an exclusive before cursor', async () => {
      const { audit } = getStores();
      const r = await seed();
      const first = await audit.list({ limit: 4 });
      expect(first).toEqual([r[5], r[4], r[3], r[2]]);
      const second = await audit.list({ limit: 4, before: first.at(-1)!.at });
      expect(second).toEqual([r[1], r[0]]);
      expect(await audit.list({ limit: 4, before: r[0]!.at })).toEqual([]);
      expect(await audit.list({ actorId: 'u_a', before: at(3), limit: 1 })).toEqual([r[2]]);
    });
  });

  describe('consents', () => {
    it("lists a user's history oldest first and deletes only that user's", async () => {
      const { consents } = getStores();
      // Ids sort against the recording order, so only insertion order can break the tie.
      const privacy = consentRecord('user_1', { id: 'consent_z', kind: 'privacy', at: at(0) });
      const terms = consentRecord('user_1', { id: 'consent_a', kind: 'terms', at: at(0) });
      const marketingOn = consentRecord('user_1', { kind: 'marketing', at: at(2) });
      const marketingOff = consentRecord('user_1', {
        kind: 'marketing',
        granted: false,
        textVersion: '2025-02',
        at: at(5),
      });
      const other = consentRecord('user_2', { kind: 'name_on_certificate' });
      for (const c of [marketingOn, privacy, terms, other, marketingOff]) await consents.record(c);
      // Equal times keep the order they were recorded in.
      expect(await consents.listForUser('user_1')).toEqual([privacy, terms, marketingOn, marketingOff]);
      expect(await consents.listForUser('user_2')).toEqual([other]);

      await consents.deleteForUser('user_1');
      expect(await consents.listForUser('user_1')).toEqual([]);
      expect(await consents.listForUser('user_2')).toEqual([other]);
    });
  });

  describe('directory', () => {
    it('creates and lists organisations and teams by name', async () => {
      const { directory } = getStores();
      const zeta = { id: 'org_z', name: 'Zeta Training', createdAt: at(0) };
      const acme = { id: 'org_a', name: 'Acme Academy', createdAt: at(1) };
      await directory.createOrganisation(zeta);
      await directory.createOrganisation(acme);
      expect(await directory.getOrganisation('org_z')).toEqual(zeta);
      expect(await directory.getOrganisation('org_missing')).toBeUndefined();
      expect(await directory.listOrganisations()).toEqual([acme, zeta]);
      await expect(directory.createOrganisation({ ...acme, name: 'Other' })).rejects.toThrow();

      expect(await directory.listTeams()).toEqual([]);
      const support = { id: 'team_2', name: 'Support', createdAt: at(0) };
      const approvals = { id: 'team_1', name: 'Approvals', createdAt: at(2) };
      await directory.createTeam(support);
      await directory.createTeam(approvals);
      expect(await directory.listTeams()).toEqual([approvals, support]);
      await expect(directory.createTeam({ ...support })).rejects.toThrow();
    });
  });
}
