/**
 * The verification link /v/:token, against the real app (SQLite, render threads,
 * verification pool): a private certificate's link shows holder, achievement and a live
 * verdict with noindex while /c/:id stays 404; unknown, malformed and redacted tokens are
 * the 404 of a missing certificate; the PNG's QR code decodes to the link; the PDF carries
 * the signed credential as credential.json; a revoked certificate's picture carries the
 * banner and is not served from the cache of its valid days.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../fixtures/testDeps.js';
import { openBadgeRequest } from '../fixtures/credentials.js';
import { expectProblem, issueVia, setStatusVia, type Json } from '../fixtures/http.js';
import { decodePng, readQr, type DecodedPng } from '../rendering/renderFixtures.js';
import { pdfAttachments } from '../fixtures/pdfAttachments.js';
import type { CredentialRecord } from '../../src/storage/ports.js';

let t: TestApp;
let privateRecord: CredentialRecord;

const get = (path: string, headers: Record<string, string> = {}) =>
  Promise.resolve(t.app.request(path, { headers: { accept: 'text/html', ...headers } }));
const bytesOf = async (res: Response) => new Uint8Array(await res.arrayBuffer());

async function issued(options: Json = {}): Promise<CredentialRecord> {
  const { vc } = await issueVia(t, openBadgeRequest(), options);
  return (await t.deps.stores.credentials.get(vc.id))!;
}

/** Pixels of the banner's red (#b3261e over the page): the built-in design has none. */
function bannerRedPixels(png: DecodedPng): number {
  let count = 0;
  for (let i = 0; i < png.data.length; i += 4) {
    const [r, g, b] = [png.data[i]!, png.data[i + 1]!, png.data[i + 2]!];
    if (r > 150 && g < 90 && b < 90) count++;
  }
  return count;
}

beforeAll(async () => {
  t = await createTestApp();
  privateRecord = await issued();
  expect(privateRecord.isPublic).toBe(false);
});
afterAll(async () => {
  await t.close();
});

