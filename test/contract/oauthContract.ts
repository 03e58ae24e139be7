/**
 * The OAuth store contract (the OB 3.0 API's OAuth server, src/storage/oauthPorts.ts):
 * records round-trip with their payload and optional fields; an upsert replaces the
 * payload but keeps when the record was made and whether an admin disabled it; a use is
 * recorded once; a grant's records go together, whatever their model; a person's grants
 * and the clients list oldest first; the sweep deletes only expired records. Run on each
 * adapter by test/contract/sqlite.test.ts and test/contract/mongodb.test.ts.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { OAuthRecord, Stores } from '../../src/storage/ports.js';
import { at } from './accountFixtures.js';
import { nextId } from './storeFixtures.js';

function record(overrides: Partial<OAuthRecord> = {}): OAuthRecord {
  return {
    model: 'AccessToken',
    key: `hash-${nextId()}`,
    payload: { scope: 'a b', nested: { list: ['x'], n: 1 }, 'odd.key': true, $dollar: 'kept' },
    createdAt: at(0),
    ...overrides,
  };
}

/** Registers the OAuth store cases over stores made by `makeStores`. */
export function describeOAuthContract(name: string, makeStores: () => Promise<Stores>): void {
  describe(`${name} OAuth store`, () => {
    let stores: Stores;
    beforeEach(async () => {
      stores = await makeStores();
      await stores.init();
    });
    afterEach(async () => {
      await stores.close();
    });

    it('stores a record and reads it back by (model, key), omitting unset fields', async () => {
      const full = record({
        grantId: 'grant-1',
        uid: 'uid-hash',
        accountId: 'user-1',
        clientId: 'client-1',
        expiresAt: at(60),
      });
      const bare = record({ model: 'Client' });
      await stores.oauth.upsert(full);
      await stores.oauth.upsert(bare);
      expect(await stores.oauth.find(full.model, full.key)).toEqual(full);
      expect(await stores.oauth.find(bare.model, bare.key)).toEqual(bare);
      expect(await stores.oauth.find('RefreshToken', full.key)).toBeUndefined();
      expect(await stores.oauth.findByUid('AccessToken', 'uid-hash')).toEqual(full);
      expect(await stores.oauth.findByUid('Session', 'uid-hash')).toBeUndefined();
    });

    it('replaces on upsert, keeping createdAt and disabledAt, and removing fields now absent', async () => {
      const client = record({ model: 'Client', key: `client-${nextId()}`, clientId: 'c', expiresAt: at(5) });
      await stores.oauth.upsert(client);
      expect(await stores.oauth.setDisabled('Client', client.key, at(1))).toBe(true);
      const replaced: OAuthRecord = {
        model: 'Client',
        key: client.key,
        payload: { client_name: 'Renamed' },
        createdAt: at(10),
      };
      await stores.oauth.upsert(replaced);
      expect(await stores.oauth.find('Client', client.key)).toEqual({
        ...replaced,
        createdAt: at(0),
        disabledAt: at(1),
      });
      expect(await stores.oauth.setDisabled('Client', client.key, undefined)).toBe(true);
      expect((await stores.oauth.find('Client', client.key))?.disabledAt).toBeUndefined();
      expect(await stores.oauth.setDisabled('Client', 'no-such-client', at(2))).toBe(false);
    });

    it('records the first use only, and destroys one record', async () => {
      const code = record({ model: 'AuthorizationCode' });
      await stores.oauth.upsert(code);
      await stores.oauth.consume(code.model, code.key, at(1));
      await stores.oauth.consume(code.model, code.key, at(2));
      expect((await stores.oauth.find(code.model, code.key))?.consumedAt).toBe(at(1));
      await stores.oauth.destroy(code.model, code.key);
      expect(await stores.oauth.find(code.model, code.key)).toBeUndefined();
    });

    it("revokes every record of a grant, whatever its model, and no other grant's", async () => {
      const grantId = `grant-${nextId()}`;
      const mine = [
        record({ model: 'AccessToken', grantId }),
        record({ model: 'RefreshToken', grantId }),
        record({ model: 'AuthorizationCode', grantId }),
      ];
      const other = record({ model: 'AccessToken', grantId: `grant-${nextId()}` });
      for (const r of [...mine, other]) await stores.oauth.upsert(r);
      expect(await stores.oauth.revokeByGrantId(grantId)).toBe(3);
      for (const r of mine) expect(await stores.oauth.find(r.model, r.key)).toBeUndefined();
      expect(await stores.oauth.find(other.model, other.key)).toEqual(other);
      expect(await stores.oauth.revokeByGrantId(grantId)).toBe(0);
    });

    it("lists one person's records of a model and every record of a model, oldest first", async () => {
      const accountId = `user-${nextId()}`;
      const second = record({ model: 'Grant', key: `g2-${nextId()}`, accountId, createdAt: at(2) });
      const first = record({ model: 'Grant', key: `g1-${nextId()}`, accountId, createdAt: at(1) });
      const someoneElses = record({ model: 'Grant', accountId: `user-${nextId()}`, createdAt: at(0) });
      const token = record({ model: 'AccessToken', accountId });
      for (const r of [second, first, someoneElses, token]) await stores.oauth.upsert(r);
      expect(await stores.oauth.listByAccount('Grant', accountId)).toEqual([first, second]);
      expect((await stores.oauth.listByModel('Grant')).map((r) => r.key)).toEqual([
        someoneElses.key,
        first.key,
        second.key,
      ]);
      expect(await stores.oauth.listByModel('Client')).toEqual([]);
    });

    it('sweeps only the records that expired before the given time', async () => {
      const gone = record({ expiresAt: at(1) });
      const edge = record({ expiresAt: at(5) });
      const later = record({ expiresAt: at(9) });
      const forever = record({ model: 'Client' });
      for (const r of [gone, edge, later, forever]) await stores.oauth.upsert(r);
      expect(await stores.oauth.deleteExpired(at(5))).toBe(1);
      expect(await stores.oauth.find(gone.model, gone.key)).toBeUndefined();
      for (const r of [edge, later, forever]) expect(await stores.oauth.find(r.model, r.key)).toEqual(r);
    });
  });
}
