/**
 * The body cases, run on every POST route with a key that may call it: malformed JSON is
 * 400, a non-JSON content type 415, a body over MAX_BODY_BYTES 413 whether or not it
 * declares its length, and a JSON body of the wrong shape 400 naming the field.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../fixtures/testDeps.js';
import { POST_ROUTES, expectProblem, jsonPost } from '../fixtures/http.js';

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

/** A JSON body of about 1.1 MiB (the default limit is 1 MiB). */
function oversizedBody(): Uint8Array {
  const pad = 'x'.repeat(Math.ceil(1.1 * 1024 * 1024));
  return new TextEncoder().encode(
    JSON.stringify({ credential: { pad }, verifiableCredential: pad, verifiablePresentation: pad }),
  );
}

/** A body delivered in 64 KiB chunks with no Content-Length (as with chunked encoding). */
function streamOf(bytes: Uint8Array): ReadableStream<Uint8Array> {
  return new ReadableStream({
    start(controller) {
      for (let i = 0; i < bytes.length; i += 65_536) controller.enqueue(bytes.slice(i, i + 65_536));
      controller.close();
    },
  });
}

describe.each(POST_ROUTES)('POST %s', (path) => {
  const request = (init: RequestInit) => t.app.request(path, init);

  it.each(['{"credential":', '{bad json}', "{'single': 'quotes'}", '', 'undefined'])(
    'answers 400 malformed_json for %j',
    async (text) => {
      const body = await expectProblem(await request(jsonPost(text, t.adminKey)), 400, 'malformed_json');
      expect(body.detail).toMatch(/not valid JSON/);
    },
  );

  it.each([
    'text/plain',
    'application/x-www-form-urlencoded',
    'multipart/form-data; boundary=x',
    'application/jsonp',
  ])('answers 415 for content type %s', async (type) => {
    const init = jsonPost({}, t.adminKey, { 'content-type': type });
    const body = await expectProblem(await request(init), 415, 'unsupported_media_type');
    expect(body.detail).toContain('application/json');
  });

  it('answers 415 when no content type is sent', async () => {
    const res = await request({
      method: 'POST',
      headers: { authorization: `Bearer ${t.adminKey}` },
      body: '{}',
    });
    await expectProblem(res, 415, 'unsupported_media_type');
  });

  it('accepts a +json media type with parameters', async () => {
    const res = await request(
      jsonPost({}, t.adminKey, { 'content-type': 'application/ld+json; charset=utf-8' }),
    );
    // The body is of the wrong shape, so it got past the media type check.
    await expectProblem(res, 400, 'invalid_request');
  });

  it('answers 413 payload_too_large for a body over the limit that declares its Content-Length', async () => {
    const text = new TextDecoder().decode(oversizedBody());
    const init = jsonPost(text, t.adminKey, { 'content-length': String(Buffer.byteLength(text)) });
    const body = await expectProblem(await request(init), 413, 'payload_too_large');
    expect(body.detail).toContain(String(t.deps.config.maxBodyBytes));
  });

  it('answers 413 payload_too_large for a streamed body over the limit (no Content-Length)', async () => {
    const init = {
      ...jsonPost('', t.adminKey),
      body: streamOf(oversizedBody()),
      duplex: 'half',
    } as RequestInit;
    const res = await request(init);
    expect(new Headers(init.headers).has('content-length')).toBe(false);
    await expectProblem(res, 413, 'payload_too_large');
  });

  it('reads a streamed body under the limit normally', async () => {
    const small = new TextEncoder().encode('{"nothing": "useful"}');
    const res = await request({
      ...jsonPost('', t.adminKey),
      body: streamOf(small),
      duplex: 'half',
    } as RequestInit);
    await expectProblem(res, 400, 'invalid_request');
  });

  it('answers 400 invalid_request for a JSON array or scalar body', async () => {
    for (const value of [[], 42, 'text', null]) {
      await expectProblem(await request(jsonPost(JSON.stringify(value), t.adminKey)), 400, 'invalid_request');
    }
  });
});

describe('a JSON body of the wrong shape names the field', () => {
  const cases: Array<[string, unknown, string]> = [
    ['/credentials/issue', { credential: 'not an object' }, 'credential'],
    ['/credentials/issue', {}, 'credential'],
    [
      '/credentials/issue',
      { credential: {}, options: { idempotencyKey: 'short' } },
      'options.idempotencyKey',
    ],
    [
      '/credentials/issue',
      { credential: {}, options: { proofType: 'BbsBlsSignature2020' } },
      'options.proofType',
    ],
    ['/credentials/verify', {}, 'verifiableCredential'],
    ['/credentials/verify', { verifiableCredential: {}, options: { challenge: 7 } }, 'options.challenge'],
    ['/presentations/verify', {}, 'verifiablePresentation'],
    ['/presentations/verify', { verifiablePresentation: {}, options: { domain: ['a'] } }, 'options.domain'],
  ];

  it.each(cases)('POST %s %j -> 400 naming %s', async (path, value, field) => {
    const body = await expectProblem(
      await t.app.request(path, jsonPost(value, t.adminKey)),
      400,
      'invalid_request',
    );
    expect(body.detail).toContain(`${field}:`);
    expect(body.issues).toEqual(expect.arrayContaining([expect.stringContaining(`${field}:`)]));
  });

  it('POST /credentials/status answers 400 invalid_request for a body of the wrong shape', async () => {
    for (const value of [
      {},
      { credentialId: 5, action: 'revoke' },
      { credentialId: 'urn:uuid:x', action: 'explode' },
    ]) {
      await expectProblem(
        await t.app.request('/credentials/status', jsonPost(value, t.adminKey)),
        400,
        'invalid_request',
      );
    }
  });

  // The status body is a union of two shapes: the error must still name the field.
  it.each([
    [{ action: 'revoke' }, 'credentialId'],
    [{ credentialId: 'urn:uuid:x', action: 'explode' }, 'action'],
  ])('POST /credentials/status %j names %s', async (value, field) => {
    const body = await expectProblem(
      await t.app.request('/credentials/status', jsonPost(value, t.adminKey)),
      400,
      'invalid_request',
    );
    expect(body.detail).toContain(field);
  });
});
