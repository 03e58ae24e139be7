/**
 * GET /c/:id/certificate.{png,pdf,svg} and /c/:id/certificate-baked.png: served only for
 * an issued, public, not redacted credential (private, redacted and missing answer the
 * same 404 problem+json), with content type, caching headers and file names; both
 * spellings of the id; the baked PNG carries a credential that verifies; a second request
 * is served from the cache; and the HTML page at /c/:id still answers beside them.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestApp, type TestApp } from '../fixtures/testDeps.js';
import { openBadgeRequest } from '../fixtures/credentials.js';
import { expectProblem, issueVia, verifyVia, type Json } from '../fixtures/http.js';
import { decodePng, readQr } from './renderFixtures.js';
import { unbakePng, unbakeSvg } from '../../src/rendering/baking.js';

let t: TestApp;
let publicVc: Json;
let privateVc: Json;
let redactedVc: Json;

const MISSING = 'urn:uuid:00000000-0000-4000-8000-000000000000';
const FILES = ['certificate.png', 'certificate.pdf', 'certificate-baked.png', 'certificate.svg'] as const;
const TYPES: Record<(typeof FILES)[number], string> = {
  'certificate.png': 'image/png',
  'certificate.pdf': 'application/pdf',
  'certificate-baked.png': 'image/png',
  'certificate.svg': 'image/svg+xml',
};

const get = (path: string, headers: Record<string, string> = {}) =>
  Promise.resolve(t.app.request(path, { headers }));
const encoded = (id: string, file: string) => `/c/${encodeURIComponent(id)}/${file}`;

beforeAll(async () => {
  t = await createTestApp();
  publicVc = (await issueVia(t, openBadgeRequest(), { public: true })).vc;
  privateVc = (await issueVia(t, openBadgeRequest())).vc;
  redactedVc = (await issueVia(t, openBadgeRequest(), { public: true })).vc;
  await t.deps.stores.credentials.redactPersonalData(redactedVc.id, new Date().toISOString());
});
afterAll(async () => {
  await t.close();
});

describe('a public credential', () => {
  it.each(FILES)('serves %s with its content type, caching headers and file name', async (file) => {
    const res = await get(encoded(publicVc.id, file));
    expect(
      res.status,
      await res
        .clone()
        .text()
        .catch(() => ''),
    ).toBe(200);
    expect(res.headers.get('content-type')).toBe(TYPES[file]);
    expect(res.headers.get('cache-control')).toBe('public, no-cache');
    expect(res.headers.get('etag')).toMatch(/^"[\w-]{27}"$/);
    expect(res.headers.get('set-cookie')).toBeNull();
    const number = publicVc.credentialSubject.identifier[0].identityHash as string;
    const disposition = file === 'certificate.png' ? 'inline' : 'attachment';
    expect(res.headers.get('content-disposition')).toBe(
      `${disposition}; filename="certificate-${number}${file.slice('certificate'.length)}"`,
    );
    const body = new Uint8Array(await res.arrayBuffer());
    const magic = Buffer.from(body.subarray(0, 5)).toString('latin1');
    expect(magic).toBe(
      { 'image/png': '\x89PNG\r', 'application/pdf': '%PDF-', 'image/svg+xml': '<svg ' }[TYPES[file]],
    );
  });

  it('answers both spellings of the id: percent-encoded and with raw colons', async () => {
    const raw = await get(`/c/${publicVc.id}/certificate.png`);
    const enc = await get(encoded(publicVc.id, 'certificate.png'));
    expect([raw.status, enc.status]).toEqual([200, 200]);
    expect(raw.headers.get('etag')).toBe(enc.headers.get('etag'));
    const png = decodePng(new Uint8Array(await raw.arrayBuffer()));
    expect([png.width, png.height]).toEqual([2246, 1588]);
    const token = (await t.deps.stores.credentials.get(publicVc.id))!.verificationToken;
    expect(readQr(png)).toBe(`${t.deps.config.publicUrl}/v/${token}`);
  });

  it('still has its HTML page at /c/:id, in both spellings', async () => {
    for (const path of [`/c/${encodeURIComponent(publicVc.id)}`, `/c/${publicVc.id}`]) {
      const res = await get(path);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/html/);
      expect(await res.text()).toContain('Zoë Ngcobo-Müller');
    }
  });

  it('bakes the signed credential into the PNG, and it verifies', async () => {
    const res = await get(encoded(publicVc.id, 'certificate-baked.png'));
    const baked = unbakePng(new Uint8Array(await res.arrayBuffer()));
    expect(baked).toEqual(publicVc);
    const { status, body } = await verifyVia(t, baked);
    expect(status).toBe(200);
    expect(body.verified).toBe(true);
    const viaImage = await t.app.request('/credentials/verify', {
      method: 'POST',
      headers: { 'content-type': 'image/png' },
      body: new Uint8Array(await (await get(encoded(publicVc.id, 'certificate-baked.png'))).arrayBuffer()),
    });
    expect(((await viaImage.json()) as Json).verified).toBe(true);
  });

  it('bakes the signed credential into the SVG', async () => {
    const res = await get(encoded(publicVc.id, 'certificate.svg'));
    expect(unbakeSvg(await res.text())).toEqual(publicVc);
  });

  it('renders once: a second request comes from the cache, and a matching ETag gets 304', async () => {
    const fresh = (await issueVia(t, openBadgeRequest(), { public: true })).vc;
    const png = vi.spyOn(t.deps.rendering.renderer, 'png');
    const pdf = vi.spyOn(t.deps.rendering.renderer, 'pdf');
    try {
      const first = await get(encoded(fresh.id, 'certificate.png'));
      const second = await get(`/c/${fresh.id}/certificate.png`);
      const baked = await get(encoded(fresh.id, 'certificate-baked.png'));
      expect([first.status, second.status, baked.status]).toEqual([200, 200, 200]);
      expect(png).toHaveBeenCalledTimes(1); // the baked PNG reuses the cached picture
      expect(second.headers.get('etag')).toBe(first.headers.get('etag'));
      expect(Buffer.from(await second.arrayBuffer()).equals(Buffer.from(await first.arrayBuffer()))).toBe(
        true,
      );

      await get(encoded(fresh.id, 'certificate.pdf'));
      await get(encoded(fresh.id, 'certificate.pdf'));
      expect(pdf).toHaveBeenCalledTimes(1);

      const etag = first.headers.get('etag')!;
      const notModified = await get(encoded(fresh.id, 'certificate.png'), { 'if-none-match': etag });
      expect(notModified.status).toBe(304);
      expect(notModified.headers.get('etag')).toBe(etag);
      expect(await notModified.text()).toBe('');
      expect(png).toHaveBeenCalledTimes(1);
    } finally {
      png.mockRestore();
      pdf.mockRestore();
    }
  });
});

describe('anything not public answers exactly like a missing credential', () => {
  const normalise = (body: Json, id: string) => ({
    ...body,
    requestId: '',
    detail: String(body.detail).replace(id, '<id>'),
  });

  it.each(FILES)('%s: private, redacted and missing are the same 404 problem+json', async (file) => {
    const missing = normalise(
      await expectProblem(await get(encoded(MISSING, file)), 404, 'not_found'),
      MISSING,
    );
    expect(missing.detail).toBe('No public certificate with id <id>');
    for (const vc of [privateVc, redactedVc]) {
      const body = await expectProblem(await get(encoded(vc.id, file)), 404, 'not_found');
      expect(normalise(body, vc.id)).toEqual(missing);
    }
  });

  it('a private credential made public is then served, and private again is 404 again', async () => {
    const vc = (await issueVia(t, openBadgeRequest())).vc;
    await expectProblem(await get(encoded(vc.id, 'certificate.png')), 404, 'not_found');
    await t.deps.stores.credentials.setPublic(vc.id, true, new Date().toISOString());
    expect((await get(encoded(vc.id, 'certificate.png'))).status).toBe(200);
    await t.deps.stores.credentials.setPublic(vc.id, false, new Date().toISOString());
    await expectProblem(await get(encoded(vc.id, 'certificate.png')), 404, 'not_found');
  });

  it('other files under /c/:id/ are not routes', async () => {
    await expectProblem(await get(encoded(publicVc.id, 'certificate.gif')), 404, 'not_found');
  });
});
