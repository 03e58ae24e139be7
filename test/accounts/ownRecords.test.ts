/**
 * Reads of a person's own records for /me (src/accounts/consents.ts myConsentHistory,
 * heldCredentials.ts ownCredentialIds): they take the actor, not an id, so they only ever
 * return the actor's own.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../fixtures/testDeps.js';
import { createUser } from '../fixtures/sessions.js';
import { openBadgeRequest } from '../fixtures/credentials.js';
import { actorOf } from '../../src/http/pages/pageKit.js';
import { issueCredential } from '../../src/credentials/issueCredential.js';
import { CURRENT_TEXT_VERSIONS, myConsentHistory, recordConsents } from '../../src/accounts/consents.js';
import { ownCredentialIds } from '../../src/accounts/heldCredentials.js';
import type { UserRecord } from '../../src/storage/ports.js';

let t: TestApp;
let me: UserRecord;
let someoneElse: UserRecord;

beforeAll(async () => {
  t = await createTestApp();
  me = await createUser(t, 'participant');
  someoneElse = await createUser(t, 'participant');
  await recordConsents(t.deps.accounts, me.id, [
    { kind: 'marketing', granted: true, textVersion: CURRENT_TEXT_VERSIONS.marketing },
  ]);
  await issueCredential(t.deps.issue, openBadgeRequest(), { holderUserId: me.id });
});

afterAll(async () => {
  await t.close();
});

describe('own records', () => {
  it("are the actor's consents and credentials, and nobody else's", async () => {
    expect((await myConsentHistory(t.deps.accounts, actorOf(me))).map((c) => [c.userId, c.kind])).toEqual([
      [me.id, 'marketing'],
    ]);
    expect(await myConsentHistory(t.deps.accounts, actorOf(someoneElse))).toEqual([]);
    expect(await ownCredentialIds(t.deps.accounts, actorOf(me))).toHaveLength(1);
    expect(await ownCredentialIds(t.deps.accounts, actorOf(someoneElse))).toEqual([]);
  });
});
