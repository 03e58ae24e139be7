/**
 * POST /credentials/verify and the status check: revocation and suspension on our own
 * lists, and every way a foreign status list can fail (unreachable, expired, forged,
 * undecodable, too short, wrong purpose or issuer). A list that cannot be trusted is its
 * own failure, never "not revoked" and never a 500.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../fixtures/testDeps.js';
import { openBadgeRequest, plainCredentialRequest } from '../fixtures/credentials.js';
import { issueVia, setStatusVia, verifyVia, type Json } from '../fixtures/http.js';
import {
  FOREIGN_LIST_URL,
  credentialWithForeignStatus,
  signedStatusList,
  unsignedStatusList,
} from '../fixtures/statusLists.js';
import { encodeStatusList } from '../../src/status/bitstring.js';

let t: TestApp;
let served: unknown;
let fetched: string[];

beforeEach(async () => {
  served = undefined;
  fetched = [];
  t = await createTestApp({
    fetchJson: async (url) => {
      fetched.push(url);
      if (url === FOREIGN_LIST_URL && served !== undefined) return structuredClone(served);
      throw new Error(`connect ECONNREFUSED ${url}`);
    },
  });
});
afterEach(async () => {
  await t.close();
});

async function expectStatusFailure(credential: Json, code: string): Promise<Json> {
  const { status, body } = await verifyVia(t, credential);
  expect(status, JSON.stringify(body)).toBe(400);
  expect(body).toMatchObject({ type: '/problems/verification-failed', code, verified: false });
  expect(body.errors.map((e: Json) => e.code)).toEqual([code]);
  expect(body.checks.find((c: Json) => c.id === 'status')).toMatchObject({ valid: false, error: { code } });
  expect(body.checks.find((c: Json) => c.id === 'proof')).toEqual({ id: 'proof', valid: true });
  return body;
}

describe('our own status lists', () => {
  it('a revoked credential fails with revoked', async () => {
    const { vc } = await issueVia(t, openBadgeRequest());
    expect((await setStatusVia(t, vc.id, 'revoke')).status).toBe(200);
    await expectStatusFailure(vc, 'revoked');
  });

  it('a suspended credential fails with suspended, and verifies again once unsuspended', async () => {
    const { vc } = await issueVia(t, plainCredentialRequest());
    expect((await setStatusVia(t, vc.id, 'suspend')).status).toBe(200);
    await expectStatusFailure(vc, 'suspended');
    expect((await setStatusVia(t, vc.id, 'unsuspend')).status).toBe(200);
    const { status, body } = await verifyVia(t, vc);
    expect(status).toBe(200);
    expect(body.verified).toBe(true);
  });

  it('are read from the store, never fetched over the network', async () => {
    const { vc } = await issueVia(t, plainCredentialRequest());
    expect((await verifyVia(t, vc)).body.verified).toBe(true);
    expect(fetched).toEqual([]);
  });

  it('an unknown list under our own URL is status_list_unreachable, and is not fetched', async () => {
    const vc = await credentialWithForeignStatus(t, { url: 'http://localhost:3000/status/noSuchList' });
    await expectStatusFailure(vc, 'status_list_unreachable');
    expect(fetched).toEqual([]);
  });

  it('an entry of an unknown status type is status_type_unsupported', async () => {
    const vc = await credentialWithForeignStatus(t);
    const { proof: _proof, ...unsigned } = vc;
    const other = await t.deps.issue.sign({
      ...unsigned,
      credentialStatus: { id: 'https://status.example/1#5', type: 'StatusList2021Entry' },
    });
    await expectStatusFailure(other, 'status_type_unsupported');
  });
});

describe('a foreign status list', () => {
  it('that is valid and clear verifies, and with the bit set is revoked (the controls)', async () => {
    const vc = await credentialWithForeignStatus(t, { index: 4242 });
    served = await signedStatusList(t);
    const clear = await verifyVia(t, vc);
    expect(clear.status, JSON.stringify(clear.body)).toBe(200);
    expect(fetched).toContain(FOREIGN_LIST_URL);
    served = await signedStatusList(t, { setIndexes: [4242] });
    await expectStatusFailure(vc, 'revoked');
  });

  it('that cannot be fetched is status_list_unreachable', async () => {
    const body = await expectStatusFailure(await credentialWithForeignStatus(t), 'status_list_unreachable');
    expect(body.detail).toContain(FOREIGN_LIST_URL);
    expect(fetched).toEqual([FOREIGN_LIST_URL]);
  });

  it('that answers something other than a JSON object is status_list_unreachable', async () => {
    served = 'not json at all';
    await expectStatusFailure(await credentialWithForeignStatus(t), 'status_list_unreachable');
  });

  it('past its validUntil is status_list_expired', async () => {
    served = await signedStatusList(t, { fromDays: -10, untilDays: -1 });
    await expectStatusFailure(await credentialWithForeignStatus(t), 'status_list_expired');
  });

  it('with an encodedList altered after signing is status_list_invalid, not revoked', async () => {
    const list = await signedStatusList(t);
    list.credentialSubject.encodedList = encodeStatusList(131_072, [4242]);
    served = list;
    const body = await expectStatusFailure(
      await credentialWithForeignStatus(t, { index: 4242 }),
      'status_list_invalid',
    );
    expect(body.detail).toMatch(/failed verification/);
  });

  it.each([
    ['fewer than 131072 entries', { length: 1024 }, /131072/],
    ['an encodedList that is not GZIP', { encodedList: 'uVGhpcyBpcyBub3QgZ3ppcA' }, /cannot be decoded/],
    [
      'an encodedList without the multibase prefix',
      { encodedList: encodeStatusList(131_072, []).slice(1) },
      /cannot be decoded/,
    ],
    ['the wrong purpose', { purpose: 'suspension' as const }, /not revocation/],
    ['a validFrom a day ahead', { fromDays: 1, untilDays: 8 }, /not valid before/],
  ])('signed by us but with %s is status_list_invalid', async (_what, options, message) => {
    served = await signedStatusList(t, options);
    const body = await expectStatusFailure(await credentialWithForeignStatus(t), 'status_list_invalid');
    expect(body.detail).toMatch(message);
  });

  it('naming another issuer is status_list_invalid', async () => {
    const unsigned = {
      ...unsignedStatusList(t),
      issuer: 'did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK',
    };
    served = await t.deps.issue.sign(unsigned);
    await expectStatusFailure(await credentialWithForeignStatus(t), 'status_list_invalid');
  });

  it('that is not a BitstringStatusListCredential is status_list_invalid', async () => {
    served = { ...(await signedStatusList(t)), type: ['VerifiableCredential'] };
    await expectStatusFailure(await credentialWithForeignStatus(t), 'status_list_invalid');
  });

  it('with an index outside the list is status_list_invalid', async () => {
    served = await signedStatusList(t);
    await expectStatusFailure(
      await credentialWithForeignStatus(t, { index: 131_072 }),
      'status_list_invalid',
    );
  });
});
