/**
 * POST /credentials/verify with the certificate itself as the body (issue 16, part 5): the
 * plain PNG the renderer draws and a photo of it verify through their QR code (a private
 * certificate through its /v/<token> link; an id link only for a public one, else the
 * 404 of GET /credentials/<id>), the PDF through its credential.json attachment; a QR code
 * leading anywhere else is a 422 qr_foreign_link and is never fetched; a picture claiming
 * too many pixels is refused from its header at once, decoding stays inside the
 * verification budget, and a picture with nothing in it gets a sentence.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PDFDocument } from 'pdf-lib';
import { createTestApp, type TestApp } from '../fixtures/testDeps.js';
import { openBadgeRequest } from '../fixtures/credentials.js';
import { expectProblem, verifyVia, type Json } from '../fixtures/http.js';
import {
  jpegClaiming,
  noisePng,
  photoOfCertificate,
  pngClaiming,
  qrPng,
} from '../fixtures/certificatePhotos.js';
import { decodePng, readQr } from '../rendering/renderFixtures.js';
import { issueCredential } from '../../src/credentials/issueCredential.js';
import { renderFactsOf } from '../../src/rendering/certificateMark.js';
import type { CredentialRecord } from '../../src/storage/ports.js';

let t: TestApp;
/** URLs the app asked its fetcher for: none may come from a picture. */
const fetched: string[] = [];
let privateRecord: CredentialRecord & { credential: Json };
let publicRecord: CredentialRecord & { credential: Json };
/** The private certificate's PNG as the renderer draws it (its QR code: /v/<token>). */
let certificatePng: Uint8Array;

async function issue(isPublic: boolean): Promise<CredentialRecord & { credential: Json }> {
  const { record } = await issueCredential(t.deps.issue, openBadgeRequest(), { isPublic });
  return record as CredentialRecord & { credential: Json };
}

function postFile(
  body: Uint8Array<ArrayBuffer> | Uint8Array,
  type: string,
  app: TestApp = t,
): Promise<Response> {
  return Promise.resolve(
    app.app.request('/credentials/verify', {
      method: 'POST',
      headers: { 'content-type': type },
      body: body as Uint8Array<ArrayBuffer>,
    }),
  );
}

async function verifiedBody(res: Response): Promise<Json> {
  const body = (await res.json()) as Json;
  expect(res.status, JSON.stringify(body)).toBe(200);
  expect(body.verified).toBe(true);
  return body;
}

beforeAll(async () => {
  // Decoding a photo costs seconds of CPU on a loaded test machine; the budget is tested
  // on its own app below, here it must not decide the outcome.
  t = await createTestApp({
    env: { VERIFY_TIME_BUDGET_MS: '60000' },
    fetchJson: async (url) => {
      fetched.push(url);
      throw new Error(`network disabled in tests: ${url}`);
    },
  });
  privateRecord = await issue(false);
  publicRecord = await issue(true);
  certificatePng = await t.deps.rendering.renderer.png(
    privateRecord.credential,
    undefined,
    undefined,
    renderFactsOf(privateRecord, new Date()),
  );
}, 60_000);
afterAll(async () => {
  expect(fetched).toEqual([]);
  await t.close();
});

