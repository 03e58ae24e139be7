/**
 * The baked copies of a certificate are its course's badge image when it has one: a PNG
 * badge gives a baked PNG of the badge's very pixels and size, an SVG badge a baked SVG of
 * that drawing, and each unbakes through the public verifier (POST /credentials/verify
 * with the file) to the signed credential. A JPEG badge, a badge whose stored bytes are
 * gone, and a certificate without a badge keep the certificate picture. The backpack
 * export carries the same file as the download.
 */
import { createHash } from 'node:crypto';
import { unzipSync } from 'fflate';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../fixtures/testDeps.js';
import { openBadgeRequest } from '../fixtures/credentials.js';
import { makeBatch, makeParticipant, passingEvents, recordAll } from '../fixtures/programs.js';
import { makeBadgeCourse, SAFE_SVG, solidPng } from '../fixtures/badges.js';
import { signIn } from '../fixtures/sessions.js';
import { verifyVia, type Json } from '../fixtures/http.js';
import { getPage } from '../http/pages/pageRequests.js';
import { issueCredential } from '../../src/credentials/issueCredential.js';
import { unbakePng, unbakeSvg } from '../../src/rendering/baking.js';
import type { BadgeImageType } from '../../src/storage/badgePorts.js';

let t: TestApp;
const BADGE_PNG = solidPng(24, [0xc0, 0x30, 0x30]);

beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const EXT = { 'image/png': 'png', 'image/svg+xml': 'svg', 'image/jpeg': 'jpg' } as const;

/** Stores a badge image (unless `stored` is false) and issues a public credential naming it. */
async function issueWithBadge(
  bytes: Uint8Array,
  mediaType: BadgeImageType,
  options: { stored?: boolean; holderUserId?: string } = {},
): Promise<Json> {
  const sha = sha256(bytes);
  if (options.stored !== false)
    await t.deps.stores.badgeImages.putBadgeImage({
      sha256: sha,
      mediaType,
      bytes,
      createdAt: t.clock.now.toISOString(),
    });
  const request = openBadgeRequest();
  (request.credentialSubject as Json).achievement.image = {
    id: `http://localhost:3000/badges/images/${sha}.${EXT[mediaType]}`,
    type: 'Image',
    caption: 'A badge',
  };
  const { record } = await issueCredential(t.deps.issue, request, {
    isPublic: true,
    ...(options.holderUserId ? { holderUserId: options.holderUserId } : {}),
  });
  return record.credential as Json;
}

async function download(vc: Json, file: string): Promise<Uint8Array<ArrayBuffer>> {
  const res = await getPage(t, `/c/${encodeURIComponent(vc.id)}/${file}`);
  expect(res.status, file).toBe(200);
  return new Uint8Array(await res.arrayBuffer());
}

/** The public verifier's picture path: the file itself is the request body. */
async function verifyFile(bytes: Uint8Array<ArrayBuffer>, type: string): Promise<Json> {
  const res = await t.app.request('/credentials/verify', {
    method: 'POST',
    headers: { 'content-type': type },
    body: bytes,
  });
  const body = (await res.json()) as Json;
  expect(res.status, JSON.stringify(body)).toBe(200);
  return body;
}

const dimensions = (png: Uint8Array) => {
  const { width, height } = PNG.sync.read(Buffer.from(png));
  return { width, height };
};
const pixels = (png: Uint8Array) => Buffer.from(PNG.sync.read(Buffer.from(png)).data);

