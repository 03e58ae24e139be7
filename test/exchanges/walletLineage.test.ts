/**
 * Wallet copies and their originals: "Add to wallet" on a copy hands off from the original,
 * so copies made through the real OpenID4VCI and VC-API flows all hang from the original;
 * copies of copies already stored (made before that rule) are still followed. Revoking,
 * suspending and unsuspending an original reaches every descendant in one store update,
 * seen through POST /credentials/verify; `/me` lists copies under their original.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../fixtures/testDeps.js';
import { setStatusVia, verifyVia } from '../fixtures/http.js';
import { createHolder, presentationOf, signAsHolder } from '../fixtures/holder.js';
import { issueTo } from '../http/pages/pageRequests.js';
import { plainCredentialRequest } from '../fixtures/credentials.js';
import { issueCredential } from '../../src/credentials/issueCredential.js';
import { changeCredentialStatus, MAX_LINEAGE_DEPTH } from '../../src/status/statusLists.js';
import type { CredentialRecord } from '../../src/storage/ports.js';
import {
  credentialRequest,
  getAs,
  openWalletPage,
  participantWithCertificate,
  postCredential,
  postJson,
  proofJwt,
  tokenFor,
  walletPath,
  type Json,
  type Participant,
  recordLegacyCopy,
  storedCredential,
} from './walletFixtures.js';

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
});
afterEach(async () => {
  await t.close();
});

/** A wallet copy of `from` through the LCW VC-API exchange of `from`'s wallet page. */
async function copyViaVcApi(p: Participant, from: CredentialRecord): Promise<Json> {
  const holder = await createHolder();
  const { lcw } = (await openWalletPage(t, { who: p.who, record: from })).links;
  const request = (await (await postJson(t, lcw.exchangePath, {})).json()) as Json;
  const { challenge, domain } = request.verifiablePresentationRequest;
  const vp = await signAsHolder(t, holder, presentationOf([], holder.did), { challenge, domain });
  const res = await postJson(t, lcw.exchangePath, { verifiablePresentation: vp });
  const body = (await res.json()) as Json;
  expect(res.status, JSON.stringify(body)).toBe(200);
  return body.verifiablePresentation.verifiableCredential[0] as Json;
}

/** A wallet copy of `from` through the OpenID4VCI offer of `from`'s wallet page. */
async function copyViaOid4vci(p: Participant, from: CredentialRecord): Promise<Json> {
  const holder = await createHolder();
  const { offer } = (await openWalletPage(t, { who: p.who, record: from })).links;
  const token = await tokenFor(t, offer.code);
  const res = await postCredential(t, token.access_token, credentialRequest(proofJwt(holder, token.c_nonce)));
  const body = (await res.json()) as Json;
  expect(res.status, JSON.stringify(body)).toBe(200);
  return body.credentials[0].credential as Json;
}

/** Asserts each credential fails POST /credentials/verify with `code`, or verifies when null. */
async function expectVerify(credentials: Json[], code: 'revoked' | 'suspended' | null): Promise<void> {
  for (const credential of credentials) {
    const { status, body } = await verifyVia(t, credential);
    if (code === null) {
      expect(status, JSON.stringify(body)).toBe(200);
      expect(body.verified).toBe(true);
    } else {
      expect(status, JSON.stringify(body)).toBe(400);
      expect(body).toMatchObject({ code, verified: false });
    }
  }
}

/** O -> C1 (VC-API, from O's page) -> C2 (OpenID4VCI, from C1's page). */
async function chainThroughFlows(p: Participant): Promise<{ o: Json; c1: Json; c2: Json }> {
  const c1 = await copyViaVcApi(p, p.record);
  const c2 = await copyViaOid4vci(p, await storedCredential(t, c1.id));
  return { o: p.record.credential as Json, c1, c2 };
}

