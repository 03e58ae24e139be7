/**
 * The trust store contract: trusted issuers added once per DID (a second add is refused),
 * read by DID, replaced keeping who listed them first (an unset field is removed), removed,
 * listed by name ignoring case; an import adds new DIDs and replaces listed ones and says
 * which; partners' DIDs registered one per organisation, found by DID, never one DID for
 * two organisations, replaced and removed.
 */
import { describe, expect, it } from 'vitest';
import {
  DuplicateTrustedIssuerError,
  PartnerIssuerTakenError,
  type PartnerIssuerRecord,
  type TrustedIssuerRecord,
} from '../../src/storage/ports.js';
import { at } from './accountFixtures.js';
import { nextId } from './storeFixtures.js';
import type { GetStores } from './storeContract.js';

function entry(overrides: Partial<TrustedIssuerRecord> = {}): TrustedIssuerRecord {
  return {
    did: `did:web:issuer-${nextId()}.example`,
    name: 'Issuer',
    createdAt: at(0),
    updatedAt: at(0),
    createdBy: 'admin-1',
    ...overrides,
  };
}

function partner(overrides: Partial<PartnerIssuerRecord> = {}): PartnerIssuerRecord {
  return {
    organisationId: `org-${nextId()}`,
    did: `did:web:partner-${nextId()}.example`,
    registeredAt: at(0),
    registeredBy: 'partner-1',
    ...overrides,
  };
}

export function describeTrustContract(getStores: GetStores): void {
  describe('trust list', () => {
    it('adds an issuer once per DID and reads it back by DID, every field kept', async () => {
      const { trust } = getStores();
      const full = entry({
        url: 'https://issuer.example',
        note: 'Our university partner',
        validFrom: at(1),
        validUntil: at(100),
      });
      const bare = entry();
      await trust.addIssuer(full);
      await trust.addIssuer(bare);
      expect(await trust.getIssuer(full.did)).toEqual(full);
      expect(await trust.getIssuer(bare.did)).toEqual(bare);
      expect(await trust.getIssuer('did:web:nobody.example')).toBeUndefined();
      await expect(trust.addIssuer({ ...full, name: 'Impostor' })).rejects.toBeInstanceOf(
        DuplicateTrustedIssuerError,
      );
      expect((await trust.getIssuer(full.did))?.name).toBe('Issuer');
    });

    it('replaces an entry keeping who listed it first, removes unset fields, and removes entries', async () => {
      const { trust } = getStores();
      const original = entry({ url: 'https://old.example', note: 'old', validUntil: at(50) });
      await trust.addIssuer(original);
      const changed: TrustedIssuerRecord = {
        did: original.did,
        name: 'Renamed',
        validFrom: at(2),
        createdAt: at(9),
        updatedAt: at(5),
        createdBy: 'someone-else',
      };
      expect(await trust.updateIssuer(changed)).toBe(true);
      expect(await trust.getIssuer(original.did)).toEqual({
        did: original.did,
        name: 'Renamed',
        validFrom: at(2),
        createdAt: at(0),
        updatedAt: at(5),
        createdBy: 'admin-1',
      });
      expect(await trust.updateIssuer(entry())).toBe(false);
      expect(await trust.removeIssuer(original.did)).toBe(true);
      expect(await trust.removeIssuer(original.did)).toBe(false);
      expect(await trust.getIssuer(original.did)).toBeUndefined();
    });

    it('lists entries by name, upper and lower case alike', async () => {
      const { trust } = getStores();
      for (const name of ['gamma Institute', 'Alpha College', 'beta Academy'])
        await trust.addIssuer(entry({ name }));
      expect((await trust.listIssuers()).map((e) => e.name)).toEqual([
        'Alpha College',
        'beta Academy',
        'gamma Institute',
      ]);
    });

    it('imports: adds new DIDs, replaces listed ones keeping their creator, and says which', async () => {
      const { trust } = getStores();
      const listed = entry({ name: 'Listed', note: 'to drop' });
      await trust.addIssuer(listed);
      const fresh = entry({ name: 'Fresh', createdAt: at(7), updatedAt: at(7), createdBy: 'importer' });
      const replacement: TrustedIssuerRecord = {
        did: listed.did,
        name: 'Listed again',
        url: 'https://listed.example',
        createdAt: at(7),
        updatedAt: at(7),
        createdBy: 'importer',
      };
      expect(await trust.importIssuers([fresh, replacement])).toEqual({
        added: [fresh.did],
        updated: [listed.did],
      });
      expect(await trust.getIssuer(fresh.did)).toEqual(fresh);
      expect(await trust.getIssuer(listed.did)).toEqual({
        ...replacement,
        createdAt: at(0),
        createdBy: 'admin-1',
      });
      expect(await trust.importIssuers([])).toEqual({ added: [], updated: [] });
      expect(await trust.listIssuers()).toHaveLength(2);
    });

    it('registers one DID per partner organisation, finds it by DID, and never gives one DID to two organisations', async () => {
      const { trust } = getStores();
      const first = partner();
      await trust.setPartnerIssuer(first);
      expect(await trust.getPartnerIssuer(first.organisationId)).toEqual(first);
      expect(await trust.findPartnerIssuer(first.did)).toEqual(first);
      expect(await trust.findPartnerIssuer('did:web:unregistered.example')).toBeUndefined();

      const other = partner({ did: first.did, registeredAt: at(1) });
      await expect(trust.setPartnerIssuer(other)).rejects.toBeInstanceOf(PartnerIssuerTakenError);
      expect(await trust.getPartnerIssuer(other.organisationId)).toBeUndefined();
      expect((await trust.findPartnerIssuer(first.did))?.organisationId).toBe(first.organisationId);

      const changed = { ...first, did: `did:web:changed-${nextId()}.example`, registeredAt: at(3) };
      await trust.setPartnerIssuer(changed);
      expect(await trust.getPartnerIssuer(first.organisationId)).toEqual(changed);
      expect(await trust.findPartnerIssuer(first.did)).toBeUndefined();
      // The old DID is free again once its organisation moved on.
      await trust.setPartnerIssuer(other);
      expect((await trust.findPartnerIssuer(first.did))?.organisationId).toBe(other.organisationId);

      expect((await trust.listPartnerIssuers()).map((p) => p.organisationId)).toEqual([
        first.organisationId,
        other.organisationId,
      ]);
      expect(await trust.removePartnerIssuer(first.organisationId)).toBe(true);
      expect(await trust.removePartnerIssuer(first.organisationId)).toBe(false);
      expect(await trust.findPartnerIssuer(changed.did)).toBeUndefined();
    });
  });
}
