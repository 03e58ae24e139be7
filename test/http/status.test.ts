/**
 * Status lists over HTTP: GET /status/:listId publishes a BitstringStatusListCredential
 * signed by our DID whose bits follow POST /credentials/status (both body shapes);
 * revocation is permanent; unknown credentials and lists are 404.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../fixtures/testDeps.js';
import { openBadgeRequest, plainCredentialRequest } from '../fixtures/credentials.js';
import { expectProblem, issueVia, post, setStatusVia, verifyVia, type Json } from '../fixtures/http.js';
import { decodeStatusList, encodeStatusList, readStatusBit } from '../../src/status/bitstring.js';
import { verifyCredential } from '../../src/verification/verifyCredential.js';

const DAY = 24 * 3600 * 1000;
let t: TestApp;

beforeEach(async () => {
  t = await createTestApp();
});
afterEach(async () => {
  await t.close();
});

type Entry = { statusPurpose: string; statusListIndex: string; statusListCredential: string };
const entries = (vc: Json): Entry[] => [].concat(vc.credentialStatus);
const entryFor = (vc: Json, purpose: string): Entry => entries(vc).find((e) => e.statusPurpose === purpose)!;

async function fetchList(url: string): Promise<{ res: Response; list: Json }> {
  const res = await t.app.request(new URL(url).pathname);
  expect(res.status).toBe(200);
  return { res, list: (await res.json()) as Json };
}

async function bitOf(entry: Entry): Promise<boolean> {
  const { list } = await fetchList(entry.statusListCredential);
  return readStatusBit(decodeStatusList(list.credentialSubject.encodedList), Number(entry.statusListIndex));
}

const vcApiBody = (credentialId: string, statusPurpose: string, status: boolean | string) => ({
  credentialId,
  credentialStatus: [{ type: 'BitstringStatusListEntry', statusPurpose, status }],
});

describe('GET /status/:listId', () => {
  it('publishes a BitstringStatusListCredential signed by our DID that verifies', async () => {
    const entry = entryFor((await issueVia(t, openBadgeRequest())).vc, 'revocation');
    const { res, list } = await fetchList(entry.statusListCredential);
    expect(res.headers.get('content-type')).toBe('application/vc+ld+json');
    expect(res.headers.get('cache-control')).toMatch(/^public, max-age=\d+$/);
    expect(list).toMatchObject({
      id: entry.statusListCredential,
      type: ['VerifiableCredential', 'BitstringStatusListCredential'],
      issuer: t.deps.identity.did,
      credentialSubject: {
        type: 'BitstringStatusList',
        statusPurpose: 'revocation',
        id: `${entry.statusListCredential}#list`,
      },
    });
    expect(list.proof).toMatchObject({
      type: 'DataIntegrityProof',
      cryptosuite: 'eddsa-rdfc-2022',
      verificationMethod: t.deps.identity.verificationMethod,
    });
    expect(Date.parse(list.validUntil)).toBeGreaterThan(t.clock.now.getTime());
    const decoded = decodeStatusList(list.credentialSubject.encodedList);
    expect(decoded.length).toBeGreaterThanOrEqual(131_072);

    const { status, body } = await verifyVia(t, list);
    expect(status).toBe(200);
    expect(body.verified).toBe(true);
  });

  it('flips the bit at the credential index after revocation, and only that bit', async () => {
    const vc = (await issueVia(t, openBadgeRequest())).vc;
    const other = (await issueVia(t, openBadgeRequest())).vc;
    const entry = entryFor(vc, 'revocation');
    expect(await bitOf(entry)).toBe(false);
    const res = await setStatusVia(t, vc.id, 'revoke');
    expect(await res.json()).toEqual({ credentialId: vc.id, revoked: true, suspended: false });
    expect(await bitOf(entry)).toBe(true);
    expect(await bitOf(entryFor(other, 'revocation'))).toBe(false);
    const { list } = await fetchList(entry.statusListCredential);
    expect(decodeStatusList(list.credentialSubject.encodedList).bytes.filter((b) => b !== 0)).toHaveLength(1);
  });

  it('is re-signed before it expires, so a credential still verifies weeks later', async () => {
    const vc = (await issueVia(t, plainCredentialRequest())).vc;
    const first = (await fetchList(entryFor(vc, 'revocation').statusListCredential)).list;
    t.clock.now = new Date(t.clock.now.getTime() + 30 * DAY);
    const later = (await fetchList(entryFor(vc, 'revocation').statusListCredential)).list;
    expect(Date.parse(later.validUntil)).toBeGreaterThan(t.clock.now.getTime());
    expect(later.validFrom).not.toBe(first.validFrom);
    expect((await verifyVia(t, vc)).body.verified).toBe(true);
  });

  it('is served from memory while unchanged, yet a revocation by another server on the same store shows at once', async () => {
    const vc = (await issueVia(t, plainCredentialRequest())).vc;
    const url = entryFor(vc, 'revocation').statusListCredential;
    expect((await verifyVia(t, vc)).body.verified).toBe(true);
    const served = await t.deps.verify.fetchStatusList(url);
    expect(await t.deps.verify.fetchStatusList(url)).toBe(served);
    expect(Object.isFrozen(served)).toBe(true);

    const other = await createTestApp({ dir: t.dir });
    try {
      expect((await setStatusVia(other, String(vc.id), 'revoke')).status).toBe(200);
    } finally {
      await other.close();
    }
    expect(await t.deps.verify.fetchStatusList(url)).not.toBe(served);
    const after = await verifyVia(t, vc);
    expect(after.body.verified).toBe(false);
    expect((after.body.errors as Json[]).map((e) => e.code)).toContain('revoked');
    expect(await bitOf(entryFor(vc, 'revocation'))).toBe(true);
  });

  it('checks a list handed out as a mutable object afresh every time: altered after a first check, it fails', async () => {
    const vc = (await issueVia(t, plainCredentialRequest())).vc;
    const entry = entryFor(vc, 'revocation');
    const list = structuredClone(await t.deps.verify.fetchStatusList(entry.statusListCredential)) as Json;
    const deps = {
      ...t.deps.verify,
      fetchStatusList: async (url: string) =>
        url === entry.statusListCredential ? list : t.deps.verify.fetchStatusList(url),
    };
    const first = await verifyCredential(vc, deps);
    expect(first.errors).toEqual([]);
    const length = decodeStatusList(list.credentialSubject.encodedList).length;
    list.credentialSubject.encodedList = encodeStatusList(length, [Number(entry.statusListIndex)]);
    const result = await verifyCredential(vc, deps);
    expect(result.verified).toBe(false);
    expect(result.errors.map((e) => e.code)).toEqual(['status_list_invalid']);
  });

  it.each([
    'doesNotExist',
    'a'.repeat(65),
    '..%2F..%2Fetc%2Fpasswd',
    '..%5C..%5Cwindows',
    'list.json',
    '%00',
  ])('answers 404 for list id %j', async (listId) => {
    await expectProblem(await t.app.request(`/status/${listId}`), 404, 'not_found');
  });
});

describe('POST /credentials/status', () => {
  it('accepts the VC-API shape for suspension, both ways, and the list follows', async () => {
    const vc = (await issueVia(t, plainCredentialRequest())).vc;
    const suspension = entryFor(vc, 'suspension');
    const on = await post(t, '/credentials/status', vcApiBody(vc.id, 'suspension', true), t.adminKey);
    expect(await on.json()).toEqual({ credentialId: vc.id, revoked: false, suspended: true });
    expect(await bitOf(suspension)).toBe(true);
    expect(await bitOf(entryFor(vc, 'revocation'))).toBe(false);
    const off = await post(t, '/credentials/status', vcApiBody(vc.id, 'suspension', 'false'), t.adminKey);
    expect(await off.json()).toMatchObject({ suspended: false });
    expect(await bitOf(suspension)).toBe(false);
  });

  it('keeps a reason', async () => {
    const vc = (await issueVia(t, openBadgeRequest())).vc;
    const res = await post(
      t,
      '/credentials/status',
      { credentialId: vc.id, action: 'revoke', reason: 'Issued in error' },
      t.adminKey,
    );
    expect(await res.json()).toEqual({
      credentialId: vc.id,
      revoked: true,
      suspended: false,
      reason: 'Issued in error',
    });
  });

  it('makes revocation permanent', async () => {
    const vc = (await issueVia(t, plainCredentialRequest())).vc;
    expect((await setStatusVia(t, vc.id, 'revoke')).status).toBe(200);
    await expectProblem(
      await post(t, '/credentials/status', vcApiBody(vc.id, 'revocation', false), t.adminKey),
      400,
      'status_not_supported',
    );
    await expectProblem(await setStatusVia(t, vc.id, 'unsuspend'), 400, 'status_not_supported');
    await expectProblem(await setStatusVia(t, vc.id, 'suspend'), 400, 'status_not_supported');
    expect(await bitOf(entryFor(vc, 'revocation'))).toBe(true);
    expect(await t.deps.stores.credentials.get(vc.id)).toMatchObject({ revoked: true, suspended: false });
  });

  it('refuses to un-revoke through the VC-API shape even before any revocation', async () => {
    const vc = (await issueVia(t, plainCredentialRequest())).vc;
    const body = await expectProblem(
      await post(t, '/credentials/status', vcApiBody(vc.id, 'revocation', false), t.adminKey),
      400,
      'status_not_supported',
    );
    expect(body.detail).toMatch(/permanent/);
  });

  it('refuses to suspend an Open Badge issued with revocation only', async () => {
    const vc = (await issueVia(t, openBadgeRequest())).vc;
    const body = await expectProblem(await setStatusVia(t, vc.id, 'suspend'), 400, 'status_not_supported');
    expect(body.detail).toContain('suspension');
  });

  it('answers 404 for an unknown credential', async () => {
    await expectProblem(
      await setStatusVia(t, 'urn:uuid:00000000-0000-4000-8000-000000000000', 'revoke'),
      404,
      'not_found',
    );
    await expectProblem(
      await post(t, '/credentials/status', vcApiBody('urn:uuid:nope', 'suspension', true), t.adminKey),
      404,
      'not_found',
    );
  });

  it('asks for one status purpose per VC-API request', async () => {
    const vc = (await issueVia(t, plainCredentialRequest())).vc;
    const both = {
      credentialId: vc.id,
      credentialStatus: [
        ...vcApiBody(vc.id, 'suspension', true).credentialStatus,
        ...vcApiBody(vc.id, 'revocation', true).credentialStatus,
      ],
    };
    await expectProblem(await post(t, '/credentials/status', both, t.adminKey), 400, 'invalid_request');
    expect(await t.deps.stores.credentials.get(vc.id)).toMatchObject({ revoked: false, suspended: false });
  });
});