describe('wallet copies derive from the original', () => {
  it("a copy made from a copy's wallet page is a copy of the original, and its page shows the original", async () => {
    const p = await participantWithCertificate(t);
    const c1 = await copyViaVcApi(p, p.record);
    const page = await (await getAs(t, walletPath(c1.id), p.who)).text();
    expect(page).toContain(`certificate ${p.record.certificateNumber}`);
    expect(page).not.toContain(`certificate ${(await storedCredential(t, c1.id)).certificateNumber}`);
    const c2 = await copyViaOid4vci(p, await storedCredential(t, c1.id));
    expect((await t.deps.stores.exchanges.getByIssued(c2.id))?.credentialId).toBe(p.record.id);
    expect(
      (await t.deps.stores.exchanges.listIssuedFrom(p.record.id)).map((r) => r.issuedCredentialId).sort(),
    ).toEqual([c1.id, c2.id].sort());
    expect(await t.deps.stores.exchanges.listIssuedFrom(c1.id)).toEqual([]);
  });

  it("a revoked original offers no wallet links from its copies' pages either", async () => {
    const p = await participantWithCertificate(t);
    const c1 = await copyViaVcApi(p, p.record);
    // Only the original is revoked (a copy made before the original's revocation reached copies).
    await t.deps.stores.statusLists.setStatus(p.record.id, { revoked: true }, new Date().toISOString());
    const page = await (await getAs(t, walletPath(c1.id), p.who)).text();
    expect(page).toContain('revoked');
    expect(page).not.toContain('openid-credential-offer://');
  });
});

describe('a status change reaches every descendant', () => {
  it('revoking the original revokes the copies made through both flows, each with the copy reason', async () => {
    const p = await participantWithCertificate(t);
    const { o, c1, c2 } = await chainThroughFlows(p);
    await expectVerify([o, c1, c2], null);
    expect((await setStatusVia(t, p.record.id, 'revoke')).status).toBe(200);
    await expectVerify([o, c1, c2], 'revoked');
    for (const copy of [c1, c2])
      expect((await storedCredential(t, copy.id)).statusReason).toBe(
        `revoked with the original ${p.record.id}`,
      );
  });

  it('revoking the original of a stored copy-of-a-copy chain revokes the whole chain', async () => {
    const p = await participantWithCertificate(t);
    const c1 = await copyViaVcApi(p, p.record);
    const legacy = await issueTo(t, p.who.user.id);
    await recordLegacyCopy(t, c1.id, legacy.id, p.who.user.id, 'oid4vci_token');
    await expectVerify([legacy.credential as Json], null);
    await changeCredentialStatus(t.deps.status, p.record.id, 'revoke', 'issued in error');
    await expectVerify([p.record.credential as Json, c1, legacy.credential as Json], 'revoked');
    expect(await storedCredential(t, p.record.id)).toMatchObject({
      revoked: true,
      statusReason: 'issued in error',
    });
    expect(await storedCredential(t, legacy.id)).toMatchObject({
      revoked: true,
      statusReason: `revoked with the original ${p.record.id}`,
    });
  });

  it('suspending and unsuspending the original reaches the copies; a copy revoked on its own stays revoked', async () => {
    // An Open Badge carries a revocation entry only; a plain credential (and its copies) both.
    const who = (await participantWithCertificate(t)).who;
    const { record } = await issueCredential(t.deps.issue, plainCredentialRequest(), {
      holderUserId: who.user.id,
      isPublic: false,
    });
    const p = { who, record };
    const { o, c1, c2 } = await chainThroughFlows(p);
    expect((await storedCredential(t, c2.id)).statusEntries.map((e) => e.purpose).sort()).toEqual([
      'revocation',
      'suspension',
    ]);
    expect((await setStatusVia(t, p.record.id, 'suspend')).status).toBe(200);
    await expectVerify([o, c1, c2], 'suspended');
    expect((await setStatusVia(t, p.record.id, 'unsuspend')).status).toBe(200);
    await expectVerify([o, c1, c2], null);

    expect((await setStatusVia(t, c1.id, 'revoke')).status).toBe(200);
    await expectVerify([o, c2], null);
    await changeCredentialStatus(t.deps.status, p.record.id, 'suspend');
    await changeCredentialStatus(t.deps.status, p.record.id, 'unsuspend');
    expect(await storedCredential(t, c1.id)).toMatchObject({ revoked: true, suspended: false });
    await expectVerify([c1], 'revoked');
    await expectVerify([o, c2], null);
  });

  it('revoking a copy reaches its own (stored) copies but not its original', async () => {
    const p = await participantWithCertificate(t);
    const c1 = await copyViaVcApi(p, p.record);
    const legacy = await issueTo(t, p.who.user.id);
    await recordLegacyCopy(t, c1.id, legacy.id, p.who.user.id);
    await changeCredentialStatus(t.deps.status, c1.id, 'revoke');
    await expectVerify([c1, legacy.credential as Json], 'revoked');
    await expectVerify([p.record.credential as Json], null);
  });

  it('walks a cycle in the stored lineage once, and refuses a lineage too deep before changing anything', async () => {
    const p = await participantWithCertificate(t);
    const userId = p.who.user.id;
    const a = await issueTo(t, userId);
    await recordLegacyCopy(t, p.record.id, a.id, userId);
    await recordLegacyCopy(t, a.id, p.record.id, userId);
    await changeCredentialStatus(t.deps.status, p.record.id, 'revoke');
    expect((await storedCredential(t, a.id)).revoked).toBe(true);

    const root = await issueTo(t, userId);
    let parent = root;
    for (let depth = 0; depth <= MAX_LINEAGE_DEPTH; depth++) {
      const copy = await issueTo(t, userId);
      await recordLegacyCopy(t, parent.id, copy.id, userId);
      parent = copy;
    }
    await expect(changeCredentialStatus(t.deps.status, root.id, 'revoke')).rejects.toMatchObject({
      code: 'status_not_supported',
    });
    expect((await storedCredential(t, root.id)).revoked).toBe(false);
  });
});

