/**
 * POST /credentials/verify with a baked Open Badges image as the body: a credential baked
 * into a PNG or an SVG verifies exactly as its JSON does (same 200 and 400 shapes), an
 * SVG without one is a 400 invalid_request (a PNG without one is searched for a QR code:
 * verifyPicture.test.ts), a corrupt one a 400 with a sentence, other image types a 415,
 * and the body limit still holds for SVG (413).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../fixtures/testDeps.js';
import { openBadgeRequest } from '../fixtures/credentials.js';
import { expectProblem, looksLikeStack, verifyVia, type Json } from '../fixtures/http.js';
import { editorSvg, plainSvg, tinyPng } from '../fixtures/badgeImages.js';
import { issueCredential } from '../../src/credentials/issueCredential.js';
import { bakePng, bakeSvg } from '../../src/rendering/baking.js';

let t: TestApp;
let vc: Json;

beforeAll(async () => {
  t = await createTestApp();
  vc = structuredClone((await issueCredential(t.deps.issue, openBadgeRequest())).record.credential) as Json;
});
afterAll(async () => {
  await t.close();
});

function postImage(
  body: Uint8Array<ArrayBuffer> | string,
  type: string,
  headers: Record<string, string> = {},
): Promise<Response> {
  return Promise.resolve(
    t.app.request('/credentials/verify', {
      method: 'POST',
      headers: { 'content-type': type, ...headers },
      body,
    }),
  );
}

function tampered(): Json {
  const copy = structuredClone(vc);
  copy.credentialSubject.name = 'Mallory';
  return copy;
}

const images: Array<[string, string, (credential: Json) => Uint8Array<ArrayBuffer> | string]> = [
  ['PNG', 'image/png', (credential) => bakePng(tinyPng(), credential)],
  ['SVG', 'image/svg+xml', (credential) => bakeSvg(editorSvg(), credential)],
];

describe.each(images)('a baked %s', (_kind, type, bake) => {
  it('verifies with the same 200 body as its JSON', async () => {
    const res = await postImage(bake(vc), type);
    const body = (await res.json()) as Json;
    expect(res.status, JSON.stringify(body)).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(body.verified).toBe(true);
    expect(body.checks.map((c: Json) => [c.id, c.valid])).toEqual(
      ['structure', 'context', 'issuer', 'proof', 'validity', 'status', 'schema'].map((id) => [id, true]),
    );
    expect(body).toEqual((await verifyVia(t, vc)).body);
  });

  it('accepts media type parameters', async () => {
    const res = await postImage(bake(vc), `${type}; charset=utf-8`);
    expect(res.status).toBe(200);
  });

  it('of a tampered credential fails like the JSON: 400 verification_failed, invalid_signature', async () => {
    const res = await postImage(bake(tampered()), type);
    const text = await res.text();
    expect(res.status, text).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(looksLikeStack(text)).toBe(false);
    const body = JSON.parse(text) as Json;
    expect(body).toMatchObject({
      type: '/problems/verification-failed',
      code: 'invalid_signature',
      status: 400,
      verified: false,
      requestId: expect.any(String),
    });
    expect(body.errors[0].code).toBe('invalid_signature');
    const json = (await verifyVia(t, tampered())).body;
    expect({ ...body, requestId: '' }).toEqual({ ...json, requestId: '' });
  });
});

describe('images that carry no usable credential', () => {
  it('an SVG without a credential is 400 invalid_request', async () => {
    const body = await expectProblem(await postImage(plainSvg(), 'image/svg+xml'), 400, 'invalid_request');
    expect(body.detail).toBe(
      'This image carries no Open Badges credential: it has no openbadges:credential element',
    );
  });

  // A PNG without one is then searched for a QR code (verifyPicture.test.ts); this one has none.
  it('a PNG without a credential or a QR code is 422 picture_without_credential', async () => {
    const body = await expectProblem(
      await postImage(tinyPng(), 'image/png'),
      422,
      'picture_without_credential',
    );
    expect(body.detail).toMatch(
      /^This picture carries no certificate: no Open Badges credential is baked into it and no QR code could be read in it/,
    );
  });

  it('a PNG with a broken CRC, bytes that are not a PNG, and an empty body get a sentence', async () => {
    const broken = bakePng(tinyPng(), vc);
    broken[broken.length - 13]! ^= 0xff;
    const cases: Array<[Uint8Array<ArrayBuffer> | string, string, RegExp]> = [
      [broken, 'image/png', /corrupt: the CRC of its iTXt chunk/],
      [new TextEncoder().encode('GIF89a'), 'image/png', /not a PNG image/],
      ['', 'image/png', /not a PNG image/],
      ['<html><body>hi</body></html>', 'image/svg+xml', /not an SVG image/],
      ['<svg><openbadges:credential>&xxe;</openbadges:credential></svg>', 'image/svg+xml', /entity &xxe;/],
    ];
    for (const [image, type, detail] of cases) {
      const body = await expectProblem(await postImage(image, type), 400, 'invalid_request');
      expect(body.detail).toMatch(detail);
    }
  });

  it('a credential baked as something other than a JSON object is 400 invalid_request', async () => {
    const body = await expectProblem(
      await postImage(`<svg><openbadges:credential>[1, 2]</openbadges:credential></svg>`, 'image/svg+xml'),
      400,
      'invalid_request',
    );
    expect(body.detail).toMatch(/not a JSON object/);
  });
});

describe('media types and limits', () => {
  it('image/gif and other image types are 415, naming what is accepted', async () => {
    for (const type of ['image/gif', 'image/webp']) {
      const body = await expectProblem(
        await postImage(bakePng(tinyPng(), vc), type),
        415,
        'unsupported_media_type',
      );
      expect(body.detail).toContain('application/json');
      expect(body.detail).toContain('image/png');
      expect(body.detail).toContain('image/svg+xml');
    }
  });

  it('an image over the body limit is 413, declared or streamed', async () => {
    const padded = bakeSvg(`<svg>${' '.repeat(t.deps.config.maxBodyBytes)}</svg>`, vc);
    const declared = await postImage(padded, 'image/svg+xml', {
      'content-length': String(Buffer.byteLength(padded)),
    });
    await expectProblem(declared, 413, 'payload_too_large');
    const bytes = new TextEncoder().encode(padded);
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < bytes.length; i += 65_536) controller.enqueue(bytes.subarray(i, i + 65_536));
        controller.close();
      },
    });
    const streamed = await t.app.request('/credentials/verify', {
      method: 'POST',
      headers: { 'content-type': 'image/svg+xml' },
      body: stream,
      duplex: 'half',
    } as RequestInit);
    await expectProblem(streamed, 413, 'payload_too_large');
  });

  it('the JSON path is unchanged: a JSON body still verifies, text/plain is still 415', async () => {
    expect((await verifyVia(t, vc)).status).toBe(200);
    const body = await expectProblem(
      await postImage(JSON.stringify({ verifiableCredential: vc }), 'text/plain'),
      415,
      'unsupported_media_type',
    );
    expect(body.detail).toContain('"Content-Type: application/json"');
  });
});
