/**
 * Contract cases for wallet hand-off state: create and read by (id, kind), claim exactly
 * once (also under concurrency), refuse expired records including at the instant they
 * expire, record the issued credential, list the wallet copies made from a credential,
 * and prune only unused expired records.
 */
import { describe, expect, it } from 'vitest';
import type { ExchangeRecord } from '../../src/storage/ports.js';
import { at } from './accountFixtures.js';
import { nextId } from './storeFixtures.js';
import type { GetStores } from './storeContract.js';

/** A fresh unused VC-API exchange, valid for 15 minutes from at(0). */
function exchangeRecord(overrides: Partial<ExchangeRecord> = {}): ExchangeRecord {
  return {
    id: `ex-${nextId()}`,
    kind: 'vcapi_exchange',
    userId: 'user_1',
    credentialId: 'urn:uuid:original-1',
    challenge: `challenge-${nextId()}`,
    createdAt: at(0),
    expiresAt: at(15),
    ...overrides,
  };
}

/** Registers the exchange cases. */
export function describeExchangeContract(getStores: GetStores): void {
  describe('exchanges', () => {
    it('creates and reads records by id and kind, omitting unset fields', async () => {
      const { exchanges } = getStores();
      const full = exchangeRecord({ kind: 'oid4vci_token', parentId: 'offer-hash' });
      const nonce = exchangeRecord({ kind: 'oid4vci_nonce' });
      delete nonce.userId;
      delete nonce.credentialId;
      delete nonce.challenge;
      await exchanges.create(full);
      await exchanges.create(nonce);
      expect(await exchanges.get(full.id, 'oid4vci_token')).toEqual(full);
      expect(await exchanges.get(full.id, 'vcapi_exchange')).toBeUndefined();
      expect(await exchanges.get(nonce.id, 'oid4vci_nonce')).toEqual(nonce);
      expect(Object.keys((await exchanges.get(nonce.id, 'oid4vci_nonce'))!).sort()).toEqual([
        'createdAt',
        'expiresAt',
        'id',
        'kind',
      ]);
      expect(await exchanges.get('missing', 'vcapi_exchange')).toBeUndefined();
      // The same id may be used by another kind, but not twice for one kind.
      await exchanges.create(exchangeRecord({ id: full.id, kind: 'oid4vci_offer' }));
      await expect(
        exchanges.create(exchangeRecord({ id: full.id, kind: 'oid4vci_token' })),
      ).rejects.toThrow();
    });

    it('claims once, recording the holder, and shows the claimed record to get', async () => {
      const { exchanges } = getStores();
      const record = exchangeRecord();
      await exchanges.create(record);
      expect(await exchanges.claim(record.id, 'oid4vci_offer', { now: at(1) })).toBeUndefined();
      const claimed = await exchanges.claim(record.id, 'vcapi_exchange', {
        now: at(1),
        holderDid: 'did:key:z6MkHolder',
      });
      expect(claimed).toEqual({ ...record, usedAt: at(1), holderDid: 'did:key:z6MkHolder' });
      expect(
        await exchanges.claim(record.id, 'vcapi_exchange', { now: at(2), holderDid: 'did:key:z6MkOther' }),
      ).toBeUndefined();
      expect(await exchanges.get(record.id, 'vcapi_exchange')).toEqual(claimed);

      const plain = exchangeRecord({ kind: 'oid4vci_offer' });
      await exchanges.create(plain);
      expect(await exchanges.claim(plain.id, 'oid4vci_offer', { now: at(3) })).toEqual({
        ...plain,
        usedAt: at(3),
      });
      expect(await exchanges.claim('missing', 'oid4vci_offer', { now: at(3) })).toBeUndefined();
    });

    it('refuses to claim an expired record, including at the instant it expires', async () => {
      const { exchanges } = getStores();
      const record = exchangeRecord({ expiresAt: at(15) });
      await exchanges.create(record);
      expect(await exchanges.claim(record.id, 'vcapi_exchange', { now: at(16) })).toBeUndefined();
      expect(await exchanges.claim(record.id, 'vcapi_exchange', { now: at(15) })).toBeUndefined();
      expect(await exchanges.get(record.id, 'vcapi_exchange')).toEqual(record);
      expect(await exchanges.claim(record.id, 'vcapi_exchange', { now: at(14) })).toEqual({
        ...record,
        usedAt: at(14),
      });
    });

    it('lets exactly one of five concurrent claims succeed', async () => {
      const { exchanges } = getStores();
      const record = exchangeRecord({ kind: 'oid4vci_offer' });
      await exchanges.create(record);
      const results = await Promise.all(
        Array.from({ length: 5 }, (_, i) =>
          exchanges.claim(record.id, 'oid4vci_offer', { now: at(1), holderDid: `did:key:z6Mk${i}` }),
        ),
      );
      const winners = results.filter((r) => r !== undefined);
      expect(winners).toHaveLength(1);
      expect(await exchanges.get(record.id, 'oid4vci_offer')).toEqual(winners[0]);
    });

    it('records the issued credential and lists the wallet copies made from a credential, oldest first', async () => {
      const { exchanges } = getStores();
      const first = exchangeRecord({ credentialId: 'urn:uuid:original-a', createdAt: at(1) });
      const second = exchangeRecord({
        kind: 'oid4vci_token',
        credentialId: 'urn:uuid:original-a',
        createdAt: at(2),
      });
      const notIssued = exchangeRecord({ credentialId: 'urn:uuid:original-a', createdAt: at(3) });
      const otherOriginal = exchangeRecord({ credentialId: 'urn:uuid:original-b', createdAt: at(1) });
      for (const r of [second, first, notIssued, otherOriginal]) await exchanges.create(r);
      await exchanges.claim(first.id, first.kind, { now: at(4), holderDid: 'did:key:z6MkA' });
      expect(await exchanges.setIssued(first.id, first.kind, 'urn:uuid:copy-1')).toEqual({
        ...first,
        usedAt: at(4),
        holderDid: 'did:key:z6MkA',
        issuedCredentialId: 'urn:uuid:copy-1',
      });
      await exchanges.setIssued(second.id, second.kind, 'urn:uuid:copy-2');
      await exchanges.setIssued(otherOriginal.id, otherOriginal.kind, 'urn:uuid:copy-3');
      expect(
        (await exchanges.listIssuedFrom('urn:uuid:original-a')).map((r) => r.issuedCredentialId),
      ).toEqual(['urn:uuid:copy-1', 'urn:uuid:copy-2']);
      expect(await exchanges.listIssuedFrom('urn:uuid:none')).toEqual([]);
      expect(await exchanges.setIssued('missing', 'vcapi_exchange', 'urn:uuid:copy-4')).toBeUndefined();
      // The way back from a copy to the credential it was made from.
      expect(await exchanges.getByIssued('urn:uuid:copy-2')).toMatchObject({
        id: second.id,
        kind: 'oid4vci_token',
        credentialId: 'urn:uuid:original-a',
      });
      expect(await exchanges.getByIssued('urn:uuid:original-a')).toBeUndefined();
    });

    it('deletes only unused records that expired before the cut-off', async () => {
      const { exchanges } = getStores();
      const stale = exchangeRecord({ expiresAt: at(10) });
      const staleUsed = exchangeRecord({ expiresAt: at(10) });
      const live = exchangeRecord({ expiresAt: at(30) });
      for (const r of [stale, staleUsed, live]) await exchanges.create(r);
      await exchanges.claim(staleUsed.id, 'vcapi_exchange', { now: at(5) });
      expect(await exchanges.deleteUnusedExpired(at(20))).toBe(1);
      expect(await exchanges.get(stale.id, 'vcapi_exchange')).toBeUndefined();
      expect((await exchanges.get(staleUsed.id, 'vcapi_exchange'))?.usedAt).toBe(at(5));
      expect(await exchanges.get(live.id, 'vcapi_exchange')).toEqual(live);
      expect(await exchanges.deleteUnusedExpired(at(20))).toBe(0);
    });
  });
}