describe('the baked PNG', () => {
  it("of a course's PNG badge, issued through the programme, is the badge with the credential in it", async () => {
    const course = await makeBadgeCourse(t);
    const { batch } = await makeBatch(t, { course });
    const user = await makeParticipant(t);
    await recordAll(t, passingEvents(batch.id, user.id));
    const enrolment = await t.deps.stores.enrolments.getEnrolment(batch.id, user.id);
    const record = await t.deps.stores.credentials.setPublic(
      enrolment!.credentialId!,
      true,
      t.clock.now.toISOString(),
    );
    const vc = record!.credential as Json;
    const badge = solidPng();
    expect(vc.credentialSubject.achievement.image.id).toContain(sha256(badge));

    const baked = await download(vc, 'certificate-baked.png');
    expect(dimensions(baked)).toEqual({ width: 16, height: 16 });
    expect(pixels(baked).equals(pixels(badge))).toBe(true);
    expect(unbakePng(baked)).toEqual(vc);
    // The same answer as verifying the credential's JSON.
    expect(await verifyFile(baked, 'image/png')).toEqual((await verifyVia(t, vc)).body);
  });

  it('of a credential naming a stored PNG badge has its size and pixels and verifies', async () => {
    const vc = await issueWithBadge(BADGE_PNG, 'image/png');
    const baked = await download(vc, 'certificate-baked.png');
    expect(dimensions(baked)).toEqual({ width: 24, height: 24 });
    expect(pixels(baked).equals(pixels(BADGE_PNG))).toBe(true);
    expect(unbakePng(baked)).toEqual(vc);
    expect((await verifyFile(baked, 'image/png')).verified).toBe(true);
  });

  it('without a badge image, with a JPEG badge, or with its stored image gone, is the certificate picture', async () => {
    const jpeg = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3, 4]);
    const cases = [
      (await issueCredential(t.deps.issue, openBadgeRequest(), { isPublic: true })).record.credential as Json,
      await issueWithBadge(jpeg, 'image/jpeg'),
      await issueWithBadge(solidPng(20, [1, 2, 3]), 'image/png', { stored: false }),
    ];
    for (const vc of cases) {
      const baked = await download(vc, 'certificate-baked.png');
      const picture = await download(vc, 'certificate.png');
      // The A4 landscape certificate picture, not a square badge.
      expect(dimensions(baked)).toEqual(dimensions(picture));
      expect(dimensions(baked).width).toBeGreaterThan(dimensions(baked).height);
      expect(unbakePng(baked)).toEqual(vc);
      expect((await verifyFile(baked, 'image/png')).verified).toBe(true);
    }
  });
});

describe('the baked SVG', () => {
  it('of an SVG badge is that drawing with the credential in it, and verifies', async () => {
    const vc = await issueWithBadge(new TextEncoder().encode(SAFE_SVG), 'image/svg+xml');
    const baked = await download(vc, 'certificate.svg');
    const text = new TextDecoder().decode(baked);
    expect(text).toContain('<title>Web badge</title>');
    expect(text).toContain('viewBox="0 0 100 100"');
    expect(unbakeSvg(text)).toEqual(vc);
    expect((await verifyFile(baked, 'image/svg+xml')).verified).toBe(true);
    // The baked PNG cannot be made of an SVG drawing: it stays the certificate picture.
    const png = await download(vc, 'certificate-baked.png');
    expect(dimensions(png).width).toBeGreaterThan(dimensions(png).height);
  });

  it('of a PNG badge is the certificate drawing', async () => {
    const vc = await issueWithBadge(solidPng(12, [9, 9, 9]), 'image/png');
    const text = new TextDecoder().decode(await download(vc, 'certificate.svg'));
    expect(text).not.toContain('<title>Web badge</title>');
    expect(unbakeSvg(text)).toEqual(vc);
  });
});

describe('the backpack export', () => {
  it('carries the same baked badge as the download: a PNG badge as PNG, an SVG badge as SVG', async () => {
    const holder = await signIn(t, 'participant');
    const pngVc = await issueWithBadge(solidPng(28, [5, 90, 5]), 'image/png', {
      holderUserId: holder.user.id,
    });
    const svgVc = await issueWithBadge(
      new TextEncoder().encode(SAFE_SVG.replace('WEB', 'CSS')),
      'image/svg+xml',
      { holderUserId: holder.user.id },
    );
    const res = await getPage(t, '/me/backpack/export.zip', holder);
    expect(res.status).toBe(200);
    const files = unzipSync(new Uint8Array(await res.arrayBuffer()));
    const names = Object.keys(files);
    const png = names.find((n) => n.endsWith('-baked.png'));
    const svg = names.find((n) => n.startsWith('certificates/') && n.endsWith('.svg'));
    expect(png && svg, names.join(', ')).toBeTruthy();
    expect(
      Buffer.from(files[png!]!).equals(Buffer.from(await download(pngVc, 'certificate-baked.png'))),
    ).toBe(true);
    expect(Buffer.from(files[svg!]!).equals(Buffer.from(await download(svgVc, 'certificate.svg')))).toBe(
      true,
    );
    expect(names.filter((n) => n.startsWith('certificates/') && n.endsWith('.json'))).toHaveLength(2);
    // Each is its badge, not the certificate picture.
    expect(dimensions(files[png!]!)).toEqual({ width: 28, height: 28 });
    expect(unbakeSvg(new TextDecoder().decode(files[svg!]!))).toEqual(svgVc);
    expect(new TextDecoder().decode(files[svg!]!)).toContain('>CSS</text>');
  });
});
