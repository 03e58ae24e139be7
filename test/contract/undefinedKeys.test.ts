/**
 * Lookups and writes by a key that is undefined (a caller's bug, e.g. `credential.id as
 * string` of a credential without an id) find and change nothing, in either adapter. The
 * MongoDB client drops undefined fields from filters (ignoreUndefined), so `{ id:
 * undefined }` went out as `{}` and matched whichever document came first: a credential
 * lookup returned another credential, a session delete ended someone's session. Over SQLite
 * always; over MongoDB on the server MONGODB_URI names, else the FerretDB
 * test/mongoGlobalSetup.ts starts (skipped, saying so, without either), in a fresh
 * database dropped afterwards.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStores } from '../../src/storage/createStores.js';
import type { Stores } from '../../src/storage/ports.js';
import { describeOnMongo, dropDatabase, freshDbName } from '../fixtures/mongoTarget.js';
import { at, sessionRecord, tokenRecord, userRecord } from './accountFixtures.js';
import { apiKeyRecord, reserveInput } from './storeFixtures.js';

const NONE = undefined as unknown as string;

function describeUndefinedKeys(open: () => Promise<{ stores: Stores; close: () => Promise<void> }>): void {
  let stores: Stores;
  let close: () => Promise<void>;
  const user = userRecord();
  const session = sessionRecord(user.id);
  const token = tokenRecord({ userId: user.id });
  const apiKey = apiKeyRecord();
  let credentialId: string;

  beforeAll(async () => {
    ({ stores, close } = await open());
    await stores.users.create(user);
    await stores.sessions.create(session);
    await stores.tokens.create(token);
    await stores.apiKeys.create(apiKey);
    const reserved = await stores.credentials.reserve(reserveInput({ holderUserId: user.id }));
    credentialId = reserved.record.id;
    await stores.credentials.markIssued(credentialId, { id: credentialId }, at(1));
  });
  afterAll(async () => {
    await close?.();
  });

  it('finds nothing by an undefined key', async () => {
    expect(await stores.credentials.get(NONE)).toBeUndefined();
    expect(await stores.credentials.getByIdempotencyKey(NONE)).toBeUndefined();
    expect(await stores.credentials.getByVerificationToken(NONE)).toBeUndefined();
    expect(await stores.credentials.getByCertificateNumber(NONE)).toBeUndefined();
    expect(await stores.credentials.listByHolder(NONE)).toEqual([]);
    expect(await stores.users.get(NONE)).toBeUndefined();
    expect(await stores.users.getByEmail(NONE)).toBeUndefined();
    expect(await stores.sessions.get(NONE)).toBeUndefined();
    expect(await stores.sessions.listForUser(NONE)).toEqual([]);
    expect(await stores.tokens.peek(NONE, token.purpose)).toBeUndefined();
    expect(await stores.apiKeys.findByHash(NONE)).toBeUndefined();
  });

  it('changes nothing by an undefined key', async () => {
    expect(await stores.statusLists.setStatus(NONE, { revoked: true }, at(2))).toBeUndefined();
    expect(await stores.credentials.setPublic(NONE, true, at(2))).toBeUndefined();
    expect(await stores.credentials.redactPersonalData(NONE, at(2))).toBeUndefined();
    expect(await stores.users.update(NONE, { name: 'Changed' }, at(2))).toBeUndefined();
    await stores.users.clearLoginFailures(NONE, at(2));
    expect(await stores.users.recordLoginFailure(NONE, { now: at(2), forgetBefore: at(0) })).toBeUndefined();
    expect(await stores.tokens.consume(NONE, token.purpose, at(2))).toBeUndefined();
    await stores.tokens.deleteForUser(NONE);
    await stores.sessions.touch(NONE, at(2), at(120));
    await stores.sessions.delete(NONE);
    expect(await stores.sessions.deleteForUser(NONE)).toBe(0);
    expect(await stores.apiKeys.revoke(NONE, at(2))).toBe(false);

    expect(await stores.credentials.get(credentialId)).toMatchObject({
      revoked: false,
      isPublic: false,
      holderUserId: user.id,
      state: 'issued',
    });
    expect(await stores.users.get(user.id)).toMatchObject({ name: user.name, failedLogins: 0 });
    expect(await stores.sessions.get(session.idHash)).toEqual(session);
    expect(await stores.tokens.peek(token.hash, token.purpose)).toEqual(token);
    expect((await stores.apiKeys.findByHash(apiKey.hash))?.revokedAt).toBeUndefined();
  });
}

describe('undefined keys over SQLite', () => {
  describeUndefinedKeys(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'saypro-undefined-keys-'));
    const stores = await createStores({ mongodbDb: 'unused', dataDir: dir });
    return {
      stores,
      close: async () => {
        await stores.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  });
});

describeOnMongo('undefined keys over MongoDB', 'MongoDB undefined-key test', (uri) => {
  describeUndefinedKeys(async () => {
    const dbName = freshDbName('undefined_keys');
    const stores = await createStores({ mongodbUri: uri, mongodbDb: dbName, dataDir: 'unused' });
    return {
      stores,
      close: async () => {
        try {
          await stores.close();
        } finally {
          await dropDatabase(uri, dbName);
        }
      },
    };
  });
});