describe('the plain certificate PNG', () => {
  it("verifies a private certificate through its QR code's /v/<token> link, as its JSON verifies", async () => {
    const link = `${t.deps.config.publicUrl}/v/${privateRecord.verificationToken}`;
    expect(readQr(decodePng(certificatePng))).toBe(link);
    const { qrCodeUrl, ...result } = await verifiedBody(await postFile(certificatePng, 'image/png'));
    expect(qrCodeUrl).toBe(link);
    expect(result).toEqual((await verifyVia(t, privateRecord.credential)).body);
    expect(result.checks.map((c: Json) => c.id)).toEqual([
      'structure',
      'context',
      'issuer',
      'proof',
      'validity',
      'status',
      'schema',
    ]);
  });

  it('verifies a public certificate through an id link (/c/<id>)', async () => {
    // Without render facts the renderer draws the QR code of the credential's public page.
    const png = await t.deps.rendering.renderer.png(publicRecord.credential);
    const { qrCodeUrl, ...result } = await verifiedBody(await postFile(png, 'image/png'));
    expect(qrCodeUrl).toBe(`${t.deps.config.publicUrl}/c/${encodeURIComponent(publicRecord.id)}`);
    expect(result).toEqual((await verifyVia(t, publicRecord.credential)).body);
  });

  it('answers an id link to a private or missing certificate exactly as GET /credentials/<id> does', async () => {
    for (const id of [privateRecord.id, 'urn:uuid:00000000-0000-4000-8000-000000000000']) {
      const png = await qrPng(`${t.deps.config.publicUrl}/c/${encodeURIComponent(id)}`);
      const picture = await expectProblem(await postFile(png, 'image/png'), 404, 'not_found');
      const direct = await expectProblem(
        await Promise.resolve(t.app.request(`/credentials/${encodeURIComponent(id)}`)),
        404,
        'not_found',
      );
      expect(picture.detail).toBe(direct.detail);
    }
    for (const link of [
      `/verify?id=${encodeURIComponent(privateRecord.id)}`,
      `/credentials/${encodeURIComponent(privateRecord.id)}`,
    ]) {
      await expectProblem(
        await postFile(await qrPng(`${t.deps.config.publicUrl}${link}`), 'image/png'),
        404,
        'not_found',
      );
    }
    const byLink = await verifiedBody(
      await postFile(
        await qrPng(`${t.deps.config.publicUrl}/verify?id=${encodeURIComponent(publicRecord.id)}`),
        'image/png',
      ),
    );
    expect(byLink.qrCodeUrl).toBe(
      `${t.deps.config.publicUrl}/verify?id=${encodeURIComponent(publicRecord.id)}`,
    );
  });

  it('answers an unknown or malformed /v/ token with 404 not_found', async () => {
    for (const token of ['A'.repeat(24), 'not a token']) {
      await expectProblem(
        await postFile(await qrPng(`${t.deps.config.publicUrl}/v/${encodeURIComponent(token)}`), 'image/png'),
        404,
        'not_found',
      );
    }
  });
});

describe('a photo of the printed certificate', () => {
  it('is decoded (JPEG, larger than the JSON body limit, turned, scaled, noisy) and verifies through its QR code', async () => {
    const photo = photoOfCertificate(certificatePng, {
      width: 2200,
      height: 1650,
      scale: 1.5,
      angle: 3,
      noise: 10,
      quality: 92,
    });
    expect(photo.length).toBeGreaterThan(t.deps.config.maxBodyBytes);
    const body = await verifiedBody(await postFile(photo, 'image/jpeg'));
    expect(body.qrCodeUrl).toBe(`${t.deps.config.publicUrl}/v/${privateRecord.verificationToken}`);
  }, 60_000);

  it('is accepted as image/jpg too, and a photo turned the other way verifies', async () => {
    const photo = photoOfCertificate(certificatePng, {
      width: 1600,
      height: 1200,
      scale: 1.2,
      angle: -4,
      noise: 6,
    });
    await verifiedBody(await postFile(photo, 'image/jpg'));
  }, 60_000);
});

describe('the certificate PDF', () => {
  it("verifies through the credential attached to the renderer's PDF", async () => {
    const pdf = await t.deps.rendering.renderer.pdf(
      privateRecord.credential,
      undefined,
      undefined,
      renderFactsOf(privateRecord, new Date()),
    );
    const { qrCodeUrl, ...result } = await verifiedBody(await postFile(pdf, 'application/pdf'));
    expect(qrCodeUrl).toBeUndefined();
    expect(result).toEqual((await verifyVia(t, privateRecord.credential)).body);
  });

  it('verifies an attachment made with pdf-lib, and fails a tampered one like its JSON', async () => {
    const attach = async (credential: Json) => {
      const doc = await PDFDocument.create();
      doc.addPage();
      await doc.attach(new TextEncoder().encode(JSON.stringify(credential)), 'credential.json', {
        mimeType: 'application/ld+json',
      });
      return doc.save();
    };
    await verifiedBody(await postFile(await attach(publicRecord.credential), 'application/pdf'));
    const tampered = structuredClone(publicRecord.credential);
    tampered.credentialSubject.name = 'Mallory';
    const res = await postFile(await attach(tampered), 'application/pdf');
    const body = (await res.json()) as Json;
    expect(res.status).toBe(400);
    expect(body.errors[0].code).toBe('invalid_signature');
    expect({ ...body, requestId: '' }).toEqual({ ...(await verifyVia(t, tampered)).body, requestId: '' });
  });

  it('says plainly that a PDF without the attachment carries no credential', async () => {
    const doc = await PDFDocument.create();
    doc.addPage();
    await doc.attach(new TextEncoder().encode('{}'), 'notes.json', { mimeType: 'application/json' });
    const body = await expectProblem(
      await postFile(await doc.save(), 'application/pdf'),
      422,
      'picture_without_credential',
    );
    expect(body.detail).toMatch(/^This PDF carries no credential: it has no credential\.json attachment/);
  });

  it('answers bytes that are not a PDF with 400 invalid_request', async () => {
    const body = await expectProblem(
      await postFile(new TextEncoder().encode('%PDF-1.7 and nothing else'), 'application/pdf'),
      400,
      'invalid_request',
    );
    expect(body.detail).toBe('This file is not a PDF that can be read');
  });
});

