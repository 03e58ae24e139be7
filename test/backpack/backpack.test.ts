/**
 * The backpack domain on a real app (pooled verifier, SQLite): a foreign credential is
 * verified before it is kept (a tampered one never is), kept once per person by its id,
 * apart from anyone else's copy, and verified again whenever it is shown, so a trust-list
 * change or an expiry shows at once and the stored standing is never taken for the present.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../src/errors.js';
import {
  getBackpackItem,
  listBackpack,
  MAX_BACKPACK_ITEMS,
  removeFromBackpack,
  upsertIntoBackpack,
} from '../../src/backpack/backpack.js';
import { showBackpack } from '../../src/backpack/backpackDisplay.js';
import { issueCredential } from '../../src/credentials/issueCredential.js';
import { createTestApp, type TestApp } from '../fixtures/testDeps.js';
import { createUser } from '../fixtures/sessions.js';
import { openBadgeRequest } from '../fixtures/credentials.js';
import {
  badgePayload,
  dataIntegrityIssuer,
  didKeyIssuer,
  signJwt,
  tamperJwt,
  type JwtIssuer,
} from '../fixtures/foreignIssuers.js';

let t: TestApp;
let issuer: JwtIssuer;
const DAY = 24 * 3600 * 1000;

beforeAll(async () => {
  t = await createTestApp();
  issuer = didKeyIssuer('EdDSA');
  // Starts a verification thread now (about a second, far more on a loaded machine), not in the first test.
  await t.deps.verifier.credential({}).catch(() => undefined);
});
afterAll(async () => {
  await t.close();
});

async function refusal(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

const foreignJwt = (overrides: Record<string, unknown> = {}) =>
  signJwt(issuer, badgePayload(issuer, t.clock.now, overrides));

describe('upsertIntoBackpack', () => {
  it('keeps a verified VC-JWT from an unknown issuer with its standing in words, then replaces it', async () => {
    const user = await createUser(t, 'participant');
    const jwt = await foreignJwt();
    const first = await upsertIntoBackpack(t.deps, user.id, { jwt }, 'upload');
    expect(first.created).toBe(true);
    expect(first.item).toMatchObject({
      userId: user.id,
      jwt,
      source: 'upload',
      standing: {
        label: 'Signature valid, issuer not known',
        verified: true,
        kind: 'caution',
        issuer: 'Foreign University',
        name: 'Data Literacy',
      },
    });
    expect(first.item.credential.issuer).toMatchObject({ id: issuer.did });
    t.clock.now = new Date(t.clock.now.getTime() + 60_000);
    const again = await upsertIntoBackpack(t.deps, user.id, { jwt }, 'ob3-api');
    expect(again.created).toBe(false);
    expect(again.item).toMatchObject({ id: first.item.id, addedAt: first.item.addedAt, source: 'ob3-api' });
    expect(again.item.updatedAt > first.item.updatedAt).toBe(true);
    expect(await listBackpack(t.deps, user.id, { limit: 10, offset: 0 })).toMatchObject({ total: 1 });
  });

  it('refuses a tampered credential, with the reason in words, and keeps nothing', async () => {
    const user = await createUser(t, 'participant');
    const tampered = tamperJwt(await foreignJwt(), (p) => ({
      ...p,
      credentialSubject: { ...p.credentialSubject, name: 'Mallory' },
    }));
    const error = await refusal(upsertIntoBackpack(t.deps, user.id, { jwt: tampered }, 'upload'));
    expect(error.code).toBe('verification_failed');
    expect(error.status).toBe(400);
    expect(error.detail).toMatch(/^This credential does not verify, so it was not stored\. .*signature/i);
    expect(await listBackpack(t.deps, user.id, { limit: 10, offset: 0 })).toEqual({ items: [], total: 0 });
  });

  it('refuses what is not a credential, and both or neither of the two forms', async () => {
    const user = await createUser(t, 'participant');
    expect((await refusal(upsertIntoBackpack(t.deps, user.id, {}, 'upload'))).code).toBe(
      'invalid_credential',
    );
    const jwt = await foreignJwt();
    expect(
      (await refusal(upsertIntoBackpack(t.deps, user.id, { jwt, credential: { id: 'x' } }, 'upload'))).code,
    ).toBe('invalid_request');
    expect((await refusal(upsertIntoBackpack(t.deps, user.id, { jwt: 'not.a jwt' }, 'upload'))).code).toBe(
      'invalid_credential',
    );
    const presentation = {
      '@context': ['https://www.w3.org/ns/credentials/v2'],
      type: ['VerifiablePresentation'],
    };
    expect(
      (await refusal(upsertIntoBackpack(t.deps, user.id, { credential: presentation }, 'upload'))).code,
    ).toBe('verification_failed');
  });

  it("keeps two people's copies of one credential apart; neither reaches the other's entry", async () => {
    const [ada, bo] = [await createUser(t, 'participant'), await createUser(t, 'participant')];
    const jwt = await foreignJwt();
    const adas = (await upsertIntoBackpack(t.deps, ada.id, { jwt }, 'upload')).item;
    const bos = await upsertIntoBackpack(t.deps, bo.id, { jwt }, 'upload');
    expect(bos.created).toBe(true);
    expect(bos.item.id).not.toBe(adas.id);
    expect((await refusal(getBackpackItem(t.deps, bo.id, adas.id))).code).toBe('not_found');
    expect((await refusal(removeFromBackpack(t.deps, bo.id, adas.id))).code).toBe('not_found');
    expect((await getBackpackItem(t.deps, ada.id, adas.id)).id).toBe(adas.id);
    await removeFromBackpack(t.deps, ada.id, adas.id);
    expect((await listBackpack(t.deps, bo.id, { limit: 5, offset: 0 })).total).toBe(1);
  });

  it('keeps a Data Integrity credential, and one of ours as valid', async () => {
    const user = await createUser(t, 'participant');
    const signer = await dataIntegrityIssuer(t);
    const { iss: _i, jti: _j, nbf: _n, ...credential } = badgePayload(signer, t.clock.now);
    const signed = await signer.sign(credential);
    expect(
      (await upsertIntoBackpack(t.deps, user.id, { credential: signed }, 'upload')).item.standing,
    ).toMatchObject({
      kind: 'caution',
      verified: true,
    });
    const ours = await issueCredential(t.deps.issue, openBadgeRequest());
    const kept = await upsertIntoBackpack(t.deps, user.id, { credential: ours.record.credential! }, 'upload');
    expect(kept.item.standing).toMatchObject({ label: 'Valid certificate', kind: 'valid', verified: true });
  });

  it('refuses a new entry once the backpack is full, but still replaces one', async () => {
    const user = await createUser(t, 'participant');
    const jwt = await foreignJwt();
    const kept = await upsertIntoBackpack(t.deps, user.id, { jwt }, 'upload');
    for (let i = 1; i < MAX_BACKPACK_ITEMS; i++) {
      await t.deps.stores.backpack.upsert({
        ...kept.item,
        id: `filler-${i}`,
        credentialKey: `filler-${i}`,
      });
    }
    const error = await refusal(upsertIntoBackpack(t.deps, user.id, { jwt: await foreignJwt() }, 'upload'));
    expect(error).toMatchObject({ code: 'conflict', status: 409 });
    expect(error.detail).toContain(`${MAX_BACKPACK_ITEMS} credentials`);
    expect((await upsertIntoBackpack(t.deps, user.id, { jwt }, 'upload')).created).toBe(false);
  });
});

describe('showBackpack', () => {
  it('verifies each entry as it is shown: trusted, expired and untrusted again, never the stored standing', async () => {
    const user = await createUser(t, 'participant');
    const until = new Date(t.clock.now.getTime() + 2 * DAY).toISOString().replace(/\.\d+Z$/, 'Z');
    await upsertIntoBackpack(t.deps, user.id, { jwt: await foreignJwt({ validUntil: until }) }, 'upload');
    const shown = async () => (await showBackpack(t.deps, user.id, { limit: 10, offset: 0 })).entries[0]!;
    expect((await shown()).standing).toMatchObject({
      kind: 'caution',
      label: 'Signature valid, issuer not known',
    });

    const admin = await createUser(t, 'admin');
    const at = t.clock.now.toISOString();
    await t.deps.stores.trust.addIssuer({
      did: issuer.did,
      name: 'Foreign University (listed)',
      createdAt: at,
      updatedAt: at,
      createdBy: admin.id,
    });
    const trusted = await shown();
    expect(trusted.standing).toMatchObject({ kind: 'valid', label: 'Valid certificate', verified: true });
    expect(trusted.detail).toContain('Foreign University (listed)');
    expect(trusted.title).toBe('Data Literacy');

    const today = t.clock.now;
    t.clock.now = new Date(today.getTime() + 3 * DAY);
    try {
      const expired = await shown();
      expect(expired.standing).toMatchObject({ kind: 'expired', label: 'Expired', verified: false });
      // What was stored says valid-looking things; the page must not.
      expect(expired.item.standing.verified).toBe(true);
    } finally {
      t.clock.now = today;
    }
    await t.deps.stores.trust.removeIssuer(issuer.did);
    expect((await shown()).standing.kind).toBe('caution');
  });

  it('shows a stored entry that no longer verifies as not valid', async () => {
    const user = await createUser(t, 'participant');
    const { item } = await upsertIntoBackpack(t.deps, user.id, { jwt: await foreignJwt() }, 'upload');
    // A row altered in the store (or a credential whose issuer changed its keys) is checked again as shown.
    const tampered = tamperJwt(item.jwt!, (p) => ({ ...p, name: 'Forged' }));
    await t.deps.stores.backpack.upsert({
      ...item,
      credentialKey: (await t.deps.stores.backpack.get(user.id, item.id))!.credentialKey,
      jwt: tampered,
    });
    const [entry] = (await showBackpack(t.deps, user.id, { limit: 10, offset: 0 })).entries;
    expect(entry!.standing).toMatchObject({ kind: 'invalid', verified: false, label: 'Not valid' });
  });
});