describe('/me', () => {
  it('lists wallet copies under their original, with their wallet and date, without their own "Add to wallet"', async () => {
    const p = await participantWithCertificate(t);
    const { c1, c2 } = await chainThroughFlows(p);
    const legacy = await issueTo(t, p.who.user.id);
    await recordLegacyCopy(t, c1.id, legacy.id, p.who.user.id, 'oid4vci_token');
    const html = await (await getAs(t, '/me', p.who)).text();

    expect(html.match(/<li class="card certificate-card"/g)).toHaveLength(1);
    expect(html).toContain(`href="${walletPath(p.record.id)}"`);
    for (const copy of [c1, c2, legacy]) expect(html).not.toContain(walletPath(copy.id));
    const items = [...html.matchAll(/<ul class="wallet-copies">(.*?)<\/ul>/gs)].flatMap((m) =>
      [...m[1]!.matchAll(/<li>(.*?)<\/li>/gs)].map((li) => li[1]!),
    );
    expect(items).toHaveLength(3);
    expect(items[0]).toMatch(
      /^In your wallet: Learner Credential Wallet, <time datetime="[^"]+">\d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC<\/time>/,
    );
    expect(items[1]).toMatch(/^In your wallet: OpenID4VCI wallet, <time/);
    expect(items[2]).toMatch(/^In your wallet: OpenID4VCI wallet, <time/);
    for (const [i, copy] of [c1, c2, legacy].entries())
      expect(items[i]).toContain((await storedCredential(t, copy.id)).certificateNumber);
    for (const item of items) expect(item).toContain('Valid');
  });

  it("shows a revoked original's copies revoked, even one its revocation did not reach", async () => {
    const p = await participantWithCertificate(t);
    const c1 = await copyViaVcApi(p, p.record);
    await changeCredentialStatus(t.deps.status, p.record.id, 'revoke');
    // A copy recorded after the revocation (as if its entry had been skipped) still shows revoked.
    const late = await issueTo(t, p.who.user.id);
    await recordLegacyCopy(t, c1.id, late.id, p.who.user.id);
    const html = await (await getAs(t, '/me', p.who)).text();
    const items = [...html.matchAll(/<ul class="wallet-copies">(.*?)<\/ul>/gs)].flatMap((m) =>
      [...m[1]!.matchAll(/<li>(.*?)<\/li>/gs)].map((li) => li[1]!),
    );
    expect(items).toHaveLength(2);
    for (const item of items) {
      expect(item).toContain('Revoked');
      expect(item).not.toContain('Valid');
    }
  });
});