describe('QR codes that lead elsewhere', () => {
  let server: Server;
  let hits = 0;
  let foreign: string;

  beforeAll(async () => {
    server = createServer((_req, res) => {
      hits++;
      res.end('{}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    foreign = `http://127.0.0.1:${(server.address() as AddressInfo).port}/c/${encodeURIComponent(publicRecord.id)}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  it('are 422 qr_foreign_link naming the URL, and never fetched', async () => {
    const body = await expectProblem(
      await postFile(await qrPng(foreign), 'image/png'),
      422,
      'qr_foreign_link',
    );
    expect(body.url).toBe(foreign);
    expect(body.detail).toBe(`This QR code leads to ${foreign}, not to this site; it was not followed`);
    expect(hits).toBe(0);
  });

  it('include a page of this site that is not a certificate link, and another scheme or port', async () => {
    const site = new URL(t.deps.config.publicUrl);
    for (const link of [
      `${site.origin}/login`,
      `${site.origin}/c/a/b`,
      `https://${site.host}/c/x`,
      `${site.protocol}//${site.hostname}:1/c/x`,
    ]) {
      const body = await expectProblem(
        await postFile(await qrPng(link), 'image/png'),
        422,
        'qr_foreign_link',
      );
      expect(body.url).toBe(new URL(link).href);
    }
  });

  it('a QR code holding text, not a link, is 422 picture_without_credential', async () => {
    const body = await expectProblem(
      await postFile(await qrPng('SP-2026-000001 Zoë Ngcobo-Müller'), 'image/png'),
      422,
      'picture_without_credential',
    );
    expect(body.detail).toBe(
      'The QR code in this picture holds text, not a link to a certificate: "SP-2026-000001 Zoë Ngcobo-Müller"',
    );
  });
});

describe('pictures refused or empty', () => {
  it('a picture claiming more pixels than the budget is refused from its header, in bounded time', async () => {
    for (const [picture, type] of [
      [pngClaiming(40_000, 40_000), 'image/png'],
      [jpegClaiming(20_000, 15_000), 'image/jpeg'],
    ] as const) {
      const started = performance.now();
      const body = await expectProblem(await postFile(picture, type), 413, 'picture_too_large');
      expect(performance.now() - started).toBeLessThan(5_000);
      expect(body.detail).toMatch(
        /^This picture is \d+ x \d+ pixels; pictures of up to 13 megapixels are read here/,
      );
      expect(body.limit).toEqual({ name: 'maxPicturePixels', value: 13_000_000 });
    }
  });

  it('a random PNG is 422 picture_without_credential with a sentence', async () => {
    const body = await expectProblem(
      await postFile(noisePng(640, 480), 'image/png'),
      422,
      'picture_without_credential',
    );
    expect(body.detail).toMatch(
      /^This picture carries no certificate: no Open Badges credential is baked into it and no QR code could be read in it\./,
    );
  });

  it('bytes that are not a JPEG, or a JPEG without its frame, are 400 invalid_request', async () => {
    const notJpeg = await expectProblem(
      await postFile(new TextEncoder().encode('GIF89a'), 'image/jpeg'),
      400,
      'invalid_request',
    );
    expect(notJpeg.detail).toBe('This JPEG image could not be decoded: it is not a JPEG file');
    const noFrame = await expectProblem(
      await postFile(new Uint8Array([0xff, 0xd8, 0xff, 0xd9]), 'image/jpeg'),
      400,
      'invalid_request',
    );
    expect(noFrame.detail).toBe('This JPEG image could not be decoded: it has no frame header');
  });

  it('decoding runs inside the verification time budget', async () => {
    const tight = await createTestApp({ env: { VERIFY_TIME_BUDGET_MS: '50' } });
    try {
      const photo = photoOfCertificate(certificatePng, {
        width: 2200,
        height: 1650,
        scale: 1.5,
        angle: 3,
        noise: 10,
      });
      const started = performance.now();
      await expectProblem(await postFile(photo, 'image/jpeg', tight), 422, 'verification_too_costly');
      expect(performance.now() - started).toBeLessThan(15_000);
    } finally {
      await tight.close();
    }
  }, 60_000);

  it('other media types are 415, naming what is accepted', async () => {
    const body = await expectProblem(
      await postFile(certificatePng, 'image/webp'),
      415,
      'unsupported_media_type',
    );
    expect(body.detail).toContain('"Content-Type: application/json"');
    for (const type of ['image/png', 'image/jpeg', 'image/svg+xml', 'application/pdf'])
      expect(body.detail).toContain(`"${type}"`);
  });
});