describe('GET /v/:token', () => {
  it('shows a private certificate: holder, achievement, live verdict, its own files, and noindex', async () => {
    const res = await get(`/v/${privateRecord.verificationToken}`);
    const html = await res.text();
    expect(res.status, html).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(res.headers.get('x-robots-tag')).toBe('noindex');
    expect(html).toMatch(/<meta name="robots" content="noindex"\s*\/?>/);
    expect(html).toContain('Zoë Ngcobo-Müller');
    expect(html).toContain('Web Development 101');
    expect(html).toContain(privateRecord.certificateNumber);
    expect(html).toContain('class="banner valid"');
    const files = `/v/${privateRecord.verificationToken}`;
    for (const file of ['certificate.png', 'certificate.pdf', 'certificate-baked.png', 'credential.json'])
      expect(html).toContain(`"${files}/${file}"`);
    expect(html).not.toContain(`/c/${encodeURIComponent(privateRecord.id)}/`);
    // The public page and its pictures stay closed to a private certificate.
    expect((await get(`/c/${encodeURIComponent(privateRecord.id)}`)).status).toBe(404);
    expect((await get(`/c/${encodeURIComponent(privateRecord.id)}/certificate.png`)).status).toBe(404);
  });

  it('answers an unknown, malformed or redacted token with the 404 of a missing certificate', async () => {
    const missing = await get(`/c/${encodeURIComponent('urn:uuid:00000000-0000-4000-8000-000000000000')}`);
    expect(missing.status).toBe(404);
    const notFoundText = 'There is no public certificate at this address';
    expect(await missing.text()).toContain(notFoundText);

    const redacted = await issued({ public: true });
    await t.deps.stores.credentials.redactPersonalData(redacted.id, new Date().toISOString());
    const unknown = privateRecord.verificationToken.replace(/^./, (c) => (c === 'A' ? 'B' : 'A'));
    for (const token of [
      unknown,
      'x'.repeat(24),
      'short',
      encodeURIComponent('../c/x'),
      'a'.repeat(5000),
      redacted.verificationToken,
    ]) {
      const res = await get(`/v/${token}`);
      expect(res.status, token.slice(0, 40)).toBe(404);
      const html = await res.text();
      expect(html).toContain(notFoundText);
      expect(html).not.toContain('Ngcobo');
    }
    for (const file of ['certificate.png', 'certificate.pdf', 'credential.json']) {
      await expectProblem(await get(`/v/${unknown}/${file}`, { accept: '*/*' }), 404, 'not_found');
      await expectProblem(
        await get(`/v/${redacted.verificationToken}/${file}`, { accept: '*/*' }),
        404,
        'not_found',
      );
    }
  });

  it('serves the PNG, whose QR code decodes to the verification link, for search engines to leave alone', async () => {
    const res = await get(`/v/${privateRecord.verificationToken}/certificate.png`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/png');
    expect(res.headers.get('x-robots-tag')).toBe('noindex');
    expect(res.headers.get('cache-control')).toBe('private, no-cache');
    const png = decodePng(await bytesOf(res));
    expect(readQr(png)).toBe(`${t.deps.config.publicUrl}/v/${privateRecord.verificationToken}`);
    const etag = res.headers.get('etag')!;
    expect(
      (await get(`/v/${privateRecord.verificationToken}/certificate.png`, { 'if-none-match': etag })).status,
    ).toBe(304);
  });

  it('serves the PDF with the signed credential attached as credential.json', async () => {
    const res = await get(`/v/${privateRecord.verificationToken}/certificate.pdf`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    const attachments = await pdfAttachments(await bytesOf(res));
    expect(attachments.map((a) => a.name)).toEqual(['credential.json']);
    const [attached] = attachments;
    expect(attached).toMatchObject({
      mimeType: 'application/ld+json',
      description: 'The signed verifiable credential (W3C VC 2.0 / Open Badges 3.0)',
      relationship: 'Source',
      associated: true,
    });
    const credential = JSON.parse(new TextDecoder().decode(attached!.bytes)) as Json;
    expect(credential).toEqual(privateRecord.credential);
    expect(credential.proof).toBeDefined();
  });

  it('serves the signed credential as JSON', async () => {
    const res = await get(`/v/${privateRecord.verificationToken}/credential.json`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/ld+json');
    expect(await res.json()).toEqual(privateRecord.credential);
  });
});

describe('a certificate that is no longer valid', () => {
  it('gets a REVOKED banner on its PNG and PDF once revoked, never the cached clean copy', async () => {
    const record = await issued({ public: true });
    const path = `/c/${encodeURIComponent(record.id)}/certificate`;
    const validRes = await get(`${path}.png`);
    const validPng = decodePng(await bytesOf(validRes));
    const validPdf = await bytesOf(await get(`${path}.pdf`));
    expect(bannerRedPixels(validPng)).toBe(0);

    expect((await setStatusVia(t, record.id, 'revoke')).status).toBe(200);
    const revokedRes = await get(`${path}.png`);
    expect(revokedRes.status).toBe(200);
    expect(revokedRes.headers.get('etag')).not.toBe(validRes.headers.get('etag'));
    // The old ETag no longer matches: a cache holding the clean copy gets the marked one.
    expect((await get(`${path}.png`, { 'if-none-match': validRes.headers.get('etag')! })).status).toBe(200);
    const revokedPng = decodePng(await bytesOf(revokedRes));
    expect([revokedPng.width, revokedPng.height]).toEqual([validPng.width, validPng.height]);
    expect(bannerRedPixels(revokedPng)).toBeGreaterThan(50_000);
    // The band runs clear of the QR code, which still leads to the live verdict.
    expect(readQr(revokedPng)).toBe(`${t.deps.config.publicUrl}/v/${record.verificationToken}`);

    const revokedPdf = await bytesOf(await get(`${path}.pdf`));
    expect(Buffer.from(revokedPdf).equals(Buffer.from(validPdf))).toBe(false);
    // The verification link's picture is the same marked render.
    const viaLink = await get(`/v/${record.verificationToken}/certificate.png`);
    expect(viaLink.headers.get('etag')).toBe(revokedRes.headers.get('etag'));
  });

  it('gets a banner once suspended, and loses it when reinstated', async () => {
    const record = await issued({ public: true, statusPurposes: ['suspension'] });
    const png = async () => get(`/c/${encodeURIComponent(record.id)}/certificate.png`);
    const valid = (await png()).headers.get('etag');
    await setStatusVia(t, record.id, 'suspend');
    const suspended = (await png()).headers.get('etag');
    expect(suspended).not.toBe(valid);
    await setStatusVia(t, record.id, 'unsuspend');
    expect((await png()).headers.get('etag')).toBe(valid);
  });

  it('gets a banner once expired', async () => {
    const { vc } = await issueVia(
      t,
      openBadgeRequest({
        validUntil: new Date(t.clock.now.getTime() + 86_400_000).toISOString().replace(/\.\d+Z$/, 'Z'),
      }),
      { public: true },
    );
    const png = async () => get(`/c/${encodeURIComponent(vc.id)}/certificate.png`);
    const before = (await png()).headers.get('etag');
    t.clock.now = new Date(t.clock.now.getTime() + 2 * 86_400_000);
    try {
      expect((await png()).headers.get('etag')).not.toBe(before);
    } finally {
      t.clock.now = new Date();
    }
  });
});
