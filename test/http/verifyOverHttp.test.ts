/**
 * POST /credentials/verify over real HTTP (@hono/node-server on loopback), where the body
 * limit takes the declared Content-Length without reading the body and counts a chunked one
 * as it streams (src/http/bodyLimit.ts), and the request id and security headers are set on
 * the answer itself (requestHandling.ts). A status change shows in the very next verification,
 * verified on a thread that already holds the list.
 */
import { connect } from 'node:net';
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLiveServer, type LiveServer } from '../fixtures/liveServer.js';
import { issueVia, setStatusVia, type Json } from '../fixtures/http.js';
import { openBadgeRequest } from '../fixtures/credentials.js';

let server: LiveServer;
const MAX_BODY_BYTES = 64 * 1024;

beforeAll(async () => {
  server = await startLiveServer({ env: { MAX_BODY_BYTES: String(MAX_BODY_BYTES) } });
});
afterAll(async () => {
  await server?.close();
});

/** Sends raw bytes on a fresh connection; resolves with what came back until the server closed or `ms` passed. */
function rawExchange(bytes: string, ms = 5_000): Promise<string> {
  const { port } = new URL(server.baseUrl);
  return new Promise((resolve, reject) => {
    let answer = '';
    const socket = connect(Number(port), '127.0.0.1', () => socket.write(bytes));
    const timer = setTimeout(() => socket.destroy(), ms);
    socket.on('data', (chunk) => {
      answer += chunk.toString('latin1');
      // One whole answer is enough: its headers and a body as long as it says.
      const [head, body = ''] = answer.split('\r\n\r\n');
      const length = /content-length: (\d+)/i.exec(head ?? '')?.[1];
      if (length !== undefined && Buffer.byteLength(body) >= Number(length)) socket.end();
    });
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(answer);
    });
    socket.on('error', reject);
  });
}

/** POSTs `chunks` with Transfer-Encoding: chunked (no Content-Length). */
function chunkedPost(path: string, chunks: string[]): Promise<{ status: number; body: Json }> {
  return new Promise((resolve, reject) => {
    const req = request(
      `${server.baseUrl}${path}`,
      { method: 'POST', headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' } },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) as Json }));
      },
    );
    req.on('error', reject);
    for (const chunk of chunks) req.write(chunk);
    req.end();
  });
}

describe('POST /credentials/verify over HTTP', () => {
  it('answers 413 to a declared length past the limit at once, without waiting for the body', async () => {
    const started = performance.now();
    const answer = await rawExchange(
      [
        'POST /credentials/verify HTTP/1.1',
        'Host: 127.0.0.1',
        'Content-Type: application/json',
        `Content-Length: ${MAX_BODY_BYTES + 1}`,
        '',
        '{"verifiableCredential":',
      ].join('\r\n'),
    );
    // The body never came; the answer did, long before any read of it could have finished.
    expect(performance.now() - started).toBeLessThan(4_000);
    expect(answer).toMatch(/^HTTP\/1\.1 413 /);
    expect(answer).toMatch(/content-type: application\/problem\+json/i);
    expect(answer).toMatch(/"code":"payload_too_large"/);
  });

  it('counts a chunked body as it streams: 413 past the limit, verified within it', async () => {
    const pad = 'x'.repeat(16 * 1024);
    const tooLarge = await chunkedPost('/credentials/verify', [
      '{"verifiableCredential":{"pad":["',
      ...Array.from({ length: 5 }, () => pad),
      '"]}}',
    ]);
    expect(tooLarge.status).toBe(413);
    expect(tooLarge.body.code).toBe('payload_too_large');

    const { vc } = await issueVia(server.testApp, openBadgeRequest());
    const text = JSON.stringify({ verifiableCredential: vc });
    const third = Math.ceil(text.length / 3);
    const verified = await chunkedPost('/credentials/verify', [
      text.slice(0, third),
      text.slice(third, 2 * third),
      text.slice(2 * third),
    ]);
    expect(verified.status, JSON.stringify(verified.body)).toBe(200);
    expect(verified.body).toMatchObject({ verified: true, issuer: { standing: 'own' } });
  });

  it('answers with the request id and the security headers, on a verdict and on a refusal', async () => {
    const { vc } = await issueVia(server.testApp, openBadgeRequest());
    for (const [body, status] of [
      [{ verifiableCredential: vc }, 200],
      [{ verifiableCredential: { ...vc, name: 'Altered' } }, 400],
    ] as const) {
      const res = await fetch(`${server.baseUrl}/credentials/verify`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-request-id': `trace-${status}` },
        body: JSON.stringify(body),
      });
      expect(res.status).toBe(status);
      expect(res.headers.get('x-request-id')).toBe(`trace-${status}`);
      expect(res.headers.get('content-security-policy')).toMatch(/frame-ancestors 'none'/);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      const answer = (await res.json()) as Json;
      if (status === 400) {
        expect(res.headers.get('content-type')).toBe('application/problem+json');
        expect(answer).toMatchObject({ code: 'invalid_signature', requestId: 'trace-400' });
      }
    }
  });

  it('reports a credential revoked in the very next verification, on threads that hold its list', async () => {
    const { vc } = await issueVia(server.testApp, openBadgeRequest());
    const verify = async () => {
      const res = await fetch(`${server.baseUrl}/credentials/verify`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ verifiableCredential: vc }),
      });
      return { status: res.status, body: (await res.json()) as Json };
    };
    // Enough verifications that every thread of the pool has fetched and holds the list.
    const before = await Promise.all(Array.from({ length: 6 }, verify));
    expect(before.map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 200]);
    expect((await setStatusVia(server.testApp, vc.id, 'revoke')).status).toBe(200);
    const after = await Promise.all(Array.from({ length: 4 }, verify));
    for (const { status, body } of after) {
      expect(status).toBe(400);
      expect(body).toMatchObject({ code: 'revoked', verified: false });
    }
  });
});
