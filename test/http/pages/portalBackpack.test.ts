/**
 * /me/backpack over HTTP: a participant imports a foreign credential as a baked PNG, a baked
 * SVG, a JSON file, a VC-JWT file and pasted text; storing it again replaces it; /me lists it
 * beside their own certificates with its standing in words; someone else's entry is a 404 to
 * remove; the zip holds every certificate and entry (opened here, entry by entry); and the
 * account's data export holds the backpack, which erasure empties.
 */
import { unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eraseAccount, exportUserData } from '../../../src/accounts/privacy.js';
import { actorOf } from '../../../src/http/pages/pageKit.js';
import { bakePng, bakeSvg, unbakePng, unbakeSvg } from '../../../src/rendering/baking.js';
import { encodeITXt } from '../../../src/rendering/pngChunks.js';
import type { CredentialRecord } from '../../../src/storage/ports.js';
import { pngChunk, plainSvg, tinyPng } from '../../fixtures/badgeImages.js';
import { badgePayload, dataIntegrityIssuer, didKeyIssuer, signJwt } from '../../fixtures/foreignIssuers.js';
import { signIn, type SignedIn } from '../../fixtures/sessions.js';
import { createTestApp, type TestApp } from '../../fixtures/testDeps.js';
import { getPage, issueTo, postForm } from './pageRequests.js';

let t: TestApp;
let holder: SignedIn;
let stranger: SignedIn;
let own: CredentialRecord;
let signed: Record<string, unknown>;
let jwt: string;

/** A Data Integrity Open Badge by a foreign did:key, as the app's loader signs it. */
async function foreignCredential(name: string): Promise<Record<string, unknown>> {
  const signer = await dataIntegrityIssuer(t);
  const { iss: _i, jti: _j, nbf: _n, ...credential } = badgePayload(signer, t.clock.now, { name });
  return signer.sign({
    ...credential,
    credentialSubject: {
      ...credential.credentialSubject,
      achievement: { ...credential.credentialSubject.achievement, name },
    },
  });
}

beforeAll(async () => {
  t = await createTestApp();
  holder = await signIn(t, 'participant');
  stranger = await signIn(t, 'participant');
  // Starts a verification thread now (about a second, far more on a loaded machine), not in the first test.
  await t.deps.verifier.credential({}).catch(() => undefined);
  own = await issueTo(t, holder.user.id, { isPublic: false });
  signed = await foreignCredential('Open Data Steward');
  const issuer = didKeyIssuer('ES256');
  jwt = await signJwt(issuer, badgePayload(issuer, t.clock.now));
});
afterAll(async () => {
  await t.close();
});

/** POSTs the import form as multipart, a file and/or pasted text. */
function upload(
  who: SignedIn,
  parts: { file?: Uint8Array | string; name?: string; text?: string },
  accept = 'text/html',
): Promise<Response> {
  const body = new FormData();
  body.set('_csrf', who.csrf);
  if (parts.file !== undefined)
    body.set(
      'file',
      new Blob([typeof parts.file === 'string' ? parts.file : new Uint8Array(parts.file)]),
      parts.name ?? 'badge',
    );
  if (parts.text !== undefined) body.set('text', parts.text);
  return Promise.resolve(
    t.app.request('/me/backpack', { method: 'POST', headers: { cookie: who.cookie, accept }, body }),
  );
}

const entriesOf = async (who: SignedIn) =>
  (await t.deps.stores.backpack.list(who.user.id, { limit: 100, offset: 0 })).records;

describe('importing', () => {
  it('takes a baked PNG from another issuer, then the same badge again as a replacement', async () => {
    const png = bakePng(tinyPng(), signed);
    const first = await upload(holder, { file: png, name: 'badge.png' });
    expect(first.status).toBe(303);
    expect(first.headers.get('location')).toBe('/me/backpack?saved=added');
    const again = await upload(holder, { file: png, name: 'badge.png' });
    expect(again.headers.get('location')).toBe('/me/backpack?saved=replaced');
    expect((await entriesOf(holder)).map((e) => e.credentialId)).toEqual([signed.id]);
  });

  it('takes a baked SVG, a JSON file, a VC-JWT file, a VC-JWT baked in a PNG, and pasted text', async () => {
    const who = await signIn(t, 'participant');
    const svgBadge = await foreignCredential('Baked in SVG');
    const jsonBadge = await foreignCredential('As JSON');
    const pasted = await foreignCredential('Pasted');
    const issuer = didKeyIssuer('EdDSA');
    const bakedJwt = await signJwt(issuer, badgePayload(issuer, t.clock.now));
    const jwtPng = tinyPng([pngChunk('iTXt', encodeITXt('openbadgecredential', bakedJwt))]);
    for (const parts of [
      { file: bakeSvg(plainSvg(), svgBadge), name: 'badge.svg' },
      { file: JSON.stringify(jsonBadge, null, 2), name: 'badge.json' },
      { file: `${jwt}\n`, name: 'badge.jwt' },
      { file: jwtPng, name: 'jwt.png' },
      { text: JSON.stringify(pasted) },
    ]) {
      const res = await upload(who, parts);
      expect(res.status, `${parts.name ?? 'pasted'}: ${await res.clone().text()}`).toBe(303);
    }
    const kept = await entriesOf(who);
    expect(kept).toHaveLength(5);
    expect(
      kept
        .filter((e) => e.jwt)
        .map((e) => e.jwt)
        .sort(),
    ).toEqual([bakedJwt, jwt].sort());
  });

  it('shows a browser the page again with the reason when the credential does not verify', async () => {
    const forged = { ...signed, name: 'Forged' };
    const res = await upload(holder, { file: JSON.stringify(forged), name: 'forged.json' });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain('This credential does not verify, so it was not stored');
    expect(html).toContain('<form method="post" action="/me/backpack"');
  });

  it('asks for a file when the form has neither file nor text', async () => {
    const res = await upload(holder, {}, 'application/json');
    expect(res.status).toBe(400);
    expect((await res.json()).detail).toContain('Choose a file');
  });
});

