/**
 * The backpack-link store contract (src/storage/backpackLinkPorts.ts): a host's client is
 * kept once (the first one stored wins); connections are saved, replaced, found by their
 * pending state and listed oldest first, only by their owner; removing one takes its pushes;
 * pushes are listed newest first and due ones claimed once (the lease moves them on);
 * removing all of a user's leaves everyone else's.
 */
import { describe, expect, it } from 'vitest';
import type { BackpackConnection, BackpackHostClient, BackpackPush } from '../../src/storage/ports.js';
import { at } from './accountFixtures.js';
import { nextId } from './storeFixtures.js';
import type { GetStores } from './storeContract.js';

const sealed = (text: string) => ({ k: 'm1', iv: 'aXY', ct: Buffer.from(text).toString('base64url') });

function client(overrides: Partial<BackpackHostClient> = {}): BackpackHostClient {
  return {
    host: `https://backpack-${nextId()}.example`,
    endpoints: {
      name: 'A backpack',
      api: 'https://backpack.example/ims/ob/v3p0',
      authorization: 'https://backpack.example/authorize',
      token: 'https://backpack.example/token',
      registration: 'https://backpack.example/register',
      revocation: 'https://backpack.example/revoke',
    },
    clientId: `client-${nextId()}`,
    clientSecret: sealed('secret'),
    redirectUri: 'https://saypro.example/me/backpack-links/callback',
    registeredAt: at(0),
    ...overrides,
  };
}

function connection(overrides: Partial<BackpackConnection> = {}): BackpackConnection {
  return {
    id: `conn-${nextId()}`,
    userId: 'user-1',
    host: 'https://backpack.example',
    name: 'A backpack',
    status: 'connected',
    scopes: ['https://purl.imsglobal.org/spec/ob/v3p0/scope/credential.upsert'],
    tokens: sealed('{"access":"a"}'),
    createdAt: at(0),
    updatedAt: at(0),
    connectedAt: at(0),
    ...overrides,
  };
}

function push(overrides: Partial<BackpackPush> = {}): BackpackPush {
  return {
    id: `push-${nextId()}`,
    userId: 'user-1',
    connectionId: 'conn-x',
    credentialId: 'cred-1',
    label: 'Certificate in Welding',
    status: 'pending',
    attempts: 0,
    nextAttemptAt: at(1),
    createdAt: at(0),
    updatedAt: at(0),
    ...overrides,
  };
}

export function describeBackpackLinkContract(getStores: GetStores): void {
  describe('backpack links', () => {
    it("keeps a host's first client only", async () => {
      const { backpackLinks } = getStores();
      const first = client();
      expect(await backpackLinks.getHostClient(first.host)).toBeUndefined();
      expect(await backpackLinks.addHostClient(first)).toEqual(first);
      const second = client({ host: first.host, clientId: 'another' });
      expect(await backpackLinks.addHostClient(second)).toEqual(first);
      expect(await backpackLinks.getHostClient(first.host)).toEqual(first);
    });

    it('saves, replaces, finds by state and lists connections, only for their owner', async () => {
      const { backpackLinks } = getStores();
      const user = `user-${nextId()}`;
      const pending = connection({
        userId: user,
        status: 'authorizing',
        stateHash: 'hash-1',
        verifier: sealed('v'),
        createdAt: at(1),
      });
      delete pending.tokens;
      delete pending.connectedAt;
      const older = connection({ userId: user, createdAt: at(0) });
      await backpackLinks.saveConnection(pending);
      await backpackLinks.saveConnection(older);
      expect(await backpackLinks.findByState(user, 'hash-1')).toEqual(pending);
      expect(await backpackLinks.findByState('someone-else', 'hash-1')).toBeUndefined();
      expect(await backpackLinks.getConnection('someone-else', pending.id)).toBeUndefined();
      expect(await backpackLinks.listConnections(user)).toEqual([older, pending]);

      const { stateHash: _s, verifier: _v, ...rest } = pending;
      const connected = { ...rest, status: 'connected' as const, tokens: sealed('t'), connectedAt: at(2) };
      await backpackLinks.saveConnection(connected);
      expect(await backpackLinks.getConnection(user, pending.id)).toEqual(connected);
      expect(await backpackLinks.findByState(user, 'hash-1')).toBeUndefined();
    });

    it('removes a connection with its pushes, only by its owner', async () => {
      const { backpackLinks } = getStores();
      const user = `user-${nextId()}`;
      const mine = connection({ userId: user });
      await backpackLinks.saveConnection(mine);
      await backpackLinks.savePush(push({ userId: user, connectionId: mine.id }));
      expect(await backpackLinks.removeConnection('someone-else', mine.id)).toBe(false);
      expect(await backpackLinks.removeConnection(user, mine.id)).toBe(true);
      expect(await backpackLinks.listConnections(user)).toEqual([]);
      expect(await backpackLinks.listPushes(user, 10)).toEqual([]);
    });

    it('lists pushes newest first and claims due ones once', async () => {
      const { backpackLinks } = getStores();
      const user = `user-${nextId()}`;
      const due = push({ userId: user, createdAt: at(0), nextAttemptAt: at(1) });
      const later = push({ userId: user, createdAt: at(1), nextAttemptAt: at(30) });
      const sent = push({ userId: user, createdAt: at(2), status: 'sent', outcome: 'created', attempts: 1 });
      delete sent.nextAttemptAt;
      for (const p of [due, later, sent]) await backpackLinks.savePush(p);
      expect(await backpackLinks.listPushes(user, 10)).toEqual([sent, later, due]);
      expect(await backpackLinks.listPushes(user, 1)).toEqual([sent]);
      expect(await backpackLinks.claimDuePushes(at(5), at(7), 10)).toEqual([
        { ...due, nextAttemptAt: at(7) },
      ]);
      expect(await backpackLinks.claimDuePushes(at(5), at(7), 10)).toEqual([]);
      expect(await backpackLinks.claimDuePushes(at(8), at(10), 10)).toEqual([
        { ...due, nextAttemptAt: at(10) },
      ]);
    });

    it("removes all of a user's connections and pushes, nobody else's", async () => {
      const { backpackLinks } = getStores();
      const user = `user-${nextId()}`;
      const other = `user-${nextId()}`;
      await backpackLinks.saveConnection(connection({ userId: user }));
      await backpackLinks.saveConnection(connection({ userId: user }));
      const theirs = connection({ userId: other });
      await backpackLinks.saveConnection(theirs);
      await backpackLinks.savePush(push({ userId: user }));
      const theirPush = push({ userId: other, status: 'sent', attempts: 1 });
      delete theirPush.nextAttemptAt;
      await backpackLinks.savePush(theirPush);
      expect(await backpackLinks.removeAllOf(user)).toBe(2);
      expect(await backpackLinks.listConnections(user)).toEqual([]);
      expect(await backpackLinks.listPushes(user, 10)).toEqual([]);
      expect(await backpackLinks.listConnections(other)).toEqual([theirs]);
      expect(await backpackLinks.listPushes(other, 10)).toEqual([theirPush]);
    });
  });
}