describe('the pages', () => {
  it('lists the foreign badge on /me beside the own certificate, with its standing in words', async () => {
    const html = await (await getPage(t, '/me', holder)).text();
    expect(html).toContain(`id="certificate-${own.certificateNumber}"`);
    expect(html).toContain('From other issuers');
    expect(html).toContain('Open Data Steward');
    expect(html).toContain('<span class="tag warn">Signature valid, issuer not known</span>');
  });

  it("lists the entries on /me/backpack with a remove button each, and only the holder's", async () => {
    const mine = await (await getPage(t, '/me/backpack', holder)).text();
    expect(mine).toContain('Open Data Steward');
    expect(mine).toContain('/remove"');
    const theirs = await (await getPage(t, '/me/backpack', stranger)).text();
    expect(theirs).not.toContain('Open Data Steward');
    expect(theirs).toContain('Nothing yet');
  });

  it("answers 404 to removing someone else's entry, and removes one's own", async () => {
    const [entry] = await entriesOf(holder);
    const path = `/me/backpack/${encodeURIComponent(entry!.id)}/remove`;
    expect((await postForm(t, path, {}, stranger)).status).toBe(404);
    expect(await t.deps.stores.backpack.get(holder.user.id, entry!.id)).toBeDefined();
    const who = await signIn(t, 'participant');
    await upload(who, { file: bakePng(tinyPng(), signed) });
    const [theirs] = await entriesOf(who);
    const res = await postForm(t, `/me/backpack/${encodeURIComponent(theirs!.id)}/remove`, {}, who);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/me/backpack?saved=removed');
    expect(await entriesOf(who)).toEqual([]);
  });
});

describe('the zip of everything', () => {
  it('holds the own certificate (JSON, baked PNG), each entry (JSON, baked SVG or VC-JWT) and a manifest', async () => {
    await upload(holder, { file: `${jwt}\n` });
    const res = await getPage(t, '/me/backpack/export.zip', holder);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/zip');
    expect(res.headers.get('content-disposition')).toMatch(
      /^attachment; filename="saypro-credentials-\d{4}-\d{2}-\d{2}\.zip"$/,
    );
    const files = unzipSync(new Uint8Array(await res.arrayBuffer()));
    const names = Object.keys(files).sort();
    const text = (name: string) => new TextDecoder().decode(files[name]);
    const certificateJson = names.find((n) => /^certificates\/certificate-.*\.json$/.test(n))!;
    expect(JSON.parse(text(certificateJson)).id).toBe(own.id);
    const bakedPng = names.find((n) => n.endsWith('-baked.png'))!;
    expect(unbakePng(files[bakedPng]!)?.id).toBe(own.id);
    const svg = names.find((n) => /^backpack\/open-data-steward-.*\.svg$/.test(n))!;
    expect(unbakeSvg(text(svg))?.id).toBe(signed.id);
    expect(JSON.parse(text(svg.replace(/\.svg$/, '.json'))).id).toBe(signed.id);
    const jwtFile = names.find((n) => n.endsWith('.jwt'))!;
    expect(text(jwtFile).trim()).toBe(jwt);
    const manifest = JSON.parse(text('manifest.json'));
    expect(manifest.certificates).toEqual([
      { certificateNumber: own.certificateNumber, files: [certificateJson, bakedPng] },
    ]);
    expect(manifest.backpack).toHaveLength(2);
    expect(names).toHaveLength(2 + 2 + 2 + 1);
  });

  it("holds nothing of anyone else's", async () => {
    const files = unzipSync(
      new Uint8Array(await (await getPage(t, '/me/backpack/export.zip', stranger)).arrayBuffer()),
    );
    expect(Object.keys(files)).toEqual(['manifest.json']);
  });
});

describe('privacy', () => {
  it("puts the backpack in the account's data export, and erasure empties it", async () => {
    const who = await signIn(t, 'participant');
    await upload(who, { file: bakePng(tinyPng(), signed) });
    const exported = await exportUserData(t.deps.accounts, who.user);
    expect(exported.backpack).toEqual([expect.objectContaining({ credential: signed, source: 'upload' })]);
    await eraseAccount(t.deps.accounts, who.user, actorOf(who.user));
    expect(await entriesOf(who)).toEqual([]);
    expect((await entriesOf(holder)).length).toBeGreaterThan(0);
  });
});
